import { jstDate, jstDayEnd, jstInstant } from '../../../../shared/calendar';
import type { LedgerAnomaly } from '../../../../shared/ledgers/kit';
import { openOnTheBookAtDeadline } from '../kit/closing';

// SPEC §4.5 anomaly rules of visitor reception, as pure functions (Japan time).

export interface VisitFacts {
  area: 'reception' | 'office';
  guestCardId: string | null;
  escortId: string | null;
  designatedBy: string | null;
  arrivedAt: string;
  leftAt: string | null;
  cardReturnedAt: string | null;
  /** When the visit was recorded, and its sign-out (visits from before migration 19 have no sign-out time recorded). */
  recordedAt?: string;
  leftRecordedAt?: string | null;
}

const t = (v: string | Date) => (v instanceof Date ? v.getTime() : Date.parse(v));

/** Left with the guest card not returned. */
export function cardNotReturned(v: VisitFacts): LedgerAnomaly | null {
  return v.guestCardId !== null && v.leftAt !== null && v.cardReturnedAt === null ? { code: 'card_not_returned' } : null;
}

/**
 * No exit time by the end of the day of arrival: none yet, one after it (still inside when the day
 * ended, as the server room's rule), or one recorded after it (kit/closing.ts).
 */
export function noExitTime(v: VisitFacts, now: Date | string): LedgerAnomaly | null {
  const dayEnd = jstDayEnd(jstDate(v.arrivedAt)).getTime();
  if (v.leftAt === null) return t(now) >= dayEnd ? { code: 'no_exit_time' } : null;
  if (t(v.leftAt) > dayEnd) return { code: 'no_exit_time' };
  const onTheBook = v.recordedAt !== undefined && openOnTheBookAtDeadline({ recordedAt: v.recordedAt, closedAt: v.leftAt, closingRecordedAt: v.leftRecordedAt }, dayEnd);
  return onTheBook ? { code: 'no_exit_time', params: { recordedLate: 1 } } : null;
}

/** Beyond the reception room without a guest card, or without an escort and not designated. */
export function beyondReceptionUnaccompanied(v: VisitFacts): LedgerAnomaly | null {
  if (v.area !== 'office') return null;
  return v.guestCardId === null || (v.escortId === null && v.designatedBy === null) ? { code: 'beyond_reception_unaccompanied' } : null;
}

/** A site's business hours on the day of a visit's arrival (its settings and calendar as in force then). */
export interface VisitHours {
  start: string;
  end: string;
  /** Whether the day is a business day of the site (not a weekend, holiday or company holiday). */
  businessDay: boolean;
}

/**
 * Inside outside the site's business hours: on a day that is not a business day, arrived before they
 * began (a probe: a visitor in the office from 02:00 to 03:00 went unflagged), still inside after they
 * ended (left after them, or not yet left), or inside on the book when they ended with the sign-out
 * recorded afterwards (kit/closing.ts).
 */
export function insideAfterHours(v: VisitFacts, hours: VisitHours, now: Date | string): LedgerAnomaly | null {
  const day = jstDate(v.arrivedAt);
  if (!hours.businessDay || t(v.arrivedAt) < jstInstant(day, hours.start).getTime()) return { code: 'inside_after_hours' };
  const end = jstInstant(day, hours.end).getTime();
  if (t(v.arrivedAt) >= end) return { code: 'inside_after_hours' };
  if ((v.leftAt === null ? t(now) : t(v.leftAt)) > end) return { code: 'inside_after_hours' };
  const onTheBook = v.recordedAt !== undefined && openOnTheBookAtDeadline({ recordedAt: v.recordedAt, closedAt: v.leftAt, closingRecordedAt: v.leftRecordedAt }, end);
  return onTheBook ? { code: 'inside_after_hours', params: { recordedLate: 1 } } : null;
}

export function visitAnomalies(v: VisitFacts, hours: VisitHours, now: Date | string): LedgerAnomaly[] {
  return [cardNotReturned(v), noExitTime(v, now), beyondReceptionUnaccompanied(v), insideAfterHours(v, hours, now)].filter((a): a is LedgerAnomaly => a !== null);
}
