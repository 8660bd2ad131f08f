import { BUSINESS_TIME_ZONE, jstDate, jstMonth } from '../../../shared/calendar';
import { EARLIEST_DAY, formatDateTime, LATEST_DAY, type DisplayLanguage } from '../../../shared/dates';

// The server-room book judges time in Japan (SPEC §4.1; shared/calendar). The forms use
// <input type="datetime-local">, whose value has no zone: it is read and written as Japan time,
// whatever the PC's own zone, and sent to the core with an explicit +09:00 offset.

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

function parts(value: string | Date): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: BUSINESS_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Object.fromEntries(fmt.formatToParts(typeof value === 'string' ? new Date(value) : value).map((p) => [p.type, p.value]));
}

/** An instant as a datetime-local value in Japan time: "2026-11-27T10:42". */
export function toLocalInput(value: string | Date): string {
  const p = parts(value);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A datetime-local value (Japan time) as an ISO instant with +09:00; null when it is not one. */
export function fromLocalInput(value: string): string | null {
  const m = LOCAL.exec(value.trim());
  return m ? `${m[1]}T${m[2]}:00+09:00` : null;
}

/** Now, to the minute, for a datetime-local input. */
export function nowLocalInput(): string {
  return toLocalInput(new Date());
}

/** "HH:MM" of an instant in Japan time. */
export function timeOf(value: string | Date): string {
  const p = parts(value);
  return `${p.hour}:${p.minute}`;
}

/** The current Japan month, "YYYY-MM". */
export function currentMonth(): string {
  return jstMonth(new Date());
}

export function sameJapanDay(a: string, b: string): boolean {
  return jstDate(a) === jstDate(b);
}

/** Calendar days (Japan) from one instant's day to another's: 0 the same day, 1 the next day. */
export function japanDaysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${jstDate(b)}T00:00:00Z`) - Date.parse(`${jstDate(a)}T00:00:00Z`)) / 86_400_000);
}

/**
 * Minutes from one instant to another (or to now), as their times read to the minute: 08:32 to 08:52
 * is 20 minutes, whatever their seconds (a walk-through: 08:32:40 to 08:52:10 said 19 beside 08:32 → 08:52).
 */
export function minutesBetween(from: string, to?: string | null): number {
  return Math.max(0, Math.floor((to ? Date.parse(to) : Date.now()) / 60_000) - Math.floor(Date.parse(from) / 60_000));
}

/** A datetime-local value read back in words (令和8年11月27日（金） 10:42), so the date is checked in 和暦. */
export function echoLocalInput(value: string, lang: DisplayLanguage): string | null {
  const iso = fromLocalInput(value);
  // Only a day a record may name: a year typed wrong (0099) is refused at its field, and echoed it read
  // as a negative era year, days and minutes off (a walk-through: 「大化-545年1月3日 10:18」).
  if (!iso || iso.slice(0, 10) < EARLIEST_DAY || iso.slice(0, 10) > LATEST_DAY) return null;
  return formatDateTime(iso, lang, { timeZone: BUSINESS_TIME_ZONE, weekday: true });
}

/** When something still going on began: its time if today (in Japan), else its date and time. */
export function sinceText(at: string, lang: DisplayLanguage, now: Date = new Date()): string {
  return sameJapanDay(at, now.toISOString()) ? timeOf(at) : formatDateTime(at, lang, { timeZone: 'Asia/Tokyo' });
}
