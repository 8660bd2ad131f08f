import { describe, expect, it } from 'vitest';
import { Caller, openTemp, SETUP, setUp } from '../helpers/temp-daicho';

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
});
