import { describe, expect, it } from 'vitest';
import { makeBusinessCalendar } from '../../shared/calendar';
import { dayMarker, shortTime, timeCell } from '../../electron/core/print/sheets';

// Paper's short times (a walk-through: 11/15 10:30 was marked 営業時間外の入室 — a Sunday — with
// nothing on the page to say so): a weekend or a national holiday is marked, a business day is not.
describe('a time on paper', () => {
  it('marks a weekend and a national holiday with its weekday, in Japan time; a business day keeps its short form', () => {
    expect(shortTime('2026-11-15T01:30:00.000Z')).toBe('11/15（日） 10:30');
    expect(shortTime('2026-11-14T14:59:00.000Z')).toBe('11/14（土） 23:59');
    // 15:00 UTC on Saturday is Sunday 00:00 in Japan.
    expect(shortTime('2026-11-14T15:00:00.000Z')).toBe('11/15（日） 00:00');
    expect(shortTime('2026-11-03T00:00:00.000Z')).toBe('11/3（火・祝） 09:00'); // 文化の日
    expect(shortTime('2026-11-16T01:30:00.000Z')).toBe('11/16 10:30');
    // The CSV keeps the full date, for Excel.
    expect(timeCell('2026-11-15T01:30:00.000Z')).toEqual({ paper: '11/15（日） 10:30', csv: '2026/11/15 10:30' });
  });

  it('follows the site’s own calendar, the one 営業時間外 is judged by: a company holiday is marked, a Saturday it works is not; in English too', () => {
    const site = makeBusinessCalendar({ companyHolidays: ['2026-12-30'], workedHolidays: ['2026-11-14'] });
    expect(shortTime('2026-12-30T01:00:00.000Z', dayMarker(site, 'ja'))).toBe('12/30（水・休） 10:00');
    expect(shortTime('2026-11-14T01:00:00.000Z', dayMarker(site, 'ja'))).toBe('11/14 10:00');
    expect(shortTime('2026-11-15T01:00:00.000Z', dayMarker(site, 'ja'))).toBe('11/15（日） 10:00');
    expect(shortTime('2026-11-03T01:00:00.000Z', dayMarker(site, 'en'))).toBe('11/3 (Tue, holiday) 10:00');
    expect(shortTime('2026-12-30T01:00:00.000Z', dayMarker(site, 'en'))).toBe('12/30 (Wed, closed) 10:00');
  });
});
