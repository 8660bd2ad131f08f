import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isInside, openDaicho, realPathOf, StoreError, type ExportJobArgs } from '../../core';
import type { ExportFile } from '../../../shared/api/print-contract';
import { month as monthSchema } from '../../../shared/api/schemas';
import { EARLIEST_DAY, LATEST_DAY } from '../../../shared/dates';
import { chromiumPdfRenderer } from '../../host/chromium-pdf';
import { runJob } from '../run-job';
import { CliError, EXIT } from '../errors';
import { hasData, keyStoreToOpen, type UnlockArgs } from '../unlock';

// `daicho export` (SPEC §6, issue 12): one ledger × site × month as a PDF (the print layout, rendered
// by Chromium headless) or a CSV; `--bundle`: every ledger of the site and month in one PDF, after a
// cover listing the seals. Every export is journaled as the command line's (who ran it, what, when).

/** The ledger names of the command line, and the ledgers they are. */
export const EXPORT_LEDGERS: Record<string, string> = {
  'server-room': 'serverRoom',
  cabinet: 'cabinetLog',
  checkout: 'checkouts',
  'last-exit': 'lastExit',
  visitors: 'visitors',
  'access-log-check': 'accessLog',
};

export interface ExportArgs extends UnlockArgs {
  ledger?: string;
  site?: string;
  month?: string;
  format?: string;
  out?: string;
  bundle: boolean;
  seireki: boolean;
}

export async function exportCommand(args: ExportArgs): Promise<number> {
  if (!args.out) throw new CliError('--out FILE is needed. / 出力先（--out）を指定してください。');
  if (!args.site) throw new CliError('--site CODE is needed (a site code, e.g. HQ). / 拠点コード（--site）を指定してください。');
  if (!args.month) throw new CliError('--month YYYY-MM is needed, e.g. 2026-10. / 対象月（--month YYYY-MM）を指定してください。');
  // The months the app's print takes (shared/api/schemas.ts month): a probe exported 1999-01 as done, and 2026-13 was "needed".
  const month = monthSchema.safeParse(args.month);
  if (!month.success) throw new CliError(`--month ${args.month} is not a month from ${EARLIEST_DAY.slice(0, 7)} to ${LATEST_DAY.slice(0, 7)} (YYYY-MM, e.g. 2026-10). / 対象月が正しくありません。`);
  const format = args.format ?? (args.bundle ? 'pdf' : undefined);
  if (format !== 'pdf' && format !== 'csv') throw new CliError('--format must be pdf or csv. / 形式（--format）は pdf か csv です。');
  if (args.bundle && format !== 'pdf') throw new CliError('--bundle makes one PDF of every ledger: use --format pdf. / --bundle は PDF のみです。');
  const ledgers = args.bundle ? Object.values(EXPORT_LEDGERS) : [EXPORT_LEDGERS[args.ledger ?? '']];
  if (!args.bundle && !ledgers[0])
    throw new CliError(`--ledger must be one of ${Object.keys(EXPORT_LEDGERS).join(', ')}${args.ledger ? `, not "${args.ledger}"` : ''}. / 台帳名が正しくありません。`);
  if (!hasData(args.dataDir)) throw new CliError(new StoreError('not_found', args.dataDir).message);
  checkOut(args, format);

  const render = format === 'pdf' ? chromiumPdfRenderer() : null;
  if (format === 'pdf' && !render) throw new CliError('No Chromium to render the PDF: install chromium, or set DAICHO_CHROMIUM to its path. / PDFの作成に Chromium が必要です。');
  const keyStore = await keyStoreToOpen(args);
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore, renderPdf: render ?? undefined });
  try {
    const site = daicho.store.stmt('SELECT id, name FROM sites WHERE code = ?').get(args.site) as { id: string; name: string } | undefined;
    if (!site) throw new CliError(`No site with the code "${args.site}". / 拠点コードが見つかりません。`);
    const opts = { lang: 'ja' as const, calendar: args.seireki ? ('seireki' as const) : ('wareki' as const), printedBy: `${os.userInfo().username}（コマンドライン）` };
    const sheets = ledgers.map((l) => () => daicho.sheet(l, site.id, args.month!, opts));
    // In the job runner like the app's exports: progress on a terminal, Ctrl+C cancels, each sheet journaled as the command line's.
    const end = await runJob(daicho, 'export', { sheets, format, bundle: args.bundle, siteId: site.id, month: args.month } satisfies ExportJobArgs, `export ${site.name} ${args.month}`);
    if (end.info.state !== 'succeeded') throw end.failure ?? new CliError('The export failed. / 出力に失敗しました。');
    const file = end.detail as ExportFile;
    const out = path.resolve(args.out);
    // Whole or not at all: written aside, then put in place.
    const aside = `${out}.tmp-${process.pid}`;
    fs.writeFileSync(aside, Buffer.from(file.base64, 'base64'));
    fs.renameSync(aside, out);
    console.log(`${out}: ${file.filename}, ${end.info.result?.records ?? 0} record(s) / 出力しました`);
    return EXIT.ok;
  } finally {
    daicho.close();
  }
}

/**
 * Where an export may go, checked before anything is opened (an insider probe: --out named the
 * database, the recovery file or the raw key file, and each was replaced by the CSV, reported as done):
 * not into the data folder, not over a key or recovery-code file given, not over a folder, and not over
 * an existing file other than an earlier export of this format (a .pdf or .csv).
 */
function checkOut(args: ExportArgs, format: 'pdf' | 'csv'): void {
  const out = path.resolve(args.out!);
  if (isInside(args.dataDir, out))
    throw new CliError(`--out must be outside the data folder ${args.dataDir}. / 出力先はデータフォルダの外にしてください。`);
  for (const keyFile of [args.rawKeyFile, args.recoveryCodeFile])
    if (keyFile && keyFile !== '-' && realPathOf(keyFile) === realPathOf(out))
      throw new CliError(`--out names the key file ${keyFile}. / 出力先に鍵ファイルが指定されています。`);
  // Its folder is there before anything is opened (a probe: the export ran and was journaled, then failed on the file).
  const folder = path.dirname(out);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new CliError(`The folder of --out, ${folder}, does not exist. / 出力先のフォルダがありません。`);
  if (!fs.existsSync(out)) return;
  if (fs.statSync(out).isDirectory()) throw new CliError(`--out is a folder: name a file in it, e.g. ${path.join(args.out!, `export.${format}`)}. / 出力先にはファイル名を指定してください。`);
  if (path.extname(out).toLowerCase() !== `.${format}`)
    throw new CliError(`${out} exists and is not a .${format} file: choose another name. / 出力先に別の種類のファイルがあります。別の名前を指定してください。`);
}

