import { describe, expect, it } from 'vitest';
import { Caller, openTemp, SETUP, setUp } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Refusals that must hold when attempts arrive at the same time, and other rules found in review.

describe('lockouts hold under attempts made at the same time', () => {
  it('20 wrong passwords sent at once lock the account, and then the right one is refused', async () => {
    const d = await openTemp();
    await setUp(d);
    const who = new Caller(d);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => who.call('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: 'wrong-password-123' })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await who.call('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password })).toMatchObject({
      ok: false,
      error: { code: 'account_locked' },
    });
    const fails = (d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'auth.signin.fail'").get() as { n: number }).n;
    expect(fails).toBe(4); // the 5th locks; the rest are refused as locked
    expect(d.verify().ok).toBe(true);
    d.close();
  });

  it('wrong PINs sent at once from several door terminals lock the PIN, and then the right one is refused', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    // Six terminals, four guesses each at once: one check at a time per terminal (password-wait-races.test.ts),
    // so six run side by side — and every failure among them is counted.
    const doors: Caller[] = [];
    for (let i = 0; i < 6; i++) {
      const t = new Caller(f.d, `door-pc-${i}`);
      await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
      await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
      doors.push(t);
    }
    const guesses = await Promise.all(doors.flatMap((t) => Array.from({ length: 4 }, () => t.call('terminal.identify', { employeeNo: 'E1001', pin: '5555' }))));
    const said = guesses.map((r) => (r.ok ? 'ok' : r.error.messageKey));
    // One checked per terminal (the fifth failure locks the PIN, and says so), the others asked to wait.
    expect(said.filter((m) => m === 'terminal.errors.bad_pin' || m === 'terminal.errors.pin_locked')).toHaveLength(6);
    expect(said.filter((m) => m === 'auth.errors.busy')).toHaveLength(18);
    expect(await doors[0].call('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });
    f.d.close();
  });

  it('a clerk locked out at the door (wrong passwords to stop the terminal) does not stop the terminal they started, nor end her desk', async () => {
    const f = await serverRoomFixture();
    const t = new Caller(f.d, 'door-pc', 'door-pc');
    await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    for (let i = 0; i < 5; i++) await t.call('terminal.stop', { loginId: 'tanaka.clerk', password: 'guess-guess-123' });
    // A passer-by's guesses at the door lock her out of the door device only (issue 6): her desk goes on.
    expect(await t.call('terminal.stop', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk })).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    expect(await f.clerk.call('serverRoom.list', {})).toMatchObject({ ok: true });
    expect((await t.ok('terminal.info', {})).siteId).toBe(f.hq.id); // the door keeps working
    f.d.close();
  });
});

describe('first-run setup', () => {
  it('runs once even when two setups are sent at the same time, and only that caller gets a recovery code', async () => {
    const d = await openTemp();
    const other = { ...SETUP, companyName: '別の会社', sites: [{ code: 'X1', name: '本社' }], sysadmin: { ...SETUP.sysadmin, loginId: 'other.admin' }, safetyManager: { ...SETUP.safetyManager, loginId: 'other.sm' } };
    const [a, b] = await Promise.all([new Caller(d).call('setup.run', SETUP), new Caller(d).call('setup.run', other)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: { code: 'setup_done' } });
    expect((d.store.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n).toBe(2);
    d.close();
  });
});

describe('account history and dates', () => {
  it('keeps account history (sign-in failures, lock state) to re-authenticated administrators', async () => {
    const f = await serverRoomFixture();
    const id = f.accountId('tanaka.clerk');
    expect(await f.clerk.raw('history.get', { entity: 'accounts', id })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'entity' } });
    expect(await f.clerk.call('accounts.history', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const h = await f.admin.ok('accounts.history', { id });
    expect(h[0]).toMatchObject({ action: 'accounts.create', after: { password_hash: '••••' } });
    f.d.close();
  });

  it('judges a planned deletion date "in the past" by the Japanese calendar', async () => {
    // 2026-11-24 08:00 in Japan is still 2026-11-23 in UTC.
    const f = await serverRoomFixture(jst('2026-11-24', '08:00'));
    const id = f.accountId('yamada.staff');
    expect(await f.admin.call('accounts.suspend', { id, reason: '退職', plannedDeletionOn: '2026-11-23' })).toMatchObject({
      ok: false,
      error: { messageKey: 'accounts.errors.deletion_in_past' },
    });
    // Not "never" either (an insider probe set 2999-12-31): within a year and a day (Art. 16(5)).
    for (const plannedDeletionOn of ['2999-12-31', '2027-11-26'])
      expect(await f.admin.call('accounts.suspend', { id, reason: '退職', plannedDeletionOn })).toMatchObject({
        ok: false,
        error: { field: 'plannedDeletionOn', messageKey: 'accounts.errors.deletion_too_far', params: { days: 366 } },
      });
    expect((await f.admin.ok('accounts.suspend', { id, reason: '退職', plannedDeletionOn: '2026-11-24' })).status).toBe('suspended');
    f.d.close();
  });
});

describe('the idle lock on the server', () => {
  it('is not kept off by the who-is-inside panel polling every 30 seconds', async () => {
    const f = await serverRoomFixture();
    await f.clerk.ok('serverRoom.list', {});
    for (let i = 0; i < 11; i++) {
      f.c.advance(30_000);
      await f.clerk.call('serverRoom.inside', {});
    }
    expect(await f.clerk.call('serverRoom.list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    f.d.close();
  });
});

describe('the door terminal', () => {
  it('lets someone deactivated while inside record their exit', async () => {
    const f = await serverRoomFixture();
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-11-24', '09:30'), purpose: 'maintenance' });
    await f.sm.ok('people.setActive', { id: f.sasaki.id, active: false, reason: '本日付で退職' });
    const t = new Caller(f.d, 'door-pc');
    await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    const id = await t.ok('terminal.identify', { cardNo: 'CARD1002' });
    expect(id).toMatchObject({ canEnter: false, canExit: true });
    expect(await t.ok('terminal.exit', { ticket: id.ticket })).toMatchObject({ action: 'exit' });
    // And once out, they cannot come back in.
    expect(await t.call('terminal.identify', { cardNo: 'CARD1002' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.inactive' } });
    f.d.close();
  });
});
