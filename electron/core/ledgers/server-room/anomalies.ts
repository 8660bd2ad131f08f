import { jstDate, jstDayEnd, jstMsOfDay, parseTimeOfDay, type BusinessCalendar } from '../../../../shared/calendar';
import type { ServerRoomAnomaly, ServerRoomSiteSettings } from '../../../../shared/ledgers/serverRoom';
import { openOnTheBookAtDeadline } from '../kit/closing';

// SPEC §4.1 anomaly rules of the server-room book, as pure functions: no store, no clock — the
// caller passes the stays, the people's authorization over time, the site settings, a calendar and
// "now". Every rule judges Japan time (the stay's local day in Asia/Tokyo). They feed the list
// (each row carries its codes), the monthly review (Art. 13(1)) and the dashboard.
//
// Always computed from a stay's current values: an amended stay is judged as it is now.

export interface StayFacts {
  id: string;
  siteId: string;
  personId: string;
  /** ISO instants. */
  enteredAt: string;
  exitedAt: string | null;
  recordedAt: string;
  /** Who recorded the entry ("person:<id>" at the door terminal) and when the exit was recorded: the offline-delivery rule reads them. */
  recordedBy?: string;
  exitRecordedAt?: string | null;
  /**
   * The exit came from a door terminal's offline queue (door_deliveries): it reached the book when
   * the terminal reached the host, its time is when it happened at the door. Its delay is the
   * offline-delivery rule's, not a late closing's.
   */
  exitDelivered?: boolean;
  status: 'valid' | 'void';
  visitors: readonly { escortPersonId: string | null }[];
  /** The employees who went in with the person (their authorization is judged as the person's). */
  employees?: readonly { personId: string }[];
}

/** A period of server-room authorization: in force from `validFrom` (inclusive) until `validTo` (exclusive; null: open-ended). ISO instants. */
export interface AuthorizationPeriod {
  validFrom: string;
  validTo: string | null;
}

/** One person's server-room authorization over time, and when the register began to know them. */
export interface PersonAuthorization {
  registeredAt: string;
  periods: readonly AuthorizationPeriod[];
}

export interface AnomalyInputs {
  now: Date | string;
  /** A site's settings as in force at a time (a stay is judged by the rules of its entry). */
  settingsFor: (siteId: string, at?: string) => ServerRoomSiteSettings;
  calendarFor: (siteId: string) => BusinessCalendar;
  authorization: ReadonlyMap<string, PersonAuthorization>;
  /** Further stays of the same people (other months, other pages) to judge overlaps against. */
  neighbours?: readonly StayFacts[];
}

const MINUTE = 60_000;
const t = (iso: string | Date) => (iso instanceof Date ? iso.getTime() : Date.parse(iso));

/** "HH:MM" → minutes, parsed once per text. */
const minutes = new Map<string, number>();
function minutesOf(hhmm: string): number {
  let m = minutes.get(hhmm);
  if (m === undefined) minutes.set(hhmm, (m = parseTimeOfDay(hhmm)));
  return m;
}

/** The end of the Japan day an instant falls on (a month's review asks this of thousands of stays on a few dozen days). */
const dayEnds = new Map<string, number>();
function dayEndOf(at: string): number {
  const date = jstDate(at);
  let end = dayEnds.get(date);
  if (end === undefined) {
    if (dayEnds.size > 10_000) dayEnds.clear();
    dayEnds.set(date, (end = jstDayEnd(date).getTime()));
  }
  return end;
}

/**
 * Is the period in force at that instant? From its start (inclusive) to its end (exclusive). A stay
 * is recorded to the minute (a form's time), so a period counts from the minute it was granted in,
 * as a cabinet's does (people/authorizations.ts authorizedAt).
 */
export function inForce(period: AuthorizationPeriod, at: number): boolean {
  return Math.floor(t(period.validFrom) / MINUTE) * MINUTE <= at && (period.validTo === null || at < t(period.validTo));
}

/**
 * Was the person authorized at that instant: is one of their periods in force then? An instant
 * before the person was registered (a stay recorded late, for a time before the register knew them)
 * is judged as at their registration: the register knows nothing earlier, and what they were
 * registered with stands for it. Unknown people are not authorized.
 */
export function wasAuthorized(authorization: PersonAuthorization | undefined, at: string): boolean {
  if (!authorization) return false;
  const when = Math.max(t(at), t(authorization.registeredAt));
  return authorization.periods.some((p) => inForce(p, when));
}

/** The end used for overlaps: the exit, or — while open — now, but never past the end of the entry's day. */
export function effectiveEnd(stay: Pick<StayFacts, 'enteredAt' | 'exitedAt'>, now: Date | string): number {
  if (stay.exitedAt) return t(stay.exitedAt);
  const dayEnd = dayEndOf(stay.enteredAt);
  return Math.max(t(stay.enteredAt), Math.min(t(now), dayEnd));
}

/**
 * No exit by the end of the entry's day (Japan time): still open after midnight, or left after
 * midnight, or the book showed the stay open when the day ended. An exit recorded after that (at
 * the desk or the door) with an earlier time does not make the anomaly go: the book had no exit by
 * the end of the day. A stay recorded whole after its day is the late-record rule's.
 */
export function noExitByEndOfDay(stay: StayFacts, now: Date | string): ServerRoomAnomaly | null {
  const dayEnd = dayEndOf(stay.enteredAt);
  if (stay.exitedAt === null) return t(now) >= dayEnd ? { code: 'no_exit_by_end_of_day', params: { open: 1 } } : null;
  if (t(stay.exitedAt) > dayEnd) return { code: 'no_exit_by_end_of_day', params: { open: 0 } };
  return exitRecordedLate(stay, dayEnd) ? { code: 'no_exit_by_end_of_day', params: { open: 0, recordedLate: 1 } } : null;
}

/** Open on the book at the deadline, its exit recorded after it with a time within it (kit/closing.ts); a door terminal's queued exit is the offline-delivery rule's. */
function exitRecordedLate(stay: StayFacts, deadline: number): boolean {
  return !stay.exitDelivered && openOnTheBookAtDeadline({ recordedAt: stay.recordedAt, closedAt: stay.exitedAt, closingRecordedAt: stay.exitRecordedAt }, deadline);
}

/**
 * Longer than the site's maximum (4 h by default); exactly the maximum is not. An open stay counts
 * up to now. A stay the book showed open when the maximum ran out, its exit recorded after that
 * with an earlier time, was on the book that long: counted to when the exit was recorded.
 */
export function overMaxStay(stay: StayFacts, settings: ServerRoomSiteSettings, now: Date | string): ServerRoomAnomaly | null {
  const end = stay.exitedAt ? t(stay.exitedAt) : t(now);
  const ms = end - t(stay.enteredAt);
  if (ms > settings.maxStayMinutes * MINUTE) return { code: 'over_max_stay', params: { minutes: Math.floor(ms / MINUTE), max: settings.maxStayMinutes, open: stay.exitedAt ? 0 : 1 } };
  // In whole minutes, as the minutes shown: on the book a minute past the maximum.
  if (!exitRecordedLate(stay, t(stay.enteredAt) + (settings.maxStayMinutes + 1) * MINUTE - 1)) return null;
  return { code: 'over_max_stay', params: { minutes: Math.floor((t(stay.exitRecordedAt!) - t(stay.enteredAt)) / MINUTE), max: settings.maxStayMinutes, open: 0, recordedLate: 1 } };
}

/**
 * Entry outside business hours: on a day that is not a business day (weekend, national holiday,
 * company holiday), or before `start` / at or after `end` on a business day.
 */
export function outsideBusinessHours(stay: StayFacts, settings: ServerRoomSiteSettings, calendar: BusinessCalendar): ServerRoomAnomaly | null {
  const day = calendar.day(jstDate(stay.enteredAt));
  if (!day.business) {
    return { code: 'outside_business_hours', params: { day: day.kind, ...(day.holidayName ? { holiday: day.holidayName } : {}) } };
  }
  const msOfDay = jstMsOfDay(stay.enteredAt);
  const start = minutesOf(settings.businessHours.start) * MINUTE;
  const end = minutesOf(settings.businessHours.end) * MINUTE;
  if (msOfDay >= start && msOfDay < end) return null;
  return { code: 'outside_business_hours', params: { day: 'business', start: settings.businessHours.start, end: settings.businessHours.end } };
}

/**
 * The person, or an employee who went in with them, was not authorized for the server room when they
 * entered (found by an insider probe: refused by his own card, an employee went in named as an
 * authorized colleague's companion, and nothing said so). A visitor is escorted instead (Art. 8(2)).
 */
export function notAuthorized(stay: StayFacts, authorization: ReadonlyMap<string, PersonAuthorization>): ServerRoomAnomaly | null {
  const companions = (stay.employees ?? []).filter((e) => !wasAuthorized(authorization.get(e.personId), stay.enteredAt)).length;
  if (!wasAuthorized(authorization.get(stay.personId), stay.enteredAt)) return companions > 0 ? { code: 'not_authorized', params: { companions } } : { code: 'not_authorized' };
  return companions > 0 ? { code: 'not_authorized', params: { companions, companionsOnly: 1 } } : null;
}

/** Art. 8(2): a visitor or vendor must be escorted by an employee. */
export function visitorWithoutEscort(stay: StayFacts): ServerRoomAnomaly | null {
  const count = stay.visitors.filter((v) => !v.escortPersonId).length;
  return count > 0 ? { code: 'visitor_without_escort', params: { count } } : null;
}

/** Recorded more than the site's limit (24 h by default) after the entry happened; exactly the limit is not. */
export function lateRecord(stay: StayFacts, settings: ServerRoomSiteSettings): ServerRoomAnomaly | null {
  const ms = t(stay.recordedAt) - t(stay.enteredAt);
  if (ms <= settings.lateRecordHours * 60 * MINUTE) return null;
  return { code: 'late_record', params: { hours: Math.floor(ms / (60 * MINUTE)), max: settings.lateRecordHours } };
}

/** A door terminal's entry or exit that reached the ledger later than it happened (SPEC §11: delivered from its offline queue). */
export function offlineDelivery(stay: StayFacts): ServerRoomAnomaly | null {
  // The entry taken at the door, or the exit delivered from a door's queue (a desk entry's stay too).
  const doorEntry = !!stay.recordedBy?.startsWith('person:');
  if (!doorEntry && !stay.exitDelivered) return null;
  const late = (happened: string | null, arrived: string | null | undefined) => (happened && arrived ? t(arrived) - t(happened) : 0);
  // An exit counts only when it came from a door's queue: one recorded at the desk later (a forgotten
  // sign-out put right) is the desk's, judged by the book's own rules (a walk-through: it read as
  // 「端末からの遅延送信」 of a terminal that was never offline).
  const ms = Math.max(doorEntry ? late(stay.enteredAt, stay.recordedAt) : 0, stay.exitDelivered ? late(stay.exitedAt, stay.exitRecordedAt) : 0);
  return ms > OFFLINE_SLACK_MS ? { code: 'offline_delivery', params: { minutes: Math.floor(ms / MINUTE) } } : null;
}

/** A door record reaching the ledger this long after it happened was queued at the terminal (the host could not be reached). */
const OFFLINE_SLACK_MS = 2 * MINUTE;

/**
 * Overlapping stays of one person: for each judged stay, the first other valid stay of the same
 * person whose time overlaps (touching end to start is not an overlap).
 */
export function overlappingStays(stays: readonly StayFacts[], others: readonly StayFacts[], now: Date | string): Map<string, ServerRoomAnomaly> {
  const byPerson = new Map<string, { id: string; start: number; end: number }[]>();
  // Each stay's span worked out once (a month of a busy site is thousands of them).
  const spans = new Map<string, { id: string; start: number; end: number }>();
  for (const s of [...stays, ...others]) {
    if (s.status !== 'valid' || spans.has(s.id)) continue;
    const span = { id: s.id, start: t(s.enteredAt), end: effectiveEnd(s, now) };
    spans.set(s.id, span);
    const list = byPerson.get(s.personId) ?? [];
    list.push(span);
    byPerson.set(s.personId, list);
  }
  for (const list of byPerson.values()) list.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  const out = new Map<string, ServerRoomAnomaly>();
  for (const s of stays) {
    if (s.status !== 'valid') continue;
    const { start, end } = spans.get(s.id)!;
    for (const o of byPerson.get(s.personId) ?? []) {
      if (o.start >= end) break; // sorted by start: nothing later can overlap
      if (o.id !== s.id && o.start < end && start < o.end) {
        out.set(s.id, { code: 'overlapping_stay', params: { otherStayId: o.id } });
        break;
      }
    }
  }
  return out;
}

/** Every anomaly of every given stay, in the order of SERVER_ROOM_ANOMALY_CODES. Voided stays have none. */
export function findStayAnomalies(stays: readonly StayFacts[], inputs: AnomalyInputs): Map<string, ServerRoomAnomaly[]> {
  const overlaps = overlappingStays(stays, inputs.neighbours ?? [], inputs.now);
  const out = new Map<string, ServerRoomAnomaly[]>();
  for (const s of stays) {
    if (s.status !== 'valid') {
      out.set(s.id, []);
      continue;
    }
    const settings = inputs.settingsFor(s.siteId, s.enteredAt);
    const found = [
      noExitByEndOfDay(s, inputs.now),
      overMaxStay(s, settings, inputs.now),
      outsideBusinessHours(s, settings, inputs.calendarFor(s.siteId)),
      notAuthorized(s, inputs.authorization),
      visitorWithoutEscort(s),
      overlaps.get(s.id) ?? null,
      lateRecord(s, settings),
      offlineDelivery(s),
    ].filter((a): a is ServerRoomAnomaly => a !== null);
    out.set(s.id, found);
  }
  return out;
}
