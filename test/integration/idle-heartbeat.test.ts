import { describe, expect, it } from 'vitest';
import { Caller, openTemp, SETUP, setUp, SM_APPROVAL } from '../helpers/temp-daicho';

// The renderer sends `auth.session` (a public method) as its heartbeat. A heartbeat that arrives
// after the idle time must find the session locked, not quietly restart its idle clock.
describe('idle lock and the public session heartbeat (Art. 11(4))', () => {
  it('reports an idle session as locked and keeps it locked', async () => {
    let now = new Date('2026-11-27T00:00:00.000Z').getTime();
    const d = await openTemp({ clock: () => new Date(now) });
    await setUp(d);
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });

    now += 4 * 60_000; // within the default 5 minutes: the heartbeat keeps the session alive
    expect(await sm.ok('auth.session', {})).toMatchObject({ locked: false });
    now += 4 * 60_000;
    expect((await sm.call('people.list', {})).ok).toBe(true);

    now += 5 * 60_000 + 1000; // idle for longer than 5 minutes
    expect(await sm.ok('auth.session', {})).toMatchObject({ locked: true });
    expect(await sm.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    d.close();
  });

  it('a locked screen neither shows the holder’s notices nor lets them be dismissed in her name; unlocked, they are hers to read (an insider probe)', async () => {
    let now = new Date('2026-11-27T00:00:00.000Z').getTime();
    const d = await openTemp({ clock: () => new Date(now) });
    const { sm, admin } = await setUp(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // The administrator uses the safety manager's approval: she is told at her screen.
    await admin.ok('accounts.create', { loginId: 'kato.it', displayName: '加藤 誠', roles: ['sysadmin'], password: 'Kari-no-pass-8301', approval: SM_APPROVAL });
    const unseen = () => d.store.db.prepare('SELECT id FROM account_notices WHERE seen_at IS NULL').all() as { id: string }[];
    const ids = unseen().map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    // Locked by hand, then by the idle time: whoever sits there sees none and dismisses none.
    await sm.ok('auth.lock', {});
    expect(await sm.ok('auth.session', {})).toMatchObject({ locked: true, notices: [] });
    expect(await sm.call('auth.acknowledgeNotices', { ids })).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    const unlocked = await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect(unlocked.notices.map((n) => n.id).sort()).toEqual([...ids].sort());
    now += 6 * 60_000;
    expect(await sm.ok('auth.session', {})).toMatchObject({ locked: true, notices: [] });
    expect(await sm.call('auth.acknowledgeNotices', { ids })).toMatchObject({ ok: false });
    expect(unseen().length).toBe(ids.length);
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.acknowledgeNotices', { ids });
    expect(unseen()).toEqual([]);
    d.close();
  });
});
