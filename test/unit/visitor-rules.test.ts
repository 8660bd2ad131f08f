import { describe, expect, it } from 'vitest';
import { jstInstant } from '../../shared/calendar';
import { arrivedEarlierDay } from '../../shared/ledgers/visitors';
import { beyondReceptionUnaccompanied, cardNotReturned, insideAfterHours, noExitTime, visitAnomalies } from '../../electron/core/ledgers/visitors/rules';

// SPEC §4.5 anomaly rules at their edges (Japan time).

const at = (date: string, hhmm: string, s = 0) => jstInstant(date, hhmm, s).toISOString();
const visit = (o: Partial<Parameters<typeof visitAnomalies>[0]> = {}) => ({
  area: 'office' as const, guestCardId: 'g1', escortId: 'p1', designatedBy: null, arrivedAt: at('2026-11-24', '10:00'), leftAt: null, cardReturnedAt: null, ...o,
});

/** A business day from 08:00 to 20:00. */
const HOURS = { start: '08:00', end: '20:00', businessDay: true };

describe('visitor reception anomalies (SPEC §4.5)', () => {
  it('arrived on an earlier day: by the Japan calendar day, not the PC zone\'s or 24 hours (signed out only with a time)', () => {
    const v = { arrivedAt: at('2026-11-24', '23:59') };
    expect(arrivedEarlierDay(v, new Date(at('2026-11-24', '23:59', 59)))).toBe(false);
    expect(arrivedEarlierDay(v, new Date(at('2026-11-25', '00:00')))).toBe(true);
    // 09:00 JST is 00:00 UTC: a UTC day would still call 00:30 JST the same day.
    expect(arrivedEarlierDay({ arrivedAt: at('2026-11-24', '10:00') }, new Date(at('2026-11-25', '00:30')))).toBe(true);
    expect(arrivedEarlierDay({ arrivedAt: at('2026-11-25', '08:30') }, new Date(at('2026-11-25', '09:30')))).toBe(false);
  });

  it('card not returned: left, the card still out', () => {
    expect(cardNotReturned(visit({ leftAt: at('2026-11-24', '11:00') }))).toEqual({ code: 'card_not_returned' });
    expect(cardNotReturned(visit({ leftAt: at('2026-11-24', '11:00'), cardReturnedAt: at('2026-11-24', '11:00') }))).toBeNull();
    expect(cardNotReturned(visit({ area: 'reception', guestCardId: null, leftAt: at('2026-11-24', '11:00') }))).toBeNull();
  });

  it('no exit time by the end of the day of arrival (midnight exactly)', () => {
    expect(noExitTime(visit(), at('2026-11-24', '23:59', 59))).toBeNull();
    expect(noExitTime(visit(), at('2026-11-25', '00:00'))).toEqual({ code: 'no_exit_time' });
    // Left after the day ended (still inside at midnight): so too, whenever it was recorded (found by an insider probe).
    expect(noExitTime(visit({ leftAt: at('2026-11-25', '00:00', 1) }), at('2026-11-25', '09:00'))).toEqual({ code: 'no_exit_time' });
    expect(noExitTime(visit({ leftAt: at('2026-11-25', '00:00') }), at('2026-11-25', '09:00'))).toBeNull();
  });

  it('no exit time: a sign-out recorded after the day ended with a time within it (inside on the book at midnight)', () => {
    const left = { recordedAt: at('2026-11-24', '10:00'), leftAt: at('2026-11-24', '17:00') };
    expect(noExitTime(visit({ ...left, leftRecordedAt: at('2026-11-25', '09:00') }), at('2026-11-25', '09:00'))).toEqual({ code: 'no_exit_time', params: { recordedLate: 1 } });
    expect(noExitTime(visit({ ...left, leftRecordedAt: at('2026-11-24', '23:59') }), at('2026-11-25', '09:00'))).toBeNull();
    expect(noExitTime(visit({ ...left, leftRecordedAt: null }), at('2026-11-25', '09:00'))).toBeNull();
    expect(noExitTime(visit({ ...left, recordedAt: at('2026-11-25', '09:00'), leftRecordedAt: at('2026-11-25', '09:00') }), at('2026-11-25', '09:00'))).toBeNull();
  });

  it('beyond the reception room: a card, and an escort unless designated', () => {
    expect(beyondReceptionUnaccompanied(visit())).toBeNull();
    expect(beyondReceptionUnaccompanied(visit({ escortId: null, designatedBy: 'rep' }))).toBeNull();
    expect(beyondReceptionUnaccompanied(visit({ escortId: null }))).toEqual({ code: 'beyond_reception_unaccompanied' });
    expect(beyondReceptionUnaccompanied(visit({ guestCardId: null }))).not.toBeNull();
    expect(beyondReceptionUnaccompanied(visit({ area: 'reception', guestCardId: null, escortId: null }))).toBeNull();
  });

  it('inside after business hours: left after 20:00, or still inside then; left at 20:00 exactly is not', () => {
    expect(insideAfterHours(visit({ leftAt: at('2026-11-24', '20:00') }), HOURS, at('2026-11-25', '09:00'))).toBeNull();
    expect(insideAfterHours(visit({ leftAt: at('2026-11-24', '20:01') }), HOURS, at('2026-11-25', '09:00'))).not.toBeNull();
    expect(insideAfterHours(visit(), HOURS, at('2026-11-24', '19:59'))).toBeNull();
    expect(insideAfterHours(visit(), HOURS, at('2026-11-24', '20:01'))).toEqual({ code: 'inside_after_hours' });
    expect(insideAfterHours(visit({ arrivedAt: at('2026-11-24', '20:30'), leftAt: at('2026-11-24', '20:40') }), HOURS, at('2026-11-25', '09:00'))).not.toBeNull();
  });

  it('inside outside business hours: arrived before they began (02:00–03:00; 07:59), or on a day that is not a business day; from 08:00 exactly it is not (a probe)', () => {
    const night = visit({ arrivedAt: at('2026-11-24', '02:00'), leftAt: at('2026-11-24', '03:00') });
    expect(insideAfterHours(night, HOURS, at('2026-11-25', '09:00'))).toEqual({ code: 'inside_after_hours' });
    expect(insideAfterHours(visit({ arrivedAt: at('2026-11-24', '07:59'), leftAt: at('2026-11-24', '09:00') }), HOURS, at('2026-11-25', '09:00'))).not.toBeNull();
    expect(insideAfterHours(visit({ arrivedAt: at('2026-11-24', '08:00'), leftAt: at('2026-11-24', '09:00') }), HOURS, at('2026-11-25', '09:00'))).toBeNull();
    expect(insideAfterHours(visit({ leftAt: at('2026-11-24', '11:00') }), { ...HOURS, businessDay: false }, at('2026-11-25', '09:00'))).toEqual({ code: 'inside_after_hours' });
  });

  it('inside after hours, also when the sign-out was recorded after them with a time within them (backdating does not clear it)', () => {
    const left = { recordedAt: at('2026-11-24', '10:00'), leftAt: at('2026-11-24', '17:00') };
    expect(insideAfterHours(visit({ ...left, leftRecordedAt: at('2026-11-24', '21:30') }), HOURS, at('2026-11-25', '09:00'))).toEqual({ code: 'inside_after_hours', params: { recordedLate: 1 } });
    expect(insideAfterHours(visit({ ...left, leftRecordedAt: at('2026-11-24', '20:00') }), HOURS, at('2026-11-25', '09:00'))).toBeNull();
    expect(insideAfterHours(visit({ ...left, leftRecordedAt: null }), HOURS, at('2026-11-25', '09:00'))).toBeNull();
    expect(insideAfterHours(visit({ ...left, recordedAt: at('2026-11-24', '21:30'), leftRecordedAt: at('2026-11-24', '21:30') }), HOURS, at('2026-11-25', '09:00'))).toBeNull();
  });
});
