import { describe, expect, it } from 'vitest';
import { serverRoomFixture } from './server-room-fixture';
import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';

// Insider probe 9 (API surface and roles): the administrator's account, beside the ledgers.

async function secondAdmin(f: Awaited<ReturnType<typeof serverRoomFixture>>) {
  const temporary = 'Kari-no-pass-8301';
  await f.admin.ok('accounts.create', { loginId: 'ito.admin', displayName: '伊藤 誠司', personId: null, roles: ['sysadmin'], password: temporary, approval: SM_APPROVAL });
  const c = new Caller(f.d);
  await c.ok('auth.signIn', { loginId: 'ito.admin', password: temporary });
  await c.ok('auth.changePassword', { currentPassword: temporary, newPassword: 'Yuki-no-hana-5093' });
  return c;
}

describe('the system administrator', () => {
  it('a system administrator whose person has left signs in no more once another administrator remains (Art. 16(5), an insider probe)', async () => {
    const f = await serverRoomFixture();
    const { d, sm, hq } = f;
    await secondAdmin(f);
    // 佐藤 (the first administrator) is an employee: the safety manager links his account to his person.
    const sato = await sm.ok('people.add', { name: '佐藤 健', kana: 'サトウ ケン', employeeNo: 'E9001', department: '情報システム部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('accounts.setPerson', { id: f.accountId(SETUP.sysadmin.loginId), personId: sato.id, reason: '本人の社員登録と紐付け' });
    // He leaves the company; his ID is no longer in use (利用しなくなった ID).
    await sm.ok('people.setActive', { id: sato.id, active: false, reason: '退職' });
    const again = new Caller(d);
    const r = await again.call('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    // Expected: refused as for any account whose person has left (another administrator, 伊藤, can act).
    expect(r).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.person_left' } });
    expect(await again.call('accounts.list', {})).toMatchObject({ ok: false });
    // His session kept open since: its next elevation is refused, and it ends (a review of the change).
    expect(await f.admin.call('auth.elevate', { password: SETUP.sysadmin.password })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.person_left' } });
    expect(await f.admin.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    d.close();
  });

  it('held: the first administrator is not shut out while he is the only one (someone must be able to put a mistake right), and a departed clerk is', async () => {
    const f = await serverRoomFixture();
    const { d, sm, hq } = f;
    const sato = await sm.ok('people.add', { name: '佐藤 健', kana: 'サトウ ケン', employeeNo: 'E9001', department: '情報システム部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('accounts.setPerson', { id: f.accountId(SETUP.sysadmin.loginId), personId: sato.id, reason: '本人の社員登録と紐付け' });
    await sm.ok('people.setActive', { id: sato.id, active: false, reason: '退職' });
    expect((await new Caller(d).call('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password })).ok).toBe(true);
    // A staff account of a person who left: signed out and refused.
    await sm.ok('people.setActive', { id: f.yamada.id, active: false, reason: '退職' });
    expect(await new Caller(d).call('auth.signIn', { loginId: 'yamada.staff', password: 'Natsu-matsuri-5528' })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.person_left' } });
    d.close();
  });

  it('held: an administrator who is also a safety manager approves none of his own privileged acts (retention shortened, an administrator made, a safety manager granted)', async () => {
    const f = await serverRoomFixture();
    const { d, admin } = f;
    await admin.ok('accounts.setRoles', { id: f.accountId(SETUP.sysadmin.loginId), roles: ['sysadmin', 'safety_manager'], reason: '安全管理責任者を兼務', approval: SM_APPROVAL });
    const both = new Caller(d);
    await both.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await both.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const self = { approverLoginId: SETUP.sysadmin.loginId, approverPassword: SETUP.sysadmin.password };
    const head = d.store.journalHead().seq;
    expect(await both.call('retention.setYears', { ledger: 'visitors', years: 1, reason: '保存期間を短縮する', approval: self })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_self' } });
    expect(await both.call('accounts.create', { loginId: 'new.admin', displayName: '新井 管理', personId: null, roles: ['sysadmin'], password: 'Kari-no-pass-8301', approval: self })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_self' } });
    expect(await both.call('accounts.setRoles', { id: f.accountId('tanaka.clerk'), roles: ['clerk', 'safety_manager'], reason: '兼務', approval: self })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_self' } });
    expect(d.store.journalHead().seq).toBe(head);
    d.close();
  });
});
