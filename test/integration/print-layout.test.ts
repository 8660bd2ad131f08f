import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPdfRenderer } from '../../electron/host/chromium-pdf';
import { sheetHtml } from '../../shared/print/html';
import type { PrintSheet } from '../../shared/print/sheet';

// SPEC §6 (issue 12): the paper form's page rules, checked on the PDF Chromium makes of it — long
// text wraps inside its cell, a row never splits across pages, and the column header repeats on
// every page. Rows of different heights (1 to 9 lines) fall on page ends at many different points.

const WORDS = { keys: '署名鍵', state: '区分', unsigned: '未確認', void: '無効', amended: '訂正あり', sealedChange: '封印後修正', digest: '封印の要約値', printedBy: '印刷', page: 'ページ', none: 'この月の記録はありません。' };

function sheetOf(rows: number): PrintSheet {
  return {
    ledger: 'serverRoom', title: 'サーバルーム入退記録簿', company: '株式会社テスト商事', site: '本社', period: '令和8年10月', month: '2026-10',
    columns: [{ label: '入室日時', width: 1.5 }, { label: '入室者', width: 1.8 }, { label: '備考', width: 4 }, { label: '無効理由', width: 1.8 }],
    rows: Array.from({ length: rows }, (_, i) => ({
      // The row's start and end markers sit at the two ends of its tallest cell.
      cells: [`10/${(i % 28) + 1} 09:00`, `社員${i}`, [`R${i}S`, ...Array.from({ length: i % 9 }, () => '配線の変更と機器の入れ替えに伴う確認作業（ラックA〜C）'), `R${i}E`].join('\n'), ''],
      void: i % 7 === 0, amended: i % 5 === 0, sealedChange: false,
    })),
    stamps: [{ label: '担当', seal: null }, { label: '確認', seal: null }, { label: '責任者', seal: null }],
    keys: [], digest: null, printedBy: '鈴木 花子', printedAt: '令和8年11月5日 10:00', words: WORDS,
  };
}

describe('the print layout on paper (issue 12)', () => {
  it('a row never splits across pages; the header repeats on every page; page n / N on each', async () => {
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const rows = 120;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-layout-')), 'sheet.pdf');
    fs.writeFileSync(file, await render!(sheetHtml(sheetOf(rows)), new AbortController().signal));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(5);
    const pageText = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-'], { encoding: 'utf8' });
    const where = new Map<string, number>();
    for (let p = 1; p <= pages; p++) {
      const t = pageText(p);
      expect(t, `page ${p} has the header`).toMatch(/入室日時\s+入室者\s+備考\s+無効理由\s+区分/);
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
});
