import { jstDate, jstDayEnd, jstInstant, jstMsOfDay, parseTimeOfDay, type BusinessCalendar } from '../../../../shared/calendar';
import type { LedgerAnomaly } from '../../../../shared/ledgers/kit';
import { businessHoursFact } from '../kit/facts';
import { openOnTheBookAtDeadline, recordedLate } from '../kit/closing';

// SPEC §4.2 anomaly rules of the cabinet open/lock log, as pure functions: no store, no clock —
// the caller passes the session, the site's settings, its calendar, who was authorized, and now.
// Every rule judges Japan time.

export interface SessionFacts {
  openedAt: string;
  openedBy: string;
  lockedAt: string | null;
  lockedBy: string | null;
  /** When the session was recorded, and its lock (sessions from before migration 17 have no lock time recorded). */
  recordedAt?: string;
  lockRecordedAt?: string | null;
}

export interface CabinetRuleSettings {
  /** Business hours, "HH:MM" Japan time: an opening at `businessEnd` or later is outside. */
  businessStart: string;
  businessEnd: string;
  /** Open longer than this is an anomaly (exactly this long is not). */
  maxOpenMinutes: number;
}

const t = (v: string | Date) => (v instanceof Date ? v.getTime() : Date.parse(v));

/**
 * When the session had to be locked by: the end of business hours on the day it was opened, or —
 * opened at or after that end — the end of that day.
 */
export function lockDeadline(openedAt: string, settings: CabinetRuleSettings): number {
  const day = jstDate(openedAt);
  const end = jstInstant(day, settings.businessEnd).getTime();
  return t(openedAt) < end ? end : jstDayEnd(day).getTime();
}

/**
 * Not locked by the end of the business day: still open at the deadline, or locked after it, or
 * open on the book at the deadline with its lock recorded afterwards (kit/closing.ts).
 */
export function notLockedByEndOfDay(s: SessionFacts, settings: CabinetRuleSettings, now: Date | string): LedgerAnomaly | null {
  const deadline = lockDeadline(s.openedAt, settings);
  const late = s.lockedAt === null ? t(now) >= deadline : t(s.lockedAt) > deadline;
  // The end of business hours was the deadline, said under it; one opened after them had the day's end (said by the anomaly itself).
  const facts = deadline === jstInstant(jstDate(s.openedAt), settings.businessEnd).getTime() ? { facts: [businessHoursFact(settings.businessStart, settings.businessEnd, true)] } : {};
  if (late) return { code: 'not_locked_by_end_of_day', params: { open: s.lockedAt === null ? 1 : 0 }, ...facts };
  const onTheBook = s.recordedAt !== undefined && openOnTheBookAtDeadline({ recordedAt: s.recordedAt, closedAt: s.lockedAt, closingRecordedAt: s.lockRecordedAt }, deadline);
  return onTheBook ? { code: 'not_locked_by_end_of_day', params: { open: 0, recordedLate: 1 }, ...facts } : null;
}

/**
 * Open longer than the site's maximum (2 h by default); exactly the maximum is not. An open session
 * counts up to now. A session the book showed open when the maximum ran out, its lock recorded
 * after that with an earlier time, was open on the book that long (kit/closing.ts): counted to when
 * the lock was recorded.
 */
export function openTooLong(s: SessionFacts, settings: CabinetRuleSettings, now: Date | string): LedgerAnomaly | null {
  const minutes = Math.floor(((s.lockedAt ? t(s.lockedAt) : t(now)) - t(s.openedAt)) / 60_000);
  if (minutes > settings.maxOpenMinutes) return { code: 'open_too_long', params: { minutes, max: settings.maxOpenMinutes } };
  // Counted in whole minutes as above: on the book a minute past the maximum (recorded at 12:00:30 for a 10:00 opening is 120 minutes, not over).
  const deadline = t(s.openedAt) + (settings.maxOpenMinutes + 1) * 60_000 - 1;
  if (s.recordedAt === undefined || !openOnTheBookAtDeadline({ recordedAt: s.recordedAt, closedAt: s.lockedAt, closingRecordedAt: s.lockRecordedAt }, deadline)) return null;
  return { code: 'open_too_long', params: { minutes: Math.floor((t(s.lockRecordedAt!) - t(s.openedAt)) / 60_000), max: settings.maxOpenMinutes, recordedLate: 1 } };
}

/** Opened on a day that is not a business day of the site (weekend, holiday), or outside its business hours. */
export function outsideBusinessHours(s: SessionFacts, settings: CabinetRuleSettings, calendar: BusinessCalendar): LedgerAnomaly | null {
  const day = calendar.day(jstDate(s.openedAt));
  if (!day.business) return { code: 'outside_business_hours', params: { day: day.kind }, facts: [businessHoursFact(settings.businessStart, settings.businessEnd, false)] };
  const at = jstMsOfDay(s.openedAt);
  const start = parseTimeOfDay(settings.businessStart) * 60_000;
  const end = parseTimeOfDay(settings.businessEnd) * 60_000;
  return at < start || at >= end ? { code: 'outside_business_hours', params: { day: day.kind }, facts: [businessHoursFact(settings.businessStart, settings.businessEnd, true)] } : null;
}

/** Opened by someone who was not authorized for the cabinet at that moment (the key custodian always is). */
export function notAuthorized(s: SessionFacts, authorized: (personId: string, at: string) => boolean): LedgerAnomaly | null {
  return authorized(s.openedBy, s.openedAt) ? null : { code: 'not_authorized' };
}

/** Locked by another person than the one who opened it (informational). */
export function lockedByOther(s: SessionFacts): LedgerAnomaly | null {
  return s.lockedBy !== null && s.lockedBy !== s.openedBy ? { code: 'locked_by_other' } : null;
}

/** Every rule, in the order the list shows them. */
export function sessionAnomalies(
  s: SessionFacts,
  inputs: { settings: CabinetRuleSettings; calendar: BusinessCalendar; authorized: (personId: string, at: string) => boolean; now: Date | string },
): LedgerAnomaly[] {
  return [
    notLockedByEndOfDay(s, inputs.settings, inputs.now),
    openTooLong(s, inputs.settings, inputs.now),
    notAuthorized(s, inputs.authorized),
    outsideBusinessHours(s, inputs.settings, inputs.calendar),
    lockedByOther(s),
    recordedLate(jstDate(s.openedAt), s.recordedAt),
  ].filter((a): a is LedgerAnomaly => a !== null);
}
