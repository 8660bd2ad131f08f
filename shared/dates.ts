// Date helpers for display: 和暦 (Japanese era) by default for Japanese, 西暦 on request.
// Pure and platform-neutral (Intl only), so the renderer, print layouts and the core share them.
//
// Two kinds of value reach the screen:
// - an instant: ISO 8601 with offset ("2026-11-27T05:00:00.000Z"), shown in the local time zone
//   (or the one given);
// - a plain date: "YYYY-MM-DD" (a planned deletion date, a business day), which has no time zone
//   and must never shift by a day when shown.

export type DisplayLanguage = 'ja' | 'en';
export type Calendar = 'wareki' | 'seireki';

export interface DateFormatOptions {
  /** 'wareki' (令和8年11月27日, the default for Japanese) or 'seireki' (2026年11月27日). */
  calendar?: Calendar;
  /** IANA zone for instants; default: the runtime's own zone. Ignored for plain dates. */
  timeZone?: string;
  /** Add the day of the week: 令和8年11月27日（金）. */
  weekday?: boolean;
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN_MONTH = /^(\d{4})-(\d{2})$/;

/**
 * UTC midnight of a day, for any year: Date.UTC reads a year below 100 as 19xx (0099 → 1999), which
 * made such a day fail every check made of it after it was stored (an insider probe).
 */
export function utcDayMs(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

/** True for a calendar date "YYYY-MM-DD" that exists (no 2026-02-30). */
export function isPlainDate(value: string): boolean {
  const m = PLAIN_DATE.exec(value);
  if (!m) return false;
  const d = new Date(utcDayMs(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * The earliest day a record may be dated (Japan time): these ledgers replace paper kept from now on,
 * and a year typed wrong (0099, 1026) is refused at its field, not stored. Every instant, date and
 * month of the API is checked against it (api/schemas.ts).
 */
export const EARLIEST_DAY = '2000-01-01';
/**
 * The last day any date, month or time may name: a month of 9999 made the next month's due day
 * (year 10000) fail inside the core (a bad-input probe: 9999-12 gave an internal error).
 */
export const LATEST_DAY = '2999-12-31';

/** A value to show: a Date, an ISO instant or a plain date; returns the Date and the zone to use. */
function resolve(value: Date | string, timeZone: string | undefined): { date: Date; timeZone: string | undefined } | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { date: value, timeZone };
  if (isPlainDate(value)) {
    const m = PLAIN_DATE.exec(value)!;
    // A plain date is a calendar day: format its UTC midnight in UTC so it never moves.
    return { date: new Date(utcDayMs(+m[1], +m[2] - 1, +m[3])), timeZone: 'UTC' };
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : { date: d, timeZone };
}

function locale(lang: DisplayLanguage, calendar: Calendar): string {
  if (lang === 'en') return 'en-US';
  return calendar === 'wareki' ? 'ja-JP-u-ca-japanese' : 'ja-JP';
}

function dateParts(lang: DisplayLanguage, calendar: Calendar): Intl.DateTimeFormatOptions {
  if (lang === 'en') return { year: 'numeric', month: 'short', day: 'numeric' };
  return calendar === 'wareki' ? { era: 'long', year: 'numeric', month: 'long', day: 'numeric' } : { year: 'numeric', month: 'long', day: 'numeric' };
}

/** Japanese weekday in full-width brackets, as on office forms: （金）. */
function jaWeekday(date: Date, timeZone: string | undefined): string {
  return `（${new Intl.DateTimeFormat('ja-JP', { weekday: 'short', timeZone }).format(date)}）`;
}

/**
 * A date for people: 令和8年11月27日 (ja, default), 2026年11月27日 (ja, 西暦), Nov 27, 2026 (en).
 * Invalid input is returned as it was, so a bad value is visible rather than hidden.
 */
export function formatDate(value: Date | string, lang: DisplayLanguage = 'ja', opts: DateFormatOptions = {}): string {
  const r = resolve(value, opts.timeZone);
  if (!r) return String(value);
  const calendar = opts.calendar ?? 'wareki';
  if (lang === 'en') {
    return new Intl.DateTimeFormat('en-US', { ...dateParts(lang, calendar), ...(opts.weekday ? { weekday: 'short' } : {}), timeZone: r.timeZone }).format(r.date);
  }
  const text = new Intl.DateTimeFormat(locale(lang, calendar), { ...dateParts(lang, calendar), timeZone: r.timeZone }).format(r.date);
  return opts.weekday ? text + jaWeekday(r.date, r.timeZone) : text;
}

/** A date and time: 令和8年11月27日 14:05 (ja) or Nov 27, 2026, 14:05 (en). 24-hour clock. */
export function formatDateTime(value: Date | string, lang: DisplayLanguage = 'ja', opts: DateFormatOptions & { seconds?: boolean } = {}): string {
  const r = resolve(value, opts.timeZone);
  if (!r) return String(value);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZone: r.timeZone,
  }).format(r.date);
  const date = formatDate(r.date, lang, { ...opts, timeZone: r.timeZone });
  return lang === 'en' ? `${date}, ${time}` : `${date} ${time}`;
}

/**
 * A date and time for a dense list: 11月30日 21:01 (ja) or Nov 30, 21:01 (en) within the year of
 * `now`, the full form otherwise (the list's month says the year; the full form is on hover).
 */
export function formatDateTimeShort(value: Date | string, lang: DisplayLanguage = 'ja', now: Date = new Date(), timeZone?: string): string {
  const r = resolve(value, timeZone);
  if (!r) return String(value);
  const year = (d: Date) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: r.timeZone }).format(d);
  if (year(r.date) !== year(now)) return formatDateTime(value, lang, { timeZone });
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: r.timeZone }).formatToParts(r.date).map((p) => [p.type, p.value]),
  );
  // en-GB pads the day and month ("01"); a Japanese office writes 12月1日.
  const day = Number(parts.day);
  if (lang === 'en') return `${new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: r.timeZone }).format(r.date)} ${day}, ${parts.hour}:${parts.minute}`;
  return `${Number(parts.month)}月${day}日 ${parts.hour}:${parts.minute}`;
}

/**
 * A day for a dense list, as formatDateTimeShort writes its date: 12月4日（金） (ja) or Fri, Dec 4 (en) within the year
 * of `now`, the full form otherwise (a user probe: a list's day read 令和8年12月4日（金） beside 12月4日 20:41).
 */
export function formatDateShort(value: Date | string, lang: DisplayLanguage = 'ja', now: Date = new Date(), timeZone?: string): string {
  const r = resolve(value, timeZone);
  if (!r) return String(value);
  // A plain date's year is its own (resolve reads it in UTC); now's is the display zone's.
  const year = (d: Date, zone: string | undefined) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: zone }).format(d);
  if (year(r.date, r.timeZone) !== year(now, timeZone)) return formatDate(value, lang, { weekday: true, timeZone });
  if (lang === 'en') return new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: r.timeZone }).format(r.date);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { month: 'numeric', day: 'numeric', timeZone: r.timeZone }).formatToParts(r.date).map((p) => [p.type, p.value]));
  return `${Number(parts.month)}月${Number(parts.day)}日${jaWeekday(r.date, r.timeZone)}`;
}

/** A month "YYYY-MM": 令和8年11月 (ja), 2026年11月 (ja, 西暦), November 2026 (en). */
export function formatMonth(month: string, lang: DisplayLanguage = 'ja', opts: Pick<DateFormatOptions, 'calendar'> = {}): string {
  const m = PLAIN_MONTH.exec(month);
  if (!m || +m[2] < 1 || +m[2] > 12) return month;
  const date = new Date(utcDayMs(+m[1], +m[2] - 1, 1));
  const calendar = opts.calendar ?? 'wareki';
  if (lang === 'en') return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
  const parts: Intl.DateTimeFormatOptions = calendar === 'wareki' ? { era: 'long', year: 'numeric', month: 'long' } : { year: 'numeric', month: 'long' };
  return new Intl.DateTimeFormat(locale(lang, calendar), { ...parts, timeZone: 'UTC' }).format(date);
}

/** The era and year of a date, e.g. { era: '令和', year: 8 } (year 1 is written 元年 on paper). */
export function warekiYear(value: Date | string, opts: Pick<DateFormatOptions, 'timeZone'> = {}): { era: string; year: number } | null {
  const r = resolve(value, opts.timeZone);
  if (!r) return null;
  const parts = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: r.timeZone }).formatToParts(r.date);
  const era = parts.find((p) => p.type === 'era')?.value ?? '';
  const y = parts.find((p) => p.type === 'year')?.value ?? '';
  return { era, year: y === '元' ? 1 : Number.parseInt(y, 10) };
}

/** The calendar day of an instant in a time zone, as "YYYY-MM-DD" (default: the runtime's zone). */
export function toPlainDate(value: Date | string, timeZone?: string): string {
  const d = value instanceof Date ? value : new Date(value);
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(d);
}

/** Add days to a plain date, across months and years: addDays('2026-12-31', 1) = '2027-01-01'. */
export function addDays(plainDate: string, days: number): string {
  const m = PLAIN_DATE.exec(plainDate);
  if (!m) throw new RangeError(`not a plain date: ${plainDate}`);
  const d = new Date(utcDayMs(+m[1], +m[2] - 1, +m[3] + days));
  return d.toISOString().slice(0, 10);
}
