import { formatDate, formatMonth, warekiYear, type Calendar } from '../../../shared/dates';
import { jstDate, jstTime, NATIONAL_CALENDAR, type BusinessCalendar } from '../../../shared/calendar';
import { enumLabelKey, type FieldDef, type LedgerAnomaly, type LedgerDefinition } from '../../../shared/ledgers/kit';
import { translate, lookup, type Language, type MessageKey } from '../../../shared/i18n';
import type { PrintSheet, SheetCell, SheetRow } from '../../../shared/print/sheet';
import { csvDate, csvDateTime, csvMonth } from '../../../shared/print/csv';
import type { ReadContext } from '../ledgers/kit/record-book';
import { colonOf, withNote } from '../../../shared/i18n/punct';
import { checkItemKey } from '../../../shared/ledgers/lastExit';

// A sheet's parts that stand alone (sheets.ts builds the sheet): what building one reads and is asked,
// the words of its language, and its cells — every date, time and field value as paper and the CSV have it.

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
  /** A record's anomalies on its row: its own now, and in a sealed month those a change after the seal took away (anomaliesOnPaper). */
  onPaper?: (recordId: string, status: unknown, now: readonly LedgerAnomaly[]) => LedgerAnomaly[];
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
export function cellOf(def: LedgerDefinition, f: FieldDef, value: unknown, name: string | null | undefined, lang: Language, calendar: SheetOptions['calendar'], mark: DayMarker): SheetCell {
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

const ERA_INITIALS: Record<string, string> = { 令和: 'R', 平成: 'H', 昭和: 'S' };

/** A seal's date as a date stamp has it, with its year: R8.12.01 (和暦), or 2026.12.01. */
export function stampDate(at: string, opts: Pick<SheetOptions, 'lang' | 'calendar'>): string {
  const [y, m, d] = jstDate(new Date(at)).split('-');
  const era = opts.lang === 'ja' && opts.calendar === 'wareki' ? warekiYear(new Date(at), { timeZone: 'Asia/Tokyo' }) : null;
  return `${era ? `${ERA_INITIALS[era.era] ?? era.era}${era.year}` : y}.${m}.${d}`;
}
