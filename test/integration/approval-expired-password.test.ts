import { describe, expect, it } from 'vitest';
import { Caller, renewPassword, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// An insider probe (6): a second person's confirmation (SPEC §4.3) with a password that has expired (Art. 17(2):
// changed every 6 months; SPEC §2: expire after 6 months and must be changed at next sign-in). The
// product refuses an approver whose password is temporary (must_change_password); an expired one
// is the same kind of password that may no longer authenticate anything.

describe('a second person’s password past its six months', () => {
  it('a clerk whose password expired months ago cannot approve a laptop checkout with it', async () => {
    const f = await serverRoomFixture();
    const { d, c, clerk, hq, yamada } = f;
    const laptop = await clerk.ok('assets.add', { assetTag: 'PC-001', kind: 'laptop', model: 'Panasonic CF-SV1', serial: 'SV1-0001', siteId: hq.id, storagePlace: '総務部キャビネットB', encrypted: true, notes: null });

    // Seven months later: nobody has changed a password since (the clerk has been away).
    c.set(jst('2027-06-24', '10:00'));
    const staff = new Caller(d);
    const signedIn = await staff.ok('auth.signIn', { loginId: 'yamada.staff', password: PASSWORDS.staff });
    expect(signedIn.mustChangePassword).toBe(true); // the product knows it expired
    await staff.ok('auth.changePassword', { currentPassword: PASSWORDS.staff, newPassword: 'Aki-no-sora-8642-new' });
    // The clerk's password expired too: signing in with it, they would be made to change it first.
    const check = new Caller(d);
    expect((await check.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk })).mustChangePassword).toBe(true);
    await check.ok('auth.signOut', {});

    const r = await staff.call('checkouts.add', {
      assetId: laptop.id, borrowerId: yamada.id, purpose: '顧客先での説明', destination: '株式会社サンプル',
      checkedOutAt: jst('2027-06-24', '10:00'), dueAt: jst('2027-06-25', '18:00'), notes: null,
      approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk },
    });
    expect(r).toMatchObject({ ok: false, error: { field: 'approval.approverLoginId' } });
    expect((await staff.ok('assets.get', { id: laptop.id })).state).toBe('in_storage');
    expect(r).toMatchObject({ error: { messageKey: 'assets.errors.approver_password_expired' } });

    // Nor a safety manager's approval with hers (hers is as old): the administrator's act waits for her new one.
    await renewPassword(f.admin, SETUP.sysadmin.password);
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const before = d.store.journalHead().seq;
    expect(await f.admin.call('accounts.setPerson', { id: f.accountId('tanaka.clerk'), personId: null, reason: '名簿の誤り', approval: SM_APPROVAL })).toMatchObject({
      ok: false, error: { field: 'approval.approverLoginId', messageKey: 'accounts.errors.approver_password_expired' },
    });
    // Once she has changed it, it approves.
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    await sm.ok('auth.changePassword', { currentPassword: SETUP.safetyManager.password, newPassword: 'Fuyu-no-hoshi-3141' });
    expect(d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE seq > ? AND action = 'accounts.set_person'").get(before)).toEqual({ n: 0 });
    await f.admin.ok('accounts.setPerson', { id: f.accountId('tanaka.clerk'), personId: null, reason: '名簿の誤り', approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: 'Fuyu-no-hoshi-3141' } });
    d.close();
  });
});
