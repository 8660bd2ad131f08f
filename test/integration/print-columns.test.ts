import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { chromiumPdfRenderer } from '../../electron/host/chromium-pdf';
import { sheetHtml } from '../../shared/print/html';
import { jst, serverRoomFixture } from './server-room-fixture';

// A kit ledger's columns on paper are never narrower than their heading or a choice's longest word
// (print/sheets.ts widthOfWord): a walk-through found the visitor slips' headings and values broken in
// the middle of a word (ゲストカー｜ド, カード返｜却, 来客室の｜み), while 無効にした理由 stood wide and empty.

it('the visitor slips’ headings and the area’s words each stay on one line of the PDF', async () => {
  const render = chromiumPdfRenderer();
  expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
  const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
  await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:40') });
  const sheet = await sm.ok('print.sheet', { ledger: 'visitors', siteId: hq.id, month: '2026-11', format: 'print' });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-columns-')), 'sheet.pdf');
  fs.writeFileSync(file, await render!(sheetHtml(sheet), new AbortController().signal));
  const lines = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\n');
  for (const word of ['ゲストカード', 'カード返却', '立入区域', '面会者（社員）', '来客室のみ']) expect(lines.some((l) => l.includes(word)), `${word} on one line`).toBe(true);
  d.close();
}, 60_000);
