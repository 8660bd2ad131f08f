import { describe, expect, it } from 'vitest';
import { deliverDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { Caller } from '../helpers/temp-daicho';
import { jst, MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Found by an insider probe (staff guessing a colleague's PIN): 山田 mistypes his PIN once at the
// offline door terminal at 10:00 and gets it right at 10:01 (queued: pin_fail, pin_ok). At 10:30
// someone guesses his PIN three times at the host's terminal. At 10:40 the queue arrives: the old
// right PIN — typed before the guesses — wiped the count, and the guesser had five more tries. A right
// PIN delivered late no longer clears a count that changed after it (the wrong PIN before it may then
// count too: the PIN locks one try sooner, never later).

describe('a right PIN delivered late does not clear the wrong PINs counted after it', () => {
  it('the guesses made after the late right one still count toward the lock', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const { c, d } = f;
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    const station = { id: 'lan:0a0b0c0d', siteId: f.hq.id };
    const at = 'terminal:HQ:lan:0a0b0c0d';
    const queued = [
      { id: 'p1', kind: 'pin_fail' as const, personId: f.yamada.id, occurredAt: jst('2026-11-24', '10:00') },
      { id: 'p2', kind: 'pin_ok' as const, personId: f.yamada.id, occurredAt: jst('2026-11-24', '10:01') },
    ];
    const t = new Caller(d, 'door-pc');
    await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    c.set(jst('2026-11-24', '10:30'));
    for (const guess of ['5938', '6049', '7150'])
      expect(await t.call('terminal.identify', { employeeNo: 'E1001', pin: guess })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    c.set(jst('2026-11-24', '10:40'));
    for (const e of queued) deliverDoorEntry(d.store, d.settings, station, at, e, c.clock());
    // The three guesses and the wrong PIN delivered count (4): the next wrong one locks the PIN.
    c.advance(MIN);
    const fourth = await t.call('terminal.identify', { employeeNo: 'E1001', pin: '8261' });
    const fifth = await t.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' });
    d.close();
    expect([fourth.ok ? 'ok' : fourth.error.messageKey, fifth.ok ? 'ok' : fifth.error.messageKey]).toEqual(['terminal.errors.pin_locked', 'terminal.errors.pin_locked']);
  });
});
