import { describe, expect, it } from 'vitest';
import { refuseTooOld } from '../../electron/core/ledgers/kit/record-parts';

// A record's own time as an instant, a day or a month (kit/record-parts.ts): none more than five years
// back, and one's own not before last month began (in Japan).
const at = (now: string, value: string, ownOnly = false) => {
  try {
    refuseTooOld(new Date(now), value, 'f', ownOnly);
    return 'ok';
  } catch (e) {
    return (e as { messageKey: string }).messageKey;
  }
};

describe('refuseTooOld', () => {
  const now = '2026-11-24T01:00:00.000Z'; // 10:00 on 24 November in Japan
  it('takes days, months and instants, five years back to the day', () => {
    expect(at(now, '2021-11-24')).toBe('ok');
    expect(at(now, '2021-11-23')).toBe('errors.field.too_old');
    expect(at(now, '2021-11')).toBe('errors.field.too_old'); // the month begins on the 1st
    expect(at(now, '2021-12')).toBe('ok');
    expect(at(now, '2021-11-23T15:00:00.000Z')).toBe('ok'); // 00:00 on the 24th in Japan
    expect(at(now, '2021-11-23T14:59:00.000Z')).toBe('errors.field.too_old');
    expect(at(now, 'not a time')).toBe('ok'); // the field's schema says what is wrong
  });
  it('keeps one’s own records to last month and this, by the Japan month', () => {
    expect(at(now, '2026-10-01', true)).toBe('ok');
    expect(at(now, '2026-09-30', true)).toBe('errors.field.too_old_own');
    expect(at(now, '2026-09-30T15:00:00.000Z', true)).toBe('ok'); // 1 October in Japan
    // On 1 December in Japan (still 30 November in UTC), November is last month.
    expect(at('2026-11-30T16:00:00.000Z', '2026-10-31', true)).toBe('errors.field.too_old_own');
    expect(at('2026-11-30T16:00:00.000Z', '2026-11-01', true)).toBe('ok');
  });
  it('counts from 28 February on a 29 February', () => {
    expect(at('2028-02-29T01:00:00.000Z', '2023-02-28')).toBe('ok');
    expect(at('2028-02-29T01:00:00.000Z', '2023-02-27')).toBe('errors.field.too_old');
  });
});
