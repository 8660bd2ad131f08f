import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { HEAD_PASSWORD, LAPTOP, october, registerChanges } from './review-fixture';

// Found by an insider probe (SPEC §5: nothing that loosens a ledger's rules goes unseen by the monthly
// review, and nobody reviews themselves):
// - a laptop voided and registered again as その他 (or a second entry of its serial as その他) went out
//   with no approval, and the review had nothing — a correction of its kind is an item;
// - a laptop left storage by a correction of its state (修理中, 廃棄), with no checkout;
// - a cabinet voided and registered again under its code with the unauthorized opener as custodian;
// - a site head made a cabinet's custodian disposed of that change; one left in the server room after
//   the last exit disposed of the checklist's item naming them;
// - a checklist filed at 10:00 as the day's last exit stood, though the office was in use until 21:00.

const OK_ITEMS = DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null }));

describe('register changes that loosen a rule come up in the review', () => {
  it('an asset registered again, or twice, as a kind that needs no approval; an asset out of storage by a correction of its state', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const add = (assetTag: string, serial: string, kind: string = LAPTOP.kind) => f.clerk.ok('assets.add', { ...LAPTOP, assetTag, kind: kind as 'laptop', serial, siteId: f.hq.id });
    const pc1 = await add('PC-001', 'SV1-0001');
    await add('PC-002', 'SV1-0002');
    const pc3 = await add('PC-003', 'SV1-0003');
    const pc4 = await add('PC-004', 'SV1-0004');
    // Voided, and its tag registered again as その他; a second entry of PC-002's serial (as a person reads it) as その他.
    await f.clerk.ok('assets.void', { id: pc1.id, reason: '登録誤りのため再登録' });
    const again = await add('PC-001', 'SV1-0001', 'other');
    expect(await f.clerk.ok('checkouts.policy', { assetId: again.id })).toEqual({ approvalRequired: false });
    await add('ETC-002', 'sv1 0002', 'other');
    // An unrelated その他 is nothing to note.
    await add('ETC-009', 'XYZ-9', 'other');
    // Out of storage by a correction: to repair and back, and disposed.
    await f.clerk.ok('assets.amend', { id: pc3.id, changes: { state: 'repair' }, reason: '修理' });
    await f.clerk.ok('assets.amend', { id: pc3.id, changes: { state: 'in_storage' }, reason: '修理完了' });
    await f.clerk.ok('assets.amend', { id: pc4.id, changes: { state: 'disposed' }, reason: '廃棄' });
    f.c.set(jst('2026-11-05', '10:00'));
    await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect(await registerChanges(f.sm, { ledger: 'checkouts', siteId: f.hq.id, month: '2026-10' })).toEqual([
      ['assets.checkouts.registerChanges.approval_dropped', 'PC-001'],
      ['assets.checkouts.registerChanges.approval_dropped', 'ETC-002'],
      ['assets.checkouts.registerChanges.asset_to_repair', 'PC-003'],
      ['assets.checkouts.registerChanges.asset_disposed', 'PC-004'],
    ]);
    expect(f.d.verify()).toMatchObject({ ok: true });
    f.d.close();
  });

  it('a cabinet registered again under its code with another custodian; a custodian change naming the reviewer is theirs', async () => {
    const f = await october();
    f.c.set(jst('2026-10-26', '10:00'));
    for (const [who, password] of [[f.clerk, PASSWORDS.clerk], [f.head, HEAD_PASSWORD]] as const) await who.ok('auth.unlock', { password });
    const c1 = await f.clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.yamada.id });
    // Voided and registered again, the unauthorized opener (木村) its custodian: as a change of its custodian.
    await f.clerk.ok('cabinets.void', { id: c1.id, reason: '登録内容誤りのため再登録' });
    const again = await f.clerk.ok('cabinets.add', { code: 'c-01', name: '人事書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.kimura.id });
    // Registered again with the same custodian: nothing loosened.
    const c2 = await f.clerk.ok('cabinets.add', { code: 'C-02', name: '経理書類庫', location: '3F', siteId: f.hq.id, contentClass: 'confidential', custodianId: f.yamada.id });
    await f.clerk.ok('cabinets.void', { id: c2.id, reason: '登録内容誤りのため再登録' });
    await f.clerk.ok('cabinets.add', { code: 'C-02', name: '経理書類庫', location: '3F', siteId: f.hq.id, contentClass: 'confidential', custodianId: f.yamada.id });
    // The site head (佐々木) made custodian of the re-registered C-01 by a correction.
    await f.clerk.ok('cabinets.amend', { id: again.id, changes: { custodianId: f.sasaki.id }, reason: '管理者変更' });
    f.c.set(jst('2026-11-05', '10:00'));
    for (const [who, password] of [[f.sm, SETUP.safetyManager.password], [f.head, HEAD_PASSWORD]] as const) await who.ok('auth.unlock', { password });
    const unit = { ledger: 'cabinetLog', siteId: f.hq.id, month: '2026-10' };
    expect(await registerChanges(f.sm, unit)).toEqual([
      ['cabinets.log.registerChanges.custodian_changed', 'c-01'],
      ['cabinets.log.registerChanges.custodian_changed', 'c-01'],
    ]);
    const items = (await f.head.ok('review.get', unit)).items.filter((i) => i.kind === 'register_change');
    // The one that made them custodian is theirs: shown so, and refused; the other is not.
    expect(items.map((i) => i.aboutReviewer ?? false)).toEqual([false, true]);
    const dispose = (subject: string) => f.head.call('review.dispose', { ...unit, subject, code: 'register_change', disposition: 'no_issue', explanation: '正当な管理者の変更', cause: null, action: null });
    expect(await dispose(items[1].subject)).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'review.errors.own_record' } });
    expect(await dispose(items[0].subject)).toMatchObject({ ok: true });
    f.d.close();
  });
});

describe('the last-exit checklist', () => {
  it('what happens at the site after the recorded last exit that day is left open: a checklist filed in the morning does not stand as the last exit', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '10:00'));
    const check = await f.staff.ok('lastExit.add', { siteId: f.hq.id, businessDay: '2026-10-20', exitedAt: jst('2026-10-20', '10:00'), lastPersonId: f.yamada.id, items: OK_ITEMS, notes: null });
    expect(check.anomalies).toEqual([]);
    f.c.set(jst('2026-10-20', '21:00'));
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const cab = await f.clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: f.hq.id, contentClass: 'personal', custodianId: f.sasaki.id });
    await f.clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-10-20', '19:00'), openedBy: f.sasaki.id, purpose: '確認', lockedAt: jst('2026-10-20', '19:30'), lockedBy: f.sasaki.id, notes: null });
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-10-20', '19:40'), exitedAt: jst('2026-10-20', '19:55'), purpose: 'maintenance' });
    // The next day's activity is the next checklist's.
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-10-19', '09:00'), exitedAt: jst('2026-10-19', '09:30'), purpose: 'maintenance' });
    const row = (await f.clerk.ok('lastExit.list', { month: '2026-10' })).rows.find((r) => r.id === check.id)!;
    expect(row.anomalies).toEqual([
      { code: 'left_open', params: { count: 2 }, facts: [{ term: 'inServerRoomAfter', values: [{ text: '佐々木 次郎' }] }, { term: 'cabinetsOpenedAfter', values: [{ text: 'C-01 人事書類庫' }] }] },
    ]);
    f.d.close();
  });

  it('a reviewer named by a checklist as left in the server room may not dispose of its items; a checklist naming someone else’s open cabinet they may', async () => {
    const f = await october();
    f.c.set(jst('2026-10-27', '19:00'));
    for (const [who, password] of [[f.clerk, PASSWORDS.clerk], [f.staff, PASSWORDS.staff], [f.head, HEAD_PASSWORD]] as const) await who.ok('auth.unlock', { password });
    // 佐々木 (the site head) in the server room from 18:30; 木村 with a cabinet open at another day's exit.
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-10-27', '18:30'), purpose: 'maintenance' });
    const check = await f.staff.ok('lastExit.add', { siteId: f.hq.id, businessDay: '2026-10-27', exitedAt: jst('2026-10-27', '19:00'), lastPersonId: f.yamada.id, items: OK_ITEMS, notes: null });
    const cab = await f.clerk.ok('cabinets.add', { code: 'C-05', name: '総務書類庫', location: '2F', siteId: f.hq.id, contentClass: 'other', custodianId: f.kimura.id });
    await f.clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-10-26', '18:50'), openedBy: f.kimura.id, purpose: '確認', lockedAt: jst('2026-10-26', '19:20'), lockedBy: f.kimura.id, notes: null });
    const other = await f.clerk.ok('lastExit.add', { siteId: f.hq.id, businessDay: '2026-10-26', exitedAt: jst('2026-10-26', '19:00'), lastPersonId: f.yamada.id, items: OK_ITEMS, notes: null });
    f.c.set(jst('2026-11-05', '10:00'));
    for (const [who, password] of [[f.head, HEAD_PASSWORD], [f.sm, SETUP.safetyManager.password]] as const) await who.ok('auth.unlock', { password });
    const unit = { ledger: 'lastExit', siteId: f.hq.id, month: '2026-10' };
    const items = (await f.head.ok('review.get', unit)).items.filter((i) => i.code === 'left_open');
    const theirs = items.find((i) => i.recordId === check.id)!;
    const notTheirs = items.find((i) => i.recordId === other.id)!;
    expect([theirs.aboutReviewer, notTheirs.aboutReviewer ?? false]).toEqual([true, false]);
    const dispose = (subject: string) => f.head.call('review.dispose', { ...unit, subject, code: 'left_open', disposition: 'no_issue', explanation: '作業中で問題なし', cause: null, action: null });
    expect(await dispose(theirs.subject)).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'review.errors.own_record' } });
    expect(await dispose(notTheirs.subject)).toMatchObject({ ok: true });
    // The safety manager disposes of the head's.
    expect(await f.sm.call('review.dispose', { ...unit, subject: theirs.subject, code: 'left_open', disposition: 'no_issue', explanation: '作業中で問題なし', cause: null, action: null })).toMatchObject({ ok: true });
    f.d.close();
  });
});
