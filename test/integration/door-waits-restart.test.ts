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

  it('numbers with no PIN tried before the restart count after it as the wrong PINs they were answered as (terminal.refused_no_pin)', async () => {
    const { d, c, hq, kimura } = await serverRoomFixture();
    const door = await startTerminal(d, hq.id, 'door-pc');
    const tryNumber = async (employeeNo: string) => {
      let r = await door.call('terminal.identify', { employeeNo, pin: '4821' });
      if (!r.ok && r.error.code === 'too_many_attempts') {
        c.advance(Number(r.error.params!.seconds) * 1000);
        r = await door.call('terminal.identify', { employeeNo, pin: '4821' });
      }
      expect(r, employeeNo).toMatchObject({ ok: false });
      expect(r.ok ? null : r.error.code).not.toBe('too_many_attempts');
    };
    // Unknown numbers past the free tries, then 木村 (E1003, a card and no PIN) three times: each wait is twice the last.
    for (let i = 0; i < FREE_FAILURES + 3; i++) await tryNumber(`E9${String(i).padStart(3, '0')}`);
    for (let i = 0; i < 3; i++) await tryNumber(kimura.employeeNo);
    expect(d.store.db.prepare("SELECT count(*) FROM journal WHERE action = 'terminal.refused_no_pin'").pluck().get()).toBe(3);
    const before = await door.call('terminal.identify', { employeeNo: 'E9500', pin: '4821' });
    expect(before).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    const seconds = Number(before.ok ? 0 : before.error.params!.seconds);
    d.close();

    expect(seconds).toBeGreaterThan(10);
    c.advance(5_000);
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), clock: c.clock });
    const restarted = await startTerminal(again, hq.id, 'door-pc');
    expect(await restarted.call('terminal.identify', { employeeNo: 'E9501', pin: '4821' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts', params: { seconds: seconds - 5 } } });
    again.close();
  });
});
