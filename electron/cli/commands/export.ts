import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDaicho, StoreError } from '../../core';
import { sheetCsv } from '../../../shared/print/csv';
import { bundleHtml, sheetHtml } from '../../../shared/print/html';
import type { PrintSheet } from '../../../shared/print/sheet';
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

/** Where Chromium is: $DAICHO_CHROMIUM, else the usual places. */
function chromiumPath(): string {
  const candidates = [process.env.DAICHO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new CliError('No Chromium to render the PDF: install chromium, or set DAICHO_CHROMIUM to its path. / PDFの作成に Chromium が必要です。');
  return found;
}

/** The print layout rendered to an A4-landscape PDF by Chromium headless. */
export async function renderPdf(html: string, out: string): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({ path: out, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
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

  const keyStore = await keyStoreToOpen(args);
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore });
  try {
    const site = daicho.store.stmt('SELECT id, name FROM sites WHERE code = ?').get(args.site) as { id: string; name: string } | undefined;
    if (!site) throw new CliError(`No site with the code "${args.site}". / 拠点コードが見つかりません。`);
    const who = `${os.userInfo().username}（コマンドライン）`;
    const sheets: PrintSheet[] = ledgers.map((l) => daicho.sheet(l, site.id, args.month!, { lang: 'ja', calendar: args.seireki ? 'seireki' : 'wareki', printedBy: who }));
    const out = path.resolve(args.out);
    if (format === 'csv') fs.writeFileSync(out, sheetCsv(sheets[0]), 'utf8');
    else await renderPdf(args.bundle ? bundleHtml(sheets) : sheetHtml(sheets[0]), out);
    // SPEC §6: every export journaled — the command line's user, what, when.
    daicho.store.write({ actor: `cli:${os.userInfo().username}`, station: 'cli' }, (tx) => {
      for (const s of sheets) tx.event(`print.${format}`, 'print', null, { ledger: s.ledger, siteId: site.id, month: s.month, records: s.rows.length, bundle: args.bundle, by: 'cli' });
    });
    const records = sheets.reduce((n, s) => n + s.rows.length, 0);
    console.log(`${out}: ${sheets.map((s) => s.title).join('、')} ${site.name} ${sheets[0].period}, ${records} record(s) / 出力しました`);
    return EXIT.ok;
  } finally {
    daicho.close();
  }
}
