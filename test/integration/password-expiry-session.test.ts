import { describe, expect, it } from 'vitest';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { Caller, SETUP } from '../helpers/temp-daicho';

// Insider probe 9 (session states): SPEC §2 / Art. 17(2) — passwords expire after 6 months and must
// be changed. The app asks at sign-in; approvals and signatures refuse an expired password
// (accounts-repo.ts passwordNotOwn). A desk session is never signed out by time, only idle-locked.

describe('a session kept open past the password’s six months', () => {
  it('an administrator’s session kept open past the password’s six months must change it at the next unlock before any work, as at a sign-in (an insider probe)', async () => {
    const { d, c, admin } = await serverRoomFixture();
    // Seven months later; the administrator never signed out (the PC was only locked).
    c.set(jst('2027-07-01', '10:00'));
    await admin.call('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.call('auth.elevate', { password: SETUP.sysadmin.password });
    // Expected: as at a sign-in, the expired password must be changed before any work.
    expect((await admin.ok('auth.session', {}))?.mustChangePassword).toBe(true);
    expect(await admin.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    d.close();
  });

  it('a clerk’s session kept open past the password’s six months writes nothing after an unlock until the password is changed (an insider probe)', async () => {
    const { d, c, clerk, hq } = await serverRoomFixture();
    c.set(jst('2027-07-01', '10:00'));
    await clerk.call('auth.unlock', { password: PASSWORDS.clerk });
    const r = await clerk.call('people.add', { name: '新井 六郎', kana: 'アライ ロクロウ', employeeNo: 'E1010', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    d.close();
  });

  it('a session in use at the minute its password turns six months old must change it at its next call, unlocked or not (a review)', async () => {
    const { d, c, clerk } = await serverRoomFixture();
    const changed = (d.store.db.prepare('SELECT password_changed_at AS at FROM accounts WHERE login_id = ?').get('tanaka.clerk') as { at: string }).at;
    const due = new Date(changed);
    due.setMonth(due.getMonth() + 6);
    // A minute before: unlocked, and working.
    c.set(new Date(due.getTime() - 60_000).toISOString());
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect(await clerk.call('people.list', {})).toMatchObject({ ok: true });
    // Two minutes on, in the same session (not idle-locked, its session not read): the password must be changed.
    c.set(new Date(due.getTime() + 60_000).toISOString());
    expect(await clerk.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    d.close();
  });

  it('held: a new sign-in with the same expired password must change it first', async () => {
    const { d, c } = await serverRoomFixture();
    c.set(jst('2027-07-01', '10:00'));
    const again = new Caller(d);
    expect((await again.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password }))?.mustChangePassword).toBe(true);
    expect(await again.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    d.close();
  });
});
