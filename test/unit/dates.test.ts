import { describe, expect, it } from 'vitest';
import { addDays, formatDate, formatDateShort, formatDateTime, formatDateTimeShort, formatMonth, isPlainDate, toPlainDate, warekiYear } from '../../shared/dates';

const TOKYO = { timeZone: 'Asia/Tokyo' };

describe('formatDate (和暦 by default)', () => {
  it('shows an instant as a Reiwa date in the given zone', () => {
    expect(formatDate('2026-11-27T01:00:00Z', 'ja', TOKYO)).toBe('令和8年11月27日');
  });

  it('uses the local day of the zone, not the UTC day', () => {
    // 23:30 UTC on the 26th is already the 27th in Tokyo.
    expect(formatDate('2026-11-26T23:30:00Z', 'ja', TOKYO)).toBe('令和8年11月27日');
    expect(formatDate('2026-11-26T23:30:00Z', 'ja', { timeZone: 'UTC' })).toBe('令和8年11月26日');
  });

  it('writes the first year of an era as 元年 and switches era on the right day', () => {
    expect(formatDate('2019-04-30', 'ja')).toBe('平成31年4月30日');
    expect(formatDate('2019-05-01', 'ja')).toBe('令和元年5月1日');
    expect(formatDate('1989-01-08', 'ja')).toBe('平成元年1月8日');
  });

  it('never shifts a plain date, whatever the zone', () => {
    expect(formatDate('2027-03-31', 'ja', { timeZone: 'America/Los_Angeles' })).toBe('令和9年3月31日');
    expect(formatDate('2027-03-31', 'en', { timeZone: 'Pacific/Kiritimati' })).toBe('Mar 31, 2027');
  });

  it('offers 西暦 and English', () => {
    expect(formatDate('2026-11-27', 'ja', { calendar: 'seireki' })).toBe('2026年11月27日');
    expect(formatDate('2026-11-27', 'en')).toBe('Nov 27, 2026');
  });

  it('adds the weekday the way office forms do', () => {
    expect(formatDate('2026-11-27', 'ja', { weekday: true })).toBe('令和8年11月27日（金）');
    expect(formatDate('2026-11-27', 'en', { weekday: true })).toBe('Fri, Nov 27, 2026');
  });

  it('returns an unreadable value as it was instead of "Invalid Date"', () => {
    expect(formatDate('not a date', 'ja')).toBe('not a date');
    expect(formatDate(new Date(Number.NaN), 'ja')).toBe('Invalid Date');
  });
});

describe('formatDateTime', () => {
  it('adds a 24-hour time', () => {
    expect(formatDateTime('2026-11-27T05:05:09Z', 'ja', TOKYO)).toBe('令和8年11月27日 14:05');
    expect(formatDateTime('2026-11-27T05:05:09Z', 'ja', { ...TOKYO, seconds: true })).toBe('令和8年11月27日 14:05:09');
    expect(formatDateTime('2026-11-27T15:00:00Z', 'en', TOKYO)).toBe('Nov 28, 2026, 00:00');
  });
});

describe('formatDateTimeShort (dense lists)', () => {
  it('writes 3月4日 10:05 within the year, not 03月04日 (in the display time zone); the full form in another year', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    // Midday UTC on the 4th is the 4th from UTC−11 to UTC+11: the day is known, whatever this machine's zone.
    expect(formatDateTimeShort('2026-03-04T12:05:00Z', 'ja', now)).toMatch(/^3月4日 \d{2}:05$/);
    expect(formatDateTimeShort('2026-03-04T12:05:00Z', 'en', now)).toMatch(/^Mar 4, \d{2}:05$/);
    expect(formatDateTimeShort('2025-03-04T12:05:00Z', 'ja', now)).toMatch(/^令和7年3月4日 \d{2}:05$/);
  });
});

describe('formatDateShort (a day in a dense list)', () => {
  it('writes 12月4日（金） within the year, as formatDateTimeShort writes its date; the full form in another year', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    expect(formatDateShort('2026-12-04', 'ja', now, 'Asia/Tokyo')).toBe('12月4日（金）');
    expect(formatDateShort('2026-12-04', 'en', now, 'Asia/Tokyo')).toBe('Fri, Dec 4');
    expect(formatDateShort('2026-03-04T12:05:00Z', 'ja', now, 'Asia/Tokyo')).toBe('3月4日（水）');
    // The first of January in Japan is still the last year's 31 December in UTC: the year is Japan's.
    expect(formatDateShort('2026-12-31T15:30:00Z', 'ja', new Date('2027-01-05T00:00:00Z'), 'Asia/Tokyo')).toBe('1月1日（金）');
    expect(formatDateShort('2025-12-04', 'ja', now, 'Asia/Tokyo')).toBe('令和7年12月4日（木）');
    expect(formatDateShort('2026-13-40', 'ja', now)).toBe('2026-13-40');
  });
});

describe('formatMonth', () => {
  it('names a month in 和暦, 西暦 or English', () => {
    expect(formatMonth('2026-11', 'ja')).toBe('令和8年11月');
    expect(formatMonth('2019-05', 'ja')).toBe('令和元年5月');
    expect(formatMonth('2026-11', 'ja', { calendar: 'seireki' })).toBe('2026年11月');
    expect(formatMonth('2026-11', 'en')).toBe('November 2026');
    expect(formatMonth('2026-13', 'ja')).toBe('2026-13');
  });
});

describe('warekiYear', () => {
  it('gives the era and the year number', () => {
    expect(warekiYear('2026-11-27')).toEqual({ era: '令和', year: 8 });
    expect(warekiYear('2019-05-01')).toEqual({ era: '令和', year: 1 });
    expect(warekiYear('2019-04-30')).toEqual({ era: '平成', year: 31 });
    expect(warekiYear('nonsense')).toBeNull();
  });
});

describe('plain dates', () => {
  it('recognises real calendar days only', () => {
    expect(isPlainDate('2028-02-29')).toBe(true);
    expect(isPlainDate('2026-02-29')).toBe(false);
    expect(isPlainDate('2026-13-01')).toBe(false);
    expect(isPlainDate('2026-1-01')).toBe(false);
  });

  it('takes the calendar day of an instant in a zone', () => {
    expect(toPlainDate('2026-11-26T23:30:00Z', 'Asia/Tokyo')).toBe('2026-11-27');
    expect(toPlainDate('2026-11-26T23:30:00Z', 'UTC')).toBe('2026-11-26');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-27', 365)).toBe('2027-11-27');
    expect(() => addDays('27/11/2026', 1)).toThrow(RangeError);
  });
});

describe('minutes between two times, as they read', () => {
  it('counts the minutes the shown times differ by, whatever their seconds (08:32 → 08:52 is 20)', async () => {
    const { minutesBetween } = await import('../../renderer/src/lib/japan-time');
    expect(minutesBetween('2026-11-24T08:32:40+09:00', '2026-11-24T08:52:10+09:00')).toBe(20);
    expect(minutesBetween('2026-11-24T08:32:00+09:00', '2026-11-24T08:32:59+09:00')).toBe(0);
    expect(minutesBetween('2026-11-24T23:59:30+09:00', '2026-11-25T00:00:05+09:00')).toBe(1);
    expect(minutesBetween('2026-11-24T09:00:00+09:00', '2026-11-24T08:00:00+09:00')).toBe(0);
  });
});

describe('the date and time typed in, echoed under the field', () => {
  it('reads back a day a record may name, and nothing for a year typed wrong (0099 read as 「大化-545年」, days and minutes off)', async () => {
    const { echoLocalInput } = await import('../../renderer/src/lib/japan-time');
    expect(echoLocalInput('2026-11-24T10:00', 'ja')).toBe('令和8年11月24日（火） 10:00');
    expect(echoLocalInput('2000-01-01T00:00', 'ja')).toMatch(/^平成12年1月1日/);
    for (const wrong of ['0099-01-01T10:00', '1999-12-31T23:59', '1026-05-01T09:00', '3000-01-01T00:00']) expect(echoLocalInput(wrong, 'ja'), wrong).toBeNull();
    expect(echoLocalInput('not a date', 'en')).toBeNull();
  });
});
