import { paperText, SHORT_TIME, stateWidth, UNBROKEN_DATES, type PrintSheet } from './sheet';
import { colonOf, listSeparator, partsSeparator } from '../i18n/punct';
import { hasJapanese, phrases } from '../text/phrases';

// SPEC §6 the print layout: one ledger × site × month as the paper form — A4 landscape, a centred
// title, the company, site and period, the stamp boxes top right (a red round seal with the signer's
// family name and date once signed, 未確認 while not), the ledger's columns with the header repeated
// on every page and no row split across pages, voided rows struck through, corrections and 封印後修正
// marked; page n / N and the seal's digest and who printed it when in the page margins, and at the top
// of every page the ledger's title, site and period (a running head: a loose page says what it is).
// The same HTML is printed by Chromium (the CLI, browser mode) and Electron (printToPDF, the print
// dialog), so all of it is in CSS (@page margin boxes), none in a renderer's own header template.

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A code written with hyphens (C-HQ-01, PC-2024-015) kept on one line (a walk-through: 「C-/HQ-01」 on paper); of escaped text. */
const keepCodes = (html: string) => html.replace(/(?<![&#\w])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g, (code) => `<span class="nb">${code}</span>`);
/**
 * What a cell keeps whole on its line (where the cell has room): a short date (11/3（火・祝）), a code
 * written with hyphens (C-HQ-01), a person's name of family and given name (五十嵐 修: a user probe,
 * 「同行：五十嵐／修」).
 */
const WHOLE = new RegExp(`${UNBROKEN_DATES.source}|(?<![&#\\w])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+|[\\p{sc=Han}\\p{sc=Katakana}ー]{1,5}[ \u3000][\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}ー]{1,5}`, 'gu');

/** Text between the kept parts: Japanese broken only between its phrases (shared/text/phrases.ts, with `word-break: keep-all`). */
const phrased = (text: string) => (hasJapanese(text) ? phrases(text).map(esc).join('<wbr>') : esc(text));

/** A cell's text as HTML: its dates, codes and names whole, its Japanese broken between phrases, its line breaks kept. */
export function cellHtml(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(WHOLE)) {
    out += phrased(text.slice(at, m.index)) + `<span class="nb">${esc(m[0])}</span>`;
    at = m.index + m[0].length;
  }
  return (out + phrased(text.slice(at))).replace(/\n/g, '<br>');
}

/**
 * A CSS string literal (for the page margin boxes): line breaks as spaces, and every character that
 * could end the string or the <style> element around it (a quote, a backslash, `<` of `</style>`,
 * `>`, `&`, a control character) as a CSS escape. A company name of
 * `…</style><style>.mark{display:none}` hid every anomaly on paper (an insider probe).
 */
const cssString = (s: string) =>
  `"${s.replace(/[\r\n\f]+/g, ' ').replace(/[\\"'<>&\p{Cc}]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;

/** The sheet's typeface: the body's, and the page margins' (which do not inherit it). */
const SHEET_FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif';

const STYLE = `
@page { size: A4 landscape; margin: 12mm 10mm 14mm; }
@media screen { body { padding: 10mm; } }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${SHEET_FONT}; font-size: 8.5pt; color: #111; }
.sheet-head { display: grid; grid-template-columns: 1fr auto 1fr; align-items: start; margin-bottom: 4mm; }
.sheet-meta { font-size: 9pt; line-height: 1.5; }
.sheet-title { text-align: center; font-size: 16pt; font-weight: 700; letter-spacing: 0.2em; margin: 0; padding-top: 2mm; }
.stamps { justify-self: end; display: flex; border: 1px solid #333; }
.stamp { width: 20mm; border-left: 1px solid #333; text-align: center; }
.stamp:first-child { border-left: 0; }
.stamp-label { border-bottom: 1px solid #333; font-size: 8pt; padding: 0.5mm 0; }
.stamp-box { height: 18mm; display: flex; align-items: center; justify-content: center; }
.seal { width: 15mm; height: 15mm; border: 1.5px solid #c62828; border-radius: 50%; color: #c62828; display: flex; flex-direction: column; align-items: center; justify-content: center; line-height: 1.1; }
.seal-name { font-size: 9pt; font-weight: 700; }
.seal-date { font-size: 5.5pt; border-top: 0.5px solid #c62828; border-bottom: 0.5px solid #c62828; padding: 0 0.5mm; }
.seal-meaning { font-size: 5.5pt; }
.seal-broken { color: #b71c1c; font-size: 7pt; font-weight: 700; padding: 0 1mm; }
.seal-none { color: #333; font-size: 7pt; padding: 0 1mm; }
.unsigned { color: #b42318; font-weight: 700; font-size: 9pt; border: 1.5px solid #b42318; padding: 0.5mm 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
/* Japanese breaks only between its phrases (the <wbr> of cellHtml), a phrase wider than its cell anywhere. */
th, td { border: 1px solid #555; padding: 1mm 1.2mm; vertical-align: top; overflow-wrap: anywhere; word-break: keep-all; line-break: strict; }
th { background: #eef0f3; font-weight: 700; text-align: left; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.void td { text-decoration: line-through; color: #555; }
tr.void td.state, tr.void td.keep { text-decoration: none; }
/* A code or a date kept whole on its line where the cell has room for it, broken only where it has not:
   never out of its cell over the next one (a probe: a 30-character asset tag printed over the borrower). */
.nb { display: inline-block; max-width: 100%; }
tr.void td:not(.state):not(.keep) .nb { text-decoration: line-through; }
td.state { font-size: 7.5pt; }
.mark { display: inline-block; border: 1px solid #8a5300; color: #8a5300; padding: 0 1mm; margin: 0 0.5mm 0.5mm 0; }
.mark-sealed { border-color: #b42318; color: #b42318; }
.mark-anomaly { border-color: #b42318; color: #b42318; white-space: pre-line; }
.disposition { display: block; white-space: pre-line; margin: 0 0 0.8mm 0; }
.change-note { display: block; font-size: 6.5pt; color: #222; margin: 0 0 0.8mm 0; }
.month-items ul { margin: 0.5mm 0 1mm 4mm; padding: 0; }
.month-items li { white-space: pre-line; break-inside: avoid; }
.none { text-align: center; color: #555; padding: 6mm; }
.keys { margin: 2mm 0 0; font-size: 7pt; color: #333; }
/* The notes after the table, on the page of its last row (sheetBody). */
tbody.with-tail { break-inside: avoid; page-break-inside: avoid; }
tr.tail > td { border: none; padding: 0; }
.moved-out { margin: 2mm 0 0; font-size: 8pt; }
.sheet + .sheet, .cover + .sheet { break-before: page; }
.cover h1 { text-align: center; font-size: 18pt; letter-spacing: 0.2em; margin: 8mm 0 6mm; }
.cover-meta { text-align: center; font-size: 11pt; line-height: 1.8; margin-bottom: 8mm; }
.cover table { font-size: 10pt; }
.cover-left-out { margin-top: 6mm; font-size: 10pt; font-weight: bold; }
`;

/** The page margins: page n / N at the bottom right; the digest and who printed it when at the bottom left. */
function marginBoxes(sheet: PrintSheet, page?: string): string {
  const left = [sheet.digest ? `${sheet.words.digest} ${sheet.digest}` : sheet.words.unsigned, sheet.awaiting ?? '', `${sheet.words.printedBy} ${sheet.printedBy} ${sheet.printedAt}`].filter(Boolean).join('　');
  return `@page${page ? ` ${page}` : ''} { @bottom-left { content: ${cssString(left)}; font-family: ${SHEET_FONT}; font-size: 7pt; color: #333; } @bottom-right { content: counter(page) " / " counter(pages); font-family: ${SHEET_FONT}; font-size: 8pt; } }`;
}

/**
 * The running head in the top margin of each of a sheet's pages (named pages in a bundle: each sheet's
 * own): the title, site and period at the left, the company at the right. In the margin, so it never
 * covers a row; on the first page too, so every page reads the same.
 */
function runningHead(sheet: PrintSheet, page?: string): string {
  const head = [sheet.title, sheet.site, sheet.period].join('\u3000');
  // The margin boxes do not inherit the body's font: named, or the English paper's head was in a serif (a probe).
  const box = `font-family: ${SHEET_FONT}; font-size: 8pt; color: #333; vertical-align: bottom; padding-bottom: 2mm;`;
  return `@page${page ? ` ${page}` : ''} { @top-left { content: ${cssString(head)}; ${box} } @top-right { content: ${cssString(sheet.company)}; ${box} } }`;
}

/** The sheet's body (without <html>): a bundle puts several one after another, each on its named pages. */
export function sheetBody(sheet: PrintSheet, lang: 'ja' | 'en', page?: string): string {
  const state = stateWidth(sheet.rows);
  const colon = colonOf(lang);
  const total = sheet.columns.reduce((a, c) => a + c.width, 0) + state;
  const cols = [...sheet.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(2)}%">`), `<col style="width:${((state / total) * 100).toFixed(2)}%">`].join('');
  const head = [...sheet.columns.map((c) => `<th>${phrased(c.label)}</th>`), `<th>${esc(sheet.words.state)}</th>`].join('');
  const rows: string[] =
    sheet.rows.length === 0
      ? [`<tr><td class="none" colspan="${sheet.columns.length + 1}">${esc(sheet.words.none)}</td></tr>`]
      : sheet.rows
          .map((r) => {
            const marks = [
              r.void ? `<span class="mark">${esc(sheet.words.void)}</span>` : '',
              r.amended ? `<span class="mark">${esc(sheet.words.amended)}</span>` : '',
              r.sealedChange ? `<span class="mark mark-sealed">${esc(sheet.words.sealedChange)}</span>` : '',
              ...(r.anomalies ?? []).map((a, i) => `<span class="mark mark-anomaly">${keepCodes(esc(a))}</span>${r.dispositions?.[i] ? `<span class="disposition">${esc(r.dispositions[i])}</span>` : ''}`),
              ...(r.changes ?? []).map((c) => `<span class="change-note">${esc(c)}</span>`),
            ].join('');
            return `<tr${r.void ? ' class="void"' : ''}>${r.cells.map((c, i) => `<td${sheet.columns[i]?.keep ? ' class="keep"' : ''}>${cellHtml(sheet.columns[i]?.stacked ? paperText(c).replace(SHORT_TIME, '$1\n$2') : paperText(c))}</td>`).join('')}<td class="state">${marks}</td></tr>`;
          });
  const tail = [
    sheet.monthItems?.length ? `<div class="month-items"><p class="keys">${esc(sheet.words.monthItems ?? '')}</p><ul>${sheet.monthItems.map((m) => `<li>${keepCodes(esc(m))}</li>`).join('')}</ul></div>` : '',
    sheet.movedOut.length > 0 ? `<p class="moved-out"><span class="mark mark-sealed">${esc(sheet.words.sealedChange)}</span> ${esc(sheet.words.movedOut)}${colon}${sheet.movedOut.map(esc).join('　')}</p>` : '',
    sheet.reopened.length > 0 ? `<p class="keys">${esc(sheet.words.reopened)}${colon}${sheet.reopened.map(esc).join('　')}</p>` : '',
    sheet.keys.length > 0 ? `<p class="keys">${esc(sheet.words.keys)}${colon}${sheet.keys.map(esc).join('　')}</p>` : '',
  ].join('');
  // What follows the table is in its last body, with its last row, kept on one page: after a table that
  // ended at a page's foot the signature line went on to a page of its own (a walk-through). (Chromium
  // does not keep a block after a table with it: break-before: avoid is not honoured there.)
  const body = tail
    ? `<tbody>${rows.slice(0, -1).join('')}</tbody><tbody class="with-tail">${rows.at(-1)}<tr class="tail"><td colspan="${sheet.columns.length + 1}">${tail}</td></tr></tbody>`
    : `<tbody>${rows.join('')}</tbody>`;
  const stamps = sheet.stamps
    .map(
      (s) =>
        `<div class="stamp"><div class="stamp-label">${esc(s.label)}</div><div class="stamp-box">${
          s.seal
            ? `<div class="seal"><span class="seal-meaning">${esc(s.seal.meaning)}</span><span class="seal-date">${esc(s.seal.date)}</span><span class="seal-name">${esc(s.seal.familyName)}</span></div>`
            : s.broken
              ? `<span class="seal-broken">${esc(sheet.words.broken)}</span>`
              : s.notNeeded && sheet.words.notNeeded
                ? `<span class="seal-none">${esc(sheet.words.notNeeded)}</span>`
                : ''
        }</div></div>`,
    )
    .join('');
  return `<section class="sheet"${page ? ` style="page: ${page}"` : ''}>
<header class="sheet-head">
  <div class="sheet-meta"><div>${esc(sheet.company)}</div><div>${esc(sheet.site)}</div><div>${esc(sheet.period)}</div>${sheet.digest && !sheet.awaiting ? '' : `<div><span class="unsigned">${esc(sheet.digest ? sheet.awaiting! : sheet.words.unsigned)}</span></div>`}</div>
  <h1 class="sheet-title">${esc(sheet.title)}</h1>
  <div class="stamps">${stamps}</div>
</header>
<table><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead>${body}</table>
</section>`;
}

/** A whole printable page for one sheet. */
export function sheetHtml(sheet: PrintSheet, lang: 'ja' | 'en' = sheet.lang): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(`${sheet.title} ${sheet.site} ${sheet.period}`)}</title><style>${STYLE}${marginBoxes(sheet)}${runningHead(sheet)}</style></head><body>${sheetBody(sheet, lang)}</body></html>`;
}

/** Words of a month bundle's cover (SPEC §6), in the sheets' language. */
export const COVER = {
  ja: { title: '月次台帳一式', ledger: '台帳', records: '記録件数', seals: '署名', digest: '封印の照合番号', leftOut: 'この一式に含まれていない台帳（作成者に閲覧の権限がないため）：' },
  en: { title: 'Monthly ledgers', ledger: 'Ledger', records: 'Records', seals: 'Signatures', digest: 'Seal check number', leftOut: 'Not in this set (its maker may not read them): ' },
};

/** Every ledger of one site and month in one document: a cover listing each ledger's seals, then each sheet. */
export function bundleHtml(sheets: PrintSheet[], lang: 'ja' | 'en' = sheets[0]?.lang ?? 'ja', leftOut: readonly string[] = []): string {
  const w = COVER[lang];
  const first = sheets[0];
  const rows = sheets
    .map((s) => {
      const signed = s.stamps.filter((b) => b.seal).map((b) => `${b.seal!.meaning} ${b.seal!.familyName} ${b.seal!.date}`).join(partsSeparator(lang));
      const awaiting = s.awaiting ? ` <span class="unsigned">${esc(s.awaiting)}</span>` : '';
      // Records changed after the seal, beside the count (a probe: 「8件」 and the seal read as if it covered all eight).
      const changed = s.rows.filter((r) => r.sealedChange).length + s.movedOut.length;
      const count = `${s.rows.length}${changed > 0 ? ` <span class="mark mark-sealed">${esc(s.words.sealedChange)} ${changed}</span>` : ''}`;
      return `<tr><td>${esc(s.title)}</td><td>${count}</td><td>${signed ? esc(signed) + awaiting : `<span class="unsigned">${esc(s.words.unsigned)}</span>`}</td><td>${s.digest ? esc(s.digest) : ''}</td></tr>`;
    })
    .join('');
  // Each sheet is headed as it was signed (a company renamed between two ledgers' seals): the cover names every company its sheets do, in their order.
  const companies = [...new Set(sheets.map((s) => s.company))].map(esc).join('<br>');
  const cover = `<section class="cover"><h1>${esc(w.title)}</h1><div class="cover-meta">${companies}<br>${esc(first.site)}\u3000${esc(first.period)}</div>
<table><thead><tr><th>${esc(w.ledger)}</th><th>${esc(w.records)}</th><th>${esc(w.seals)}</th><th>${esc(w.digest)}</th></tr></thead><tbody>${rows}</tbody></table>${
    leftOut.length ? `<p class="cover-left-out">${esc(w.leftOut)}${esc(leftOut.join(listSeparator(lang)))}</p>` : ''
  }</section>`;
  const margins = `@page { @bottom-left { content: ${cssString(`${first.words.printedBy} ${first.printedBy} ${first.printedAt}`)}; font-family: ${SHEET_FONT}; font-size: 7pt; color: #333; } @bottom-right { content: counter(page) " / " counter(pages); font-family: ${SHEET_FONT}; font-size: 8pt; } }`;
  // Each sheet on pages of its own name, with its own running head; the cover has none.
  const page = (i: number) => `ledger-${i}`;
  // …and its own seal's check number at the foot of each (a walk-through: only the cover had it, so a loose
  // page of the bundle could not be tied to its seal).
  const heads = sheets.map((s, i) => runningHead(s, page(i)) + marginBoxes(s, page(i))).join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(`${w.title} ${first.site} ${first.period}`)}</title><style>${STYLE}${margins}${heads}</style></head><body>${cover}${sheets.map((s, i) => sheetBody(s, lang, page(i))).join('')}</body></html>`;
}
