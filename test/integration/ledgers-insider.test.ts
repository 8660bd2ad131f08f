import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';
import { accountFor } from './review-fixture';

// Insider probe 6: careless and hostile inputs the rules name; each asserts the correct behaviour.

describe('refusals the rules call for', () => {
  it('impossible times (2026-02-30, 24:00, a leap second, no offset) are refused for a visitor, and nothing is stored', async () => {
    const { d, clerk, hq, yamada } = await serverRoomFixture();
    const head = d.store.journalHead().seq;
    for (const arrivedAt of ['2026-02-30T10:00:00+09:00', '2026-11-24T24:00:00+09:00', '2026-06-30T23:59:60Z', '2026-11-24T09:00:00', '2026-11-24T09:00:00+24:00'])
      expect(await clerk.call('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt }), arrivedAt).toMatchObject({
        ok: false, error: { code: 'invalid_input', field: 'arrivedAt' },
      });
    // Arrived ahead of now (beyond the clock grace), and left before arriving.
    expect(await clerk.call('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '10:30') })).toMatchObject({
      ok: false, error: { field: 'arrivedAt', messageKey: 'errors.field.future' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30') });
    expect(await clerk.call('visitors.signOut', { id: v.id, leftAt: jst('2026-11-24', '09:00'), cardReturned: false })).toMatchObject({ ok: false, error: { field: 'leftAt', messageKey: 'visitors.errors.left_before_arrival' } });
    d.close();
  });

  it('cabinets: a suspended opener, an opening for someone else by staff, a lock before the opening, a second open session are refused', async () => {
    const { d, c, clerk, staff, hq, yamada, sasaki, mori } = await serverRoomFixture();
    c.advance(2 * 60_000); // mori left at 10:00 (the fixture's 退職)
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    expect(await clerk.call('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '10:01'), openedBy: mori.id, purpose: '書類確認', lockedAt: null, lockedBy: null, notes: null })).toMatchObject({
      ok: false, error: { field: 'openedBy', messageKey: 'errors.person_inactive' },
    });
    expect(await staff.call('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '09:00'), openedBy: sasaki.id, purpose: '書類確認', lockedAt: null, lockedBy: null, notes: null })).toMatchObject({
      ok: false, error: { code: 'forbidden' },
    });
    // Staff not authorized for the cabinet may record their own opening, and it is flagged.
    const s = await staff.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '09:00'), openedBy: yamada.id, purpose: '書類確認', lockedAt: null, lockedBy: null, notes: null });
    expect(s.anomalies.map((a) => a.code)).toContain('not_authorized');
    expect(await clerk.call('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '09:30'), openedBy: sasaki.id, purpose: '二重', lockedAt: null, lockedBy: null, notes: null })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await staff.call('cabinetLog.lock', { id: s.id, lockedAt: jst('2026-11-24', '08:59') })).toMatchObject({ ok: false, error: { field: 'lockedAt', messageKey: 'cabinets.errors.lock_before_open' } });
    await staff.ok('cabinetLog.lock', { id: s.id });
    expect(await staff.call('cabinetLog.lock', { id: s.id })).toMatchObject({ ok: false, error: { messageKey: 'cabinets.errors.already_locked' } });
    d.close();
  });

  it('checkouts: an asset in repair, lost or disposed does not go out; due at the minute it goes out is refused; access-log checks are the administrator’s only', async () => {
    const { d, clerk, sm, staff, hq, sasaki, yamada } = await serverRoomFixture();
    const mk = (tag: string) => clerk.ok('assets.add', { assetTag: tag, kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '書庫', encrypted: false, notes: null });
    const base = (assetId: string) => ({ assetId, borrowerId: sasaki.id, purpose: '展示会', destination: '幕張メッセ', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-25', '18:00'), notes: null });
    const repair = await mk('SD-001');
    await clerk.ok('assets.amend', { id: repair.id, changes: { state: 'repair' }, reason: '読み込み不良のため修理に出した' });
    const gone = await mk('SD-002');
    await clerk.ok('assets.amend', { id: gone.id, changes: { state: 'disposed' }, reason: '破砕処分した' });
    for (const a of [repair, gone]) expect(await clerk.call('checkouts.add', base(a.id))).toMatchObject({ ok: false, error: { code: 'conflict', field: 'assetId' } });
    const lostOne = await mk('SD-003');
    const c = await clerk.ok('checkouts.add', base(lostOne.id));
    await clerk.ok('checkouts.reportLoss', { id: c.id, reason: '電車内に置き忘れ、遺失物届を提出' });
    expect(await clerk.call('checkouts.add', { ...base(lostOne.id), checkedOutAt: jst('2026-11-24', '09:50') })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const free = await mk('SD-004');
    expect(await clerk.call('checkouts.add', { ...base(free.id), dueAt: jst('2026-11-24', '09:00') })).toMatchObject({ ok: false, error: { field: 'dueAt' } });
    // A staff member records only their own checkout.
    expect(await staff.call('checkouts.add', base(free.id))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await staff.ok('checkouts.add', { ...base(free.id), borrowerId: yamada.id })).borrowerId).toBe(yamada.id);
    // Access-log checks: the system administrator's (Art. 14(3)).
    expect(await sm.call('accessLog.add', { systemId: free.id, month: '2026-10', checkedAt: jst('2026-11-05', '09:00'), logsComplete: true, storedSafely: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await clerk.call('accessLog.add', { systemId: free.id, month: '2026-10', checkedAt: jst('2026-11-05', '09:00'), logsComplete: true, storedSafely: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    d.close();
  });

  it('site scope: an Osaka site head reads no head-office visitor slip and writes none', async () => {
    const f = await serverRoomFixture();
    const { d, clerk, hq, osaka, yamada, okada } = f;
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30') });
    const head = await accountFor(f, 'okada.head', '岡田 五郎', ['site_head'], okada.id, 'Osaka-no-yoru-4417');
    void osaka;
    expect(await head.call('visitors.get', { id: v.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await head.call('visitors.history', { id: v.id })).toMatchObject({ ok: false });
    expect(await head.call('visitors.void', { id: v.id, reason: '重複して登録したため' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await head.call('visitors.amend', { id: v.id, changes: { name: '別人' }, reason: '氏名の誤記を訂正' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await head.ok('visitors.list', {})).rows).toEqual([]);
    d.close();
  });
});
