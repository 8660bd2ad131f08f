import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { OfflineTerminal } from '../../electron/station/offline-terminal';
import { MIN, manualClock } from './server-room-fixture';
import { offlineDoor, PIN } from './door-fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

// Five wrong PINs lock a PIN wherever they are typed (README): at an offline door, the lock and the
// guessing waits are judged by time that really passed, not by the door PC's clock alone, and the
// host counts wrong PINs and locks reported from a clock ahead of its own. A second probe set the
// door PC's clock forward 16 minutes after each lock: fifty wrong PINs, then the right one opened,
// and the host counted none of them.

it('a door PC’s clock set forward does not end the PIN lock; the host counts the lock reported from a clock ahead of its own', async () => {
  const { d, c, queue, station, at, identity } = await offlineDoor(dirs);
  const wall = manualClock(c.clock().toISOString()); // the door PC's clock, which the insider sets
  let mono = 0; // time that really passed, in ms
  const terminal = new OfflineTerminal(queue, identity.certPem, wall.clock, () => mono);
  const pass = (ms: number) => {
    mono += ms;
    wall.advance(ms);
  };
  const identify = (pin: string) => terminal.handle('terminal.identify', { employeeNo: 'E1001', pin });
  wall.advance(30 * MIN); // half an hour ahead of the host's from the start
  for (let i = 0; i < 4; i++) {
    expect(await identify(String(3000 + i))).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    pass(61_000); // past the guessing wait
  }
  expect(await identify('3999')).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });
  // The clock set 16 minutes on, one minute later: still locked, the right PIN too.
  pass(60_000);
  wall.advance(16 * MIN);
  expect(await identify(PIN)).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });
  // Once the lock's 15 minutes have really passed, the right PIN opens.
  mono += 15 * MIN;
  expect(await identify(PIN)).toMatchObject({ ok: true, value: { canEnter: true } });

  // The host, whose clock is behind the door's by more than the slack: the wrong PINs and the lock count (as now), the right PIN ahead of it does not clear them.
  // (The refusals of the tries while locked, dated ahead of the host, are set aside by the station, as before.)
  for (const e of queue.pending().filter((x) => x.kind !== 'refused')) {
    deliverDoorEntry(d.store, d.settings, station, at, parseDoorEntry(JSON.parse(JSON.stringify(e))), c.clock());
    queue.remove(e.id);
  }
  const cred = d.store.db.prepare("SELECT pin_locked_until FROM door_credentials WHERE person_id = (SELECT id FROM people WHERE employee_no = 'E1001')").get() as { pin_locked_until: string | null };
  expect(Date.parse(cred.pin_locked_until!)).toBeGreaterThan(c.clock().getTime());
  d.close();
});
