import { describe, expect, it } from 'vitest';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// A walk-through: one click on 退館・カード返却 recorded a card return no one saw, and nothing on the
// slip could correct it. The return is taken back with a reason, while no one has had the card since.

describe('a guest card return recorded by mistake (SPEC §3, §4.5)', () => {
  it('is taken back with its reason: the slip says not returned again and the card is lent; not once the card was lent since', async () => {
    const { d, c, clerk, staff, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-11-24', '12:00'));
    const card = await clerk.ok('guestCards.add', { number: 'G-07', siteId: hq.id });
    const base = { siteId: hq.id, company: '株式会社ネクストシステムズ', purpose: 'サーバ保守の打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id };
    const v = await clerk.ok('visitors.add', { ...base, name: '高橋 誠', arrivedAt: jst('2026-11-24', '09:40') });
    // Nothing to take back before a return, nor without a reason.
    expect(await clerk.call('visitors.undoCardReturn', { id: v.id, reason: '誤って返却を記録' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.no_card_back' } });
    await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst('2026-11-24', '11:00'), cardReturned: true });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    expect(await clerk.call('visitors.undoCardReturn', { id: v.id, reason: 'なし' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'reason' } });
    // Staff keep no slips.
    expect(await staff.call('visitors.undoCardReturn', { id: v.id, reason: '誤って返却を記録' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const undone = await clerk.ok('visitors.undoCardReturn', { id: v.id, reason: 'カードは受け取っていなかった（退館ボタンの押し違い）' });
    expect(undone).toMatchObject({ cardReturnedAt: null, leftAt: new Date(jst('2026-11-24', '11:00')).toISOString() });
    expect(undone.anomalies.map((a) => a.code)).toContain('card_not_returned');
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('lent');
    // In the slip's and the card's history, with its reason.
    const history = await clerk.ok('visitors.history', { id: v.id });
    expect(history.at(-1)).toMatchObject({ action: 'visitors.undo_card_return', reason: 'カードは受け取っていなかった（退館ボタンの押し違い）' });
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.action).at(-1)).toBe('visitors.undo_card_return');
    // Twice: nothing left to take back.
    expect(await clerk.call('visitors.undoCardReturn', { id: v.id, reason: '誤って返却を記録' })).toMatchObject({ ok: false, error: { messageKey: 'visitors.errors.no_card_back' } });

    // A card reported lost and then found: taking the finding back makes it lost again, not lent (a review).
    await clerk.ok('visitors.reportCardLost', { id: v.id, reason: '来訪者に問い合わせ中' });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('lost');
    await clerk.ok('visitors.returnCard', { id: v.id });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    await clerk.ok('visitors.undoCardReturn', { id: v.id, reason: '見つかったのは別のカードだった' });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('lost');

    // Returned again, then lent to the next visitor: that return stands.
    c.set(jst('2026-11-24', '13:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('visitors.returnCard', { id: v.id, returnedAt: jst('2026-11-24', '12:30') });
    const next = await clerk.ok('visitors.add', { ...base, name: '鈴木 花子', arrivedAt: jst('2026-11-24', '12:45') });
    expect(await clerk.call('visitors.undoCardReturn', { id: v.id, reason: '誤って返却を記録' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.card_lent_since', params: { card: 'G-07' } } });
    expect((await clerk.ok('visitors.get', { id: v.id })).cardReturnedAt).not.toBeNull();
    expect((await clerk.ok('visitors.get', { id: next.id })).guestCardId).toBe(card.id);
    // …also once that visitor has given it back and it is in stock again (the rule this check is for).
    await clerk.ok('visitors.signOut', { id: next.id, leftAt: jst('2026-11-24', '12:55'), cardReturned: true });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    expect(await clerk.call('visitors.undoCardReturn', { id: v.id, reason: '誤って返却を記録' })).toMatchObject({ ok: false, error: { messageKey: 'visitors.errors.card_lent_since' } });
    expect(d.verify().ok).toBe(true);
    d.close();
  });
});
