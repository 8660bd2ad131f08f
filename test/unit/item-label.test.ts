import { describe, expect, it } from 'vitest';
import { itemLabel, reviewItemText, termedLabel } from '../../shared/review/item-text';

// A review item's label with its dates in the screen's words (review-text.ts, and the printed month's items).
const words = { date: (d: string, weekday?: boolean) => `[day ${d}${weekday ? ' w' : ''}]`, month: (m: string) => `[month ${m}]` };

describe('itemLabel', () => {
  it('says a day, a month alone, and a month before a record in words; leaves other labels as they are', () => {
    expect(itemLabel('2026-11-02', words, '：')).toBe('[day 2026-11-02 w]');
    // A record moved to another site is named by its month alone (an insider probe: 「2026-10」 as stored).
    expect(itemLabel('2026-10', words, '：')).toBe('[month 2026-10]');
    expect(itemLabel('2026-10: 山田 太郎 / 保守点検', words, '：')).toBe('[month 2026-10]：山田 太郎 / 保守点検');
    expect(itemLabel('SD-2026-10', words, '：')).toBe('SD-2026-10');
    expect(itemLabel('2026-10-5', words, '：')).toBe('2026-10-5');
  });
});

describe('termedLabel', () => {
  const word = (key: string) => ({ 'serverRoom.purposes.maintenance': 'Maintenance' })[key];
  const term = { text: '保守点検', key: 'serverRoom.purposes.maintenance' };
  it('says the catalog word in the place\'s language at its last place, and leaves the rest as kept', () => {
    expect(termedLabel('山田 太郎 / 保守点検', term, word)).toBe('山田 太郎 / Maintenance');
    // A name holding the same characters keeps them: only the word after it is the purpose.
    expect(termedLabel('保守点検 太郎 / 保守点検', term, word)).toBe('保守点検 太郎 / Maintenance');
  });
  it('keeps the label as kept without a term, with a word the catalog does not have, or when the word is not in it', () => {
    expect(termedLabel('山田 太郎 / 保守点検', undefined, word)).toBe('山田 太郎 / 保守点検');
    expect(termedLabel('山田 太郎 / 保守点検', { text: '保守点検', key: 'no.such.key' }, word)).toBe('山田 太郎 / 保守点検');
    expect(termedLabel('山田 太郎 / 点検', term, word)).toBe('山田 太郎 / 点検');
  });
});

describe('reviewItemText', () => {
  const w = { date: (d: string) => d, month: (m: string) => m, dateTime: (a: string) => a, changeKind: (a: string) => `[${a}]`, text: (key: string, p?: Record<string, string | number>) => `${key}${JSON.stringify(p ?? {})}` };
  it('names who made a change by name, or by the words for one who has none (the door terminal’s late delivery)', () => {
    expect(reviewItemText({ messageKey: 'review.items.cleared_no_reason', params: { action: 'serverRoom.amend', by: '田中 一郎' } }, w)).toBe('review.items.cleared_no_reason{"action":"[serverRoom.amend]","by":"田中 一郎"}');
    expect(reviewItemText({ messageKey: 'review.items.cleared_no_reason', params: { byKey: 'history.terminal' } }, w)).toBe('review.items.cleared_no_reason{"byKey":"history.terminal","by":"history.terminal{}"}');
  });
});
