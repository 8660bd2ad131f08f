import holidayJp from '@holiday-jp/holiday_jp';
import { addDays, isPlainDate, utcDayMs } from './dates';

// The business calendar (SPEC §4.4) and Japan-time helpers for business rules.
//
// Every business rule judges time in Japan (Asia/Tokyo), whatever the PC's own zone; instants are
// stored as ISO UTC. Japan has had no daylight saving since 1951, so JST is a fixed UTC+9 and the
// arithmetic below needs no time-zone database: pure, and safe in the renderer and in Node.
// National holidays come from @holiday-jp/holiday_jp (a maintained list; it covers 1970–2050).

export const BUSINESS_TIME_ZONE = 'Asia/Tokyo';
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

type Instant = string | Date | number;

function ms(at: Instant): number {
  const t = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(t)) throw new RangeError(`not an instant: ${String(at)}`);
  return t;
}

function plainDateMs(date: string): number {
  if (!isPlainDate(date)) throw new RangeError(`not a plain date: ${date}`);
  return utcDayMs(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
}

/** Each Japan day's "YYYY-MM-DD" by its number since 1970: a month's review asks it of thousands of records on a few dozen days. */
const dayTexts = new Map<number, string>();

/** The Japan calendar day of an instant: "YYYY-MM-DD". */
export function jstDate(at: Instant): string {
  const day = Math.floor((ms(at) + JST_OFFSET_MS) / DAY_MS);
  let text = dayTexts.get(day);
  if (text === undefined) {
    if (dayTexts.size > 100_000) dayTexts.clear();
    dayTexts.set(day, (text = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  }
  return text;
}

/** Whether an instant is on an earlier Japan day than now (a stay or a visit of a day gone by; a person at a past time). */
export function beforeToday(at: Instant, now: Instant = new Date()): boolean {
  return jstDate(at) < jstDate(now);
}

/** The Japan month of an instant: "YYYY-MM". */
export function jstMonth(at: Instant): string {
  return jstDate(at).slice(0, 7);
}

/** Milliseconds since Japan midnight (0 ≤ n < 86 400 000). */
export function jstMsOfDay(at: Instant): number {
  return (((ms(at) + JST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The minute an instant is in (its seconds dropped): times are typed to the minute, the app's "now" to the millisecond. */
export function toMinute(at: string): string {
  return new Date(Math.floor(Date.parse(at) / 60_000) * 60_000).toISOString();
}

/** "HH:MM" of an instant in Japan time. */
export function jstTime(at: Instant): string {
  const minutes = Math.floor(jstMsOfDay(at) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "HH:MM" → minutes since midnight; "24:00" is allowed as the end of the day. */
export function parseTimeOfDay(hhmm: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m || (m[1] === '24' && m[2] !== '00')) throw new RangeError(`not a time of day: ${hhmm}`);
  return +m[1] * 60 + +m[2];
}

export function isTimeOfDay(hhmm: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(hhmm);
}

/** The instant a Japan calendar day starts (00:00 JST). */
export function jstDayStart(date: string): Date {
  return new Date(plainDateMs(date) - JST_OFFSET_MS);
}

/** The instant a Japan calendar day ends: the next day's 00:00 JST (exclusive). */
export function jstDayEnd(date: string): Date {
  return new Date(plainDateMs(date) - JST_OFFSET_MS + DAY_MS);
}

/** The instant of a Japan local date and time, e.g. jstInstant('2026-11-23', '08:00'). */
export function jstInstant(date: string, hhmm: string, seconds = 0): Date {
  return new Date(jstDayStart(date).getTime() + parseTimeOfDay(hhmm) * 60_000 + seconds * 1000);
}

/** [start, end) of a Japan month "YYYY-MM", as instants. */
export function jstMonthRange(month: string): { start: Date; end: Date } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const y = +m[1];
  const mo = +m[2];
  return {
    start: new Date(utcDayMs(y, mo - 1, 1) - JST_OFFSET_MS),
    end: new Date(utcDayMs(y, mo, 1) - JST_OFFSET_MS),
  };
}

/** Every day of a month "YYYY-MM", in order. */
export function daysOfMonth(month: string): string[] {
  const { start, end } = jstMonthRange(month);
  const days: string[] = [];
  for (let d = jstDate(start); jstDayStart(d) < end; d = addDays(d, 1)) days.push(d);
  return days;
}

/** 0 = Sunday … 6 = Saturday, of a plain date. */
export function weekdayOf(date: string): number {
  return new Date(plainDateMs(date)).getUTCDay();
}

export interface NationalHoliday {
  date: string;
  name: string;
  nameEn: string;
}

const HOLIDAYS = holidayJp.holidays as unknown as Record<string, { name: string; name_en: string } | undefined>;

/** The national holiday (国民の祝日・振替休日・国民の休日) on a date, or null. */
export function nationalHoliday(date: string): NationalHoliday | null {
  const h = Object.prototype.hasOwnProperty.call(HOLIDAYS, date) ? HOLIDAYS[date] : undefined;
  return h ? { date, name: h.name, nameEn: h.name_en } : null;
}

let englishNames: Map<string, string> | null = null;
/** A national holiday's English name from its Japanese one (an anomaly keeps the name alone), else the name as given. */
export function holidayNameEn(name: string): string {
  englishNames ??= new Map(Object.values(HOLIDAYS).flatMap((h) => (h ? [[h.name, h.name_en] as const] : [])));
  return englishNames.get(name) ?? name;
}

export function isNationalHoliday(date: string): boolean {
  return nationalHoliday(date) !== null;
}

/**
 * A site's own calendar on top of the national one (SPEC §4.4): extra company holidays
 * (年末年始, 創立記念日…) and worked holidays — weekends or national holidays the site works,
 * which count as business days (and so need a last-exit checklist too).
 */
export interface CompanyCalendar {
  companyHolidays?: readonly string[];
  workedHolidays?: readonly string[];
}

export type DayKind = 'business' | 'worked_holiday' | 'weekend' | 'national_holiday' | 'company_holiday';

export interface DayInfo {
  date: string;
  weekday: number;
  kind: DayKind;
  business: boolean;
  holidayName: string | null;
}

export interface BusinessCalendar {
  day(date: string): DayInfo;
  isBusinessDay(date: string): boolean;
  businessDaysOfMonth(month: string): string[];
}

export function makeBusinessCalendar(company: CompanyCalendar = {}): BusinessCalendar {
  const companyHolidays = new Set(company.companyHolidays ?? []);
  const worked = new Set(company.workedHolidays ?? []);
  // A month's review judges thousands of records on a few dozen days: each day is worked out once.
  const known = new Map<string, DayInfo>();
  const day = (date: string): DayInfo => {
    let info = known.get(date);
    if (!info) known.set(date, (info = dayOf(date)));
    return info;
  };
  const dayOf = (date: string): DayInfo => {
    const weekday = weekdayOf(date);
    const holiday = nationalHoliday(date);
    const base = { date, weekday, holidayName: holiday?.name ?? null };
    // A worked holiday wins over everything: the site decided to work that day.
    if (worked.has(date)) return { ...base, kind: 'worked_holiday', business: true };
    if (companyHolidays.has(date)) return { ...base, kind: 'company_holiday', business: false };
    if (holiday) return { ...base, kind: 'national_holiday', business: false };
    if (weekday === 0 || weekday === 6) return { ...base, kind: 'weekend', business: false };
    return { ...base, kind: 'business', business: true };
  };
  return {
    day,
    isBusinessDay: (date) => day(date).business,
    businessDaysOfMonth: (month) => daysOfMonth(month).filter((d) => day(d).business),
  };
}

/** The national calendar alone: weekends and national holidays are not business days. */
export const NATIONAL_CALENDAR: BusinessCalendar = makeBusinessCalendar();

/** The month after a Japan month "YYYY-MM". */
export function nextMonth(month: string): string {
  return jstMonth(jstMonthRange(month).end);
}

/** The month before a Japan month "YYYY-MM". */
export function previousMonth(month: string): string {
  return jstMonth(new Date(jstMonthRange(month).start.getTime() - 1));
}
