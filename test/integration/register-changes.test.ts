import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Found by an insider probe: the assets register corrected so a laptop is その他, and it went out
// without the approval the site's policy asks for — nothing in any review showed it. A register
// change that loosens a ledger's rules comes up in that ledger's review of the month it was made.

describe('register changes that loosen a rule are reviewed (SPEC §4.3, §5)', () => {
  it('an asset whose kind is corrected so it needs no approval is an item of the checkouts review, with the reason', async () => {
    const { d, c, clerk, sm, hq, yamada } = await serverRoomFixture(jst('2026-11-05', '09:00'));
    const laptop = await clerk.ok('assets.add', { assetTag: 'NB-001', kind: 'laptop', model: 'ThinkPad X1', serial: null, siteId: hq.id, storagePlace: '総務部 保管庫', encrypted: true, notes: null });
    // Changes that loosen nothing: the notes, and a kind that still needs approval.
    await clerk.ok('assets.amend', { id: laptop.id, changes: { notes: '予備機' }, reason: '備考の追記' });
    await clerk.ok('assets.amend', { id: laptop.id, changes: { kind: 'usb_memory' }, reason: '種別の誤り' });
    const unit = { ledger: 'checkouts', siteId: hq.id, month: '2026-11' };
    expect((await sm.ok('review.get', unit)).items).toEqual([]);

    await clerk.ok('assets.amend', { id: laptop.id, changes: { kind: 'other' }, reason: '分類の見直し' });
    const out = await clerk.ok('checkouts.add', { assetId: laptop.id, borrowerId: yamada.id, purpose: '客先での打合せ', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-05', '09:00'), dueAt: jst('2026-11-05', '18:00') });
    expect(out.anomalies).toEqual([]);
    const items = (await sm.ok('review.get', unit)).items;
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'register_change', code: 'register_change', recordId: laptop.id, label: 'NB-001', messageKey: 'review.items.register_change',
        params: expect.objectContaining({ asset: 'NB-001', change: 'assets.checkouts.registerChanges.approval_dropped', reason: '分類の見直し', by: '田中 一郎' }),
      }),
    ]);
    // It names who made the change, as an anomaly a correction took away does, on the screen's words and on paper.
    const line = async (lang: 'ja' | 'en') => (await sm.ok('print.sheet', { ...unit, format: 'print', lang })).monthItems?.find((l) => l.includes('NB-001'));
    expect(await line('ja')).toContain('（田中 一郎による変更。理由：分類の見直し）');
    expect(await line('en')).toContain('(changed by 田中 一郎; reason: 分類の見直し)');
    // In December, the month is not signed until it has a disposition.
    c.set(jst('2026-12-02', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const shownHead = (await sm.ok('review.get', unit)).shownHead;
    expect(await sm.call('review.sign', { ...unit, meaning: 'approve', password: SETUP.safetyManager.password, shownHead })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.undisposed' } });
    await sm.ok('review.dispose', { ...unit, subject: items[0].subject, code: items[0].code, disposition: 'corrected', explanation: null, cause: '分類の誤り', action: 'ノートPCに戻し、持ち出しの承認を取得' });
    const after = (await sm.ok('review.get', unit)).items;
    expect(after.find((i) => i.kind === 'register_change')?.disposition).toMatchObject({ disposition: 'corrected' });
    // The checkout itself, not returned, is overdue by now: that is its own item.
    expect(after.filter((i) => i.kind === 'record').map((i) => i.code)).toContain('overdue');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a cabinet given to a new key custodian, and a system moved to another site, are items of the review they leave (an insider probe)', async () => {
    const { d, c, clerk, admin, sm, hq, osaka, sasaki, kimura } = await serverRoomFixture(jst('2026-10-20', '11:00'));
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-10-20', '10:00'), openedBy: kimura.id, purpose: '書類の確認', lockedAt: jst('2026-10-20', '10:30'), lockedBy: kimura.id });
    const sys = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'x', retentionMonths: 12, notes: null });
    c.set(jst('2026-11-15', '10:00'));
    for (const [who, password] of [[clerk, PASSWORDS.clerk], [admin, SETUP.sysadmin.password], [sm, SETUP.safetyManager.password]] as const) await who.ok('auth.unlock', { password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await clerk.ok('cabinets.amend', { id: cab.id, changes: { custodianId: kimura.id }, reason: '管理者の交代' });
    await admin.ok('systems.amend', { id: sys.id, changes: { siteId: osaka.id }, reason: '移設' });
    const changes = async (ledger: string) => (await sm.ok('review.get', { ledger, siteId: hq.id, month: '2026-11' })).items.filter((i) => i.kind === 'register_change').map((i) => [i.params?.change, i.label, i.params?.reason]);
    expect(await changes('cabinetLog')).toEqual([['cabinets.log.registerChanges.custodian_changed', 'C-01', '管理者の交代']]);
    expect(await changes('accessLog')).toEqual([['accessLog.registerChanges.system_moved', 'SV-01', '移設']]);
    // The opening is judged by who held the key then: the new custodian's October opening is still not authorized.
    expect((await sm.ok('review.get', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-10' })).items.map((i) => i.code)).toEqual(['not_authorized']);
    // A change that loosens nothing is no item: the cabinet's location.
    await clerk.ok('cabinets.amend', { id: cab.id, changes: { location: '本社4F' }, reason: '移動' });
    expect(await changes('cabinetLog')).toHaveLength(1);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a disposed asset brought back by a correction is an item of the checkouts review (an insider probe)', async () => {
    const { d, clerk, sm, hq } = await serverRoomFixture(jst('2026-11-05', '09:00'));
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    await clerk.ok('assets.amend', { id: sd.id, changes: { state: 'disposed' }, reason: '破損のため廃棄' });
    const unit = { ledger: 'checkouts', siteId: hq.id, month: '2026-11' };
    expect((await sm.ok('review.get', unit)).items).toEqual([]);
    await clerk.ok('assets.amend', { id: sd.id, changes: { state: 'in_storage' }, reason: '廃棄の取り消し' });
    expect((await sm.ok('review.get', unit)).items.map((i) => [i.recordId, i.params?.change, i.params?.reason])).toEqual([[sd.id, 'assets.checkouts.registerChanges.asset_revived', '廃棄の取り消し']]);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a cabinet’s earlier custodian stays its custodian for the openings before the change (the read-through)', async () => {
    const { d, c, clerk, sm, hq, sasaki, yamada } = await serverRoomFixture(jst('2026-10-20', '11:00'));
    const cab = await clerk.ok('cabinets.add', { code: 'C-02', name: '経理書類庫', location: '本社2F', siteId: hq.id, contentClass: 'confidential', custodianId: sasaki.id, notes: null });
    // Typed in from the paper log: an opening before the cabinet was registered, by its custodian.
    const early = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-10-02', '10:00'), openedBy: sasaki.id, purpose: '書類の確認', lockedAt: jst('2026-10-02', '10:20'), lockedBy: sasaki.id });
    const late = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-10-20', '10:00'), openedBy: sasaki.id, purpose: '書類の確認', lockedAt: jst('2026-10-20', '10:30'), lockedBy: sasaki.id });
    expect([early.anomalies, late.anomalies]).toEqual([[{ code: 'recorded_late' }], []]); // the paper log typed in weeks later says so
    c.set(jst('2026-11-05', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('cabinets.amend', { id: cab.id, changes: { custodianId: yamada.id }, reason: '管理者の交代' });
    // Nothing of the custodian's (the early opening's only item is its late recording).
    expect((await sm.ok('review.get', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-10' })).items.map((i) => [i.recordId, i.code])).toEqual([[early.id, 'recorded_late']]);
    // The new custodian opens it from now without an authorization; the former one no longer.
    c.set(jst('2026-11-05', '10:10'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const before = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-05', '09:50'), openedBy: yamada.id, purpose: '書類の確認', lockedAt: jst('2026-11-05', '09:55'), lockedBy: yamada.id });
    expect(before.anomalies.map((a) => a.code)).toContain('not_authorized'); // not yet the custodian at 09:50
    const byNew = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-05', '10:00'), openedBy: yamada.id, purpose: '書類の確認', lockedAt: jst('2026-11-05', '10:05'), lockedBy: yamada.id });
    expect(byNew.anomalies).toEqual([]);
    const byFormer = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-05', '10:06'), openedBy: sasaki.id, purpose: '書類の確認', lockedAt: null, lockedBy: null });
    expect(byFormer.anomalies.map((a) => a.code)).toContain('not_authorized');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('an authorization granted for half an hour around an entry and an opening is an item of the month (an insider probe)', async () => {
    const { d, c, clerk, sm, hq, osaka, sasaki, kimura } = await serverRoomFixture(jst('2026-10-20', '10:00'));
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    await clerk.ok('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: true }, reason: '臨時の作業' });
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cab.id, personId: kimura.id, authorized: true, reason: '臨時の作業' });
    c.set(jst('2026-10-20', '10:30'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect((await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-10-20', '10:05'), exitedAt: jst('2026-10-20', '10:25'), purpose: 'maintenance' })).anomalies).toEqual([]);
    expect((await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-10-20', '10:04'), openedBy: kimura.id, purpose: '書類の確認', lockedAt: jst('2026-10-20', '10:20'), lockedBy: kimura.id })).anomalies).toEqual([]);
    await clerk.ok('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: false }, reason: '作業終了' });
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cab.id, personId: kimura.id, authorized: false, reason: '作業終了' });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const grants = async (ledger: string) =>
      (await sm.ok('review.get', { ledger, siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'register_change').map((i) => [i.params?.change, i.label, i.params?.reason, i.params?.by]);
    // Each names the clerk who granted it (a review: the reason was said, not whose act it was).
    expect(await grants('serverRoom')).toEqual([['serverRoom.registerChanges.authorization_granted', '木村 三郎', '臨時の作業', '田中 一郎']]);
    const grantLine = (await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10', format: 'print' })).monthItems?.find((l) => l.includes('入室許可が付与されました'));
    expect(grantLine).toContain('（田中 一郎による変更。理由：臨時の作業）');
    // The authorization holds at every site's server room: Osaka's review has it too.
    const osakaItems = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: osaka.id, month: '2026-10' })).items.filter((i) => i.kind === 'register_change').map((i) => i.label);
    expect(osakaItems).toEqual(['木村 三郎']);
    expect(await grants('cabinetLog')).toEqual([['cabinets.log.registerChanges.authorization_granted', '木村 三郎', '臨時の作業', '田中 一郎']]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a person a clerk registers already authorized is an item of the month, as a grant is; one a safety manager registers is not (a probe: registered after their own entry, which was then judged authorized)', async () => {
    const { d, c, sm, clerk, hq } = await serverRoomFixture(jst('2026-10-20', '10:00'));
    const newcomer = await clerk.ok('people.add', { name: '外注 花子', kana: 'ガイチュウ ハナコ', employeeNo: 'E9001', department: '情報システム部', siteId: hq.id, cardNo: null, serverRoomAuthorized: true });
    await sm.ok('people.add', { name: '正規 次郎', kana: 'セイキ ジロウ', employeeNo: 'E9002', department: '情報システム部', siteId: hq.id, cardNo: null, serverRoomAuthorized: true });
    await clerk.ok('people.add', { name: '一般 三郎', kana: 'イッパン サブロウ', employeeNo: 'E9003', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
    c.advance(5 * 60_000);
    // An hour before the registration, recorded at once (not late): judged as at the registration, authorized.
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: newcomer.id, enteredAt: jst('2026-10-20', '09:00'), exitedAt: jst('2026-10-20', '09:30'), purpose: 'maintenance' });
    expect(stay.anomalies).toEqual([]);
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const items = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'register_change');
    expect(items.map((i) => [i.params?.change, i.label])).toEqual([['serverRoom.registerChanges.registered_authorized', '外注 花子']]);
    d.close();
  });
});
