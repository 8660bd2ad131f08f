import { addDays } from '../../../../shared/dates';
import { daysOfMonth, jstDayEnd, type BusinessCalendar } from '../../../../shared/calendar';
import type { LedgerAnomaly } from '../../../../shared/ledgers/kit';
import { checkItemKey, NEXT_MORNING_HOURS, type CheckItem } from '../../../../shared/ledgers/lastExit';

// SPEC §4.4 rules of the last-exit checklist, as pure functions (Japan time, a site's calendar).

/** Any item NG: which, with what its remark says (the review shows them: a walk-through found only a count there). */
export function ngItems(items: readonly CheckItem[]): LedgerAnomaly | null {
  const ng = items.filter((i) => !i.ok);
  if (ng.length === 0) return null;
  // Each item with its remark, joined in the screen's words (the review's facts; it was 「、」 and 「（）」 in English too).
  return { code: 'ng_items', params: { count: ng.length }, facts: [{ term: 'ngItems', values: ng.map((i) => ({ text: i.item, ...(checkItemKey(i.item) ? { key: checkItemKey(i.item) } : {}), ...(i.remark?.trim() ? { note: i.remark.trim() } : {}) })) }] };
}

/** Recorded more than 24 hours after its business day ended (kit/closing.ts). */
export { recordedLate } from '../kit/closing';

/** Until when, the next morning, a business day's last exit may be (Japan time, hours after midnight). */
export { NEXT_MORNING_HOURS };

/**
 * Is the time left on the business day itself or the next morning, before NEXT_MORNING_HOURS (Japan)?
 * Not the next evening: a checklist answers from its exit on, and one of 20:00 the next day counted
 * nothing of a night in the server room (an insider probe).
 */
export function exitOnItsDay(businessDay: string, exitedAt: string): boolean {
  const t = Date.parse(exitedAt);
  return t >= jstDayEnd(addDays(businessDay, -1)).getTime() && t < jstDayEnd(businessDay).getTime() + NEXT_MORNING_HOURS * 3_600_000;
}

/**
 * The business days of a month that need a checklist and have none: every business day of the
 * site's calendar (a worked holiday too, a company holiday not) from `from` until before `today`.
 */
export function missingDays(calendar: BusinessCalendar, month: string, from: string, today: string, recorded: ReadonlySet<string>): string[] {
  return daysOfMonth(month).filter((d) => d >= from && d < today && calendar.isBusinessDay(d) && !recorded.has(d));
}
