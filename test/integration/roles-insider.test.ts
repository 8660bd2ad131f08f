import { describe, expect, it } from 'vitest';
import { jst, MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { accountFor } from './review-fixture';
import { Caller, SETUP } from '../helpers/temp-daicho';

// Insider probe 9 (API surface and roles): what held when each role called what SPEC §2 and the ledgers
// do not give it, straight through the dispatcher.

async function world() {
  const f = await serverRoomFixture();
  const { sm, clerk, hq, osaka, sasaki, okada } = f;
  await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  const head = await accountFor(f, 'okada.head', '岡田 五郎', ['site_head'], okada.id, 'Osaka-no-yoru-4417');
  await sm.ok('accounts.setSites', { id: f.accountId('okada.head'), siteIds: [osaka.id], reason: '大阪拠点長として' });
  const sasakiStaff = await accountFor(f, 'sasaki.staff', '佐々木 次郎', ['staff'], sasaki.id, 'Haru-kaze-fuku-8812');
  const asset = await clerk.ok('assets.add', { assetTag: 'SD-1', kind: 'sd_card', model: 'X', serial: null, siteId: hq.id, storagePlace: '書庫', encrypted: true, notes: null });
  const checkout = await sasakiStaff.ok('checkouts.add', { assetId: asset.id, borrowerId: sasaki.id, purpose: '出張', destination: '大阪', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-26', '18:00'), notes: null });
  const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: f.yamada.id, notes: null });
  const opened = await sasakiStaff.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '09:30'), openedBy: sasaki.id, purpose: '書類確認', lockedAt: null, lockedBy: null, notes: null });
  const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:10'), purpose: 'maintenance' });
  const visit = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: f.yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30') });
  return { ...f, head, sasakiStaff, asset, checkout, cab, opened, stay, visit };
}

describe('roles at the dispatcher', () => {
  it('held: a staff member reads and acts on nobody else’s checkout, cabinet session or stay, and no review, history, register of people or print', async () => {
    const w = await world();
    const { d, staff, checkout, opened, stay, hq, yamada } = w;
    const head = d.store.journalHead().seq;
    for (const [m, input] of [
      ['checkouts.get', { id: checkout.id }], ['checkouts.history', { id: checkout.id }], ['cabinetLog.get', { id: opened.id }],
      ['checkouts.return', { id: checkout.id, receivedBy: yamada.id, condition: 'good', dataHandling: null, notes: null }],
      ['checkouts.reportLoss', { id: checkout.id, reason: '紛失したため報告する' }], ['cabinetLog.lock', { id: opened.id }],
    ] as const)
      expect(await staff.raw(m, input), m).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await staff.raw('serverRoom.recordExit', { id: stay.id })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'serverRoom.errors.own_only' } });
    expect((await staff.ok('checkouts.now', {})).out).toEqual([]);
    expect(await staff.ok('cabinetLog.openNow', {})).toEqual([]);
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    expect(await staff.raw('review.get', unit)).toMatchObject({ ok: false, error: { messageKey: 'review.errors.not_reviewer' } });
    expect(await staff.raw('review.dispose', { ...unit, subject: 'x', code: 'y', disposition: 'no_issue', explanation: '保守業者の定期点検に立ち会ったため問題ない', cause: null, action: null })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.not_reviewer' } });
    for (const [m, input] of [
      ['history.get', { entity: 'server_room_stays', id: stay.id }], ['people.get', { id: yamada.id }], ['visitors.list', {}], ['serverRoom.list', {}],
      ['print.sheet', { ledger: 'visitors', siteId: hq.id, month: '2026-11', format: 'csv' }], ['designations.add', {}], ['terminal.start', { siteId: hq.id, password: PASSWORDS.staff }],
    ] as const)
      expect(await staff.raw(m, input), m).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Of the register, their own entry alone (for the pickers of their own records).
    expect((await staff.ok('people.list', {})).rows.map((p) => p.name)).toEqual(['山田 太郎']);
    expect(d.store.journalHead().seq).toBe(head);
    d.close();
  });

  it('held: the Osaka site head reads and writes nothing of the head office’s checkouts, cabinet sessions, stays or checklist warnings', async () => {
    const w = await world();
    const { d, head, checkout, opened, stay, hq, yamada } = w;
    const before = d.store.journalHead().seq;
    expect(await head.raw('checkouts.get', { id: checkout.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await head.raw('cabinetLog.get', { id: opened.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await head.raw('history.get', { entity: 'server_room_stays', id: stay.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await head.raw('lastExit.warnings', { siteId: hq.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await head.raw('review.sealedMonth', { ledger: 'visitors', siteId: hq.id, month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await head.raw('checkouts.return', { id: checkout.id, receivedBy: yamada.id, condition: 'good', dataHandling: null, notes: null })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await head.raw('checkouts.reportLoss', { id: checkout.id, reason: '紛失したため報告する' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await head.raw('cabinetLog.lock', { id: opened.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await head.raw('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:40'), purpose: 'maintenance' })).toMatchObject({ ok: false, error: { messageKey: 'serverRoom.errors.own_only' } });
    expect(await head.raw('serverRoom.recordExit', { id: stay.id })).toMatchObject({ ok: false, error: { messageKey: 'serverRoom.errors.own_only' } });
    expect((await head.ok('checkouts.now', {})).out).toEqual([]);
    expect(d.store.journalHead().seq).toBe(before);
    d.close();
  });

  it('held: a signed-out token is worth nothing; an idle-locked session is refused everything but unlocking, a polled read and a notice acknowledgement included', async () => {
    const w = await world();
    const { d, c, staff, clerk } = w;
    const token = staff.token;
    await staff.ok('auth.signOut', {});
    const ghost = new Caller(d);
    ghost.token = token;
    expect(await ghost.raw('serverRoom.mine', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await ghost.raw('auth.session', {})).toMatchObject({ ok: true, value: null });
    c.advance(6 * MIN);
    for (const [m, input] of [['visitors.list', {}], ['visitors.inside', {}], ['auth.acknowledgeNotices', { ids: ['3f1b7a9e-2c4d-4e8f-9a0b-1c2d3e4f5a6b'] }], ['auth.changePassword', { currentPassword: PASSWORDS.clerk, newPassword: 'Brand-new-pass-9911' }]] as const)
      expect(await clerk.raw(m, input), m).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(await clerk.raw('auth.unlock', { password: 'wrong-password-1' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect((await clerk.ok('visitors.list', {})).total).toBe(1);
    d.close();
  });

  it('held: records of a person who has left are still closed by a clerk (their checkout returned, their stay exited, their cabinet locked); their own session ended', async () => {
    const w = await world();
    const { d, c, sm, clerk, sasakiStaff, sasaki, yamada, checkout, stay, opened } = w;
    c.advance(5 * MIN);
    await sm.ok('people.setActive', { id: sasaki.id, active: false, reason: '退職' });
    expect(await sasakiStaff.raw('checkouts.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    c.advance(MIN);
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect((await clerk.ok('checkouts.return', { id: checkout.id, receivedBy: yamada.id, condition: 'good', dataHandling: null, notes: null })).returnedAt).not.toBeNull();
    expect((await clerk.ok('serverRoom.recordExit', { id: stay.id })).exitedAt).not.toBeNull();
    expect((await clerk.ok('cabinetLog.lock', { id: opened.id, lockedBy: yamada.id })).lockedAt).not.toBeNull();
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('held: a request sent twice is one act — a visitor slip (also with a full-width company), a return at once, an undo of an undo', async () => {
    const w = await world();
    const { d, clerk, sasakiStaff, hq, yamada, kimura, accountId } = w;
    void accountId;
    const input = { siteId: hq.id, name: '佐藤 一', company: 'ABC', purpose: '打合せ', hostId: yamada.id, area: 'reception' as const, arrivedAt: jst('2026-11-24', '09:45') };
    await clerk.ok('visitors.add', input);
    expect(await clerk.raw('visitors.add', input)).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'visitors.errors.already_recorded' } });
    expect(await clerk.raw('visitors.add', { ...input, company: 'ＡＢＣ' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Two returns of one checkout at once, the receiver confirming with a password: one return.
    await accountFor(w, 'kimura.clerk', '木村 三郎', ['clerk'], kimura.id, 'Aki-no-sora-6634');
    const receiver = { loginId: 'kimura.clerk', password: 'Aki-no-sora-6634' };
    const both = await Promise.all([
      sasakiStaff.raw('checkouts.return', { id: w.checkout.id, receiver, condition: 'good', dataHandling: null, notes: null }),
      sasakiStaff.raw('checkouts.return', { id: w.checkout.id, receiver, condition: 'damaged', dataHandling: null, notes: '画面割れ' }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect((d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE entity = 'asset_checkouts' AND entity_id = ? AND action = 'checkouts.return'").get(w.checkout.id) as { n: number }).n).toBe(1);
    // A card return undone cannot be undone again.
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const v = await clerk.ok('visitors.add', { ...input, name: '伊藤 二郎', company: 'XYZ', area: 'office', guestCardId: card.id, escortId: yamada.id, arrivedAt: jst('2026-11-24', '09:50') } as never);
    await clerk.ok('visitors.signOut', { id: v.id, cardReturned: true });
    await clerk.ok('visitors.undoCardReturn', { id: v.id, reason: '返却の記録を誤って付けたため取り消す' });
    expect(await clerk.raw('visitors.undoCardReturn', { id: v.id, reason: '返却の記録を誤って付けたため取り消す' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('held: a checkout waiting for its approver’s password while the asset is voided or disposed is refused; one whose borrower left meanwhile is flagged', async () => {
    const w = await world();
    const { d, sm, clerk, staff, hq, yamada, kimura } = w;
    await accountFor(w, 'kimura.clerk', '木村 三郎', ['clerk'], kimura.id, 'Aki-no-sora-6634');
    const approval = { approverLoginId: 'kimura.clerk', approverPassword: 'Aki-no-sora-6634' };
    const laptop = (tag: string) => clerk.ok('assets.add', { assetTag: tag, kind: 'laptop', model: 'X', serial: null, siteId: hq.id, storagePlace: '書庫', encrypted: true, notes: null });
    const take = (assetId: string) => staff.call('checkouts.add', { assetId, borrowerId: yamada.id, purpose: '出張', destination: '大阪', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-26', '18:00'), notes: null, approval });
    const a = await laptop('PC-A');
    const [outA] = await Promise.all([take(a.id), clerk.call('assets.void', { id: a.id, reason: '二重登録のため取消' })]);
    expect(outA).toMatchObject({ ok: false, error: { code: 'conflict', field: 'assetId' } });
    const b = await laptop('PC-B');
    const [outB] = await Promise.all([take(b.id), clerk.call('assets.amend', { id: b.id, changes: { state: 'disposed' }, reason: '破砕処分した' })]);
    expect(outB).toMatchObject({ ok: false, error: { code: 'conflict', field: 'assetId' } });
    const c2 = await laptop('PC-C');
    const [outC] = await Promise.all([take(c2.id), sm.call('people.setActive', { id: yamada.id, active: false, reason: '退職' })]);
    if (outC.ok) expect(outC.value.anomalies.map((x) => x.code)).toContain('borrower_inactive');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
