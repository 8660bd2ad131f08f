import { describe, expect, it } from 'vitest';
import {
  daysOfMonth,
  jstDate,
  jstDayEnd,
  jstDayStart,
  jstInstant,
  jstMonth,
  jstMonthRange,
  jstMsOfDay,
  makeBusinessCalendar,
  NATIONAL_CALENDAR,
  holidayNameEn,
  nationalHoliday,
  parseTimeOfDay,
  weekdayOf,
} from '../../shared/calendar';

describe('Japan time helpers (business rules judge Asia/Tokyo, whatever the PC zone)', () => {
  it('maps instants to the Japan day and time', () => {
    // 23:30 UTC on the 23rd is 08:30 on the 24th in Japan.
    expect(jstDate('2026-11-23T23:30:00.000Z')).toBe('2026-11-24');
    expect(jstDate('2026-11-23T14:59:59.999Z')).toBe('2026-11-23');
    expect(jstDate('2026-11-23T15:00:00.000Z')).toBe('2026-11-24');
    expect(jstMsOfDay('2026-11-23T23:30:00.000Z')).toBe((8 * 60 + 30) * 60_000);
    expect(jstMonth('2026-10-31T15:30:00.000Z')).toBe('2026-11');
  });

  it('builds instants from Japan dates and times', () => {
    expect(jstDayStart('2026-11-23').toISOString()).toBe('2026-11-22T15:00:00.000Z');
    expect(jstDayEnd('2026-11-23').toISOString()).toBe('2026-11-23T15:00:00.000Z');
    expect(jstInstant('2026-11-24', '08:00').toISOString()).toBe('2026-11-23T23:00:00.000Z');
    expect(jstInstant('2026-11-24', '24:00').toISOString()).toBe(jstDayEnd('2026-11-24').toISOString());
    expect(parseTimeOfDay('20:00')).toBe(1200);
    expect(() => parseTimeOfDay('24:30')).toThrow(RangeError);
    expect(() => jstDayStart('2026-02-30')).toThrow(RangeError);
  });

  it('gives month ranges and days across the year end', () => {
    const dec = jstMonthRange('2026-12');
    expect(dec.start.toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(dec.end.toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-12').at(-1)).toBe('2026-12-31');
    expect(weekdayOf('2026-11-23')).toBe(1); // Monday
  });
});

describe('business calendar (SPEC §4.4)', () => {
  it('knows national holidays from the maintained library, substitute holidays included', () => {
    expect(nationalHoliday('2026-11-23')?.name).toBe('勤労感謝の日');
    expect(nationalHoliday('2026-05-06')?.name).toContain('振替休日');
    expect(nationalHoliday('2026-11-24')).toBeNull();
    expect(NATIONAL_CALENDAR.day('2026-11-23')).toMatchObject({ kind: 'national_holiday', business: false, holidayName: '勤労感謝の日' });
  });

  it('names a holiday in English from the Japanese name an anomaly keeps (a probe read 勤労感謝の日 in English)', () => {
    expect(holidayNameEn('勤労感謝の日')).toBe(nationalHoliday('2026-11-23')!.nameEn);
    expect(holidayNameEn('勤労感謝の日')).toMatch(/^[\x20-\x7e]+$/);
    expect(holidayNameEn(nationalHoliday('2026-05-06')!.name)).toBe(nationalHoliday('2026-05-06')!.nameEn);
    expect(holidayNameEn('創立記念日')).toBe('創立記念日');
  });

  it('treats weekends as days off and counts business days of a month', () => {
    expect(NATIONAL_CALENDAR.day('2026-11-28')).toMatchObject({ kind: 'weekend', business: false });
    expect(NATIONAL_CALENDAR.isBusinessDay('2026-11-24')).toBe(true);
    // November 2026: 30 days, 9 weekend days, 文化の日 (Tue 3rd) and 勤労感謝の日 (Mon 23rd).
    expect(NATIONAL_CALENDAR.businessDaysOfMonth('2026-11')).toHaveLength(19);
  });

  it('adds company holidays and worked holidays per site', () => {
    const cal = makeBusinessCalendar({ companyHolidays: ['2026-12-29', '2026-12-30'], workedHolidays: ['2026-11-23', '2026-11-28'] });
    expect(cal.day('2026-12-29')).toMatchObject({ kind: 'company_holiday', business: false });
    expect(cal.day('2026-11-23')).toMatchObject({ kind: 'worked_holiday', business: true, holidayName: '勤労感謝の日' });
    expect(cal.isBusinessDay('2026-11-28')).toBe(true);
    expect(cal.businessDaysOfMonth('2026-11')).toHaveLength(21);
  });
});
