import { describe, expect, it } from 'vitest';
import { assetFixture } from './assets-fixture';
import { jst, PASSWORDS } from './server-room-fixture';

// SPEC §4.3: a checkout recorded on paper, typed in with its return, through the real dispatcher on a
// real encrypted store (split from assets.test.ts).

describe('a paper checkout slip with its return (SPEC §4.3)', () => {
  it('a paper slip typed in with its return: recorded while the asset is out or lost now, when its period meets no other; the asset stays as it is (a probe: it could not be entered)', async () => {
    const { d, c, clerk, staff, yamada, sasaki, kimura, card, base } = await assetFixture();
    const outNow = await clerk.ok('checkouts.add', { ...base(card.id, yamada.id), checkedOutAt: jst('2026-11-24', '08:00') });
    const slip = (from: string, to: string, extra: Record<string, unknown> = {}) => ({
      ...base(card.id, sasaki.id), checkedOutAt: jst('2026-11-' + from.slice(0, 2), from.slice(3)), dueAt: jst('2026-11-' + to.slice(0, 2), '18:00'),
      returnedAt: jst('2026-11-' + to.slice(0, 2), to.slice(3)), receivedBy: kimura.id, condition: 'good', dataHandling: '消去済み', ...extra,
    });
    // Without its return it goes out now, and the asset is out: refused as before.
    expect(await clerk.call('checkouts.add', { ...base(card.id, sasaki.id), checkedOutAt: jst('2026-11-10', '09:00'), dueAt: jst('2026-11-12', '18:00') })).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.already_out', field: 'assetId' } });
    const past = await clerk.ok('checkouts.add', slip('10 09:00', '11 17:00'));
    expect(past).toMatchObject({ returnedAt: jst('2026-11-11', '17:00'), receivedBy: kimura.id, condition: 'good', dataHandling: '消去済み', lostAt: null });
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('out');
    expect((await clerk.ok('checkouts.now', {})).out.map((c) => c.id)).toEqual([outNow.id]);
    // Refused, and nothing stored: a period that meets the checkout out now, or the slip just typed; a
    // return before it went out, or ahead of now; a return without who received it or in what condition;
    // one typed by the borrower themselves, or by staff.
    const head = d.store.journalHead().seq;
    expect(await clerk.call('checkouts.add', slip('23 09:00', '24 09:00'))).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.period_overlaps' } });
    expect(await clerk.call('checkouts.add', slip('11 09:00', '11 10:00'))).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.period_overlaps' } });
    expect(await clerk.call('checkouts.add', slip('15 09:00', '15 17:00', { returnedAt: jst('2026-11-14', '17:00') }))).toMatchObject({ ok: false, error: { field: 'returnedAt', messageKey: 'assets.errors.return_before_out' } });
    expect(await clerk.call('checkouts.add', slip('15 09:00', '15 17:00', { returnedAt: jst('2026-11-24', '11:00') }))).toMatchObject({ ok: false, error: { field: 'returnedAt' } });
    expect(await clerk.call('checkouts.add', slip('15 09:00', '15 17:00', { condition: undefined }))).toMatchObject({ ok: false, error: { field: 'condition', messageKey: 'errors.field.required_choice' } });
    expect(await clerk.call('checkouts.add', slip('15 09:00', '15 17:00', { receivedBy: undefined }))).toMatchObject({ ok: false, error: { field: 'receivedBy' } });
    expect(await clerk.call('checkouts.add', slip('15 09:00', '15 17:00', { returnedAt: undefined }))).toMatchObject({ ok: false, error: { field: 'returnedAt', messageKey: 'errors.field.required' } });
    expect(await staff.call('checkouts.add', slip('15 09:00', '15 17:00', { borrowerId: yamada.id }))).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'assets.errors.return_with_slip_keepers' } });
    expect(d.store.journalHead().seq).toBe(head);
    // Lost now: a slip of before its loss is still typed in, and the asset stays lost.
    await clerk.ok('checkouts.reportLoss', { id: outNow.id, lostAt: jst('2026-11-24', '08:30'), reason: '電車内で紛失' });
    await clerk.ok('checkouts.add', slip('16 09:00', '17 12:00'));
    expect((await clerk.ok('assets.get', { id: card.id })).state).toBe('lost');
    // …but not one after its loss (a review: out and back 異常なし, the card still 紛失), nor reaching into it.
    for (const [from, to] of [['24 08:40', '24 09:30'], ['23 09:00', '24 08:31']] as const)
      expect(await clerk.call('checkouts.add', slip(from, to))).toMatchObject({ ok: false, error: { field: 'returnedAt', messageKey: expect.stringMatching(/^assets\.errors\.(slip_after_state|period_overlaps)$/) } });
    expect(await clerk.call('checkouts.add', slip('24 08:40', '24 09:30'))).toMatchObject({ ok: false, error: { messageKey: 'assets.errors.slip_after_state', params: { state: 'assets.values.state.lost' } } });
    // In repair since the correction that sent it (the register's 'since', never the journal's JSON): a
    // slip ending before it is typed in, one ending after it is refused, said with its time.
    const spare = await clerk.ok('assets.add', { assetTag: 'SD-002', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: card.siteId, storagePlace: '総務部キャビネットB', encrypted: false, notes: null });
    c.set(jst('2026-11-24', '12:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('assets.amend', { id: spare.id, changes: { state: 'repair' }, reason: '修理に出した' });
    c.set(jst('2026-11-24', '15:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const spareSlip = (to: string) => slip('24 11:00', to, { assetId: spare.id });
    expect(await clerk.call('checkouts.add', spareSlip('24 12:30'))).toMatchObject({ ok: false, error: { field: 'returnedAt', messageKey: 'assets.errors.slip_after_state', params: { state: 'assets.values.state.repair', at: jst('2026-11-24', '12:00') } } });
    expect(await clerk.ok('checkouts.add', spareSlip('24 11:50'))).toMatchObject({ returnedAt: jst('2026-11-24', '11:50') });
    expect((await clerk.ok('assets.get', { id: spare.id })).state).toBe('repair');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

});
