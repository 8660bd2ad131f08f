import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { chromiumPdfRenderer } from '../../electron/host/chromium-pdf';
import { sheetHtml } from '../../shared/print/html';
import { paperText } from '../../shared/print/sheet';
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

it('names and codes stay whole on their line when the month has long ones and the page is full: company names, asset tags, borrowers', async () => {
  const render = chromiumPdfRenderer();
  expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
  const { d, clerk, sm, hq, yamada, sasaki } = await serverRoomFixture();
  const card = await clerk.ok('guestCards.add', { number: 'G-HQ-01', siteId: hq.id });
  const companies = ['株式会社ネクストシステムズ', '東日本データサービス株式会社', 'ミドリ電設株式会社'];
  for (const [i, company] of companies.entries()) {
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company, purpose: 'バックアップ運用の打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst(`2026-11-1${7 + i}`, '09:40') });
    await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst(`2026-11-1${7 + i}`, '10:40'), cardReturned: true });
  }
  const kubo = await sm.ok('people.add', { name: '久保 久美子', kana: 'クボ クミコ', employeeNo: 'E5001', department: '営業部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
  const usb = await clerk.ok('assets.add', { assetTag: 'USB-HQ-02', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: true, notes: null });
  const out = await clerk.ok('checkouts.add', { assetId: usb.id, borrowerId: kubo.id, purpose: 'データの受け渡し', destination: '税理士法人みらい', checkedOutAt: jst('2026-11-20', '09:30'), dueAt: jst('2026-11-21', '18:00'), notes: null });
  await clerk.ok('checkouts.return', { id: out.id, returnedAt: jst('2026-11-21', '17:30'), receivedBy: sasaki.id, condition: 'good', dataHandling: '不要データ消去済', notes: null });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-columns-'));
  const textOf = async (ledger: string) => {
    const sheet = await sm.ok('print.sheet', { ledger, siteId: hq.id, month: '2026-11', format: 'print' });
    const file = path.join(dir, `${ledger}.pdf`);
    fs.writeFileSync(file, await render!(sheetHtml(sheet), new AbortController().signal));
    // The table's lines only (the review's items under it name records in full, on lines of their own).
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    return text.slice(0, text.includes('記録の行に載らない') ? text.indexOf('記録の行に載らない') : undefined).split('\n');
  };
  const visitors = await textOf('visitors');
  for (const word of [...companies, 'G-HQ-01', '執務室等']) expect(visitors.some((l) => l.includes(word)), `${word} on one line`).toBe(true);
  const checkouts = await textOf('checkouts');
  for (const word of ['USB-HQ-02', '久保 久美子']) expect(checkouts.some((l) => l.includes(word)), `${word} on one line`).toBe(true);
  // A time column's times all on one line, or all as date over time — never some of each (a user probe: 「11/10 ／ 11:16」
  // under 「11/4 11:34」): 11/21（土） 18:00 is the widest here.
  const sheet = await sm.ok('print.sheet', { ledger: 'checkouts', siteId: hq.id, month: '2026-11', format: 'print' });
  const html = sheetHtml(sheet);
  const times = sheet.columns.map((c, i) => ({ c, i })).filter(({ c }) => ['持出日時', '返却予定', '返却日時'].includes(c.label));
  expect(times).toHaveLength(3);
  // (Fourteen columns on A4: here they are stacked.)
  expect(times.some(({ c }) => c.stacked)).toBe(true);
  for (const { c, i } of times)
    for (const r of sheet.rows) {
      const [date, time] = paperText(r.cells[i]).split(/ (?=\d{1,2}:\d{2}$)/u);
      expect(html.includes(`${date}</span><br>${time}`), `${c.label}: ${date} ${time}`).toBe(!!c.stacked);
    }
  d.close();
}, 60_000);

it('in English too: every heading word of the checkouts whole, an asset tag whole and apart from its borrower (a probe: Conditio｜n, USB-HQ-02吉川 直人)', async () => {
  const render = chromiumPdfRenderer();
  expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
  const { d, clerk, sm, hq, sasaki } = await serverRoomFixture();
  const kubo = await sm.ok('people.add', { name: '久保 久美子', kana: 'クボ クミコ', employeeNo: 'E5001', department: '営業部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
  for (const [i, tag] of ['USB-HQ-02', 'HDD-HQ-01'].entries()) {
    const asset = await clerk.ok('assets.add', { assetTag: tag, kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: true, notes: null });
    const out = await clerk.ok('checkouts.add', { assetId: asset.id, borrowerId: kubo.id, purpose: 'データの受け渡し', destination: '税理士法人みらい', checkedOutAt: jst(`2026-11-2${i}`, '09:30'), dueAt: jst(`2026-11-2${i}`, '18:00'), notes: null });
    await clerk.ok('checkouts.return', { id: out.id, returnedAt: jst(`2026-11-2${i}`, '17:30'), receivedBy: sasaki.id, condition: 'good', dataHandling: '不要データ消去済', notes: null });
  }
  const sheet = await sm.ok('print.sheet', { ledger: 'checkouts', siteId: hq.id, month: '2026-11', format: 'print', lang: 'en' });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-columns-')), 'checkouts-en.pdf');
  fs.writeFileSync(file, await render!(sheetHtml(sheet), new AbortController().signal));
  // Each word of the page as pdftotext finds it (-bbox): a heading's word is one word, not two pieces.
  const words = [...execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((m) => m[1]);
  const headingWords = [...new Set(sheet.columns.flatMap((c) => c.label.split(/[\s/／]+/)).filter((w) => /^[A-Za-z]{4,}$/.test(w)))];
  expect(headingWords.length).toBeGreaterThan(5);
  for (const w of headingWords) expect(words, `${w} whole`).toContain(w);
  for (const tag of ['USB-HQ-02', 'HDD-HQ-01']) expect(words, `${tag} whole and apart`).toContain(tag);
  // The English paper's own words in its own punctuation (a probe: ［Changed after seal］).
  expect(sheet.monthItems?.join('\n')).toMatch(/^\[[A-Z][a-z ]+\] /m);
  expect(sheet.monthItems?.join('\n')).not.toMatch(/[［］]/);
  d.close();
}, 60_000);
