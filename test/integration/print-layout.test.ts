import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPdfRenderer } from '../../electron/host/chromium-pdf';
import { bundleHtml, sheetHtml } from '../../shared/print/html';
import type { PrintSheet } from '../../shared/print/sheet';

// SPEC §6 (issue 12): the paper form's page rules, checked on the PDF Chromium makes of it — long
// text wraps inside its cell, a row never splits across pages, and the column header repeats on
// every page, under a running head of the ledger's title, site and period (a loose page says what it
// is). Rows of different heights (1 to 9 lines) fall on page ends at many different points.

const WORDS = { keys: '署名鍵', reopened: '再開された封印', movedOut: '移された記録', state: '状態・異常', unsigned: '未確認', broken: '署名不一致', void: '無効', amended: '訂正あり', sealedChange: '封印後修正', digest: '封印の照合番号', printedBy: '印刷', page: 'ページ', none: 'この月の記録はありません。' };

function sheetOf(rows: number, { title = 'サーバルーム入退記録簿', marker = 'R', company = '株式会社テスト商事' } = {}): PrintSheet {
  const R = marker;
  return {
    ledger: 'serverRoom', lang: 'ja', title, company, site: '本社', period: '令和8年10月', month: '2026-10',
    columns: [{ label: '入室日時', width: 1.5 }, { label: '入室者', width: 1.8 }, { label: '備考', width: 4 }, { label: '無効理由', width: 1.8 }],
    rows: Array.from({ length: rows }, (_, i) => ({
      // The row's start and end markers sit at the two ends of its tallest cell.
      cells: [`10/${(i % 28) + 1} 09:00`, `社員${i}`, [`${R}${i}S`, ...Array.from({ length: i % 9 }, () => '配線の変更と機器の入れ替えに伴う確認作業（ラックA〜C）'), `${R}${i}E`].join('\n'), ''],
      void: i % 7 === 0, amended: i % 5 === 0, sealedChange: false,
    })),
    stamps: [{ label: '担当', seal: null }, { label: '確認', seal: null }, { label: '責任者', seal: null }],
    keys: [], reopened: [], movedOut: [], digest: null, printedBy: '鈴木 花子', printedAt: '令和8年11月5日 10:00', words: WORDS,
  };
}

const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
/** A page's text as pdftotext reads it (no layout), without white space: what a loose page says. */
const plainPage = (file: string, n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }).replace(/\s/g, '');

describe('the print layout on paper (issue 12)', () => {
  it('a row never splits across pages; the header repeats on every page under the running head (title, site, period); page n / N on each', async () => {
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const rows = 120;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-layout-')), 'sheet.pdf');
    fs.writeFileSync(file, await render!(sheetHtml(sheetOf(rows)), new AbortController().signal));
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(5);
    const pageText = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-'], { encoding: 'utf8' });
    const where = new Map<string, number>();
    for (let p = 1; p <= pages; p++) {
      const t = pageText(p);
      expect(t, `page ${p} has the header`).toMatch(/入室日時\s+入室者\s+備考\s+無効理由\s+状態・異常/);
      // The running head: the ledger's title, its site and period (和暦) at the top of every page, above the rows.
      const plain = plainPage(file, p);
      for (const what of ['サーバルーム入退記録簿', '本社', '令和8年10月', '株式会社テスト商事']) expect(plain, `page ${p} says ${what}`).toContain(what);
      expect(t.indexOf('令和8年10月'), `page ${p}: the running head is above the rows`).toBeLessThan(t.search(/入室日時\s+入室者/));
      expect(t, `page ${p} is numbered`).toMatch(new RegExp(`\\b${p}\\s*/\\s*${pages}\\b`));
      for (const m of t.matchAll(/R(\d+)([SE])/g)) where.set(`${m[1]}${m[2]}`, p);
    }
    for (let i = 0; i < rows; i++) {
      expect(where.get(`${i}S`), `row ${i} is on paper`).toBeDefined();
      expect(where.get(`${i}E`), `row ${i} ends on the page it starts on`).toBe(where.get(`${i}S`));
    }
    // Rows did fall at page ends: the pages begin with different rows.
    expect(new Set([...where.entries()].filter(([k]) => k.endsWith('S')).map(([, p]) => p)).size).toBe(pages);
  }, 60_000);

  it("a month bundle: each ledger's pages carry its own title, site and period; the cover names each company its sheets are headed by", async () => {
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-layout-')), 'bundle.pdf');
    // The second ledger signed after the company was renamed (each sheet is headed as it was signed).
    const sheets = [sheetOf(50, { marker: 'A' }), sheetOf(50, { title: 'キャビネット開施錠記録簿', marker: 'B', company: '株式会社新社名' })];
    fs.writeFileSync(file, await render!(bundleHtml(sheets), new AbortController().signal));
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(4);
    expect(plainPage(file, 1)).toMatch(/株式会社テスト商事株式会社新社名本社/);
    const seen = { A: 0, B: 0 };
    for (let p = 2; p <= pages; p++) {
      const t = plainPage(file, p);
      const which = /A\d+S/.test(t) ? 'A' : 'B';
      expect(/B\d+S/.test(t) && which === 'A', `page ${p} holds one ledger`).toBe(false);
      const [own, other] = which === 'A' ? ['サーバルーム入退記録簿', 'キャビネット開施錠記録簿'] : ['キャビネット開施錠記録簿', 'サーバルーム入退記録簿'];
      for (const what of [own, '本社', '令和8年10月']) expect(t, `page ${p} says ${what}`).toContain(what);
      expect(t, `page ${p} is not headed as the other ledger`).not.toContain(other);
      seen[which]++;
    }
    expect(seen.A).toBeGreaterThan(1);
    expect(seen.B).toBeGreaterThan(1);
  }, 60_000);
  it('a month bundle: each page of a ledger says its own seal’s check number (or 未確認) at its foot, and the signature line after a table is never alone on a page (a walk-through)', async () => {
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-layout-')), 'bundle.pdf');
    // Sheets of every length from one to three pages, each with its signature line after the table: some
    // table ends at a page's foot, where the line would go on to a page of its own.
    const sheets = Array.from({ length: 24 }, (_, i) => ({
      ...sheetOf(6 + i * 2, { marker: `M${String.fromCharCode(65 + i)}` }),
      digest: i % 2 === 0 ? `d${String(i).padStart(2, '0')}e0f1a2b3c4d5e` : null,
      keys: [`KEYLINE${i} 鈴木 花子（安全管理責任者）承認 令和8年11月5日`],
    }));
    fs.writeFileSync(file, await render!(bundleHtml(sheets), new AbortController().signal));
    const pages = pageCount(file);
    let cover = true; // (the cover, a table of 24 ledgers, takes two pages)
    for (let p = 1; p <= pages; p++) {
      const t = plainPage(file, p);
      const row = /M([A-Z])\d+[SE]/.exec(t);
      if (cover && !row) continue;
      cover = false;
      const i = row ? row[1].charCodeAt(0) - 65 : Number(/KEYLINE(\d+)/.exec(t)?.[1] ?? -1);
      expect(i, `page ${p} belongs to a sheet`).toBeGreaterThanOrEqual(0);
      expect(t, `page ${p}'s foot`).toContain(sheets[i].digest ? `封印の照合番号${sheets[i].digest}` : '未確認');
      if (t.includes('KEYLINE')) expect(t, `page ${p} holds rows with its signature line`).toMatch(/M[A-Z]\d+E/);
    }
    expect(cover, 'the sheets were read').toBe(false);
  }, 90_000);
  // An insider probe: the company name (an administrator's setting), a site's name and the printer's
  // display name go into the page's <style> (the running head and the margins); one holding
  // `</style><style>…` hid every anomaly mark, voided row and 未確認 on paper.
  it('names that hold </style>, quotes, backslashes or line breaks are printed as they are and change nothing else on the page', async () => {
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const hide = '</style><style>.unsigned,.mark{display:none}tr.void{display:none}</style><style>';
    const names = [`テスト商事${hide}`, `本社"}@page{@top-left{content:"偽"}}\\${hide}`, `鈴木</STYLE ><style>*{color:#fff}</style>\n&lt;花子'`];
    const sheet = (company: string, site: string, printedBy: string) => ({ ...sheetOf(8), company, site, printedBy });
    const [a, b, c] = names;
    for (const [kind, html, [company, site, printedBy]] of [['sheet', sheetHtml(sheet(a, b, c)), [a, b, c]], ['bundle', bundleHtml([sheet(b, c, a)]), [b, c, a]]] as const) {
      expect(html.match(/<\/style/gi), `${kind}: one style element`).toHaveLength(1);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-layout-')), `${kind}.pdf`);
      fs.writeFileSync(file, await render!(html, new AbortController().signal));
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s/g, '');
      // What the data says is on paper: the voided rows (無効), corrections, 未確認 beside the stamps…
      expect(text, `${kind}: the voided rows are printed`).toContain('R0S');
      expect(text.split('訂正あり').length - 1, `${kind}: every correction is marked`).toBeGreaterThanOrEqual(2);
      expect(text.split('未確認').length - 1, `${kind}: 未確認 beside the stamps and in the margin`).toBeGreaterThanOrEqual(2);
      // …and each name, as it was typed (a line break as a space), where it belongs.
      for (const n of [company, site, printedBy]) expect(text, `${kind}: ${n}`).toContain(n.replace(/\s/g, ''));
    }
  }, 60_000);

  it('a code written with hyphens stays on one line in a narrow column (a walk-through: 「C-/HQ-01」)', async () => {
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const sheet = sheetOf(1);
    const codes = ['C-HQ-01', 'C-HQ-02', 'C-OSK-11', 'PC-2024-015', 'C-NGY-03', 'MD-2025-104'];
    sheet.rows[0].anomalies = [`施錠されていないキャビネット：${codes.map((c) => `${c} 書庫`).join('・')}`];
    sheet.rows[0].cells[2] = `点検した機器：${codes.join('、')}`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-layout-')), 'codes.pdf');
    fs.writeFileSync(file, await render!(sheetHtml(sheet), new AbortController().signal));
    const lines = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).split('\n');
    for (const code of codes) expect(lines.filter((l) => l.includes(code)).length, code).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('a code longer than its column breaks inside its cell, never over the next one; one that fits stays whole (a probe: a 30-character asset tag over the borrower)', async () => {
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const sheet = sheetOf(2);
    const long = 'USB-HQ-LONGTAG-0123456789ABCDE-ServerRoomDoorSensorErrorCode-E1234567890';
    sheet.rows[0].cells[1] = long;
    sheet.rows[0].cells[2] = 'NEXTCOL';
    sheet.rows[1].cells[1] = 'PC-HQ-01';
    sheet.rows[1].void = true;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-layout-')), 'long-code.pdf');
    fs.writeFileSync(file, await render!(sheetHtml(sheet), new AbortController().signal));
    // Each word's box on the page (pdftotext -bbox): the long code's pieces end before the next column begins.
    const words = [...execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ xMin: Number(m[1]), xMax: Number(m[2]), text: m[3] }));
    const next = words.find((w) => w.text === 'NEXTCOL')!;
    expect(next).toBeDefined();
    const pieces = words.filter((w) => long.includes(w.text) && w.text.length >= 4);
    expect(pieces.map((w) => w.text).join(''), 'the whole code is on paper').toBe(long);
    for (const w of pieces) expect(w.xMax, w.text).toBeLessThan(next.xMin);
    expect(pieces.length, 'broken over lines').toBeGreaterThan(1);
    // A code that fits stays on one line.
    expect(words.some((w) => w.text === 'PC-HQ-01')).toBe(true);
  }, 60_000);
});

