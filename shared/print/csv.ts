import { jstDate, jstTime } from '../calendar';
import { csvText, type PrintSheet, type SheetRow } from './sheet';

// SPEC §6 CSV: UTF-8 with a byte-order mark (so Excel opens it as UTF-8), CRLF line ends, every field
// quoted as RFC 4180 says (a quote doubled; commas, quotes and line breaks kept inside the quotes).
// Dates and times carry their full Gregorian date (2026/10/20 09:30, 2026/10/20, 2026/10): Excel reads
// these as dates of the right year, where 10/20 09:30 would be given a year by guess, or kept as text.

/** An instant as the CSV gives it: the date and time in Japan, 2026/10/20 09:30 (a bad value as it was). */
/** A row's state column as one field: each anomaly, its disposition on the line under it. */
function stateText(r: SheetRow): string {
  return (r.anomalies ?? []).map((a, i) => (r.dispositions?.[i] ? `${a}\n${r.dispositions[i]}` : a)).join('\n');
}

export function csvDateTime(at: string): string {
  if (Number.isNaN(Date.parse(at))) return at;
  return `${csvDate(jstDate(at))} ${jstTime(at)}`;
}

/** A plain date YYYY-MM-DD as the CSV gives it: 2026/10/20 (no time zone: it never moves). */
export function csvDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.replace(/-/g, '/') : date;
}

/** A month YYYY-MM as the CSV gives it: 2026/10. */
export function csvMonth(month: string): string {
  return /^\d{4}-\d{2}$/.test(month) ? month.replace('-', '/') : month;
}

const BOM = '\uFEFF';

/**
 * What a spreadsheet takes for the start of a formula, quoted or not (OWASP "CSV injection"): a
 * visitor's name typed as =HYPERLINK(…) would run when an auditor opens the export in Excel.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (-5, +81, 1.5) or a lone sign is a value, not a formula: left as it is. */
const PLAIN = /^[+-]?(\d+([.,]\d+)?)?$/;

/** One field: quoted, and a text a spreadsheet would run as a formula kept as text by a leading apostrophe. */
export function csvField(value: string): string {
  const text = FORMULA_START.test(value) && !PLAIN.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The sheet as CSV: a header row of its columns and the state of each row, then one line a record
 * (dates in full). Records a correction after the seal moved out of the month follow, after an empty
 * line, under their heading, one a line — as the paper says them (else the sealed month's export was
 * one record short with no word of it); then its seals (or 未確認) and the seals taken back.
 */
export function sheetCsv(sheet: PrintSheet): string {
  // The anomalies as on paper's state column, in one field (a walk-through: the CSV had none of them).
  const header = [...sheet.columns.map((c) => c.label), sheet.words.void, sheet.words.amended, sheet.words.sealedChange, sheet.words.state];
  const lines = [header, ...sheet.rows.map((r) => [...r.cells.map(csvText), r.void ? '1' : '', r.amended ? '1' : '', r.sealedChange ? '1' : '', csvText(stateText(r))])];
  if (sheet.monthItems?.length) lines.push([''], [sheet.words.monthItems ?? ''], ...sheet.monthItems.map((m) => [m]));
  if (sheet.movedOut.length > 0) lines.push([''], [sheet.words.movedOut], ...sheet.movedOut.map((m) => [m]));
  // Its sign-off, as the paper's foot says it (a user probe: an auditor given the CSV alone could not
  // tell whether the month was approved): each seal in full and the seal's number, or 未確認.
  const signOff = sheet.keys.length > 0 ? [sheet.words.keys, ...sheet.keys, ...(sheet.digest ? [`${sheet.words.digest} ${sheet.digest}`] : []), ...(sheet.awaiting ? [sheet.awaiting] : [])] : [sheet.words.unsigned];
  lines.push([''], ...signOff.map((l) => [l]));
  if (sheet.reopened.length > 0) lines.push([''], [sheet.words.reopened], ...sheet.reopened.map((r) => [r]));
  return BOM + lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** CSV text back into rows (RFC 4180; for tests and for checking an export). */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && src[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
