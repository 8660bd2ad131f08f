import { describe, expect, it } from 'vitest';
import { refuseTooOld } from '../../electron/core/ledgers/kit/record-parts';

// A record's own time as an instant, a day or a month (kit/record-parts.ts): none before the first month
// the ledger's retention keeps, and one's own not before last month began (in Japan).
const at = (now: string, value: string, ownOnly = false, years = 5) => {
  try {
    refuseTooOld(new Date(now), value, 'f', ownOnly, years);
    return 'ok';
  } catch (e) {
    return (e as { messageKey: string }).messageKey;
  }
};

describe('refuseTooOld', () => {
  const now = '2026-11-24T01:00:00.000Z'; // 10:00 on 24 November in Japan
  it('takes days, months and instants, back to the first of the month the retention keeps, as retention counts it', () => {
    expect(at(now, '2021-11-01')).toBe('ok');
    expect(at(now, '2021-10-31')).toBe('errors.field.too_old');
    expect(at(now, '2021-11')).toBe('ok');
    expect(at(now, '2021-10')).toBe('errors.field.too_old');
    expect(at(now, '2021-10-31T15:00:00.000Z')).toBe('ok'); // 00:00 on 1 November in Japan
    expect(at(now, '2021-10-31T14:59:00.000Z')).toBe('errors.field.too_old');
    expect(at(now, 'not a time')).toBe('ok'); // the field's schema says what is wrong
  });
  it('follows the ledger’s retention period', () => {
    expect(at(now, '2017-03-01', false, 10)).toBe('ok');
    expect(at(now, '2016-10-31', false, 10)).toBe('errors.field.too_old');
    expect(at(now, '2025-10-31', false, 1)).toBe('errors.field.too_old');
  });
  it('keeps one’s own records to last month and this, by the Japan month', () => {
    expect(at(now, '2026-10-01', true)).toBe('ok');
    expect(at(now, '2026-09-30', true)).toBe('errors.field.too_old_own');
    expect(at(now, '2026-09-30T15:00:00.000Z', true)).toBe('ok'); // 1 October in Japan
    // On 1 December in Japan (still 30 November in UTC), November is last month.
    expect(at('2026-11-30T16:00:00.000Z', '2026-10-31', true)).toBe('errors.field.too_old_own');
    expect(at('2026-11-30T16:00:00.000Z', '2026-11-01', true)).toBe('ok');
  });
});
