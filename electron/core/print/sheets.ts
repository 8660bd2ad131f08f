import { formatDate, formatDateTime, formatMonth, warekiYear, type Calendar } from '../../../shared/dates';
import { jstDate, jstTime, NATIONAL_CALENDAR, type BusinessCalendar } from '../../../shared/calendar';
import { siteCalendar } from '../site-calendar';
import { anomalyKey, enumLabelKey, type FieldDef, type LedgerAnomaly, type LedgerDefinition } from '../../../shared/ledgers/kit';
import type { DispositionInfo, ReviewFact } from '../../../shared/api/review-contract';
import { translate, lookup, type Language, type MessageKey } from '../../../shared/i18n';
import { paperText, stateWidth, UNBROKEN_DATES, type PrintSheet, type SheetCell, type SheetRow, type StampBox } from '../../../shared/print/sheet';
import { csvDate, csvDateTime, csvMonth } from '../../../shared/print/csv';
import { DaichoError } from '../../../shared/api/errors';
import type { LedgerModule, ReadContext, RecordBook } from '../ledgers/kit/record-book';
import type { Store } from '../store/store';
import { completed, fingerprint, type SealRow } from '../review/seal';
import { sealHolds } from '../review/seal-info';
import { movedOutOf } from '../review/moved-out';
import { lastChanged } from '../review/journal-reads';
import { getAccount } from '../auth/accounts-repo';
import type { ReviewSource } from '../review/sources';
import { colonOf, listOf, withNote } from '../../../shared/i18n/punct';
import { checkItemKey } from '../../../shared/ledgers/lastExit';
import { changeKindKey, itemLabel, reviewItemText, type ItemWords } from '../../../shared/review/item-text';
import { historyActionLabel } from '../../../shared/domain/journal-actions';
import { itemsOf } from '../review/unit-items';
import { selfDisposed } from '../review/own-items';
import { resolveHistory } from '../journal/history';
import { actorNamer } from '../record-history';
import type { JournaledTable } from '../store/migrations';

// SPEC §6 (issue 12): a ledger × site × month as paper holds it (shared/print/sheet.ts), for the print
// view, the PDF and the CSV. Its columns are the ledger's (its fields as its definition lists them,
// or the ledger's own: the server-room book's, ledgers/server-room/print.ts), its rows every record of the month, voided ones too; its
// stamp boxes filled from the month's standing seals.

/** What building a sheet reads: the data, the settings and the time (a session's context, or the CLI's). */
export type SheetEnv = ReadContext;

export interface SheetOptions {
  lang: Language;
  calendar: Calendar;
  /** Who prints it (a display name). */
  printedBy: string;
  /** How the review disposed of a record's anomaly, in words (dispositionLines; buildSheet gives it to the ledger's body). */
  disposed?: (recordId: string, code: string) => string | null;
  /** What was corrected or voided of a record, when, by whom and why, in words (changeLines; buildSheet gives it to the ledger's body). */
  changes?: (recordId: string) => string[];
}

/** A sheet's columns and rows: what a ledger gives of its month (the frame, stamps and seals are the sheet's). */
export interface SheetBody {
  columns: PrintSheet['columns'];
  rows: SheetRow[];
}

/** A catalog text in the sheet's language (the key itself where the catalog has none). */
export const sheetText = (lang: Language, key: string, params?: Record<string, string | number>) => (lookup(lang, key) !== undefined ? translate(lang, key as MessageKey, params) : key);
const t = sheetText;

/** A time within a month's sheet: month/day and the time (Japan), e.g. 10/20 09:30. For paper (and the review's lists), under the month's heading: never for the CSV. */
export function shortTime(at: string | null | undefined, mark: DayMarker = dayMarker(NATIONAL_CALENDAR, 'ja')): string {
  if (!at) return '';
  const day = jstDate(at);
  const [, m, d] = day.split('-');
  return `${Number(m)}/${Number(d)}${mark(day)} ${jstTime(at)}`;
}

/** What a time's date carries on paper: its weekday in brackets on a day off, nothing on a business day. */
export type DayMarker = (date: string) => string;

const WEEKDAYS = { ja: ['日', '月', '火', '水', '木', '金', '土'], en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] } as const;

/**
 * A site's days off marked as office forms mark them, by the site's own business calendar (the one its
 * rules judge 営業時間外 by): a weekend 10/17（土）, a national holiday 11/3（火・祝）, a company holiday
 * 12/30（水・休）; a Saturday the site works is not marked. An auditor sees why a time is 営業時間外 (a
 * walk-through: 11/15 10:30 marked 営業時間外の入室, a Sunday, with nothing on the page to say so); a
 * business day's time keeps its short form and its column's width.
 */
export function dayMarker(days: BusinessCalendar, lang: Language): DayMarker {
  return (date) => {
    const info = days.day(date);
    if (info.business) return '';
    const name = WEEKDAYS[lang === 'en' ? 'en' : 'ja'][info.weekday];
    const kind = info.kind === 'national_holiday' ? (lang === 'en' ? ', holiday' : '・祝') : info.kind === 'company_holiday' ? (lang === 'en' ? ', closed' : '・休') : '';
    return lang === 'en' ? ` (${name}${kind})` : `（${name}${kind}）`;
  };
}

// A sheet's date cells: every date or time a ledger puts on its sheet is made by one of these, so the
// CSV has the full Gregorian date (2026/10/20 09:30: a date to Excel, of the right year) while paper
// keeps its short form under the month's heading, or 和暦.

/** A time: 10/20 09:30 on paper, 2026/10/20 09:30 in the CSV. */
export function timeCell(at: string | null | undefined, mark?: DayMarker): SheetCell {
  return at ? { paper: shortTime(at, mark), csv: csvDateTime(at) } : '';
}

/** A plain date (YYYY-MM-DD): 令和8年10月20日 on paper (or 西暦 as the sheet is asked), 2026/10/20 in the CSV. */
export function dateCell(date: string | null | undefined, lang: Language, calendar: Calendar): SheetCell {
  return date ? { paper: formatDate(date, lang, { calendar }), csv: csvDate(date) } : '';
}

/** A month (YYYY-MM): 令和8年10月 on paper, 2026/10 in the CSV. */
export function monthCell(month: string | null | undefined, lang: Language, calendar: Calendar): SheetCell {
  return month ? { paper: formatMonth(month, lang, { calendar }), csv: csvMonth(month) } : '';
}

/** One kit field's value as paper shows it (a date or time also as the CSV gives it). */
function cellOf(def: LedgerDefinition, f: FieldDef, value: unknown, name: string | null | undefined, lang: Language, calendar: SheetOptions['calendar'], mark: DayMarker): SheetCell {
  if (value === null || value === undefined || value === '') return '';
  switch (f.type.kind) {
    case 'instant':
      return timeCell(String(value), mark);
    case 'date':
      return dateCell(String(value), lang, calendar);
    case 'month':
      return monthCell(String(value), lang, calendar);
    case 'enum':
      return t(lang, enumLabelKey(def, f.key, String(value)));
    case 'boolean': {
      const word = value === true || value === 1 ? 'yes' : 'no';
      const own = enumLabelKey(def, f.key, word);
      return lookup(lang, own) ?? t(lang, `ledgerKit.${word}`);
    }
    case 'ref':
      return name ?? '';
    case 'json':
      // A checklist's items: the NG ones with what was done (all OK: OK).
      if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v && 'item' in v && 'ok' in v)) {
        const ng = (value as { item: string; ok: boolean; remark: string | null }[]).filter((v) => !v.ok);
        // The product's own items in the paper's language (a company's own as typed).
        const said = (item: string) => (checkItemKey(item) ? t(lang, checkItemKey(item)!) : item);
        // How many were checked, so that the paper says the whole list was gone through (a walk-through: a bare 「OK」).
        const rest = (value as unknown[]).length - ng.length;
        if (ng.length === 0) return t(lang, 'lastExit.print.allOk', { count: rest });
        const lines = ng.map((v) => `${t(lang, 'lastExit.form.ng')}${colonOf(lang)}${v.remark ? withNote(lang, said(v.item), v.remark) : said(v.item)}`);
        return [...lines, ...(rest > 0 ? [t(lang, 'lastExit.print.restOk', { count: rest })] : [])].join('\n');
      }
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

/**
 * How the review disposed of each record's anomaly, in words for its state column: 対応：問題なし
 * （説明）鈴木 花子 R8.11.05, or 是正済 with its cause and action. The signed paper shows what the
 * reviewer decided beside what was wrong (a walk-through: an auditor saw only the red marks).
 */
function dispositionLines(env: SheetEnv, src: ReviewSource, siteId: string, month: string, opts: SheetOptions): (subject: string, code: string) => string | null {
  const rows = env.store
    .stmt('SELECT subject, code, disposition, explanation, cause, action, decided_by, decided_at FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ?')
    .all(src.key, siteId, month) as { subject: string; code: string; disposition: DispositionInfo['disposition']; explanation: string | null; cause: string | null; action: string | null; decided_by: string; decided_at: string }[];
  // One decided before its record changed is not printed: in a month not yet sealed it is to be decided
  // again (review.ts); in a sealed one the change came after the seal (the row is 封印後修正, and the
  // next review has it), and the disposition was for the record as it was (a second probe: a stay's
  // 問題なし for 5 hours printed beside its 13 hours, set after the seal).
  const changed = lastChanged(env.store, src.table, [...new Set(rows.map((d) => d.subject))]);
  // Decided by the one whose record it is (a lone safety manager's own stay): 自己点検 on paper too.
  const self = selfDisposed(env, src, rows.map((d) => ({ subject: d.subject, code: d.code, kind: 'record' as const, recordId: d.subject, decidedBy: d.decided_by })));
  const lines = new Map<string, string>();
  for (const d of rows) {
    const since = changed.get(d.subject);
    if (since && since > d.decided_at) continue;
    const key = `${d.subject}\n${d.code}`;
    lines.set(key, dispositionText({ ...d, decidedByName: getAccount(env.store, d.decided_by)?.display_name ?? '', decidedAt: d.decided_at, selfReview: self.has(key) }, opts));
  }
  return (subject, code) => lines.get(`${subject}\n${code}`) ?? null;
}

/** The columns a correction changes that are no field of the record (its bookkeeping). */
const BOOKKEEPING = new Set(['amended_at', 'amend_count', 'status', 'void_reason', 'recorded_at', 'recorded_by', 'station']);
/** How much of a corrected value the paper quotes (a long note is in the record's history whole). */
const QUOTED = 40;

/**
 * Each correction and void of a record in words, from the journal, as a paper ledger's 訂正 shows the
 * old value struck beside the new: 訂正 R8.11.24 鈴木 陽子：用件 打合せ → 機器の搬入（UPS）（理由：…）,
 * 無効 R8.11.18 高橋 美穂. A walk-through: the paper said only 訂正あり, and a month corrected after its
 * seal printed the new value alone, the sealed one nowhere.
 */
function changeLines(env: SheetEnv, m: LedgerModule, table: string, opts: SheetOptions): (recordId: string) => string[] {
  const def = m.definition;
  const named = actorNamer(env.store);
  const nameOf = (actor: string) => named(actor) ?? '';
  const byColumn = new Map(def.fields.map((f) => [f.column, f]));
  const mark = dayMarker(NATIONAL_CALENDAR, opts.lang);
  const valueText = (f: FieldDef, v: unknown, row: Record<string, unknown>): string => {
    if (v === null || v === undefined || v === '') return t(opts.lang, 'print.changeEmpty');
    const own = m.print?.changeValue?.(env, f.column, v, row, opts.lang);
    if (own != null) return own;
    let value = v;
    if (f.type.kind === 'json' && typeof v === 'string') {
      try {
        value = JSON.parse(v);
      } catch {
        value = v;
      }
    }
    const name = f.type.kind === 'ref' ? String((env.store.stmt(`SELECT ${f.type.nameColumn} AS n FROM ${f.type.table} WHERE id = ?`).get(String(v)) as { n?: unknown } | undefined)?.n ?? '') : null;
    const text = paperText(cellOf(def, f, value, name, opts.lang, opts.calendar, mark)).replace(/\s*\n\s*/g, ' ');
    return text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text;
  };
  return (recordId) => {
    const out: string[] = [];
    for (const { row, before, after } of resolveHistory(env.store, env.store.history(table as JournaledTable, recordId))) {
      const who = { name: nameOf(row.actor), date: stampDate(row.at, opts) };
      if (row.action.endsWith('.void')) out.push(t(opts.lang, 'print.voidLine', who));
      if (!row.action.endsWith('.amend') || !before || !after) continue;
      const changed = Object.keys(after).filter((c) => !BOOKKEEPING.has(c) && byColumn.has(c) && JSON.stringify(before[c] ?? null) !== JSON.stringify(after[c] ?? null));
      const what = changed
        .map((c) => {
          const f = byColumn.get(c)!;
          return t(opts.lang, 'print.changeField', { field: t(opts.lang, f.label), before: valueText(f, before[c], before), after: valueText(f, after[c], after) });
        })
        .join(t(opts.lang, 'common.listSeparator'));
      // A personal value changed and erased since (retention): what it was is gone, said as on screen.
      out.push(t(opts.lang, 'print.changeLine', { ...who, what: what || t(opts.lang, 'history.erased'), reason: row.reason ?? '' }));
    }
    return out;
  };
}

/** A disposition in words: 対応：問題なし（説明）鈴木 花子 R8.11.05, or 是正済 with its cause and action. */
function dispositionText(d: Pick<DispositionInfo, 'disposition' | 'explanation' | 'cause' | 'action' | 'decidedByName' | 'decidedAt' | 'selfReview'>, opts: SheetOptions): string {
  const detail =
    d.disposition === 'no_issue'
      ? (d.explanation ?? '')
      : [d.cause && t(opts.lang, 'review.disposition.causeText', { text: d.cause }), d.action && t(opts.lang, 'review.disposition.actionText', { text: d.action })].filter(Boolean).join(t(opts.lang, 'review.disposition.separator'));
  const name = d.selfReview ? `${d.decidedByName}${t(opts.lang, 'print.selfReview')}` : d.decidedByName;
  return t(opts.lang, 'print.dispositionLine', { disposition: t(opts.lang, `review.disposition.${d.disposition}`), detail, name, date: stampDate(d.decidedAt, opts) });
}

/**
 * The month's items that are on no row of its sheet, each in words with its disposition or 未記入, as
 * the review lists them (review/unit-items.ts): the month's own anomalies (a business day without its
 * checklist, a system not checked, a door terminal's record that did not fit), the clock's, what was
 * carried in from the month before, changes to sealed months, anomalies a correction took away,
 * register changes, and an earlier month's record still open. Until a read-through only the month's
 * own were on paper, so a signed month's paper left out items its signer had disposed of.
 */
function itemLines(env: SheetEnv, src: ReviewSource, siteId: string, month: string, opts: SheetOptions, disposed: (subject: string, code: string) => string | null): string[] {
  const records = src.records(env, siteId, month);
  const onRows = new Set(records.map((r) => r.id));
  const words: ItemWords = {
    text: (key, params) => (lookup(opts.lang, key) === undefined ? key : t(opts.lang, key as MessageKey, params)),
    date: (day, weekday) => formatDate(day, opts.lang, { calendar: opts.calendar, weekday }),
    dateTime: (at) => formatDateTime(at, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }),
    month: (m) => formatMonth(m, opts.lang, { calendar: opts.calendar }),
    changeKind: (action) => words.text(changeKindKey(action, historyActionLabel)),
  };
  return itemsOf(env, src, siteId, month, records)
    .filter((it) => it.kind !== 'record' || !onRows.has(it.recordId ?? ''))
    .map((it) => {
      const what = reviewItemText(it, words);
      // Its dates in words, as the screen has them (a missing checklist's day, an earlier month's record).
      const label = it.label && itemLabel(it.label, words, colonOf(opts.lang));
      const when = it.at ? (/^\d{4}-\d{2}-\d{2}T/.test(it.at) ? words.dateTime(it.at) : it.at) : '';
      const head = [label ? `${label}${colonOf(opts.lang)}${what}` : what, when].filter(Boolean).join(' ');
      const kind = it.kind === 'month' ? '' : `［${t(opts.lang, `review.kinds.${it.kind}` as MessageKey)}］`;
      // A record's (an earlier month's, still open) as on the rows; any other as the review has it now
      // (a 要対応 carried in and decided again since is to be decided again: a review found it printed).
      const decided = it.kind === 'record' ? disposed(it.subject, it.code) : it.disposition ? dispositionText(it.disposition, opts) : null;
      // What it names under it (a 封印後修正's changed fields and reason) as on the screen.
      return [`${kind}${head}`, ...(it.facts ?? []).map((f) => factLine(f, opts)), decided ?? t(opts.lang, 'print.dispositionNone')].join('\n');
    });
}

/**
 * The column width (in the sheet's relative units: one is about a tenth of A4 landscape's width less
 * its margins shared by thirteen columns) that holds a word on one line: a full-width character is
 * about 0.3, a half-width one half that, and the cell's padding one more full-width character.
 */
function widthOfWord(word: string): number {
  const chars = [...word].reduce((n, ch) => n + charWidth(ch), 0);
  return (chars + 0.9) * 0.3;
}

/**
 * A character's width in full-width characters, in the sheet's font (Noto Sans CJK's Latin is
 * proportional: a capital or a digit is about 0.6, a small letter about 0.52; counted as 0.5 alike,
 * USB-HQ-02 was cut on the checkout record as USB-HQ-｜02).
 */
function charWidth(ch: string): number {
  if (ch === ' ') return 0.25;
  if (/[A-Z0-9#%&@=+~_$]/.test(ch)) return 0.62;
  if (/[\p{ASCII}\u00a0-\u00ff]/u.test(ch)) return 0.52;
  if (/[\uff61-\uff9f]/u.test(ch)) return 0.5; // half-width katakana
  return 1;
}

/** A heading's width: a long one takes two lines (指定した／会社代表者); a short one, one. */
function headingWidth(label: string): number {
  const w = widthOfWord(label);
  return w > 2.4 ? w / 2 + 0.3 : w;
}

/**
 * What every sheet's columns are held to, a ledger's own layout too (the server-room book's fixed
 * widths): a column with nothing in it this month is as wide as its heading (備考, 無効にした理由 are
 * mostly empty: a walk-through found them wide on the book), and a column holding a short date keeps
 * each whole on its line (11/3（火・祝）: the book broke it as 「11/3（火・」).
 */
function settleColumns(body: SheetBody): SheetBody {
  const columns = body.columns.map((c, i) => {
    const cells = body.rows.map((r) => r.cells[i] ?? '');
    if (cells.every((x) => paperText(x) === '')) return { ...c, width: Math.min(c.width, Math.max(1.2, headingWidth(c.label))) };
    return { ...c, width: Math.max(c.width, datesWidth(cells)) };
  });
  return { ...body, columns };
}

/** The width that holds the widest short date of these cells whole on its line (0 when they have none). */
function datesWidth(cells: readonly SheetCell[]): number {
  return Math.max(0, ...cells.flatMap((c) => paperText(c).match(UNBROKEN_DATES) ?? []).map(widthOfWord));
}

/** A4 landscape less its margins, in the units of widthOfWord (one is about 10 mm at the sheet's 8.5 pt). */
const PAGE_UNITS = 27.7;

/** A one-line text of at most this many characters is a name (氏名, 会社名, 保管場所): printed whole like a code, never narrowed for the page. */
const NAME_MAX = 60;

/** The widest a one-line text's column grows to hold its longest value (about sixteen full-width characters). */
const TEXT_FIT = 5.1;

/** The widest a time's column grows: 12/20 23:59 on one line, not a day off's weekday with it. */
const TIME_FIT = 2.2;

/**
 * Columns that together are wider than the page give the excess first from their free text (down to
 * its heading, or six characters a line), then from what a name or a code was widened by to hold this month's longest
 * (down to its column's usual width), never from a time or a choice: the page shares the width out,
 * and a wide row cut every column alike (a CLI test: the checkout record with データの扱い and 備考
 * printed its asset tags as PC-NGY-｜01; the visitors' paper, its names widened, 来客室の｜み).
 */
function fitToPage(columns: { label: string; width: number; free: number | null; usual?: number; time?: boolean; keep?: boolean }[], state: number): PrintSheet['columns'] {
  let widths = columns.map((c) => c.width);
  const rounds = [
    columns.map((c) => (c.free === null ? null : Math.max(1.8, c.free))),
    // A time gives its one line before a name does (株式会社ネクストシステム｜ズ for 11/2 11:40 on one line).
    columns.map((c) => (c.usual === undefined || !c.time ? null : c.usual)),
    columns.map((c) => (c.usual === undefined ? null : c.usual)),
  ];
  for (const floor of rounds) {
    const excess = widths.reduce((a, b) => a + b, 0) - (PAGE_UNITS - state);
    if (excess <= 0) break;
    const give = widths.map((w, i) => (floor[i] === null ? 0 : Math.max(0, w - floor[i]!)));
    const room = give.reduce((a, b) => a + b, 0);
    const share = room > 0 ? Math.min(1, excess / room) : 0;
    widths = widths.map((w, i) => w - give[i] * share);
  }
  return columns.map((c, i) => ({ label: c.label, width: widths[i], ...(c.keep ? { keep: true } : {}) }));
}

/** Facts of an anomaly the record's row shows in its own columns. */
const ON_THE_ROW: readonly ReviewFact['term'][] = ['ngItems', 'dueAt', 'returnedAt'];

/** What an item names under it (who was still in the server room, which fields a correction changed), on a line of its own. */
function factLine(f: ReviewFact, opts: SheetOptions): string {
  const value = (v: ReviewFact['values'][number]) => {
    const main = v.at ? formatDateTime(v.at, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }) : v.key ? t(opts.lang, v.key) : (v.text ?? '');
    return v.note ? withNote(opts.lang, main, v.note) : main;
  };
  return `${t(opts.lang, `review.facts.${f.term}`)}${colonOf(opts.lang)}${listOf(opts.lang, f.values.map(value))}`;
}

/** A kit ledger's sheet: its fields (not the site: the sheet is one site's), in the definition's order. */
function kitColumns(m: LedgerModule, env: SheetEnv, siteId: string, month: string, src: ReviewSource, opts: SheetOptions): SheetBody {
  const def = m.definition;
  const book = m as RecordBook<LedgerDefinition>;
  const fields = def.fields.filter((f) => f.key !== def.siteField && ((f.inPrint ?? f.inList !== false) || f.type.kind === 'json'));
  const timeCol = def.fields.find((f) => f.key === def.timeField)!.column;
  // Each record's anomalies in words (a walk-through: a lost laptop and one not returned read as blank return dates).
  // What one names under it (who was still in the server room when the last person left…) on lines of
  // its own; the checklist's NG items are on the row already, in its items column.
  // (Not what the row says in its own columns: the NG items, a checkout's due and return times.)
  // One said for information (SPEC §4.2: a cabinet locked by another than its opener) is marked so: it asks no
  // disposition, and an auditor read one with none beside it as left unanswered (a walk-through).
  const said = (a: LedgerAnomaly) => t(opts.lang, anomalyKey(def, a.code), a.params) + (src.informational?.includes(a.code) ? t(opts.lang, 'print.informational') : '');
  const anomaly = (a: LedgerAnomaly) => [said(a), ...(a.facts ?? []).filter((f) => !ON_THE_ROW.includes(f.term)).map((f) => factLine(f, opts))].join('\n');
  const records = book.select(env, src.monthWhere, { siteId, ...src.monthParams(month) }, `${timeCol}, id`);
  const mark = dayMarker(siteCalendar(env.settings, siteId), opts.lang);
  const cells = records.map((r) => fields.map((f) => (r.personalErasedAt && def.personal?.includes(f.key) && r[f.key] == null ? t(opts.lang, 'history.erased') : cellOf(def, f, r[f.key], r.names[f.key], opts.lang, opts.calendar, mark))));
  // A one-line text, a name or a code as wide as this month's longest, up to TEXT_FIT (a company's name
  // whole on its line: the visitors' paper printed 株式会社ネクス｜トシステムズ in a column as wide as 用件).
  // A time on one line where the page has room (10/20 09:30; a day off's weekday takes a second line).
  const fitted = (i: number, f: (typeof fields)[number]) =>
    (f.type.kind === 'text' && !f.type.multiline) || f.type.kind === 'ref' || f.type.kind === 'instant'
      ? Math.min(f.type.kind === 'instant' ? TIME_FIT : TEXT_FIT, cells.reduce((w, c) => Math.max(w, widthOfWord(paperText(c[i]))), 0))
      : 0;
  const rows: SheetRow[] = records.map((r, n) => ({
    cells: [...cells[n], r.voidReason ?? ''],
    anomalies: r.status === 'void' ? [] : r.anomalies.map(anomaly),
    dispositions: r.status === 'void' ? [] : r.anomalies.map((a) => opts.disposed?.(r.id, a.code) ?? null),
    changes: r.amendCount > 0 || r.status === 'void' ? opts.changes?.(r.id) : undefined,
    void: r.status === 'void',
    amended: r.amendCount > 0,
    sealedChange: r.sealedChange,
  }));
  return {
    columns: fitToPage([
      // A name or a code (a ref) whole on its line; free text takes what is left (the checkout record has fourteen columns on A4).
      // …and never narrower than its heading or a choice's longest word (a walk-through: ゲストカー｜ド, 来客室の｜み).
      ...fields.map((f, i) => {
        const label = t(opts.lang, f.label);
        const choices = f.type.kind === 'enum' ? f.type.values.map((v) => widthOfWord(t(opts.lang, enumLabelKey(def, f.key, v)))) : [];
        const heading = headingWidth(label);
        // A column with nothing in it this month is as wide as its heading (指定した会社代表者, 備考 are mostly empty).
        if (cells.every((c) => paperText(c[i]) === '')) return { label, width: Math.max(1.2, heading), free: null };
        const free = f.type.kind === 'text' && (f.type.multiline || f.type.max > NAME_MAX);
        // A name or a code is as wide as it needs (高橋 誠 is narrower than 株式会社ネクストシステムズ); free text starts at 2.4.
        const name = (f.type.kind === 'text' && !free) || f.type.kind === 'ref';
        // A day off's date whole on its line (11/3（火・祝）): a floor the page never takes from (settleColumns would widen it after the fit, and narrow the names kept whole).
        const usual = Math.max(name ? 1.2 : f.type.kind === 'json' ? 3 : f.type.kind === 'text' ? 2.4 : f.type.kind === 'instant' ? 1.6 : 1.4, heading, ...choices, datesWidth(cells.map((c) => c[i])));
        return { label, width: Math.max(usual, fitted(i, f)), free: free ? heading : null, usual, time: f.type.kind === 'instant' };
      }),
      { label: t(opts.lang, 'ledgerKit.history.voidReason'), width: 1.6, free: null, keep: true },
    ], stateWidth(rows)),
    rows,
  };
}

const ERA_INITIALS: Record<string, string> = { 令和: 'R', 平成: 'H', 昭和: 'S' };

/** A seal's date as a date stamp has it, with its year: R8.12.01 (和暦), or 2026.12.01. */
export function stampDate(at: string, opts: Pick<SheetOptions, 'lang' | 'calendar'>): string {
  const [y, m, d] = jstDate(new Date(at)).split('-');
  const era = opts.lang === 'ja' && opts.calendar === 'wareki' ? warekiYear(new Date(at), { timeZone: 'Asia/Tokyo' }) : null;
  return `${era ? `${ERA_INITIALS[era.era] ?? era.era}${era.year}` : y}.${m}.${d}`;
}

/**
 * The stamp boxes of the form, filled from the month's standing seals whose signature holds: 承認 in
 * the last box, 確認 in the one before. The seal says what it means itself (a box's label is a
 * setting, the meaning is what was signed); one that does not hold is printed as such, never as a seal.
 */
function stampsOf(seals: SealRow[], holds: (s: SealRow) => boolean, labels: string[], opts: SheetOptions): StampBox[] {
  const boxes: StampBox[] = labels.map((label) => ({ label, seal: null }));
  const standing = seals.filter((s) => s.status === 'sealed');
  const fill = (i: number, s: SealRow | undefined) => {
    if (i < 0 || !s || !boxes[i]) return;
    if (!holds(s)) boxes[i].broken = true;
    else boxes[i].seal = { familyName: s.signer_name.split(/[\s\u3000]/)[0], meaning: t(opts.lang, `review.sign.meanings.${s.meaning}`), date: stampDate(s.signed_at, opts) };
  };
  fill(boxes.length - 1, standing.filter((s) => s.meaning === 'approve').at(-1));
  fill(boxes.length - 2, standing.filter((s) => s.meaning === 'confirm').at(-1));
  return boxes;
}

/**
 * Each standing seal in full: what it means, its signer with their capacity, when to the minute, and
 * its key's fingerprint — and the key's revocation (when, why) if it came since (a walk-through: the
 * stamp box gave only a family name and a date, and the paper never said who signed as what, or when).
 */
function keyNotes(store: Store, seals: SealRow[], opts: SheetOptions): string[] {
  const out: string[] = [];
  for (const s of seals) {
    const k = store.stmt('SELECT public_key, revoked_at, revoke_reason FROM signing_keys WHERE id = ?').get(s.key_id) as { public_key: string; revoked_at: string | null; revoke_reason: string | null } | undefined;
    if (!k) continue;
    const base = t(opts.lang, 'print.key', {
      meaning: t(opts.lang, `review.sign.meanings.${s.meaning}`),
      name: s.signer_name,
      role: t(opts.lang, s.signer_role === 'designated' ? 'review.designatedRole' : `common.roles.${s.signer_role}`),
      at: formatDateTime(s.signed_at, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }),
      fingerprint: fingerprint(k.public_key),
    });
    out.push(
      k.revoked_at
        ? `${base} ${t(opts.lang, 'print.keyRevoked', { date: formatDate(jstDate(new Date(k.revoked_at)), opts.lang, { calendar: opts.calendar }), reason: t(opts.lang, `review.keys.reasons.${k.revoke_reason ?? ''}`) })}`
        : base,
    );
  }
  return out;
}

/** The month's reopened seals that hold (signed, and reopened by a safety manager's own key), each in words. */
function reopenNotes(store: Store, seals: SealRow[], opts: SheetOptions): string[] {
  const when = (at: string) => formatDateTime(at, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' });
  // In the order signed; 確認 before 承認 signed in the same minute.
  const order = (s: SealRow) => `${s.signed_at}\n${s.meaning === 'confirm' ? 0 : 1}`;
  return [...seals].sort((a, b) => order(a).localeCompare(order(b))).map((s) =>
    t(opts.lang, 'print.reopenedLine', {
      meaning: t(opts.lang, `review.sign.meanings.${s.meaning}`), signer: s.signer_name, signedAt: when(s.signed_at),
      at: when(s.reopened_at ?? ''), by: (s.reopened_by ? getAccount(store, s.reopened_by)?.display_name : null) ?? '', reason: s.reopen_reason ?? '',
    }),
  );
}

export function buildSheet(env: SheetEnv, modules: readonly LedgerModule[], sources: readonly ReviewSource[], ledger: string, siteId: string, month: string, opts: SheetOptions): PrintSheet {
  const src = sources.find((s) => s.key === ledger);
  if (!src) throw new DaichoError('invalid_input', 'review.errors.unknown_ledger', 'ledger');
  const site = env.store.rowById('sites', siteId);
  if (!site) throw new DaichoError('not_found', 'errors.not_found', 'siteId');
  const m = modules.find((x) => x.definition.key === ledger);
  if (!m) throw new DaichoError('invalid_input', 'review.errors.unknown_ledger', 'ledger');
  const seals = env.store.stmt('SELECT * FROM seals WHERE ledger = ? AND site_id = ? AND month = ? ORDER BY signed_at, id').all(ledger, siteId, month) as SealRow[];
  const holding = new Map<string, boolean>();
  const holds = (s: SealRow) => holding.get(s.id) ?? holding.set(s.id, sealHolds(env.store, s)).get(s.id)!;
  // Sealed only by a seal that holds: one made or copied outside the app leaves the month 未確認 on paper.
  const standing = seals.filter((s) => s.status === 'sealed' && holds(s)).at(-1);
  const disposed = dispositionLines(env, src, siteId, month, opts);
  const withDispositions = { ...opts, disposed, changes: changeLines(env, m, src.table, opts) };
  const body = settleColumns(m.print ? m.print.body(env, siteId, month, withDispositions) : kitColumns(m, env, siteId, month, src, withDispositions));
  // Headed as it was when it was first signed (PAPER_SETTINGS): a change between the 確認 and the 承認
  // does not move the first seal's box (a second probe); a month not signed, as the settings are now.
  const asSigned = seals.find((s) => s.status === 'sealed' && holds(s))?.signed_at;
  return {
    ledger,
    lang: opts.lang,
    title: t(opts.lang, src.titleKey),
    company: env.settings.getAt('company.name', asSigned),
    site: String(site.name),
    period: formatMonth(month, opts.lang, { calendar: opts.calendar }),
    month,
    ...body,
    stamps: stampsOf(seals, holds, env.settings.getAt('print.stampLabels', asSigned).split('、'), opts),
    keys: keyNotes(env.store, seals.filter((s) => s.status === 'sealed' && holds(s)), opts),
    reopened: reopenNotes(env.store, seals.filter((s) => s.status === 'reopened' && holds(s)), opts),
    monthItems: itemLines(env, src, siteId, month, opts, disposed),
    movedOut: movedOutOf(env.store, src, siteId, month).map((m) =>
      t(opts.lang, m.now ? 'print.movedOutTo' : 'print.movedOutNone', {
        at: formatDateTime(m.changedAt, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }), by: m.changedByName ?? '', reason: m.reason ?? '',
        site: m.now?.siteName ?? '', month: m.now ? formatMonth(m.now.month, opts.lang, { calendar: opts.calendar }) : '',
      }),
    ),
    digest: standing ? standing.digest.slice(0, 16) : null,
    // Sealed by others only where the ledger's own checker must sign too (the server-room book: Art. 13(1)).
    awaiting: standing && src.completedBy && !completed(env.store, seals, src.completedBy) ? t(opts.lang, 'print.awaiting.safety_manager') : null,
    printedBy: opts.printedBy,
    printedAt: formatDateTime(env.now, opts.lang, { calendar: opts.calendar, timeZone: 'Asia/Tokyo' }),
    words: {
      keys: t(opts.lang, 'print.keys'),
      reopened: t(opts.lang, 'print.reopened'),
      movedOut: t(opts.lang, 'print.movedOut'),
      monthItems: t(opts.lang, 'print.monthItems'),
      state: t(opts.lang, 'print.state'),
      unsigned: t(opts.lang, 'print.unsigned'),
      broken: t(opts.lang, 'print.brokenSeal'),
      void: t(opts.lang, 'print.void'),
      amended: t(opts.lang, 'print.amended'),
      sealedChange: t(opts.lang, 'review.detail.sealedChange'),
      digest: t(opts.lang, 'print.digest'),
      printedBy: t(opts.lang, 'print.printedBy'),
      page: t(opts.lang, 'print.page'),
      none: t(opts.lang, 'print.none'),
    },
  };
}
