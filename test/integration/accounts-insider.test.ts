import { describe, expect, it } from 'vitest';
import { Caller, SETUP } from '../helpers/temp-daicho';
import { october } from './review-fixture';

// An insider probe of 2026-12-03: accounts and roles (SPEC §2; Art. 15, 16, 17). What held.

describe('accounts and roles as an insider tried them (a probe of 2026-12-03)', () => {
  it('refuses a self-grant, a self-approval, a self-link and a password change without the current one; a suspension ends the session', async () => {
    const { d, admin, clerk, yamada, kimura, accountId } = await october();
    const adminId = accountId(SETUP.sysadmin.loginId);
    // Not elevated: refused.
    const fresh = new Caller(d);
    await fresh.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    expect(await fresh.call('accounts.setRoles', { id: adminId, roles: ['sysadmin', 'safety_manager'], reason: '兼務のため' })).toMatchObject({ ok: false, error: { code: 'reauth_required' } });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // Safety-manager powers to himself: no approval, his own, or a made-up one.
    expect(await admin.call('accounts.setRoles', { id: adminId, roles: ['sysadmin', 'safety_manager'], reason: '兼務のため' })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approval_required' } });
    expect(await admin.call('accounts.setRoles', { id: adminId, roles: ['sysadmin', 'site_head'], reason: '兼務のため', approval: { approverLoginId: SETUP.sysadmin.loginId, approverPassword: SETUP.sysadmin.password } })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_not_safety_manager' } });
    expect(await admin.call('accounts.setRoles', { id: adminId, roles: ['sysadmin', 'clerk'], reason: '兼務のため', approval: { approverLoginId: 'tanaka.clerk', approverPassword: 'Sakura-fubuki-3917' } })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_not_safety_manager' } });
    // Link his own account; link another without approval.
    expect(await admin.call('accounts.setPerson', { id: adminId, personId: kimura.id, reason: '本人の登録' })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.link_self' } });
    expect(await admin.call('accounts.setPerson', { id: accountId('tanaka.clerk'), personId: kimura.id, reason: '本人の登録' })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.link_approval_required' } });
    // A second account on a linked person.
    expect(await admin.call('accounts.create', { loginId: 'yamada2', displayName: '山田 太郎（営業）', personId: yamada.id, roles: ['staff'], password: 'Kari-no-pass-8301', approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.person_linked' } });
    // A password change needs the current password.
    expect(await clerk.call('auth.changePassword', { currentPassword: 'Machigai-pass-0000', newPassword: 'Aratana-pass-5521' })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.bad_credentials' } });
    // Suspension ends the session; the id is not taken again, in any case.
    await admin.ok('accounts.suspend', { id: accountId('tanaka.clerk'), reason: '退職のため', plannedDeletionOn: '2027-03-31' });
    expect(await clerk.call('serverRoom.list', {} as never)).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await new Caller(d).call('auth.signIn', { loginId: 'tanaka.clerk', password: 'Sakura-fubuki-3917' })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.bad_credentials' } });
    expect(await admin.call('accounts.create', { loginId: 'Tanaka.Clerk', displayName: '田中 一郎', roles: ['clerk'], password: 'Kari-no-pass-8301' })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.login_id_taken' } });
    // A display name that reads as the safety manager's but for a character that draws nothing (U+2065, no character assigned): refused.
    const smName = (d.store.db.prepare("SELECT display_name FROM accounts WHERE login_id = ?").get(SETUP.safetyManager.loginId) as { display_name: string }).display_name;
    const lookalike = `${[...smName][0]}\u2065${[...smName].slice(1).join('')}`;
    expect(await admin.call('accounts.create', { loginId: 'suzuki.y3', displayName: lookalike, roles: ['clerk'], password: 'Kari-no-pass-8301' })).toMatchObject({ ok: false, error: { messageKey: 'errors.field.invisible_chars' } });
    expect(d.store.db.prepare("SELECT count(*) FROM accounts WHERE login_id = 'suzuki.y3'").pluck().get()).toBe(0);
    d.close();
  });
});
