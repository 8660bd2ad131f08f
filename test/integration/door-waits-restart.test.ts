import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { FREE_FAILURES } from '../../electron/core/auth/guessing';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { Caller } from '../helpers/temp-daicho';
import { PASSWORDS, serverRoomFixture } from './server-room-fixture';
import type { Daicho } from '../../electron/core/daicho';

// Guessing at the door waits longer and longer (SPEC §2, §11). The waits were kept in the host's
// memory only: a restart of the host gave the guesser a fresh set of free tries. They are rebuilt from
// the journal's refusals at that door; the PIN pad's wait and other doors' stay their own.

async function startTerminal(d: Daicho, siteId: string, station: string): Promise<Caller> {
  const t = new Caller(d, station);
  await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
  await t.ok('terminal.start', { siteId, password: PASSWORDS.clerk });
  return t;
}

describe('the door waits for a guesser over a restart of the host', () => {
  it('card numbers tried before the restart still make the door wait after it; the PIN pad and another door do not', async () => {
    const { d, c, hq } = await serverRoomFixture();
    const door = await startTerminal(d, hq.id, 'door-pc');
    // Card numbers tried one after another, each wait sat out: past the free tries, each wait is twice the last.
    for (let i = 0; i < FREE_FAILURES + 6; i++) {
      const cardNo = `CARD9${String(i).padStart(3, '0')}`;
      let r = await door.call('terminal.identify', { cardNo });
      if (!r.ok && r.error.code === 'too_many_attempts') {
        c.advance(Number(r.error.params!.seconds) * 1000);
        r = await door.call('terminal.identify', { cardNo });
      }
      expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    // Control: the same host now makes the guesser wait half a minute.
    expect(await door.call('terminal.identify', { cardNo: 'CARD9500' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts', field: 'cardNo', params: { seconds: 32 } } });
    d.close();

    // The host PC restarted a few seconds later: the same data, a new process.
    c.advance(5_000);
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), clock: c.clock });
    const restarted = await startTerminal(again, hq.id, 'door-pc');
    expect(await restarted.call('terminal.identify', { cardNo: 'CARD9501' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts', field: 'cardNo', params: { seconds: 27 } } });
    // The PIN pad's wait is its own: a wrong PIN is only a wrong PIN.
    expect(await restarted.call('terminal.identify', { employeeNo: 'E1001', pin: '0000' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    // Another door's wait is its own too.
    const other = await startTerminal(again, hq.id, 'door-pc-2');
    expect(await other.call('terminal.identify', { cardNo: 'CARD9502' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Past the window (15 minutes), the door no longer waits.
    c.advance(16 * 60_000);
    const later = await startTerminal(again, hq.id, 'door-pc');
    expect(await later.call('terminal.identify', { cardNo: 'CARD9503' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    again.close();
  });
});
