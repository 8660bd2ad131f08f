import { describe, expect, it } from 'vitest';
import { POLLED_METHODS, type PolledMethod } from '../../shared/api/polled';
import { Caller, openTemp, SETUP, setUp } from '../helpers/temp-daicho';

/** A clock the test moves by hand; the core reads it for every call. */
function manualClock(start = '2026-11-27T00:00:00.000Z') {
  let now = new Date(start).getTime();
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}
const MIN = 60_000;

async function withAdmin() {
  const c = manualClock();
  const d = await openTemp({ clock: c.clock });
  const { sm, admin } = await setUp(d);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  return { d, c, sm, admin };
}

describe('accounts and sign-in (SPEC §2)', () => {
  it('locks an account after 5 failures for 15 minutes, with the same messages for unknown ids, all journaled', async () => {
    const { d, c } = await withAdmin();
    const who = new Caller(d);
    const id = SETUP.safetyManager.loginId;
    const codes: string[] = [];
    const ghost: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await who.call('auth.signIn', { loginId: id, password: 'wrong-password-123' });
      codes.push(r.ok ? 'ok' : r.error.messageKey);
      const g = await who.call('auth.signIn', { loginId: 'nobody.here', password: 'wrong-password-123' });
      ghost.push(g.ok ? 'ok' : g.error.messageKey);
    }
    expect(codes).toEqual([...Array(4).fill('auth.errors.bad_credentials'), 'auth.errors.account_locked']);
    expect(ghost).toEqual(codes); // never reveals whether an account exists
    const locked = await who.call('auth.signIn', { loginId: id, password: SETUP.safetyManager.password });
    expect(locked).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    c.advance(15 * MIN + 1000);
    await who.ok('auth.signIn', { loginId: id, password: SETUP.safetyManager.password });
    const actions = (d.store.db.prepare('SELECT action FROM journal').all() as { action: string }[]).map((r) => r.action);
    expect(actions.filter((a) => a === 'auth.signin.fail').length).toBeGreaterThanOrEqual(9);
    expect(actions).toContain('auth.lock');
    expect(actions).toContain('auth.signin.refused_locked');
    expect(d.verify().ok).toBe(true);
  });

  it('refuses shared ids and weak passwords, and makes a new account change its password first', async () => {
    const { d, admin } = await withAdmin();
    // …also joined to other words, or with no letters at all (a bad-input probe: test-user, shared.pc and ... were accepted).
    for (const loginId of ['guest', 'Admin', 'test1', 'kiosk', 'shared', 'test-user', 'shared.pc', 'guest_02', 'system-user', '...', '---']) {
      const r = await admin.call('accounts.create', { loginId, displayName: '共用 端末', roles: ['staff'], password: 'Yuki-no-hi-3391' });
      expect(r).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.shared_id', field: 'loginId' } });
    }
    const weak: [string, string][] = [
      ['short1A!', 'auth.errors.password_short'],
      ['password123', 'auth.errors.password_common'],
      ['1234567890', 'auth.errors.password_common'],
      ['xx-ito.k-2026', 'auth.errors.password_contains_id'],
      ['Kenji-no-hako-26', 'auth.errors.password_contains_name'],
    ];
    for (const [password, key] of weak) {
      const r = await admin.call('accounts.create', { loginId: 'ito.k', displayName: 'Ito Kenji', roles: ['staff'], password });
      expect(r).toMatchObject({ ok: false, error: { messageKey: key, field: 'password' } });
    }
    const acc = await admin.ok('accounts.create', { loginId: 'ito.k', displayName: 'Ito Kenji', roles: ['staff'], password: 'Yuki-no-hi-3391' });
    expect(acc.mustChangePassword).toBe(true);
    const ito = new Caller(d);
    const s = await ito.ok('auth.signIn', { loginId: 'ito.k', password: 'Yuki-no-hi-3391' });
    expect(s.mustChangePassword).toBe(true);
    expect(await ito.call('sites.list', {})).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    // The temporary password with a little changed, which the administrator who set it could guess, is refused and nothing stored (an insider probe).
    const head = d.store.journalHead().seq;
    for (const newPassword of ['Yuki-no-hi-3391x', 'Yuki-no-hi-3392', 'Yuki-no-hi-3391-2026'])
      expect(await ito.call('auth.changePassword', { currentPassword: 'Yuki-no-hi-3391', newPassword }), newPassword).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.password_too_close', field: 'newPassword' } });
    expect(d.store.db.prepare("SELECT count(*) FROM journal WHERE seq > ? AND action = 'auth.change_password'").pluck().get(head)).toBe(0);
    await ito.ok('auth.changePassword', { currentPassword: 'Yuki-no-hi-3391', newPassword: 'Sora-iro-no-8812' });
    expect((await ito.call('sites.list', {})).ok).toBe(true);
  });

  it('expires passwords after 6 months (Art. 17(2))', async () => {
    const { d, c } = await withAdmin();
    c.advance(183 * 24 * 60 * MIN);
    const sm = new Caller(d);
    const s = await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    expect(s.mustChangePassword).toBe(true);
    expect(await sm.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
  });

  it('needs the safety manager to approve, with their own password, a grant of sysadmin or safety_manager (Art. 15)', async () => {
    const { d, admin } = await withAdmin();
    const base = { loginId: 'kato.it', displayName: '加藤 誠', password: 'Umi-no-oto-5521' };
    expect(await admin.call('accounts.create', { ...base, roles: ['sysadmin'] })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approval_required' } });
    expect(await admin.call('accounts.create', { ...base, roles: ['sysadmin'], approval: { approverLoginId: SETUP.sysadmin.loginId, approverPassword: SETUP.sysadmin.password } })).toMatchObject({
      ok: false,
      error: { messageKey: 'accounts.errors.approver_not_safety_manager' },
    });
    expect(await admin.call('accounts.create', { ...base, roles: ['sysadmin'], approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: 'not-their-password' } })).toMatchObject({
      ok: false,
      error: { code: 'bad_credentials' },
    });
    const ok = await admin.ok('accounts.create', { ...base, roles: ['sysadmin'], approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } });
    const row = d.store.rowById('accounts', ok.id);
    const sm = d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(SETUP.safetyManager.loginId) as { id: string };
    expect(row.roles_approved_by).toBe(sm.id);
    // Adding staff to someone needs no approval.
    await admin.ok('accounts.setRoles', { id: ok.id, roles: ['sysadmin', 'staff'], reason: '兼務' });
  });

  it('suspends instead of deleting; a suspended account cannot sign in', async () => {
    const { d, admin } = await withAdmin();
    const acc = await admin.ok('accounts.create', { loginId: 'mori.y', displayName: '森 陽子', roles: ['clerk'], password: 'Kaze-no-michi-44' });
    const mori = new Caller(d);
    await mori.ok('auth.signIn', { loginId: 'mori.y', password: 'Kaze-no-michi-44' });
    const s = await admin.ok('accounts.suspend', { id: acc.id, reason: '退職', plannedDeletionOn: '2027-03-31' });
    expect(s).toMatchObject({ status: 'suspended', plannedDeletionOn: '2027-03-31' });
    expect(await mori.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await new Caller(d).call('auth.signIn', { loginId: 'mori.y', password: 'Kaze-no-michi-44' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(d.store.rowById('accounts', acc.id)).toBeTruthy();
  });

  it('locks an idle session on the server too, and unlocks it with the password', async () => {
    const { d, c } = await withAdmin();
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    c.advance(5 * MIN + 1000);
    expect(await sm.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(await sm.call('auth.unlock', { password: 'wrong-password-1' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect((await sm.call('people.list', {})).ok).toBe(true);
  });

  it('does not let a panel’s poll keep an idle session unlocked: every polled method is passive', async () => {
    const { d, c } = await withAdmin();
    const inputs: Partial<Record<PolledMethod, object>> = { 'review.list': { due: true }, 'guestCards.list': { state: 'lent', pageSize: 1 } };
    for (const method of POLLED_METHODS) {
      const sm = new Caller(d);
      await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
      // Polled every 30 s for the idle lock's five minutes and a bit (a real answer each time, until the lock).
      const answers: string[] = [];
      for (let s = 30; s <= 5 * 60 + 30; s += 30) {
        c.advance(30_000);
        const r = await sm.call(method as never, (inputs[method] ?? {}) as never);
        answers.push(r.ok ? 'ok' : r.error.code);
      }
      expect(answers[0], method).toBe('ok');
      expect(answers.at(-1), method).toBe('session_locked');
      expect(await sm.call('people.list', {}), method).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    }
  });

  it('keeps the idle lock at 10 minutes at most (Art. 11(4))', async () => {
    const { admin } = await withAdmin();
    expect(await admin.call('settings.update', { idleLockMinutes: 11 })).toMatchObject({ ok: false, error: { field: 'idleLockMinutes' } });
    // A value of the wrong kind is not a missing one (a bad-input probe: 5.5 and "5" said 入力してください).
    expect(await admin.call('settings.update', { idleLockMinutes: 5.5 })).toMatchObject({ ok: false, error: { field: 'idleLockMinutes', messageKey: 'errors.field.integer' } });
    expect(await admin.raw('settings.update', { idleLockMinutes: '5' })).toMatchObject({ ok: false, error: { field: 'idleLockMinutes', messageKey: 'errors.field.invalid_type' } });
    const pinIssue = async (input: Record<string, unknown>) => ((await admin.raw('me.setPin', input)) as { error: { issues: { field: string; messageKey: string }[] } }).error.issues.find((i) => i.field === 'pin');
    expect(await pinIssue({ pin: 2580 })).toMatchObject({ messageKey: 'errors.field.invalid_type' });
    expect(await pinIssue({})).toMatchObject({ messageKey: 'errors.field.required' });
    expect(await admin.ok('settings.update', { idleLockMinutes: 10 })).toMatchObject({ idleLockMinutes: 10 });
  });
});
