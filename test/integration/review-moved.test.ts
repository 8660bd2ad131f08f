import { describe, expect, it } from 'vitest';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { SETUP, SM_APPROVAL } from '../helpers/temp-daicho';

// A correction that moves a record to another month or site, or makes it another person's, takes its
// anomalies away from the month and the person they were about — even where the record keeps them where
// it went. Found by an insider probe: a 長時間滞在 stay dated back a month, a session moved to another
// site and a 入室許可なし stay given to another unauthorized person each left their month reading clean,
// and a clerk corrected and voided her own stays.

describe('a record moved away, or made another person’s, is an item of the month it left (SPEC §5)', () => {
  it('moved to another month or site, or to another person: each anomaly it had is an item there, saying where it went or whose it was', async () => {
    const f = await serverRoomFixture(jst('2026-11-12', '10:35'));
    const { c, clerk, sm, hq, osaka, yamada, kimura } = f;
    const ueda = await sm.ok('people.add', { name: '上田 六郎', kana: 'ウエダ ロクロウ', employeeNo: 'E1006', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
    // Six hours (over the four-hour limit), the same length wherever it is moved to; recorded within a day.
    const long = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-11', '14:00'), exitedAt: jst('2026-11-11', '20:00'), purpose: 'maintenance' });
    const there = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-12', '01:00'), exitedAt: jst('2026-11-12', '07:00'), purpose: 'maintenance' });
    const unauthorized = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-11-12', '10:00'), exitedAt: jst('2026-11-12', '10:30'), purpose: 'maintenance' });
    expect([long, there, unauthorized].map((s) => s.anomalies.map((a) => a.code))).toEqual([['over_max_stay'], ['over_max_stay', 'outside_business_hours'], ['not_authorized']]);

    c.set(jst('2026-11-20', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const moved = await clerk.ok('serverRoom.amend', { id: long.id, changes: { enteredAt: jst('2026-10-09', '14:00'), exitedAt: jst('2026-10-09', '20:00') }, reason: '紙の記録簿と照合し日付を訂正' });
    expect(moved.anomalies.map((a) => a.code)).toContain('over_max_stay'); // still there, in October (and recorded late there)
    await clerk.ok('serverRoom.amend', { id: there.id, changes: { siteId: osaka.id }, reason: '拠点の選択誤り' });
    const other = await clerk.ok('serverRoom.amend', { id: unauthorized.id, changes: { personId: ueda.id }, reason: '入室者の選択誤り' });
    expect(other.anomalies.map((a) => a.code)).toEqual(['not_authorized']); // as unauthorized as the first

    c.set(jst('2026-12-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const november = await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11' });
    const cleared = november.items.filter((i) => i.kind === 'cleared');
    // Each says who made the change: the clerk's account has no person in the register, so by its name.
    expect(cleared.map((i) => [i.recordId, i.messageKey, i.params?.anomaly, i.params?.movedMonth ?? null, i.params?.movedSite ?? null, i.params?.formerPerson ?? null, i.params?.reason, i.params?.by])).toEqual([
      [long.id, 'review.items.cleared_moved', 'serverRoom.anomaly.over_max_stay', '2026-10', hq.name, null, '紙の記録簿と照合し日付を訂正', '田中 一郎'],
      [there.id, 'review.items.cleared_moved', 'serverRoom.anomaly.over_max_stay', '2026-11', osaka.name, null, '拠点の選択誤り', '田中 一郎'],
      [there.id, 'review.items.cleared_moved', 'serverRoom.anomaly.outside_business_hours', '2026-11', osaka.name, null, '拠点の選択誤り', '田中 一郎'],
      [unauthorized.id, 'review.items.cleared_person', 'serverRoom.anomaly.not_authorized', null, null, '木村 三郎', '入室者の選択誤り', '田中 一郎'],
    ]);
    // Each names its record as it is now, though the two moved are not this month's records any more.
    expect(cleared.map((i) => i.label)).toEqual([...Array(3).fill(expect.stringContaining('山田 太郎')), expect.stringContaining('上田 六郎')]);
    // Not signed before they are answered.
    expect(november.items.filter((i) => i.kind === 'cleared' && i.disposition === null)).toHaveLength(4);
    f.d.close();
  });

  it('moved to another site and made another person’s in one correction: the item says both, and names who made it as the record’s history does', async () => {
    const f = await serverRoomFixture(jst('2026-11-12', '10:35'));
    const { c, clerk, sm, admin, hq, osaka, kimura, sasaki, accountId } = f;
    const ueda = await sm.ok('people.add', { name: '上田 六郎', kana: 'ウエダ ロクロウ', employeeNo: 'E1006', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
    const unauthorized = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-11-12', '10:00'), exitedAt: jst('2026-11-12', '10:30'), purpose: 'maintenance' });
    // The clerk's account is linked to 佐々木 in the register: the item names the account as the record's history and
    // its paper do (a read of the change: named by the person linked now, a link changed later would rename who did it).
    await admin.ok('accounts.setPerson', { id: accountId('tanaka.clerk'), personId: sasaki.id, reason: '名簿の登録に合わせて', approval: SM_APPROVAL });
    c.set(jst('2026-11-20', '10:00'));
    await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.amend', { id: unauthorized.id, changes: { siteId: osaka.id, personId: ueda.id }, reason: '拠点と入室者の選択誤り' });

    c.set(jst('2026-12-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-11' };
    const [item, ...more] = (await sm.ok('review.get', unit)).items.filter((i) => i.kind === 'cleared');
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      recordId: unauthorized.id, messageKey: 'review.items.cleared_moved_person',
      params: { anomaly: 'serverRoom.anomaly.not_authorized', movedSite: osaka.name, movedMonth: '2026-11', formerPerson: '木村 三郎', by: '田中 一郎', reason: '拠点と入室者の選択誤り' },
    });
    // On the month's paper in words, as on the screen.
    expect((await sm.ok('print.sheet', { ...unit, format: 'print' })).monthItems?.join('\n')).toContain(
      '田中 一郎による訂正で記録が大阪拠点・令和8年11月へ移り、対象者も木村 三郎から変わりました。異常「入室許可なし」はここから消え、その人についてのものでもなくなりました（理由：拠点と入室者の選択誤り）',
    );
    f.d.close();
  });

  it('nobody corrects or voids a record they are the person of: another keeper does', async () => {
    const f = await serverRoomFixture(jst('2026-11-20', '10:00'));
    const { d, clerk, sm, admin, hq, kimura, accountId, fingerprint } = f;
    await admin.ok('accounts.setPerson', { id: accountId('tanaka.clerk'), personId: kimura.id, reason: '名簿の登録に合わせて', approval: SM_APPROVAL });
    await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    const own = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-11-12', '10:00'), exitedAt: jst('2026-11-12', '10:30'), purpose: 'maintenance' });
    const cabinet = await sm.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: f.sasaki.id, notes: null });
    await sm.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: kimura.id, authorized: true, reason: '人事担当' });
    const session = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-12', '11:00'), openedBy: kimura.id, purpose: '書類の確認', lockedAt: jst('2026-11-12', '11:10'), lockedBy: kimura.id, notes: null });
    const before = fingerprint();
    const refused = { ok: false, error: { code: 'forbidden', messageKey: 'errors.own_record' } };
    expect(await clerk.call('serverRoom.amend', { id: own.id, changes: { personId: f.yamada.id }, reason: '入室者の選択誤り' })).toMatchObject(refused);
    expect(await clerk.call('serverRoom.void', { id: own.id, reason: '二重登録' })).toMatchObject(refused);
    expect(await clerk.call('cabinetLog.amend', { id: session.id, changes: { purpose: '監査資料の準備' }, reason: '目的の記入誤り' })).toMatchObject(refused);
    expect(await clerk.call('cabinetLog.previewAmend', { id: session.id, changes: { purpose: '監査資料の準備' } })).toMatchObject(refused);
    expect(await clerk.call('cabinetLog.void', { id: session.id, reason: '二重登録' })).toMatchObject(refused);
    expect(fingerprint()).toEqual(before);
    // Another keeper corrects it as any record.
    expect(await sm.ok('serverRoom.amend', { id: own.id, changes: { purpose: 'backup_media' }, reason: '目的の選択誤り（本人申告）' })).toMatchObject({ purpose: 'backup_media' });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a companion of a stay, or a visitor’s escort on it, is a party to it too: neither corrects nor voids it', async () => {
    const f = await serverRoomFixture(jst('2026-11-20', '10:00'));
    const { d, clerk, sm, admin, hq, yamada, sasaki, kimura, accountId, fingerprint } = f;
    await admin.ok('accounts.setPerson', { id: accountId('tanaka.clerk'), personId: kimura.id, reason: '名簿の登録に合わせて', approval: SM_APPROVAL });
    await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    // 木村 went in with 山田 (a companion); on the other, he escorted 山田's visitor.
    const withHim = await sm.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-12', '10:00'), exitedAt: jst('2026-11-12', '10:30'), purpose: 'maintenance',
      companions: { employees: [{ personId: kimura.id }], visitors: [] },
    });
    const escorted = await sm.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-13', '10:00'), exitedAt: jst('2026-11-13', '10:30'), purpose: 'maintenance',
      companions: { employees: [{ personId: kimura.id }], visitors: [{ name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: kimura.id }] },
    });
    const others = await sm.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-14', '10:00'), exitedAt: jst('2026-11-14', '10:30'), purpose: 'maintenance',
      companions: { employees: [{ personId: sasaki.id }], visitors: [] },
    });
    const before = fingerprint();
    const refused = { ok: false, error: { code: 'forbidden', messageKey: 'errors.own_record' } };
    // Taking himself off it would leave the stay clean of 入室許可なし (he is not authorized): refused.
    expect(await clerk.call('serverRoom.amend', { id: withHim.id, changes: { companions: { employees: [], visitors: [] } }, reason: '同行者の記入誤り' })).toMatchObject(refused);
    expect(await clerk.call('serverRoom.void', { id: withHim.id, reason: '二重登録' })).toMatchObject(refused);
    expect(await clerk.call('serverRoom.amend', { id: escorted.id, changes: { purpose: 'backup_media' }, reason: '目的の選択誤り' })).toMatchObject(refused);
    expect(await clerk.call('serverRoom.void', { id: escorted.id, reason: '二重登録' })).toMatchObject(refused);
    expect(fingerprint()).toEqual(before);
    // A stay he is not named on is his to keep as any other.
    expect(await clerk.ok('serverRoom.amend', { id: others.id, changes: { purpose: 'backup_media' }, reason: '目的の選択誤り' })).toMatchObject({ purpose: 'backup_media' });
    // Another keeper corrects the ones he went in on.
    expect(await sm.ok('serverRoom.amend', { id: withHim.id, changes: { purpose: 'backup_media' }, reason: '目的の選択誤り（本人申告）' })).toMatchObject({ purpose: 'backup_media' });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});
