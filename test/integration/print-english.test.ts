import { expect, it } from 'vitest';
import { sheetHtml } from '../../shared/print/html';
import { october } from './review-fixture';

// A walk-through (an English-speaking auditor): with the screens in English, the printed ledger was
// Japanese throughout — its title, headings, anomalies, dispositions, seals and footer. The paper is in
// the language asked for (the print page asks it, the screen's by default); only the company's own
// words stay as they are: names, its sites, its stamp boxes, purposes it named itself.

it('an English sheet says everything of its own in English: only the company’s data is in Japanese', async () => {
  const { d, sm, hq } = await october();
  const sheet = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10', format: 'preview', lang: 'en', calendar: 'seireki' });
  expect(sheet).toMatchObject({ lang: 'en', title: 'Server-room entry book', period: 'October 2026' });
  expect(sheet.columns.map((c) => c.label)).toEqual(['Entered', 'Left', 'Person', 'Purpose', 'Companions', 'Items brought in／Items taken out', 'Notes', 'Reason voided']);
  // A default purpose in the paper's language.
  expect(sheet.rows.map((r) => r.cells[3])).toEqual(expect.arrayContaining(['Maintenance']));
  const html = sheetHtml(sheet);
  expect(html).toContain('<html lang="en">');
  // The product's own stamp boxes in English too (the company has not named its own).
  expect(sheet.stamps.map((s) => s.label)).toEqual(['Clerk', 'Checked', 'Manager']);
  const data = new Set([sheet.company, sheet.site, ...sheet.rows.map((r) => r.cells[2])]);
  const japanese = html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<title>[\s\S]*?<\/title>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(l) && !data.has(l));
  expect(japanese).toEqual([]);
  // The same sheet in Japanese, as before (the default).
  const ja = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10', format: 'preview' });
  expect(ja).toMatchObject({ lang: 'ja', title: 'サーバルーム入退記録簿', period: '令和8年10月' });
  expect(ja.rows.map((r) => r.cells[3])).toEqual(expect.arrayContaining(['保守点検']));
  d.close();
});
