import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPdfRenderer, findChromium } from '../../electron/host/chromium-pdf';
import { sheetHtml } from '../../shared/print/html';
import { jst, serverRoomFixture } from './server-room-fixture';

// What a walk-through of the printed book found, each on the real sheet of a real month: a day off's
// date broken in its bracket (「11/3（火・」 over 「祝）」), a voided row's reason struck through with the
// row it explains, empty 備考 and 無効にした理由 columns as wide as full ones, 「同行: 」 with an ASCII colon.

it('the server-room book on paper: a holiday’s date whole on its line, a void reason not struck, empty columns narrow, Japanese colons', async () => {
  const render = chromiumPdfRenderer();
  const executablePath = findChromium();
  expect(render && executablePath, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').toBeTruthy();
  const { d, clerk, sm, hq, yamada, sasaki } = await serverRoomFixture();
  // 11/3 is 文化の日 (a Tuesday): its time is marked 11/3（火・祝）.
  await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-03', '10:00'), exitedAt: jst('2026-11-03', '10:30'), purpose: 'maintenance' });
  const twice = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-05', '10:00'), exitedAt: jst('2026-11-05', '10:30'), purpose: 'maintenance' });
  await clerk.ok('serverRoom.void', { id: twice.id, reason: '二重登録のため' });
  await clerk.ok('serverRoom.record', {
    siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-06', '10:00'), exitedAt: jst('2026-11-06', '10:30'), purpose: 'maintenance',
    companions: { employees: [], visitors: [{ name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: sasaki.id }] },
  });
  const sheet = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11', format: 'print' });
  const width = (label: string) => sheet.columns.find((c) => c.label === label)!.width;
  // 備考 is empty all month: as wide as its heading, narrower than the purposes beside it; 無効にした理由 holds one reason.
  expect(width('備考')).toBeLessThan(width('目的'));
  expect(width('備考')).toBeLessThanOrEqual(1.2);
  expect(width('無効にした理由')).toBeGreaterThan(width('備考'));
  const html = sheetHtml(sheet);
  // (The name whole on its line: in a span of its own, the text as written.)
  expect(html.replace(/<[^>]+>/g, '')).toContain('同行：佐々木 次郎');
  expect(html).not.toMatch(/同行: /);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-paper-'));
  const file = path.join(dir, 'book.pdf');
  fs.writeFileSync(file, await render!(html, new AbortController().signal));
  const lines = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\n');
  expect(lines.some((l) => l.includes('11/3（火・祝）')), `11/3（火・祝） on one line:\n${lines.join('\n')}`).toBe(true);

  // Struck through or not, as the page lays it out: the row's cells are, its reason is not.
  const browser = await chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html);
    const voidRow = page.locator('tr.void');
    await expect.poll(() => voidRow.count()).toBe(1);
    const struck = (text: string) => voidRow.locator('td', { hasText: text }).evaluate((td) => getComputedStyle(td).textDecorationLine);
    expect(await struck('山田 太郎')).toBe('line-through');
    expect(await struck('二重登録のため')).toBe('none');
  } finally {
    await browser.close();
  }
  d.close();
}, 60_000);
