import { describe, expect, it } from 'vitest';
import { jstInstant, NATIONAL_CALENDAR } from '../../shared/calendar';
import { lockDeadline, lockedByOther, notAuthorized, notLockedByEndOfDay, openTooLong, outsideBusinessHours, sessionAnomalies } from '../../electron/core/ledgers/cabinets/rules';
import { borrowerInactive, checkoutAnomalies, missingApproval, outAtMonthEnd, overdue, receiverIsBorrower, suspendedWhileOut } from '../../electron/core/ledgers/assets/rules';

// SPEC §4.2 and §4.3 anomaly rules at their edges, as pure functions (Japan time).

const at = (date: string, hhmm: string, s = 0) => jstInstant(date, hhmm, s).toISOString();
const SETTINGS = { businessStart: '08:00', businessEnd: '20:00', maxOpenMinutes: 120 };
const session = (o: Partial<{ openedAt: string; openedBy: string; lockedAt: string | null; lockedBy: string | null; recordedAt: string; lockRecordedAt: string | null }> = {}) => ({
  openedAt: at('2026-11-24', '10:00'), openedBy: 'p1', lockedAt: null, lockedBy: null, ...o,
});

describe('cabinet open/lock anomalies (SPEC §4.2)', () => {
  it('not locked by the end of the business day: at 20:00 exactly it is; locked at 20:00 is in time; opened after 20:00, by midnight', () => {
    const s = session();
    expect(notLockedByEndOfDay(s, SETTINGS, at('2026-11-24', '19:59', 59))).toBeNull();
    expect(notLockedByEndOfDay(s, SETTINGS, at('2026-11-24', '20:00'))).toMatchObject({ code: 'not_locked_by_end_of_day', params: { open: 1 } });
    expect(notLockedByEndOfDay({ ...s, lockedAt: at('2026-11-24', '20:00'), lockedBy: 'p1' }, SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
    expect(notLockedByEndOfDay({ ...s, lockedAt: at('2026-11-24', '20:01'), lockedBy: 'p1' }, SETTINGS, at('2026-11-25', '09:00'))).toMatchObject({ params: { open: 0 } });
    // Open across the end of the business day, opened at 21:00: the deadline is midnight.
    const evening = session({ openedAt: at('2026-11-24', '21:00') });
    expect(lockDeadline(evening.openedAt, SETTINGS)).toBe(Date.parse(at('2026-11-25', '00:00')));
    expect(notLockedByEndOfDay(evening, SETTINGS, at('2026-11-24', '23:59'))).toBeNull();
    expect(notLockedByEndOfDay(evening, SETTINGS, at('2026-11-25', '00:00'))).not.toBeNull();
    // Its deadline was the day's end, not the hours: they are not said under it (a review); before them, they are.
    expect(notLockedByEndOfDay(evening, SETTINGS, at('2026-11-25', '00:00'))?.facts).toBeUndefined();
    expect(notLockedByEndOfDay(s, SETTINGS, at('2026-11-24', '20:00'))?.facts).toEqual([{ term: 'businessHours', values: [{ text: SETTINGS.businessStart, until: SETTINGS.businessEnd }] }]);
  });

  it('a lock recorded after the deadline with a time within it: open on the book at the deadline (the record is judged as the book stood)', () => {
    const opened = { recordedAt: at('2026-11-24', '10:00'), lockedAt: at('2026-11-24', '10:05'), lockedBy: 'p1' };
    // Recorded the next morning as 10:05 the day before.
    expect(notLockedByEndOfDay(session({ ...opened, lockRecordedAt: at('2026-11-25', '09:00') }), SETTINGS, at('2026-11-25', '09:00'))).toEqual({
      code: 'not_locked_by_end_of_day', params: { open: 0, recordedLate: 1 }, facts: [{ term: 'businessHours', values: [{ text: SETTINGS.businessStart, until: SETTINGS.businessEnd }] }],
    });
    // Recorded exactly at the deadline, or before: in time.
    expect(notLockedByEndOfDay(session({ ...opened, lockRecordedAt: at('2026-11-24', '20:00') }), SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
    // The session written whole after the deadline was never open on the book; one locked before migration 17 has no recorded time.
    expect(notLockedByEndOfDay(session({ ...opened, recordedAt: at('2026-11-25', '09:00'), lockRecordedAt: at('2026-11-25', '09:00') }), SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
    expect(notLockedByEndOfDay(session({ ...opened, lockRecordedAt: null }), SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
  });

  it('open too long, also when the lock was recorded after the maximum ran out with a time within it (backdating does not clear it)', () => {
    const opened = { recordedAt: at('2026-11-24', '10:00'), lockedAt: at('2026-11-24', '10:30'), lockedBy: 'p1' };
    // Open on the book from 10:00 until the lock was recorded at 15:00, as locked at 10:30: counted to 15:00.
    expect(openTooLong(session({ ...opened, lockRecordedAt: at('2026-11-24', '15:00') }), SETTINGS, at('2026-11-25', '09:00'))).toEqual({
      code: 'open_too_long', params: { minutes: 300, max: 120, recordedLate: 1 },
    });
    // Within the minute after the maximum ran out: 120 minutes on the book, not over (as the times themselves are counted).
    expect(openTooLong(session({ ...opened, lockRecordedAt: at('2026-11-24', '12:00', 59) }), SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
    expect(openTooLong(session({ ...opened, lockRecordedAt: at('2026-11-24', '12:01') }), SETTINGS, at('2026-11-25', '09:00'))).toMatchObject({ params: { minutes: 121, recordedLate: 1 } });
    // Recorded exactly when the maximum ran out, or before it: in time.
    expect(openTooLong(session({ ...opened, lockRecordedAt: at('2026-11-24', '12:00') }), SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
    expect(openTooLong(session({ ...opened, lockRecordedAt: at('2026-11-24', '10:30') }), SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
    // Written whole after the maximum ran out (opening and lock at once), or from before migration 17: judged by its times.
    expect(openTooLong(session({ ...opened, recordedAt: at('2026-11-24', '15:00'), lockRecordedAt: at('2026-11-24', '15:00') }), SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
    expect(openTooLong(session({ ...opened, lockRecordedAt: null }), SETTINGS, at('2026-11-25', '09:00'))).toBeNull();
  });

  it('open too long: exactly the maximum is not; an open session counts to now', () => {
    expect(openTooLong(session({ lockedAt: at('2026-11-24', '12:00'), lockedBy: 'p1' }), SETTINGS, at('2026-11-25', '00:00'))).toBeNull();
    expect(openTooLong(session({ lockedAt: at('2026-11-24', '12:01'), lockedBy: 'p1' }), SETTINGS, at('2026-11-25', '00:00'))).toMatchObject({ params: { minutes: 121, max: 120 } });
    expect(openTooLong(session(), SETTINGS, at('2026-11-24', '12:01'))).not.toBeNull();
  });

  it('outside business hours: before the start, at the end, on a weekend, on a national holiday (勤労感謝の日)', () => {
    const judge = (date: string, hhmm: string) => outsideBusinessHours(session({ openedAt: at(date, hhmm) }), SETTINGS, NATIONAL_CALENDAR);
    expect(judge('2026-11-24', '08:00')).toBeNull();
    expect(judge('2026-11-24', '07:59')).not.toBeNull();
    expect(judge('2026-11-24', '19:59')).toBeNull();
    expect(judge('2026-11-24', '20:00')).not.toBeNull();
    expect(judge('2026-11-21', '10:00')).toMatchObject({ params: { day: 'weekend' } });
    expect(judge('2026-11-23', '10:00')).toMatchObject({ params: { day: 'national_holiday' } });
  });

  it('not authorized, and locked by another (informational)', () => {
    expect(notAuthorized(session(), () => true)).toBeNull();
    expect(notAuthorized(session(), (p) => p !== 'p1')).toEqual({ code: 'not_authorized' });
    expect(lockedByOther(session({ lockedAt: at('2026-11-24', '10:10'), lockedBy: 'p1' }))).toBeNull();
    expect(lockedByOther(session({ lockedAt: at('2026-11-24', '10:10'), lockedBy: 'p2' }))).toEqual({ code: 'locked_by_other' });
    expect(sessionAnomalies(session({ lockedAt: at('2026-11-24', '10:10'), lockedBy: 'p1' }), { settings: SETTINGS, calendar: NATIONAL_CALENDAR, authorized: () => true, now: at('2026-11-30', '10:00') })).toEqual([]);
  });
});

const checkout = (o: Partial<Parameters<typeof overdue>[0]> = {}) => ({
  borrowerId: 'p1', checkedOutAt: at('2026-11-24', '10:00'), dueAt: at('2026-11-25', '18:00'), approvedBy: null, returnedAt: null, receivedBy: null, lostAt: null, ...o,
});

describe('checkout anomalies (SPEC §4.3)', () => {
  it('overdue: due exactly now is not; a second later is; returned late is; a lost one is its own anomaly', () => {
    const c = checkout();
    expect(overdue(c, c.dueAt)).toBeNull();
    expect(overdue(c, new Date(Date.parse(c.dueAt) + 1000))).toEqual({ code: 'overdue', params: { hours: 0, open: 1 }, facts: [{ term: 'dueAt', values: [{ at: c.dueAt }] }] });
    expect(overdue(checkout({ returnedAt: at('2026-11-25', '18:00'), receivedBy: 'p2' }), at('2026-12-30', '00:00'))).toBeNull();
    expect(overdue(checkout({ returnedAt: at('2026-11-27', '18:00'), receivedBy: 'p2' }), at('2026-12-30', '00:00'))).toMatchObject({ params: { hours: 48, open: 0 } });
    expect(overdue(checkout({ lostAt: at('2026-11-26', '09:00') }), at('2026-12-30', '00:00'))).toBeNull();
  });

  it('overdue: a return recorded after the due time with a time before it (out on the book when due), counted to when it was recorded', () => {
    const back = { recordedAt: at('2026-11-24', '10:00'), returnedAt: at('2026-11-25', '17:00'), receivedBy: 'p2' };
    expect(overdue(checkout({ ...back, returnRecordedAt: at('2026-11-27', '18:00') }), at('2026-12-30', '00:00'))).toEqual({
      code: 'overdue',
      params: { hours: 48, open: 0, recordedLate: 1 },
      // When it was due and when it came back, for the review (a walk-through).
      facts: [{ term: 'dueAt', values: [{ at: at('2026-11-25', '18:00') }] }, { term: 'returnedAt', values: [{ at: back.returnedAt }] }],
    });
    expect(overdue(checkout({ ...back, returnRecordedAt: at('2026-11-25', '18:00') }), at('2026-12-30', '00:00'))).toBeNull();
    expect(overdue(checkout({ ...back, returnRecordedAt: null }), at('2026-12-30', '00:00'))).toBeNull();
    // Written whole after the due time (checkout and return at once): the book never had it out.
    expect(overdue(checkout({ ...back, recordedAt: at('2026-11-27', '18:00'), returnRecordedAt: at('2026-11-27', '18:00') }), at('2026-12-30', '00:00'))).toBeNull();
  });

  it('out at month end, also when the return was recorded in the next month with a time in this one (backdating does not clear it)', () => {
    const back = { recordedAt: at('2026-11-24', '10:00'), dueAt: at('2026-12-05', '18:00'), returnedAt: at('2026-11-30', '17:00'), receivedBy: 'p2' };
    expect(outAtMonthEnd(checkout({ ...back, returnRecordedAt: at('2026-12-02', '09:00') }), at('2026-12-30', '00:00'))).toEqual({
      code: 'out_at_month_end', params: { month: '2026-11', recordedLate: 1 },
    });
    expect(outAtMonthEnd(checkout({ ...back, returnRecordedAt: at('2026-11-30', '23:59') }), at('2026-12-30', '00:00'))).toBeNull();
    expect(outAtMonthEnd(checkout({ ...back, returnRecordedAt: null }), at('2026-12-30', '00:00'))).toBeNull();
    expect(outAtMonthEnd(checkout({ ...back, recordedAt: at('2026-12-02', '09:00'), returnRecordedAt: at('2026-12-02', '09:00') }), at('2026-12-30', '00:00'))).toBeNull();
  });

  it('out at month end: the Japan month of the checkout (still out at 00:00 on the 1st, or back after it)', () => {
    const c = checkout({ dueAt: at('2026-12-05', '18:00') });
    expect(outAtMonthEnd(c, at('2026-11-30', '23:59'))).toBeNull();
    expect(outAtMonthEnd(c, at('2026-12-01', '00:00'))).toMatchObject({ params: { month: '2026-11' } });
    expect(outAtMonthEnd(checkout({ returnedAt: at('2026-12-01', '00:00'), receivedBy: 'p2' }), at('2026-12-02', '00:00'))).toBeNull();
    expect(outAtMonthEnd(checkout({ returnedAt: at('2026-12-01', '00:01'), receivedBy: 'p2' }), at('2026-12-02', '00:00'))).not.toBeNull();
  });

  it('missing approval where the kind needs it; the receiver is the borrower; the borrower inactive while it is out', () => {
    expect(missingApproval(checkout(), true)).toEqual({ code: 'missing_approval' });
    expect(missingApproval(checkout(), false)).toBeNull();
    expect(missingApproval(checkout({ approvedBy: 'a1' }), true)).toBeNull();
    expect(receiverIsBorrower(checkout({ returnedAt: at('2026-11-25', '10:00'), receivedBy: 'p1' }))).toEqual({ code: 'receiver_is_borrower' });
    expect(receiverIsBorrower(checkout({ returnedAt: at('2026-11-25', '10:00'), receivedBy: 'p2' }))).toBeNull();
    expect(borrowerInactive(true)).toEqual({ code: 'borrower_inactive' });
    expect(borrowerInactive(false)).toBeNull();
    expect(checkoutAnomalies(checkout({ lostAt: at('2026-11-25', '10:00') }), { approvalRequired: false, borrowerSuspended: false, now: at('2026-12-30', '00:00') })).toEqual([{ code: 'lost' }]);
  });

  it('the borrower suspended while it was out: at any time from the checkout to its return, its loss or now, and only then', () => {
    const ms = (d: string, hm: string) => Date.parse(at(d, hm));
    // Active until 25 Nov 12:00, suspended until 26 Nov 09:00, active again.
    const periods = [{ from: -Infinity, value: 1 }, { from: ms('2026-11-25', '12:00'), value: 0 }, { from: ms('2026-11-26', '09:00'), value: 1 }];
    const now = at('2026-12-30', '00:00');
    expect(suspendedWhileOut(checkout(), periods, now)).toBe(true); // still out: suspended meanwhile, active again now
    expect(suspendedWhileOut(checkout({ returnedAt: at('2026-11-25', '11:59') }), periods, now)).toBe(false); // back before
    expect(suspendedWhileOut(checkout({ returnedAt: at('2026-11-25', '12:01') }), periods, now)).toBe(true); // back after: a past fact
    // Back before, by the return's date, but the return typed in after: the book showed it out then.
    expect(suspendedWhileOut(checkout({ returnedAt: at('2026-11-25', '11:00'), returnRecordedAt: at('2026-11-26', '10:00') }), periods, now)).toBe(true);
    expect(suspendedWhileOut(checkout({ returnedAt: at('2026-11-25', '11:00'), returnRecordedAt: at('2026-11-25', '11:30') }), periods, now)).toBe(false);
    expect(suspendedWhileOut(checkout({ lostAt: at('2026-11-25', '11:00') }), periods, now)).toBe(false);
    expect(suspendedWhileOut(checkout({ checkedOutAt: at('2026-11-26', '09:00') }), periods, now)).toBe(false); // out after they were active again
    expect(suspendedWhileOut(checkout(), [{ from: -Infinity, value: 0 }], now)).toBe(true);
    expect(suspendedWhileOut(checkout(), [{ from: -Infinity, value: 1 }], now)).toBe(false);
  });
});
