import { describe, expect, it } from 'vitest';
import { jstInstant, makeBusinessCalendar } from '../../shared/calendar';
import { exitOnItsDay, missingDays, ngItems, recordedLate } from '../../electron/core/ledgers/last-exit/rules';

// SPEC §4.4 rules at their edges (Japan time, a site's calendar).

const at = (date: string, hhmm: string, s = 0) => jstInstant(date, hhmm, s).toISOString();

describe('last-exit checklist rules (SPEC §4.4)', () => {
  it('NG items are counted; all OK is no anomaly', () => {
    expect(ngItems([{ item: '窓の施錠', ok: true, remark: null }])).toBeNull();
    expect(ngItems([{ item: '窓の施錠', ok: false, remark: '鍵の不具合、守衛に連絡' }, { item: '照明の消灯', ok: true, remark: null }])).toEqual({ code: 'ng_items', params: { count: 1 }, facts: [{ term: 'ngItems', values: [{ text: '窓の施錠', key: 'lastExit.defaultItems.windows', note: '鍵の不具合、守衛に連絡' }] }] });
    // Each NG item by name, with its remark where it has one (one recorded before remarks were required has none).
    // The product's own items by their catalog word too (said in the screen's language); a company's own as typed.
    expect(ngItems([{ item: '窓の施錠', ok: false, remark: '鍵の不具合' }, { item: '照明の消灯', ok: false, remark: ' ' }, { item: '金庫の施錠', ok: false, remark: null }])).toEqual({
      code: 'ng_items', params: { count: 3 }, facts: [{ term: 'ngItems', values: [{ text: '窓の施錠', key: 'lastExit.defaultItems.windows', note: '鍵の不具合' }, { text: '照明の消灯', key: 'lastExit.defaultItems.lights' }, { text: '金庫の施錠' }] }],
    });
  });

  it('a checklist a day late: recorded more than 24 h after its business day ended', () => {
    expect(recordedLate('2026-11-24', at('2026-11-25', '23:59', 59))).toBeNull();
    expect(recordedLate('2026-11-24', at('2026-11-26', '00:00', 1))).toEqual({ code: 'recorded_late' });
  });

  it('the time left is on that business day or before the end of the next (a late night out)', () => {
    expect(exitOnItsDay('2026-11-24', at('2026-11-24', '19:30'))).toBe(true);
    expect(exitOnItsDay('2026-11-24', at('2026-11-25', '01:10'))).toBe(true);
    expect(exitOnItsDay('2026-11-24', at('2026-11-23', '23:59'))).toBe(false);
    expect(exitOnItsDay('2026-11-24', at('2026-11-26', '00:00'))).toBe(false);
    // The next morning until 06:00, not the next evening (an insider probe hid a night in the server room so).
    expect(exitOnItsDay('2026-11-24', at('2026-11-25', '05:59'))).toBe(true);
    expect(exitOnItsDay('2026-11-24', at('2026-11-25', '06:00'))).toBe(false);
    expect(exitOnItsDay('2026-11-24', at('2026-11-25', '20:00'))).toBe(false);
  });

  it('missing days: business days only — not a national holiday or a company holiday; a worked holiday needs one too', () => {
    // November 2026: 3rd 文化の日 and 23rd 勤労感謝の日 are national holidays.
    const national = makeBusinessCalendar();
    const days = missingDays(national, '2026-11', '2026-11-01', '2026-11-07', new Set(['2026-11-02']));
    expect(days).toEqual(['2026-11-04', '2026-11-05', '2026-11-06']); // 2nd recorded, 3rd a holiday, 1st a Sunday, today (7th) not yet
    const company = makeBusinessCalendar({ companyHolidays: ['2026-11-04'], workedHolidays: ['2026-11-03', '2026-11-01'] });
    expect(missingDays(company, '2026-11', '2026-11-01', '2026-11-07', new Set(['2026-11-02']))).toEqual(['2026-11-01', '2026-11-03', '2026-11-05', '2026-11-06']);
    // Days before the site was set up were kept on paper.
    expect(missingDays(national, '2026-11', '2026-11-05', '2026-11-07', new Set())).toEqual(['2026-11-05', '2026-11-06']);
  });
});
