import { describe, expect, it } from 'vitest';
import { jstInstant, makeBusinessCalendar, NATIONAL_CALENDAR } from '../../shared/calendar';
import { DEFAULT_SERVER_ROOM_SETTINGS, SERVER_ROOM_ANOMALY_CODES, type ServerRoomSiteSettings } from '../../shared/ledgers/serverRoom';
import { catalogs, LANGUAGES } from '../../shared/i18n';
import {
  findStayAnomalies,
  lateRecord,
  noExitByEndOfDay,
  notAuthorized,
  outsideBusinessHours,
  overlappingStays,
  overMaxStay,
  visitorWithoutEscort,
  wasAuthorized,
  type AnomalyInputs,
  type PersonAuthorization,
  type StayFacts,
} from '../../electron/core/ledgers/server-room/anomalies';

const S = DEFAULT_SERVER_ROOM_SETTINGS;
/** A Japan local date and time as an ISO instant; seconds optional. */
const jst = (date: string, hhmm: string, seconds = 0) => jstInstant(date, hhmm, seconds).toISOString();

let n = 0;
function stay(enter: string, exit: string | null, extra: Partial<StayFacts> = {}): StayFacts {
  return { id: `s${++n}`, siteId: 'site', personId: 'p1', enteredAt: enter, exitedAt: exit, recordedAt: enter, status: 'valid', visitors: [], ...extra };
}

const authorizedAlways = new Map<string, PersonAuthorization>([['p1', { registeredAt: '2020-01-01T00:00:00.000Z', periods: [{ validFrom: '2020-01-01T00:00:00.000Z', validTo: null }] }]]);
function inputs(now: string, extra: Partial<AnomalyInputs> = {}): AnomalyInputs {
  return { now, settingsFor: () => S, calendarFor: () => NATIONAL_CALENDAR, authorization: authorizedAlways, ...extra };
}
const codes = (s: StayFacts, i: AnomalyInputs) => findStayAnomalies([s], i).get(s.id)!.map((a) => a.code);

describe('stay longer than the maximum (4 h by default)', () => {
  it('is over when the exit was recorded after the maximum ran out with a time within it, counted to when it was recorded', () => {
    const enter = jst('2026-11-24', '10:00');
    const backdated = stay(enter, jst('2026-11-24', '11:00'), { exitRecordedAt: jst('2026-11-24', '17:00') });
    expect(overMaxStay(backdated, S, jst('2026-11-25', '09:00'))).toEqual({ code: 'over_max_stay', params: { minutes: 420, max: 240, open: 0, recordedLate: 1 } });
    expect(overMaxStay({ ...backdated, exitRecordedAt: jst('2026-11-24', '14:00') }, S, jst('2026-11-25', '09:00'))).toBeNull();
    expect(overMaxStay({ ...backdated, exitRecordedAt: jst('2026-11-24', '14:00', 59) }, S, jst('2026-11-25', '09:00'))).toBeNull(); // 240 minutes, not over
    expect(overMaxStay({ ...backdated, exitRecordedAt: null }, S, jst('2026-11-25', '09:00'))).toBeNull();
    expect(overMaxStay({ ...backdated, exitDelivered: true }, S, jst('2026-11-25', '09:00'))).toBeNull();
    expect(overMaxStay({ ...backdated, recordedAt: jst('2026-11-24', '17:00') }, S, jst('2026-11-25', '09:00'))).toBeNull();
  });

  it('is not over at exactly 4h00m, and is over at 4h00m01s', () => {
    const enter = jst('2026-11-24', '10:00');
    expect(overMaxStay(stay(enter, jst('2026-11-24', '14:00')), S, enter)).toBeNull();
    expect(overMaxStay(stay(enter, jst('2026-11-24', '14:00', 1)), S, enter)).toEqual({ code: 'over_max_stay', params: { minutes: 240, max: 240, open: 0 } });
  });

  it('counts an open stay up to now', () => {
    const s = stay(jst('2026-11-24', '10:00'), null);
    expect(overMaxStay(s, S, jst('2026-11-24', '14:00'))).toBeNull();
    expect(overMaxStay(s, S, jst('2026-11-24', '14:30'))).toMatchObject({ code: 'over_max_stay', params: { minutes: 270, open: 1 } });
  });

  it('takes the threshold from the site settings', () => {
    const five: ServerRoomSiteSettings = { ...S, maxStayMinutes: 300 };
    expect(overMaxStay(stay(jst('2026-11-24', '10:00'), jst('2026-11-24', '14:30')), five, jst('2026-11-24', '15:00'))).toBeNull();
  });
});

describe('no exit by the end of the day (Japan day of the entry)', () => {
  it('flags a stay across midnight and an open stay after midnight', () => {
    const late = stay(jst('2026-11-24', '22:00'), jst('2026-11-25', '01:00'));
    expect(noExitByEndOfDay(late, jst('2026-11-25', '09:00'))).toEqual({ code: 'no_exit_by_end_of_day', params: { open: 0 } });
    const open = stay(jst('2026-11-24', '17:00'), null);
    expect(noExitByEndOfDay(open, jst('2026-11-24', '23:59'))).toBeNull();
    expect(noExitByEndOfDay(open, jst('2026-11-25', '00:00'))).toEqual({ code: 'no_exit_by_end_of_day', params: { open: 1 } });
  });

  it('accepts an exit at 23:59:59 and exactly at midnight', () => {
    expect(noExitByEndOfDay(stay(jst('2026-11-24', '22:00'), jst('2026-11-24', '23:59', 59)), jst('2026-11-26', '00:00'))).toBeNull();
    expect(noExitByEndOfDay(stay(jst('2026-11-24', '22:00'), jst('2026-11-24', '24:00')), jst('2026-11-26', '00:00'))).toBeNull();
  });

  it('flags an exit recorded after the day ended with a time within it: the book showed the stay open at midnight', () => {
    // Entered 10:00 and on the book then; the exit is recorded at 03:00 the next morning as 10:20.
    const backdated = stay(jst('2026-11-24', '10:00'), jst('2026-11-24', '10:20'), { exitRecordedAt: jst('2026-11-25', '03:00') });
    expect(noExitByEndOfDay(backdated, jst('2026-11-25', '03:00'))).toEqual({ code: 'no_exit_by_end_of_day', params: { open: 0, recordedLate: 1 } });
    expect(codes(backdated, inputs(jst('2026-11-25', '03:00')))).toContain('no_exit_by_end_of_day');
    // Recorded by 23:59:59, or exactly at midnight, it was on the book by the end of the day.
    expect(noExitByEndOfDay({ ...backdated, exitRecordedAt: jst('2026-11-24', '23:59', 59) }, jst('2026-11-25', '03:00'))).toBeNull();
    expect(noExitByEndOfDay({ ...backdated, exitRecordedAt: jst('2026-11-24', '24:00') }, jst('2026-11-25', '03:00'))).toBeNull();
    // A stay written whole the next morning (entry and exit at once) was never open on the book: the late-record rule judges it.
    const transcribed = stay(jst('2026-11-24', '10:00'), jst('2026-11-24', '10:20'), { recordedAt: jst('2026-11-25', '09:00'), exitRecordedAt: jst('2026-11-25', '09:00') });
    expect(noExitByEndOfDay(transcribed, jst('2026-11-25', '09:00'))).toBeNull();
    // Older stays have no exit-recording time: judged by their times alone.
    expect(noExitByEndOfDay({ ...backdated, exitRecordedAt: null }, jst('2026-11-25', '03:00'))).toBeNull();
  });

  it('a door terminal\'s queued exit delivered after midnight is the offline-delivery rule\'s, not a late closing', () => {
    // Entered at the door 23:00, left at 23:30 while the host was unreachable; the queue delivered the exit at 01:00.
    const queued = stay(jst('2026-11-24', '23:00'), jst('2026-11-24', '23:30'), { recordedBy: 'person:p1', exitRecordedAt: jst('2026-11-25', '01:00'), exitDelivered: true });
    expect(noExitByEndOfDay(queued, jst('2026-11-25', '02:00'))).toBeNull();
    expect(codes(queued, inputs(jst('2026-11-25', '02:00')))).toEqual(['outside_business_hours', 'offline_delivery']);
    // A stay entered at the desk and closed by a queued exit is marked as delivered late too (its exit came from the door).
    const deskEntry = { ...queued, recordedBy: 'account-1', recordedAt: queued.enteredAt };
    expect(codes(deskEntry, inputs(jst('2026-11-25', '02:00')))).toContain('offline_delivery');
    // The same exit recorded at the desk after midnight is a late closing, and no delivery of a door's: a
    // door entry whose exit a clerk recorded late is not 「端末からの遅延送信」 (a walk-through).
    expect(noExitByEndOfDay({ ...queued, exitDelivered: false }, jst('2026-11-25', '02:00'))).toMatchObject({ params: { recordedLate: 1 } });
    const onTime = { ...queued, recordedAt: queued.enteredAt };
    expect(codes(onTime, inputs(jst('2026-11-25', '02:00')))).toContain('offline_delivery');
    expect(codes({ ...onTime, exitDelivered: false }, inputs(jst('2026-11-25', '02:00')))).not.toContain('offline_delivery');
  });

  it('uses the Japan day, not the UTC day', () => {
    // Entered 08:30 JST on the 24th (23:30 UTC on the 23rd), left 09:00 JST: same Japan day.
    expect(noExitByEndOfDay(stay('2026-11-23T23:30:00.000Z', '2026-11-24T00:00:00.000Z'), '2026-11-30T00:00:00.000Z')).toBeNull();
  });
});

describe('entry outside business hours (weekdays 08:00–20:00, holidays per §4.4)', () => {
  const at = (date: string, hhmm: string, sec = 0) => outsideBusinessHours(stay(jst(date, hhmm, sec), null), S, NATIONAL_CALENDAR);

  it('takes 08:00 as inside and 07:59:59 as outside', () => {
    expect(at('2026-11-24', '08:00')).toBeNull();
    expect(at('2026-11-24', '07:59', 59)).toMatchObject({ code: 'outside_business_hours', params: { day: 'business', start: '08:00', end: '20:00' } });
  });

  it('takes 19:59:59 as inside and 20:00 as outside', () => {
    expect(at('2026-11-24', '19:59', 59)).toBeNull();
    expect(at('2026-11-24', '20:00')).toMatchObject({ code: 'outside_business_hours' });
  });

  it('flags weekends and national holidays, e.g. 2026-11-23 勤労感謝の日', () => {
    expect(at('2026-11-28', '10:00')).toEqual({ code: 'outside_business_hours', params: { day: 'weekend' } });
    expect(at('2026-11-23', '10:00')).toEqual({ code: 'outside_business_hours', params: { day: 'national_holiday', holiday: '勤労感謝の日' } });
  });

  it('follows a site calendar: worked holidays count as business days, company holidays do not', () => {
    const cal = makeBusinessCalendar({ workedHolidays: ['2026-11-23'], companyHolidays: ['2026-11-24'] });
    expect(outsideBusinessHours(stay(jst('2026-11-23', '10:00'), null), S, cal)).toBeNull();
    expect(outsideBusinessHours(stay(jst('2026-11-24', '10:00'), null), S, cal)).toMatchObject({ params: { day: 'company_holiday' } });
  });

  it('judges the Japan day: 08:30 JST on a Tuesday is not the UTC Monday holiday evening', () => {
    expect(outsideBusinessHours(stay('2026-11-23T23:30:00.000Z', null), S, NATIONAL_CALENDAR)).toBeNull();
  });

  it('uses the site business hours', () => {
    const short: ServerRoomSiteSettings = { ...S, businessHours: { start: '09:00', end: '18:00' } };
    expect(outsideBusinessHours(stay(jst('2026-11-24', '08:30'), null), short, NATIONAL_CALENDAR)).toMatchObject({ code: 'outside_business_hours' });
    expect(outsideBusinessHours(stay(jst('2026-11-24', '17:59'), null), short, NATIONAL_CALENDAR)).toBeNull();
  });
});

describe('person not authorized at the time', () => {
  // Registered 1 Oct not authorized; authorized from 10 Nov 09:00 until 20 Nov 09:00.
  const history = new Map<string, PersonAuthorization>([
    ['p1', { registeredAt: jst('2026-10-01', '09:00'), periods: [{ validFrom: jst('2026-11-10', '09:00'), validTo: jst('2026-11-20', '09:00') }] }],
  ]);

  it('uses the authorization in force when the person entered', () => {
    expect(notAuthorized(stay(jst('2026-11-05', '10:00'), null), history)).toEqual({ code: 'not_authorized' });
    expect(notAuthorized(stay(jst('2026-11-12', '10:00'), null), history)).toBeNull();
    expect(notAuthorized(stay(jst('2026-11-21', '10:00'), null), history)).toEqual({ code: 'not_authorized' });
  });

  it('a period is in force from its start, inclusive, to its end, exclusive', () => {
    const p1 = history.get('p1');
    expect(wasAuthorized(p1, jst('2026-11-10', '08:59', 59))).toBe(false);
    expect(wasAuthorized(p1, jst('2026-11-10', '09:00'))).toBe(true); // exactly at valid_from
    // Granted at 09:00:40, an entry recorded at 09:00 (a form's minute) is authorized; at 08:59 it is not.
    const late = { registeredAt: jst('2026-10-01', '09:00'), periods: [{ validFrom: jst('2026-11-10', '09:00', 40), validTo: null }] };
    expect(wasAuthorized(late, jst('2026-11-10', '09:00'))).toBe(true);
    expect(wasAuthorized(late, jst('2026-11-10', '08:59'))).toBe(false);
    expect(wasAuthorized(p1, new Date(Date.parse(jst('2026-11-20', '09:00')) - 1).toISOString())).toBe(true);
    expect(wasAuthorized(p1, jst('2026-11-20', '09:00'))).toBe(false); // exactly at valid_to
    // An open-ended period has no end; a revoke and a new grant at the same instant leave no gap.
    const again: PersonAuthorization = {
      registeredAt: jst('2026-10-01', '09:00'),
      periods: [{ validFrom: jst('2026-10-01', '09:00'), validTo: jst('2026-11-20', '09:00') }, { validFrom: jst('2026-11-20', '09:00'), validTo: null }],
    };
    expect(wasAuthorized(again, jst('2026-11-20', '09:00'))).toBe(true);
    expect(wasAuthorized(again, jst('2036-11-20', '09:00'))).toBe(true);
    // A period ended the moment it began was never in force.
    expect(wasAuthorized({ registeredAt: jst('2026-10-01', '09:00'), periods: [{ validFrom: jst('2026-11-10', '09:00'), validTo: jst('2026-11-10', '09:00') }] }, jst('2026-11-10', '09:00'))).toBe(false);
  });

  it('before the person was registered, takes what they were registered with; unknown people are not authorized', () => {
    const registeredAuthorized: PersonAuthorization = { registeredAt: jst('2026-11-10', '09:00'), periods: [{ validFrom: jst('2026-11-10', '09:00'), validTo: null }] };
    expect(wasAuthorized(registeredAuthorized, jst('2026-11-01', '10:00'))).toBe(true);
    expect(wasAuthorized(history.get('p1'), jst('2026-09-01', '10:00'))).toBe(false);
    expect(notAuthorized(stay(jst('2026-11-12', '10:00'), null, { personId: 'ghost' }), history)).toEqual({ code: 'not_authorized' });
  });
});

describe('visitor without escort (Art. 8(2))', () => {
  it('counts visitors without an escorting employee', () => {
    expect(visitorWithoutEscort(stay(jst('2026-11-24', '10:00'), null, { visitors: [{ escortPersonId: 'p1' }] }))).toBeNull();
    expect(visitorWithoutEscort(stay(jst('2026-11-24', '10:00'), null, { visitors: [{ escortPersonId: 'p1' }, { escortPersonId: null }] }))).toEqual({
      code: 'visitor_without_escort', params: { count: 1 },
    });
  });
});

describe('overlapping stays of one person', () => {
  it('flags both stays of an overlap, but not touching stays or other people', () => {
    const a = stay(jst('2026-11-24', '10:00'), jst('2026-11-24', '11:00'));
    const b = stay(jst('2026-11-24', '10:30'), jst('2026-11-24', '12:00'));
    const c = stay(jst('2026-11-24', '12:00'), jst('2026-11-24', '12:30'));
    const other = stay(jst('2026-11-24', '10:15'), jst('2026-11-24', '10:45'), { personId: 'p2' });
    const found = overlappingStays([a, b, c, other], [], jst('2026-11-30', '00:00'));
    expect(found.get(a.id)).toEqual({ code: 'overlapping_stay', params: { otherStayId: b.id } });
    expect(found.get(b.id)).toEqual({ code: 'overlapping_stay', params: { otherStayId: a.id } });
    expect(found.has(c.id)).toBe(false);
    expect(found.has(other.id)).toBe(false);
  });

  it('ignores voided stays, and judges against neighbours from other pages or months', () => {
    const a = stay(jst('2026-11-24', '10:00'), jst('2026-11-24', '11:00'));
    const voided = stay(jst('2026-11-24', '10:30'), jst('2026-11-24', '10:40'), { status: 'void' });
    expect(overlappingStays([a, voided], [], jst('2026-11-30', '00:00')).size).toBe(0);
    const lastMonth = stay(jst('2026-10-31', '23:00'), jst('2026-11-01', '01:00'));
    const early = stay(jst('2026-11-01', '00:30'), jst('2026-11-01', '00:50'));
    expect(overlappingStays([early], [lastMonth], jst('2026-11-30', '00:00')).get(early.id)).toMatchObject({ params: { otherStayId: lastMonth.id } });
  });

  it('lets an open stay run to the end of its own day at most', () => {
    const forgotten = stay(jst('2026-11-24', '17:00'), null);
    const nextDay = stay(jst('2026-11-25', '10:00'), jst('2026-11-25', '11:00'));
    const sameEvening = stay(jst('2026-11-24', '19:00'), jst('2026-11-24', '19:30'));
    const found = overlappingStays([forgotten, nextDay, sameEvening], [], jst('2026-11-26', '00:00'));
    expect(found.has(nextDay.id)).toBe(false);
    expect(found.get(sameEvening.id)).toMatchObject({ params: { otherStayId: forgotten.id } });
  });
});

describe('recorded more than 24 h after it happened', () => {
  it('is not late at exactly 24 h, and is late one second later', () => {
    const enter = jst('2026-11-24', '10:00');
    expect(lateRecord(stay(enter, null, { recordedAt: jst('2026-11-25', '10:00') }), S)).toBeNull();
    expect(lateRecord(stay(enter, null, { recordedAt: jst('2026-11-25', '10:00', 1) }), S)).toEqual({ code: 'late_record', params: { hours: 24, max: 24 } });
    expect(lateRecord(stay(enter, null, { recordedAt: jst('2026-11-26', '09:00') }), { ...S, lateRecordHours: 48 })).toBeNull();
  });
});

describe('findStayAnomalies', () => {
  it('returns every rule a stay breaks, in a fixed order, and nothing for a clean or voided stay', () => {
    const clean = stay(jst('2026-11-24', '10:00'), jst('2026-11-24', '11:00'));
    expect(codes(clean, inputs(jst('2026-11-30', '00:00')))).toEqual([]);
    const bad = stay(jst('2026-11-23', '21:00'), jst('2026-11-24', '02:00'), {
      recordedAt: jst('2026-11-27', '09:00'), personId: 'nobody', visitors: [{ escortPersonId: null }],
    });
    expect(codes(bad, inputs(jst('2026-11-30', '00:00')))).toEqual([
      'no_exit_by_end_of_day', 'over_max_stay', 'outside_business_hours', 'not_authorized', 'visitor_without_escort', 'late_record',
    ]);
    expect(codes({ ...bad, status: 'void' }, inputs(jst('2026-11-30', '00:00')))).toEqual([]);
  });

  it('recomputes from the current values after an amendment', () => {
    const recorded = stay(jst('2026-11-24', '10:00'), jst('2026-11-24', '15:00'));
    expect(codes(recorded, inputs(jst('2026-11-30', '00:00')))).toEqual(['over_max_stay']);
    const amended = { ...recorded, exitedAt: jst('2026-11-24', '12:00') };
    expect(codes(amended, inputs(jst('2026-11-30', '00:00')))).toEqual([]);
    // Moved a day back: a holiday, and now 25 h before it was recorded.
    const movedToHoliday = { ...amended, enteredAt: jst('2026-11-23', '09:00'), exitedAt: jst('2026-11-23', '11:00') };
    expect(codes(movedToHoliday, inputs(jst('2026-11-30', '00:00')))).toEqual(['outside_business_hours', 'late_record']);
  });

  it('has a label and a detail message for every code in every language', () => {
    for (const lang of LANGUAGES) {
      for (const code of SERVER_ROOM_ANOMALY_CODES) {
        expect(typeof catalogs[lang].serverRoom.anomaly[code]).toBe('string');
        expect(typeof catalogs[lang].serverRoom.anomalyDetail[code]).toBe('string');
      }
      for (const p of DEFAULT_SERVER_ROOM_SETTINGS.purposes) expect(typeof (catalogs[lang].serverRoom.purpose as Record<string, string>)[p.code]).toBe('string');
    }
  });
});
