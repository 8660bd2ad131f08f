import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDaicho, StoreError, type ExportJobArgs } from '../../core';
import type { ExportFile } from '../../../shared/api/print-contract';
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
  if (!args.month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(args.month)) throw new CliError('--month YYYY-MM is needed, e.g. 2026-10. / 対象月（--month YYYY-MM）を指定してください。');
  const format = args.format ?? (args.bundle ? 'pdf' : undefined);
  if (format !== 'pdf' && format !== 'csv') throw new CliError('--format must be pdf or csv. / 形式（--format）は pdf か csv です。');
  if (args.bundle && format !== 'pdf') throw new CliError('--bundle makes one PDF of every ledger: use --format pdf. / --bundle は PDF のみです。');
  const ledgers = args.bundle ? Object.values(EXPORT_LEDGERS) : [EXPORT_LEDGERS[args.ledger ?? '']];
  if (!args.bundle && !ledgers[0])
    throw new CliError(`--ledger must be one of ${Object.keys(EXPORT_LEDGERS).join(', ')}${args.ledger ? `, not "${args.ledger}"` : ''}. / 台帳名が正しくありません。`);
  if (!hasData(args.dataDir)) throw new CliError(new StoreError('not_found', args.dataDir).message);

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
    fs.writeFileSync(out, Buffer.from(file.base64, 'base64'));
    console.log(`${out}: ${file.filename}, ${end.info.result?.records ?? 0} record(s) / 出力しました`);
    return EXIT.ok;
  } finally {
    daicho.close();
  }
}
