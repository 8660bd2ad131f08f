import { describe, expect, it } from 'vitest';
import type { Daicho } from '../../electron/core/daicho';
import { Caller, openTemp, SETUP, setUp, SM_APPROVAL } from '../helpers/temp-daicho';

// Issue 6 points 6–8 (Art. 15, SPEC §2): no single account obtains a privileged role, or acts as an
// approver, through a password reset; the holder is told what was done and by whom; every safety
// manager can read account history; no typed secret lands in the journal; other sessions end when
// a password changes.

const TEMP = 'Kari-no-pass-8301';
const SM2 = { loginId: 'ito.sm', displayName: '伊藤 真理', password: 'Minato-no-hi-4416' };

async function fixture() {
  const d = await openTemp();
  const { sm, admin, recoveryCode } = await setUp(d);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const accounts = await admin.ok('accounts.list', {});
  const id = (loginId: string) => accounts.find((a) => a.loginId === loginId)?.id ?? (d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(loginId) as { id: string }).id;
  return { d, sm, admin, recoveryCode, id };
}

/** A second safety manager, approved by the first, who has set their own password. */
async function secondSafetyManager(d: Daicho, admin: Caller): Promise<Caller> {
  await admin.ok('accounts.create', {
    loginId: SM2.loginId, displayName: SM2.displayName, roles: ['safety_manager'], password: TEMP,
    approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password },
  });
  const sm2 = new Caller(d);
  await sm2.ok('auth.signIn', { loginId: SM2.loginId, password: TEMP });
  await sm2.ok('auth.changePassword', { currentPassword: TEMP, newPassword: SM2.password });
  return sm2;
}

function journalText(d: Daicho): string {
  return (d.store.db.prepare('SELECT * FROM journal').all() as Record<string, unknown>[]).map((r) => JSON.stringify(r)).join('\n');
}

describe('a password reset cannot hand a privileged account to one person', () => {
  it('refuses a sysadmin resetting the only safety manager alone, or with her own "approval", or a wrong recovery code; nothing changes', async () => {
    const { d, admin, id } = await fixture();
    const smId = id(SETUP.safetyManager.loginId);
    expect((await admin.ok('accounts.list', {})).find((a) => a.id === smId)?.resetNeeds).toBe('recovery_code');
    const reset = (approval?: unknown) => admin.raw('accounts.resetPassword', { id: smId, temporaryPassword: TEMP, reason: '忘れたため', ...(approval ? { approval } : {}) });
    expect(await reset()).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'approval', messageKey: 'accounts.errors.reset_approval_required' } });
    expect(await reset({ approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password })).toMatchObject({
      ok: false, error: { messageKey: 'accounts.errors.approver_is_target' },
    });
    expect(await reset({ recoveryCode: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.recovery_code_wrong' } });
    // Her password still works: nothing was reset.
    await new Caller(d).ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    expect(d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'accounts.reset_password'").get()).toEqual({ n: 0 });
    expect(d.verify().ok).toBe(true);
    d.close();
  });

  it('with the recovery code (no other safety manager), resets, and the holder and every other administrator are told', async () => {
    const { d, admin, recoveryCode, id } = await fixture();
    const smId = id(SETUP.safetyManager.loginId);
    await admin.ok('accounts.create', {
      loginId: 'kato.admin', displayName: '加藤 誠', roles: ['sysadmin'], password: TEMP,
      approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password },
    });
    await admin.ok('accounts.resetPassword', { id: smId, temporaryPassword: TEMP, reason: '本人の依頼', approval: { recoveryCode } });
    const told = d.store.db.prepare("SELECT a.login_id FROM account_notices n JOIN accounts a ON a.id = n.account_id WHERE n.kind = 'recovery_code_used'").all();
    expect(told).toEqual([{ login_id: 'kato.admin' }]);
    const holder = new Caller(d);
    const session = await holder.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: TEMP });
    expect(session.mustChangePassword).toBe(true);
    expect(session.notices.find((n) => n.kind === 'password_reset')).toMatchObject({ byName: SETUP.sysadmin.displayName, byLoginId: SETUP.sysadmin.loginId, recoveryCode: true, reason: '本人の依頼' });
    d.close();
  });

  it('with a second safety manager: her approval works; a temporary password approves nothing; the holder sees who did it', async () => {
    const { d, admin, id } = await fixture();
    const sm2 = await secondSafetyManager(d, admin);
    const smId = id(SETUP.safetyManager.loginId);
    const adminId = id(SETUP.sysadmin.loginId);
    expect((await admin.ok('accounts.list', {})).find((a) => a.id === smId)?.resetNeeds).toBe('safety_manager');
    // The recovery code is not for when a safety manager can approve.
    expect(await admin.raw('accounts.resetPassword', { id: smId, temporaryPassword: TEMP, reason: '入力誤りのため', approval: { recoveryCode: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' } })).toMatchObject({
      ok: false, error: { messageKey: 'accounts.errors.recovery_code_not_needed' },
    });
    await admin.ok('accounts.resetPassword', {
      id: smId, temporaryPassword: TEMP, reason: 'パスワード失念', approval: { approverLoginId: SM2.loginId, approverPassword: SM2.password },
    });

    // The administrator knows the temporary password: it cannot approve his own promotion...
    const grant = await admin.raw('accounts.setRoles', {
      id: adminId, roles: ['sysadmin', 'safety_manager'], reason: '兼務', approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: TEMP },
    });
    expect(grant).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'accounts.errors.approver_temporary_password' } });
    // ...nor a second administrator.
    const create = await admin.raw('accounts.create', {
      loginId: 'kato.admin', displayName: '加藤 誠', roles: ['sysadmin'], password: TEMP, approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: TEMP },
    });
    expect(create).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_temporary_password' } });
    expect(d.store.db.prepare('SELECT roles FROM accounts WHERE id = ?').get(adminId)).toEqual({ roles: '["sysadmin"]' });
    // With the second safety manager's approval, the first becomes an administrator too.
    await admin.ok('accounts.setRoles', { id: smId, roles: ['safety_manager', 'sysadmin'], reason: '兼務', approval: { approverLoginId: SM2.loginId, approverPassword: SM2.password } });
    expect(await sm2.call('sites.list', {})).toMatchObject({ ok: true });

    // The holder is told at her next sign-in, before she changes the password; the approver is told her approval was used.
    const holder = new Caller(d);
    const s = await holder.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: TEMP });
    // The reset revoked her signing key (SPEC §5): every safety manager, she too, is told.
    expect(s.notices.map((n) => n.kind)).toEqual(['approval_used', 'password_reset', 'signing_key_revoked', 'roles_changed']);
    expect(s.notices[0]).toMatchObject({ aboutLoginId: SM2.loginId, detail: { action: 'accounts.create', roles: ['safety_manager'] } });
    expect(s.notices[1]).toMatchObject({ byName: SETUP.sysadmin.displayName, approvedByName: SM2.displayName, recoveryCode: false, reason: 'パスワード失念' });
    expect(s.notices[2]).toMatchObject({ byName: SETUP.sysadmin.displayName, aboutLoginId: SETUP.safetyManager.loginId, detail: expect.objectContaining({ reason: 'password_reset' }) });
    expect(s.notices[3].detail).toEqual({ before: ['safety_manager'], after: ['safety_manager', 'sysadmin'] });
    // Whoever knows the temporary password cannot make the notices go away: only after her own password.
    expect(await holder.call('auth.acknowledgeNotices', { ids: s.notices.map((n) => n.id) })).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    await holder.ok('auth.changePassword', { currentPassword: TEMP, newPassword: 'Aki-no-sora-6672' });
    const acknowledged = await holder.ok('auth.acknowledgeNotices', { ids: s.notices.map((n) => n.id) });
    expect(acknowledged.notices).toEqual([]);
    // Now administrator and safety manager both, she still cannot approve her own act.
    await holder.ok('auth.elevate', { password: 'Aki-no-sora-6672' });
    expect(
      await holder.raw('accounts.create', { loginId: 'kato.admin', displayName: '加藤 誠', roles: ['sysadmin'], password: TEMP, approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: 'Aki-no-sora-6672' } }),
    ).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_self' } });
    const sm2Again = new Caller(d);
    const s2 = await sm2Again.ok('auth.signIn', { loginId: SM2.loginId, password: SM2.password });
    expect(s2.notices.filter((n) => n.kind === 'approval_used').map((n) => n.aboutLoginId)).toEqual([SETUP.safetyManager.loginId, SETUP.safetyManager.loginId]);

    // Every safety manager reads account history, with who did what.
    await sm2Again.ok('auth.elevate', { password: SM2.password });
    const history = await sm2Again.ok('accounts.history', { id: smId });
    expect(history.find((h) => h.action === 'accounts.reset_password')).toMatchObject({ actorName: SETUP.sysadmin.displayName, reason: 'パスワード失念' });
    expect(JSON.stringify(history)).not.toMatch(/scrypt\$/);
    expect(d.verify().ok).toBe(true);
    d.close();
  });
});

describe('the first accounts and the people register', () => {
  it('an administrator adds no role to his own account alone: the safety manager approves it and is told; dropping one of his own needs no one', async () => {
    const { d, admin, id } = await fixture();
    const adminId = id(SETUP.sysadmin.loginId);
    const rolesNow = () => d.store.db.prepare('SELECT roles FROM accounts WHERE id = ?').pluck().get(adminId);
    const head = d.store.journalHead().seq;
    // The clerk's role lets him write and correct the ledgers; the site head's, sign their months.
    for (const role of ['clerk', 'site_head', 'staff'] as const)
      expect(await admin.raw('accounts.setRoles', { id: adminId, roles: ['sysadmin', role], reason: '兼務' }), role).toMatchObject({
        ok: false, error: { code: 'invalid_input', field: 'approval', messageKey: 'accounts.errors.self_grant_approval_required' },
      });
    // Nor with his own password as the "approver".
    expect(await admin.raw('accounts.setRoles', { id: adminId, roles: ['sysadmin', 'clerk'], reason: '兼務', approval: { approverLoginId: SETUP.sysadmin.loginId, approverPassword: SETUP.sysadmin.password } }))
      .toMatchObject({ ok: false, error: { field: 'approval.approverLoginId' } });
    expect(rolesNow()).toBe('["sysadmin"]');
    expect(d.store.journalHead().seq).toBe(head);
    // Someone else's clerk role needs no approval, as before.
    await admin.ok('accounts.create', { loginId: 'kato.clerk', displayName: '加藤 誠', roles: ['staff'], password: TEMP });
    await admin.ok('accounts.setRoles', { id: id('kato.clerk'), roles: ['staff', 'clerk'], reason: '総務担当' });
    // With the safety manager's approval his own is added, and she is told her approval was used.
    const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
    await admin.ok('accounts.setRoles', { id: adminId, roles: ['sysadmin', 'clerk'], reason: '総務兼務', approval });
    expect(rolesNow()).toBe('["sysadmin","clerk"]');
    const told = await new Caller(d).ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    expect(told.notices.filter((n) => n.kind === 'approval_used').map((n) => n.detail)).toEqual([{ action: 'accounts.set_roles', before: ['sysadmin'], after: ['sysadmin', 'clerk'] }]);
    // Giving one up takes no approval (his roles apply from his next sign-in).
    const again = new Caller(d);
    await again.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await again.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await again.ok('accounts.setRoles', { id: adminId, roles: ['sysadmin'], reason: '兼務解除' });
    expect(rolesNow()).toBe('["sysadmin"]');
    // Someone else's clerk role granted without her: she is told who granted it to whom (an insider probe:
    // an administrator made up a clerk account and, signed in as it, added a person with server-room entry).
    // A clerk account made at once is told of too; the one she approved, by its approval alone.
    const admin3 = new Caller(d);
    await admin3.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await admin3.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin3.ok('accounts.create', { loginId: 'ono.clerk', displayName: '小野 浩', roles: ['clerk'], password: TEMP });
    const clerkGrants = (await new Caller(d).ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password })).notices.filter((n) => n.kind === 'clerk_granted');
    expect(clerkGrants.map((n) => [n.byLoginId, n.aboutLoginId, n.detail, n.reason])).toEqual([
      [SETUP.sysadmin.loginId, 'kato.clerk', { roles: ['clerk'], noPerson: true }, '総務担当'],
      [SETUP.sysadmin.loginId, 'ono.clerk', { roles: ['clerk'], noPerson: true }, null],
    ]);
    // The administrator, who granted them, is not told of his own grants.
    const adminTold = await new Caller(d).ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    expect(adminTold.notices.filter((n) => n.kind === 'clerk_granted')).toEqual([]);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('the accounts made by the setup wizard set their own passwords before they can approve anything', async () => {
    const d = await openTemp();
    await new Caller(d).ok('setup.run', SETUP);
    const sm = new Caller(d);
    expect((await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password })).mustChangePassword).toBe(true);
    const admin = new Caller(d);
    await admin.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await admin.ok('auth.changePassword', { currentPassword: SETUP.sysadmin.password, newPassword: 'Jibun-no-kagi-4471' });
    await admin.ok('auth.elevate', { password: 'Jibun-no-kagi-4471' });
    // The one who ran the wizard knows the safety manager's first password: it approves nothing.
    const grant = await admin.raw('accounts.create', {
      loginId: 'kato.admin', displayName: '加藤 誠', roles: ['sysadmin'], password: TEMP, approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password },
    });
    expect(grant).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_temporary_password' } });
    expect(d.store.db.prepare('SELECT DISTINCT roles_approved_by AS by FROM accounts').all()).toEqual([{ by: 'setup' }]);
    d.close();
  });

  it('nobody links their own account to a person; a new link clears the PIN set through the old one, and the holder is told', async () => {
    const { d, sm, admin, id } = await fixture();
    const [site] = await sm.ok('sites.list', {});
    const person = await sm.ok('people.add', { name: '佐藤 健', kana: 'サトウ ケン', employeeNo: 'E7001', department: '情報システム部', siteId: site.id, cardNo: null, serverRoomAuthorized: true });
    const adminId = id(SETUP.sysadmin.loginId);
    expect(await admin.call('accounts.setPerson', { id: adminId, personId: person.id, reason: '本人' })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'accounts.errors.link_self' } });
    // The safety manager links the administrator; he sets his door PIN.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('accounts.setPerson', { id: adminId, personId: person.id, reason: '本人の名簿と紐付け' });
    await admin.ok('me.setPin', { password: SETUP.sysadmin.password, pin: '4826' });
    // Moved to another account: the PIN set through the old link goes, and the new holder is told.
    const clerkId = (await admin.ok('accounts.create', { loginId: 'tanaka.clerk', displayName: '田中 一郎', roles: ['clerk'], password: TEMP })).id;
    await sm.ok('accounts.setPerson', { id: adminId, personId: null, reason: '誤り' });
    // An administrator links a person only with a safety manager's approval (an insider probe: alone,
    // he made an account for an employee, set its PIN and went into the server room as him).
    const before = d.store.journalHead().seq;
    expect(await admin.call('accounts.setPerson', { id: clerkId, personId: person.id, reason: '紐付け' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'approval', messageKey: 'accounts.errors.link_approval_required' } });
    expect(await admin.call('accounts.setPerson', { id: clerkId, personId: person.id, reason: '紐付け', approval: { ...SM_APPROVAL, approverPassword: 'not-her-password-1' } })).toMatchObject({ ok: false });
    expect(await admin.call('accounts.create', { loginId: 'sato.k2', displayName: '佐藤 健（二）', personId: person.id, roles: ['staff'], password: TEMP })).toMatchObject({ ok: false, error: { field: 'approval', messageKey: 'accounts.errors.link_approval_required' } });
    // Nothing linked, nothing made (the wrong approver password counts against her account, as any wrong password does).
    expect(d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE seq > ? AND action IN ('accounts.set_person', 'accounts.create')").get(before)).toEqual({ n: 0 });
    await admin.ok('accounts.setPerson', { id: clerkId, personId: person.id, reason: '正しい紐付け', approval: SM_APPROVAL });
    // The approver is told her approval was used.
    expect((await new Caller(d).ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password })).notices).toContainEqual(
      expect.objectContaining({ kind: 'approval_used', detail: expect.objectContaining({ action: 'accounts.set_person', after: person.id }) }),
    );
    expect(d.store.db.prepare('SELECT pin_hash FROM door_credentials WHERE person_id = ?').get(person.id)).toEqual({ pin_hash: null });
    const clerk = new Caller(d);
    const s = await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: TEMP });
    expect(s.notices).toMatchObject([{ kind: 'person_linked', byName: SETUP.sysadmin.displayName, detail: { after: person.id, personName: '佐藤 健' }, reason: '正しい紐付け' }]);
    expect(d.verify().ok).toBe(true);
    d.close();
  });
});

describe('sessions and secrets', () => {
  it('one person, one account: an account linked to someone who already has one is refused at creation, nothing stored (SPEC §2)', async () => {
    const { d, sm, admin } = await fixture();
    const site = (await sm.ok('sites.list', {}))[0];
    const person = await sm.ok('people.add', { name: '山田 太郎', kana: 'ヤマダ タロウ', employeeNo: 'E1001', department: '情報システム部', siteId: site.id, cardNo: null, serverRoomAuthorized: true });
    await admin.ok('accounts.create', { loginId: 'yamada.staff', displayName: '山田 太郎', personId: person.id, roles: ['staff'], password: TEMP, approval: SM_APPROVAL });
    const before = d.store.journalHead().seq;
    // A second account for him would set his door PIN and record stays in his name.
    expect(await admin.call('accounts.create', { loginId: 'yamada.second', displayName: '山田 二号', personId: person.id, roles: ['staff'], password: TEMP })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'personId', messageKey: 'accounts.errors.person_linked', params: { loginId: 'yamada.staff' } },
    });
    expect(d.store.journalHead().seq).toBe(before);
    // His account made a clerk needs no approval, and the safety manager is told of it, not as one no person stands behind.
    const smId = d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').pluck().get(SETUP.safetyManager.loginId);
    const yamadaId = d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').pluck().get('yamada.staff') as string;
    await admin.ok('accounts.setRoles', { id: yamadaId, roles: ['staff', 'clerk'], reason: '総務担当の兼務' });
    const told = d.store.db.prepare("SELECT detail FROM account_notices WHERE kind = 'clerk_granted' AND account_id = ?").pluck().all(smId);
    expect(told.map((t) => JSON.parse(String(t)))).toEqual([{ roles: ['clerk'] }]);
    d.close();
  });

  it('a reviewer designated by the safety manager is reset only with a safety manager\'s approval, as a site head is (else whoever set the password signs as them)', async () => {
    const { d, sm, admin, id } = await fixture();
    await secondSafetyManager(d, admin);
    const clerkId = (await admin.ok('accounts.create', { loginId: 'tanaka.clerk', displayName: '田中 一郎', roles: ['clerk'], password: TEMP })).id;
    const headId = (await admin.ok('accounts.create', { loginId: 'kyoten.osk', displayName: '大阪 拠点長', roles: ['site_head'], password: TEMP })).id;
    const needs = async () => Object.fromEntries((await admin.ok('accounts.list', {})).map((a) => [a.loginId, a.resetNeeds]));
    expect(await needs()).toMatchObject({ 'tanaka.clerk': 'none', 'kyoten.osk': 'safety_manager' });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const site = (await sm.ok('sites.list', {}))[0];
    await sm.ok('designations.add', { accountId: clerkId, ledgers: ['serverRoom'], siteIds: [site.id], validFrom: '2026-01-01', validTo: '2099-12-31' });
    expect(await needs()).toMatchObject({ 'tanaka.clerk': 'safety_manager' });
    expect(await admin.call('accounts.resetPassword', { id: clerkId, temporaryPassword: 'Atarashii-kagi-5521', reason: '忘れたため' })).toMatchObject({ ok: false, error: { field: 'approval' } });
    expect(await admin.call('accounts.resetPassword', { id: headId, temporaryPassword: 'Atarashii-kagi-5521', reason: '忘れたため' })).toMatchObject({ ok: false, error: { field: 'approval' } });
    await admin.ok('accounts.resetPassword', { id: clerkId, temporaryPassword: 'Atarashii-kagi-5521', reason: '忘れたため', approval: { approverLoginId: SM2.loginId, approverPassword: SM2.password } });
    expect(id('tanaka.clerk')).toBe(clerkId);
    d.close();
  });

  it('a password change signs out the account\'s other sessions; a reset signs out all of them', async () => {
    const { d, admin, id } = await fixture();
    const elsewhere = new Caller(d);
    await elsewhere.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    const here = new Caller(d);
    await here.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    await here.ok('auth.changePassword', { currentPassword: SETUP.safetyManager.password, newPassword: 'Fuyu-no-hoshi-3381' });
    expect(await elsewhere.call('sites.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await here.call('sites.list', {})).toMatchObject({ ok: true });

    const clerkId = (await admin.ok('accounts.create', { loginId: 'tanaka.clerk', displayName: '田中 一郎', roles: ['clerk'], password: TEMP })).id;
    const clerk = new Caller(d);
    await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: TEMP });
    await clerk.ok('auth.changePassword', { currentPassword: TEMP, newPassword: 'Haru-no-umi-7720' });
    await admin.ok('accounts.resetPassword', { id: clerkId, temporaryPassword: 'Atarashii-kagi-5521', reason: '忘れたため' });
    expect(await clerk.call('sites.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(id('tanaka.clerk')).toBe(clerkId);
    d.close();
  });

  it('journals failed attempts without the text typed into the login-id field, unless it is an existing login id', async () => {
    const { d, sm } = await fixture();
    const typedPasswords = ['Hoshi-zora-2283-typo', 'Himitsu-no-kotoba-99'];
    const anon = new Caller(d);
    for (const typed of typedPasswords) expect(await anon.call('auth.signIn', { loginId: typed, password: 'whatever-1234' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    // The door terminal's "leave kiosk mode" sign-in too.
    const clerkAdmin = new Caller(d);
    await clerkAdmin.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    const [site] = await sm.ok('sites.list', {});
    await clerkAdmin.ok('terminal.start', { siteId: site.id, password: SETUP.sysadmin.password });
    expect(await clerkAdmin.call('terminal.stop', { loginId: 'Yoru-no-kaze-5150', password: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    // An existing login id is kept: it says whose account was tried.
    await anon.call('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: 'not-her-password' });
    const text = journalText(d);
    for (const typed of [...typedPasswords, 'Yoru-no-kaze-5150', 'whatever-1234', 'not-her-password']) expect(text).not.toContain(typed);
    expect(d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action IN ('auth.signin.fail', 'terminal.stop.fail') AND after LIKE '%unknownLoginId%'").get()).toEqual({ n: 3 });
    expect(d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'auth.signin.fail'").get()).toEqual({ n: 3 });
    d.close();
  });
});
