import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// SPEC §4.5 through the real dispatcher: a visitor beyond the reception room with a guest card and an
// escort, the card lent once at a time and back in stock at sign-out, the rules at the field, the
// last-exit warning, and the journal verifies.

describe('guest cards and visitor reception (SPEC §4.5, Art. 5, 8)', () => {
  it('receives a visitor with a card and escort, lends a card once, signs out with the card back', async () => {
    const { d, clerk, staff, hq, osaka, yamada, sasaki } = await serverRoomFixture();
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const osakaCard = await clerk.ok('guestCards.add', { number: 'G-OSK-01', siteId: osaka.id });
    expect(card.state).toBe('in_stock');
    const base = { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: 'サーバ保守の打合せ', hostId: yamada.id, arrivedAt: jst('2026-11-24', '09:40') };
    // Beyond the reception room: a card, and an escort unless designated — at the field, nothing stored.
    expect(await clerk.call('visitors.add', { ...base, area: 'office', escortId: sasaki.id })).toMatchObject({ ok: false, error: { field: 'guestCardId', messageKey: 'visitors.errors.card_required' } });
    expect(await clerk.call('visitors.add', { ...base, area: 'office', guestCardId: card.id })).toMatchObject({ ok: false, error: { field: 'escortId', messageKey: 'visitors.errors.escort_required' } });
    // Both missing: both said at once, each at its field (a walk-through: the escort only on the next try).
    expect(await clerk.call('visitors.add', { ...base, area: 'office' })).toMatchObject({
      ok: false,
      error: { field: 'guestCardId', issues: [{ field: 'guestCardId', messageKey: 'visitors.errors.card_required' }, { field: 'escortId', messageKey: 'visitors.errors.escort_required' }] },
    });
    expect(await clerk.call('visitors.add', { ...base, area: 'office', guestCardId: osakaCard.id, escortId: sasaki.id })).toMatchObject({ ok: false, error: { field: 'guestCardId', messageKey: 'visitors.errors.card_other_site' } });
    // A retired card says so (a bad-input probe: "cannot be lent: it is in stock").
    const retired = await clerk.ok('guestCards.add', { number: 'G-99', siteId: hq.id });
    await clerk.ok('guestCards.void', { id: retired.id, reason: '破損' });
    expect(await clerk.call('visitors.add', { ...base, area: 'office', guestCardId: retired.id, escortId: sasaki.id })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'guestCardId', messageKey: 'visitors.errors.card_retired' } });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    const v = await clerk.ok('visitors.add', { ...base, area: 'office', guestCardId: card.id, escortId: sasaki.id });
    // The same slip again (sent twice, or typed at a second desk): refused, naming the slip that stands, and nothing stored.
    const head = d.store.journalHead().seq;
    for (const arrivedAt of [base.arrivedAt, jst('2026-11-24', '09:40', 30)])
      expect(await clerk.call('visitors.add', { ...base, arrivedAt, area: 'reception' })).toMatchObject({
        ok: false, error: { code: 'conflict', field: 'name', messageKey: 'visitors.errors.already_recorded', params: { recordId: v.id } },
      });
    // Also typed in another width, case or spacing (a second probe: each variant was a second slip).
    for (const typed of [{ name: '高橋　誠', company: '株式会社ネクストシステムズ' }, { name: '高橋誠', company: '株式会社ﾈｸｽﾄｼｽﾃﾑｽﾞ' }, { name: ' 高橋 誠 ', company: '株式会社 ネクストシステムズ' }])
      expect(await clerk.call('visitors.add', { ...base, ...typed, area: 'reception' }), JSON.stringify(typed)).toMatchObject({
        ok: false, error: { code: 'conflict', field: 'name', messageKey: 'visitors.errors.already_recorded', params: { recordId: v.id } },
      });
    expect(d.store.journalHead().seq).toBe(head);
    expect(v).toMatchObject({ names: { guestCardId: 'G-01', escortId: '佐々木 次郎', hostId: '山田 太郎' }, leftAt: null, anomalies: [] });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('lent');
    // Staff see the cards, not their history: it holds the visits' acts, as who had the card and why it was lost (an insider probe).
    expect((await staff.ok('guestCards.get', { id: card.id })).state).toBe('lent');
    expect(await staff.call('guestCards.history', { id: card.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.action)).toContain('visitors.add');
    // The same card cannot go to a second visitor meanwhile.
    expect(await clerk.call('visitors.add', { ...base, name: '伊藤 裕子', area: 'office', guestCardId: card.id, designatedBy: yamada.id })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'guestCardId', messageKey: 'visitors.errors.card_not_available', params: { state: 'visitors.cards.values.state.lent' } },
    });
    // Nor can it come back while its visitor is inside, or be retired, or moved to another site
    // (an insider probe: returned, it went to a second visitor at once; retired, its number was registered again).
    expect(await clerk.call('visitors.returnCard', { id: v.id })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.card_return_before_sign_out' } });
    expect(await clerk.call('guestCards.void', { id: card.id, reason: '破損' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.cards.errors.in_use' } });
    expect(await clerk.call('guestCards.amend', { id: card.id, changes: { siteId: osaka.id }, reason: '移管' })).toMatchObject({ ok: false, error: { field: 'siteId', messageKey: 'visitors.cards.errors.in_use' } });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('lent');
    // A visitor designated by the company representative needs no escort; the reception room needs neither.
    const rep = await clerk.ok('visitors.add', { ...base, name: '伊藤 裕子', area: 'reception', arrivedAt: jst('2026-11-24', '09:45') });
    expect(rep.anomalies).toEqual([]);
    // The last person out is told who is still inside.
    expect((await staff.ok('lastExit.warnings', { siteId: hq.id })).visitorsInside.map((x) => x.name)).toEqual(['高橋 誠', '伊藤 裕子']);
    expect((await clerk.ok('visitors.inside', {})).map((x) => x.name)).toEqual(['高橋 誠', '伊藤 裕子']);

    // Sign out with the card back: in stock again.
    expect(await clerk.call('visitors.signOut', { id: v.id, leftAt: '2099-01-01T00:00:00Z', cardReturned: true })).toMatchObject({ ok: false, error: { field: 'leftAt', messageKey: 'errors.field.future' } });
    const out = await clerk.ok('visitors.signOut', { id: v.id, cardReturned: true });
    expect(out).toMatchObject({ leftAt: expect.any(String), cardReturnedAt: expect.any(String), anomalies: [] });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    expect(await clerk.call('visitors.signOut', { id: v.id, cardReturned: true })).toMatchObject({ ok: false, error: { messageKey: 'visitors.errors.already_left' } });
    // Another visit keeps the card: left without returning it, then it comes back later.
    // Lent again from when it came back (not before: one visitor holds it at a time).
    expect(await clerk.call('visitors.add', { ...base, name: '中村 翔', area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '09:55') })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'arrivedAt', messageKey: 'visitors.errors.card_period_overlaps', params: { since: v.arrivedAt } },
    });
    const w = await clerk.ok('visitors.add', { ...base, name: '中村 翔', area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '10:00') });
    const left = await clerk.ok('visitors.signOut', { id: w.id, cardReturned: false });
    expect(left.anomalies.map((a) => a.code)).toEqual(['card_not_returned']);
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('lent');
    const back = await clerk.ok('visitors.returnCard', { id: w.id });
    expect(back.anomalies).toEqual([]);
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.action)).toEqual(['guestCards.add', 'visitors.add', 'visitors.sign_out', 'visitors.add', 'visitors.return_card']);
    // Each act names its own visitor, not another slip written in the same minute (伊藤 裕子's, without a card, between them).
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.about?.text?.split(' / ')[0] ?? null)).toEqual([null, '高橋 誠', '高橋 誠', '中村 翔', '中村 翔']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a card the visitor never gave back is recorded lost, and returned on its slip when found; a correction does not put a visitor who gave the card back inside again (an insider probe)', async () => {
    const { d, c, clerk, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-11-24', '12:00'));
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const base = { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: 'サーバ保守の打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id };
    const v = await clerk.ok('visitors.add', { ...base, arrivedAt: jst('2026-11-24', '09:40') });
    // Not while the visitor is inside; nor without a reason.
    expect(await clerk.call('visitors.reportCardLost', { id: v.id, reason: '紛失' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.card_lost_before_sign_out' } });
    await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst('2026-11-24', '11:00'), cardReturned: false });
    expect(await clerk.call('visitors.reportCardLost', { id: v.id, reason: ' ' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'reason' } });
    const lost = await clerk.ok('visitors.reportCardLost', { id: v.id, reason: '来訪者に問い合わせたが見つからない' });
    // The slip still says the card did not come back (its anomaly stays for the review); the card is 紛失.
    expect(lost).toMatchObject({ cardReturnedAt: null, anomalies: [{ code: 'card_not_returned' }] });
    // …saying when it was reported lost and what happened, where the slip is read (the review, the paper, the row).
    expect(lost.anomalies[0].facts).toEqual([{ term: 'lostAt', values: [{ at: expect.any(String) }] }, { term: 'lossReason', values: [{ text: '来訪者に問い合わせたが見つからない' }] }]);
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('lost');
    expect(await clerk.call('visitors.reportCardLost', { id: v.id, reason: '二度目' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.card_already_lost' } });
    // Nor is the visit put back inside by a correction, to be signed out again with the card "returned" before it was lost (an insider probe).
    expect(await clerk.call('visitors.amend', { id: v.id, changes: { leftAt: null }, reason: '退館時刻の訂正' })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'leftAt', messageKey: 'visitors.errors.reopen_card_lost' },
    });
    expect(await clerk.ok('visitors.get', { id: v.id })).toMatchObject({ leftAt: jst('2026-11-24', '11:00'), cardReturnedAt: null });
    // Found: not put back in stock by the register (its slip would hold it still), but by the slip's return.
    expect(await clerk.call('guestCards.amend', { id: card.id, changes: { state: 'in_stock' }, reason: '発見' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.cards.errors.found_by_visit' } });
    expect(await clerk.ok('visitors.returnCard', { id: v.id })).toMatchObject({ cardReturnedAt: expect.any(String), anomalies: [] });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    // Back already: returning it again says so, not "nothing changed" (a probe).
    expect(await clerk.call('visitors.returnCard', { id: v.id })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.no_card_out' } });
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.action)).toEqual(['guestCards.add', 'visitors.add', 'visitors.report_card_lost', 'visitors.return_card']);
    // Each of the card's acts names the visit it was about (a probe: lent, lost and returned, never to whom).
    expect((await clerk.ok('guestCards.history', { id: card.id })).map((h) => h.about?.text ?? null)).toEqual([null, '高橋 誠 / 株式会社ネクストシステムズ', '高橋 誠 / 株式会社ネクストシステムズ', '高橋 誠 / 株式会社ネクストシステムズ']);
    // The slip's own story tells the loss too, in its place, as an act on the card (no version of the slip: a walk-through found it only in the card's history).
    const story = await clerk.ok('visitors.history', { id: v.id });
    expect(story.map((h) => [h.action, h.act ?? false])).toEqual([['visitors.add', false], ['visitors.sign_out', false], ['visitors.report_card_lost', true], ['visitors.return_card', false]]);
    expect(story[2]).toMatchObject({ reason: '来訪者に問い合わせたが見つからない', before: null, after: null, actorName: expect.any(String) });

    // A visitor who gave the card back is not made "inside" again by clearing the time they left (the card may be with the next one).
    c.set(jst('2026-11-25', '12:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const w = await clerk.ok('visitors.add', { ...base, name: '中村 翔', arrivedAt: jst('2026-11-25', '09:00') });
    await clerk.ok('visitors.signOut', { id: w.id, leftAt: jst('2026-11-25', '10:00'), cardReturned: true });
    const head = d.store.journalHead().seq;
    expect(await clerk.call('visitors.amend', { id: w.id, changes: { leftAt: null }, reason: '退館の取消' })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'leftAt', messageKey: 'visitors.errors.reopen_card_returned' } });
    expect(d.store.journalHead().seq).toBe(head);
    expect(await clerk.ok('visitors.inside', {})).toEqual([]);

    // Lost, retired, and a new card of its number made; the old one found: its slip says it came
    // back, and the retired card stays out of the stock (an insider probe: two G-05 in stock).
    const g5 = await clerk.ok('guestCards.add', { number: 'G-05', siteId: hq.id });
    const x = await clerk.ok('visitors.add', { ...base, name: '小林 健', guestCardId: g5.id, arrivedAt: jst('2026-11-25', '10:30') });
    await clerk.ok('visitors.signOut', { id: x.id, leftAt: jst('2026-11-25', '11:00'), cardReturned: false });
    await clerk.ok('visitors.reportCardLost', { id: x.id, reason: '見つからない' });
    await clerk.ok('guestCards.void', { id: g5.id, reason: '紛失のため廃止' });
    const g5new = await clerk.ok('guestCards.add', { number: 'G-05', siteId: hq.id });
    expect(await clerk.ok('visitors.returnCard', { id: x.id })).toMatchObject({ cardReturnedAt: expect.any(String) });
    expect(await clerk.ok('guestCards.get', { id: g5.id })).toMatchObject({ status: 'void', state: 'lost' });
    // Each slip tells its own card's loss only: the first visit's slip not G-05's, nor the other's.
    expect((await clerk.ok('visitors.history', { id: x.id })).filter((h) => h.act).map((h) => h.reason)).toEqual(['見つからない']);
    expect((await clerk.ok('visitors.history', { id: w.id })).filter((h) => h.act)).toEqual([]);
    const inStock = (await clerk.ok('guestCards.list', { siteId: hq.id })).rows.filter((r) => r.status === 'valid' && r.state === 'in_stock').map((r) => r.id);
    expect(inStock).toContain(g5new.id);
    expect(inStock).not.toContain(g5.id);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('records a card back at the time it came back, never before its visitor left nor ahead of now, nothing stored when refused (a walk-through: it was always the time it was typed)', async () => {
    const { d, c, clerk, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-11-24', '18:00'));
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const v = await clerk.ok('visitors.add', {
      siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '09:40'),
    });
    await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst('2026-11-24', '11:00'), cardReturned: false });
    const head = d.store.journalHead().seq;
    for (const [returnedAt, messageKey] of [
      [jst('2026-11-24', '10:59'), 'visitors.errors.card_back_before_left'],
      [jst('2026-11-24', '18:10'), 'errors.field.future'],
    ])
      expect(await clerk.call('visitors.returnCard', { id: v.id, returnedAt }), returnedAt).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'returnedAt', messageKey } });
    expect(await clerk.call('visitors.returnCard', { id: v.id, returnedAt: '2026-11-24 16:00' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'returnedAt' } });
    expect(d.store.journalHead().seq).toBe(head);
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('lent');
    // Handed in at 16:00, typed in at 18:00: back at 16:00, and in stock.
    const back = await clerk.ok('visitors.returnCard', { id: v.id, returnedAt: jst('2026-11-24', '16:00') });
    expect(back).toMatchObject({ cardReturnedAt: new Date(jst('2026-11-24', '16:00')).toISOString(), anomalies: [] });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    // The card's next visitor cannot be typed in to have had it before it came back.
    expect(await clerk.call('visitors.add', {
      siteId: hq.id, name: '伊藤 裕子', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '15:30'),
    })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.card_period_overlaps' } });
    // Nor is the visitor said to have left after the card came back on its own (a review: the sign-out corrected to 17:00 was taken).
    const before = d.store.journalHead().seq;
    expect(await clerk.call('visitors.amend', { id: v.id, changes: { leftAt: jst('2026-11-24', '17:00') }, reason: '退館時刻の誤記' })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'leftAt', messageKey: 'visitors.errors.left_after_card_back' },
    });
    expect(d.store.journalHead().seq).toBe(before);
    expect(await clerk.ok('visitors.amend', { id: v.id, changes: { leftAt: jst('2026-11-24', '15:00') }, reason: '退館時刻の誤記' })).toMatchObject({ cardReturnedAt: new Date(jst('2026-11-24', '16:00')).toISOString() });

    // A card reported lost and found later comes back after the loss was reported, not before (a review).
    const g2 = await clerk.ok('guestCards.add', { number: 'G-02', siteId: hq.id });
    const w = await clerk.ok('visitors.add', {
      siteId: hq.id, name: '中村 翔', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: g2.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '13:00'),
    });
    await clerk.ok('visitors.signOut', { id: w.id, leftAt: jst('2026-11-24', '14:00'), cardReturned: false });
    await clerk.ok('visitors.reportCardLost', { id: w.id, reason: '来訪者に確認したが見つからない' }); // at 18:00, the clock's time
    const g3 = await clerk.ok('guestCards.add', { number: 'G-03', siteId: hq.id });
    const x2 = await clerk.ok('visitors.add', {
      siteId: hq.id, name: '小林 優', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: g3.id, escortId: sasaki.id, arrivedAt: jst('2026-11-24', '13:30'),
    });
    await clerk.ok('visitors.signOut', { id: x2.id, leftAt: jst('2026-11-24', '14:30'), cardReturned: false });
    // Found in the minute it was reported lost is after it (times are typed to the minute).
    c.set(jst('2026-11-24', '18:00', 40));
    await clerk.ok('visitors.reportCardLost', { id: x2.id, reason: '見つからない' });
    expect(await clerk.ok('visitors.returnCard', { id: x2.id, returnedAt: jst('2026-11-24', '18:00') })).toMatchObject({ cardReturnedAt: new Date(jst('2026-11-24', '18:00')).toISOString() });
    c.set(jst('2026-11-24', '18:30'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect(await clerk.call('visitors.returnCard', { id: w.id, returnedAt: jst('2026-11-24', '17:00') })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'returnedAt', messageKey: 'visitors.errors.card_back_before_lost' },
    });
    expect((await clerk.ok('guestCards.get', { id: g2.id })).state).toBe('lost');
    expect(await clerk.ok('visitors.returnCard', { id: w.id, returnedAt: jst('2026-11-24', '18:20') })).toMatchObject({ cardReturnedAt: new Date(jst('2026-11-24', '18:20')).toISOString() });
    expect((await clerk.ok('guestCards.get', { id: g2.id })).state).toBe('in_stock');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a paper slip typed in after its card’s next visitor is signed out before that one had the card, with it or without it, never held for good (a probe)', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-11-24', '18:00'));
    const card = await clerk.ok('guestCards.add', { number: 'G-04', siteId: hq.id });
    const base = { siteId: hq.id, company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id };
    const later = await clerk.ok('visitors.add', { ...base, name: '先行 エー', arrivedAt: jst('2026-11-24', '11:00') });
    await clerk.ok('visitors.signOut', { id: later.id, leftAt: jst('2026-11-24', '11:30'), cardReturned: true });
    // The morning's paper slip, typed in afterwards: its card is asked for again when it signs out.
    const paper = await clerk.ok('visitors.add', { ...base, name: '後入力 ビー', arrivedAt: jst('2026-11-24', '09:00') });
    const head = d.store.journalHead().seq;
    // Not "left without the card" after the card's next visitor had it from 11:00 (now, by default): nothing stored.
    expect(await clerk.call('visitors.signOut', { id: paper.id, leftAt: jst('2026-11-24', '12:00'), cardReturned: false })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'leftAt', messageKey: 'visitors.errors.card_lent_before_sign_out', params: { since: new Date(jst('2026-11-24', '11:00')).toISOString() } },
    });
    // Nor back after the next visitor had it.
    expect(await clerk.call('visitors.signOut', { id: paper.id, leftAt: jst('2026-11-24', '12:00'), cardReturned: true })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.card_period_overlaps' } });
    expect(d.store.journalHead().seq).toBe(head);
    // Left at 09:30 without it, the card handed in at 10:30 (a review: a late return before the next lending is true, and kept so).
    expect(await clerk.ok('visitors.signOut', { id: paper.id, leftAt: jst('2026-11-24', '09:30'), cardReturned: false })).toMatchObject({ cardReturnedAt: null });
    expect(await clerk.call('visitors.returnCard', { id: paper.id, returnedAt: jst('2026-11-24', '11:10') })).toMatchObject({ ok: false, error: { messageKey: 'visitors.errors.card_period_overlaps' } });
    expect(await clerk.ok('visitors.returnCard', { id: paper.id, returnedAt: jst('2026-11-24', '10:30') })).toMatchObject({ cardReturnedAt: new Date(jst('2026-11-24', '10:30')).toISOString(), anomalies: [] });
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('lends a card only beyond the reception room: a 来客室のみ slip with a card is refused, and a slip with a card is not corrected to 来客室のみ (a walk-through)', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const base = { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, arrivedAt: jst('2026-11-24', '09:40') };
    const head = d.store.journalHead().seq;
    // A card opens the office's doors: lent to a visitor of the reception room only, with no escort asked, nothing on the slip said they went on.
    expect(await clerk.call('visitors.add', { ...base, area: 'reception', guestCardId: card.id })).toMatchObject({ ok: false, error: { field: 'guestCardId', messageKey: 'visitors.errors.card_reception_only' } });
    expect(d.store.journalHead().seq).toBe(head);
    expect((await clerk.ok('guestCards.get', { id: card.id })).state).toBe('in_stock');
    const v = await clerk.ok('visitors.add', { ...base, area: 'office', guestCardId: card.id, escortId: sasaki.id });
    // Nor corrected to the reception room afterwards, with the card still on the slip.
    expect(await clerk.call('visitors.amend', { id: v.id, changes: { area: 'reception', escortId: null }, reason: '立入区域の入力誤り' })).toMatchObject({
      ok: false, error: { field: 'area', messageKey: 'visitors.errors.reception_with_card' },
    });
    expect((await clerk.ok('visitors.get', { id: v.id })).area).toBe('office');
    // A reception-room visitor without a card is as before.
    await clerk.ok('visitors.add', { ...base, name: '中村 翔', area: 'reception' });
    d.close();
  });

  it('lets a visitor go without an escort only when one of the site’s company representatives designated them (Art. 8(2); an insider probe named anyone)', async () => {
    const { d, clerk, sm, hq, osaka, yamada, sasaki, kimura } = await serverRoomFixture();
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const base = { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: sasaki.id, area: 'office', guestCardId: card.id, arrivedAt: jst('2026-11-24', '09:40') };
    // None registered (the default): no designation stands; nothing stored.
    const head = d.store.journalHead().seq;
    expect(await clerk.call('visitors.add', { ...base, designatedBy: yamada.id })).toMatchObject({ ok: false, error: { field: 'designatedBy', messageKey: 'visitors.errors.no_representatives' } });
    expect(d.store.journalHead().seq).toBe(head);
    // The settings name them by employee number: each a person of the register, still with the company, once.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const settings = (representatives: string[]) => sm.call('visitors.updateSettings', { siteId: hq.id, changes: { representatives }, reason: '代表者の登録' });
    expect(await settings(['E9999'])).toMatchObject({ ok: false, error: { field: 'changes.representatives.0', messageKey: 'visitors.errors.representative_unknown', params: { no: 'E9999' } } });
    expect(await settings([yamada.employeeNo, yamada.employeeNo.toLowerCase()])).toMatchObject({ ok: false, error: { field: 'changes.representatives.1', messageKey: 'visitors.errors.representative_twice' } });
    expect(await settings(['../etc'])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await settings([yamada.employeeNo])).toMatchObject({ ok: true, value: { representatives: [yamada.employeeNo] } });
    // Someone else (the clerk’s colleague, another site’s staff) is not a representative.
    for (const other of [sasaki, kimura])
      expect(await clerk.call('visitors.add', { ...base, designatedBy: other.id })).toMatchObject({ ok: false, error: { field: 'designatedBy', messageKey: 'visitors.errors.not_representative', params: { name: other.name } } });
    const v = await clerk.ok('visitors.add', { ...base, designatedBy: yamada.id });
    expect(v.anomalies).toEqual([]);
    // Nor can a correction swap an escorted visit's escort for a designation by someone not listed.
    const card2 = await clerk.ok('guestCards.add', { number: 'G-02', siteId: hq.id });
    const w = await clerk.ok('visitors.add', { ...base, guestCardId: card2.id, escortId: kimura.id, name: '伊藤 裕子' });
    expect(await clerk.call('visitors.amend', { id: w.id, changes: { escortId: null, designatedBy: sasaki.id }, reason: '同行の訂正' })).toMatchObject({ ok: false, error: { field: 'designatedBy', messageKey: 'visitors.errors.not_representative' } });
    // Another site's settings are its own.
    expect((await sm.ok('visitors.getSettings', { siteId: osaka.id })).representatives).toEqual([]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a visitor inside outside business hours is flagged: in the night before they begin, on a Sunday by the site’s calendar; the start is a setting after which the end must come (a probe)', async () => {
    const { d, c, clerk, sm, hq, yamada, sasaki } = await serverRoomFixture(); // Tue 2026-11-24 10:00
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const visitAt = async (name: string, date: string, from: string, until: string) => {
      const v = await clerk.ok('visitors.add', { siteId: hq.id, name, company: '株式会社ナイト', purpose: '作業', hostId: yamada.id, area: 'office', guestCardId: card.id, escortId: sasaki.id, arrivedAt: jst(date, from) });
      return (await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst(date, until), cardReturned: true })).anomalies.map((a) => a.code);
    };
    expect(await visitAt('夜間 一郎', '2026-11-24', '02:00', '03:00')).toEqual(['inside_after_hours']);
    // (Written on Tuesday, more than a day after Sunday ended: recorded late too, migration 51.)
    expect(await visitAt('日曜 二郎', '2026-11-22', '10:00', '11:00')).toEqual(['inside_after_hours', 'recorded_late']);
    expect(await visitAt('平日 三郎', '2026-11-24', '08:00', '09:00')).toEqual([]);
    // Said with why, under it: the day's hours (or that it was not a business day) and when the visitor left, or not yet (a user probe).
    const inside = async (date: string, from: string) =>
      (await clerk.ok('visitors.add', { siteId: hq.id, name: '確認 四郎', company: '株式会社ナイト', purpose: '作業', hostId: yamada.id, area: 'reception', arrivedAt: jst(date, from) })).anomalies.find((a) => a.code === 'inside_after_hours')?.facts;
    expect(await inside('2026-11-24', '07:00')).toEqual([{ term: 'businessHours', values: [{ text: '08:00', until: '20:00' }] }, { term: 'leftAt', values: [{ key: 'review.factValues.notLeft' }] }]);
    expect(await inside('2026-11-22', '09:00')).toEqual([{ term: 'businessHours', values: [{ key: 'review.factValues.dayOff' }] }, { term: 'leftAt', values: [{ key: 'review.factValues.notLeft' }] }]);
    // The start is the site's setting; it must come before the end.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    expect(await sm.call('visitors.updateSettings', { siteId: hq.id, changes: { businessStart: '20:00' }, reason: '変更' })).toMatchObject({ ok: false, error: { field: 'changes.businessEnd', messageKey: 'visitors.errors.hours_order' } });
    expect(await sm.ok('visitors.updateSettings', { siteId: hq.id, changes: { businessStart: '07:00' }, reason: '早朝作業の受付' })).toMatchObject({ businessStart: '07:00', businessEnd: '20:00' });
    c.set(jst('2026-11-25', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect(await visitAt('早朝 四郎', '2026-11-25', '07:30', '09:00')).toEqual([]);
    d.close();
  });

  it('the month’s review names a slip as the ledger does: the visitor and the company, not the host (a walk-through)', async () => {
    const { d, c, clerk, sm, hq, yamada } = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-10-20', '08:30') });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const review = await sm.ok('review.get', { ledger: 'visitors', siteId: hq.id, month: '2026-10' });
    // Not signed out that day: an item, and its record, each named by the visitor.
    expect(review.records.map((r) => [r.id, r.label])).toEqual([[v.id, '高橋 誠 / 株式会社ネクストシステムズ']]);
    expect(review.items.map((i) => [i.code, i.label])).toEqual(['no_exit_time', 'inside_after_hours'].map((code) => [code, '高橋 誠 / 株式会社ネクストシステムズ']));
    d.close();
  });
});
