import { describe, expect, it } from 'vitest';
import { keeperPerson, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS } from './server-room-fixture';
import { accountFor, disposeAll, HEAD_PASSWORD, october, shown } from './review-fixture';

// Art. 9: nobody reviews themselves. Found by an insider probe: a designated clerk disposed of the
// 封印後修正 their own change made, a system administrator signed off their own access-log checks,
// and a site head disposed of an unauthorized entry they had gone in with. Each item is now the
// reviewer's own (aboutReviewer), and disposing of it is refused.

const NO_ISSUE = { disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null } as const;

describe('a reviewer does not dispose of items about their own acts (Art. 9)', () => {
  it('a stay the site head went in with is theirs', async () => {
    const { d, clerk, head, sasaki, bad, unit } = await october();
    await clerk.ok('serverRoom.amend', { id: bad.id, changes: { companions: { employees: [{ personId: sasaki.id }], visitors: [] } }, reason: '同行者の記入漏れ' });
    const item = (await head.ok('review.get', unit)).items.find((i) => i.recordId === bad.id && i.code === 'not_authorized')!;
    expect(item.aboutReviewer).toBe(true);
    expect(await head.call('review.dispose', { ...unit, subject: item.subject, code: item.code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'review.errors.own_record' } });
    d.close();
  });

  it('access-log checks a system administrator recorded are theirs, when designated to review them', async () => {
    const { d, admin, sm, hq } = await october();
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const sys = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'x', retentionMonths: 12, notes: null });
    await admin.ok('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2026-11-05', '10:00'), logsComplete: false, storedSafely: true, anomalyFound: null, actionTaken: null });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: (d.store.db.prepare("SELECT id FROM accounts WHERE login_id = ?").get(SETUP.sysadmin.loginId) as { id: string }).id, ledgers: ['accessLog'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-12-31' });
    const unit = { ledger: 'accessLog', siteId: hq.id, month: '2026-10' };
    const item = (await admin.ok('review.get', unit)).items.find((i) => i.code === 'logs_incomplete')!;
    expect(item.aboutReviewer).toBe(true);
    expect(await admin.call('review.dispose', { ...unit, subject: item.subject, code: item.code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });
    d.close();
  });

  it('a change a designated reviewer made to a signed month is theirs in the month it was made', async () => {
    const { d, c, clerk, sm, hq, ok, unit, accountId } = await october();
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: accountId('tanaka.clerk'), ledgers: ['serverRoom'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-12-31' });
    await clerk.ok('serverRoom.amend', { id: ok.id, changes: { exitedAt: jst('2026-10-20', '08:55') }, reason: '退室時刻の誤記' });
    c.set(jst('2026-12-02', '09:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const november = { ...unit, month: '2026-11' };
    const item = (await clerk.ok('review.get', november)).items.find((i) => i.kind === 'sealed_change')!;
    expect(item.aboutReviewer).toBe(true);
    expect(await clerk.call('review.dispose', { ...november, subject: item.subject, code: item.code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });
    d.close();
  });

  it('the 封印後修正 their correction made to another record (an overlap taken from a signed month) is theirs, though they never wrote that record', async () => {
    const f = await october();
    const { d, c, clerk, sm, admin, hq, yamada, unit } = f;
    const rec = (enter: string, exit: string) => clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: enter, exitedAt: exit, purpose: 'maintenance' });
    const a = await rec(jst('2026-10-31', '23:00'), jst('2026-11-01', '00:30'));
    const b = await rec(jst('2026-11-01', '00:10'), jst('2026-11-01', '00:20'));
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    // Another clerk, designated for November, corrects B so that it no longer overlaps the signed A.
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const suzukiPerson = await keeperPerson(sm, { name: '鈴木 春子', kana: 'スズキ ハルコ', employeeNo: 'E3101', siteId: hq.id });
    const suzuki = await accountFor(f, 'suzuki.clerk', '鈴木 春子', ['clerk'], suzukiPerson.id, 'Suzuki-hanako-5521');
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: f.accountId('suzuki.clerk'), ledgers: ['serverRoom'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-12-31' });
    await suzuki.ok('serverRoom.amend', { id: b.id, changes: { enteredAt: jst('2026-11-01', '00:40'), exitedAt: jst('2026-11-01', '00:50') }, reason: '時刻の誤記' });
    c.set(jst('2026-12-02', '09:00'));
    await suzuki.ok('auth.unlock', { password: 'Suzuki-hanako-5521' });
    const november = { ...unit, month: '2026-11' };
    const item = (await suzuki.ok('review.get', november)).items.find((i) => i.kind === 'sealed_change' && i.recordId === a.id)!;
    expect(item.aboutReviewer).toBe(true);
    expect(await suzuki.call('review.dispose', { ...november, subject: item.subject, code: item.code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });
    d.close();
  });

  it('a checkout a designated clerk approved is theirs, though another wrote it', async () => {
    const { d, sm, admin, clerk, staff, hq, yamada, accountId } = await october();
    // The clerk's account says which person he is (an approver must: 田中 一郎, linked by the fixture), and he approves Yamada's laptop going out.
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const laptop = await clerk.ok('assets.add', { assetTag: 'PC-001', kind: 'laptop', model: 'CF-SV1', serial: 'SV1-0001', siteId: hq.id, storagePlace: '総務部', encrypted: true, notes: null });
    await staff.ok('auth.unlock', { password: PASSWORDS.staff });
    const out = await staff.ok('checkouts.add', {
      assetId: laptop.id, borrowerId: yamada.id, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-10-20', '10:00'), dueAt: jst('2026-10-21', '18:00'), notes: null,
      approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk },
    });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: accountId('tanaka.clerk'), ledgers: ['checkouts'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-12-31' });
    const unit = { ledger: 'checkouts', siteId: hq.id, month: '2026-10' };
    const items = (await clerk.ok('review.get', unit)).items.filter((i) => i.recordId === out.id);
    expect(items.map((i) => i.code)).toContain('overdue');
    expect(items.every((i) => i.aboutReviewer === true)).toBe(true);
    expect(await clerk.call('review.dispose', { ...unit, subject: items[0].subject, code: items[0].code, ...NO_ISSUE })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.own_record' } });
    // The safety manager, who took no part, disposes of it.
    await sm.ok('review.dispose', { ...unit, subject: items[0].subject, code: items[0].code, ...NO_ISSUE });
    d.close();
  });

  it('a designation is made or voided only with the password again (an insider probe)', async () => {
    const { d, sm, hq, accountId } = await october();
    const add = { accountId: accountId('tanaka.clerk'), ledgers: ['serverRoom'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-12-31' };
    expect(await sm.call('designations.add', add)).toMatchObject({ ok: false, error: { code: 'reauth_required' } });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const made = await sm.ok('designations.add', add);
    expect(made.accountId).toBe(add.accountId);
    d.close();
  });

  it('a visitor the site head hosted, and a grant to the site head themselves, are theirs (the read-through)', async () => {
    const { d, c, clerk, head, hq, sasaki, yamada } = await october();
    const visit = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: sasaki.id, arrivedAt: jst('2026-10-20', '10:00'), area: 'reception' });
    const october10 = { ledger: 'visitors', siteId: hq.id, month: '2026-10' };
    const items = (await head.ok('review.get', october10)).items.filter((i) => i.recordId === visit.id);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.aboutReviewer === true)).toBe(true);
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: yamada.id, notes: null });
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cab.id, personId: sasaki.id, authorized: true, reason: '書類整理' });
    c.set(jst('2026-12-02', '09:00'));
    await head.ok('auth.unlock', { password: HEAD_PASSWORD });
    const grant = (await head.ok('review.get', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-11' })).items.find((i) => i.kind === 'register_change')!;
    expect(grant.params?.change).toBe('cabinets.log.registerChanges.authorization_granted');
    expect(grant.aboutReviewer).toBe(true);
    d.close();
  });
});
