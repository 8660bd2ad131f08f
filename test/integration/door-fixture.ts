import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureHostIdentity, signAsHost } from '../../electron/core/lan/identity';
import { deliverDoorEntry, doorSnapshot, parseDoorEntry, type DoorSnapshot } from '../../electron/core/ledgers/server-room/offline';
import { DoorQueue } from '../../electron/station/door-queue';
import { OfflineTerminal } from '../../electron/station/offline-terminal';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

/** The queue's key (a station keeps it in its vault; these tests open the queue alone). */
export const QUEUE_KEY = randomBytes(32).toString('hex');
/** 山田's door PIN. */
export const PIN = '4827';

/**
 * 山田 with a PIN, and an offline door terminal for the head office whose queue (in a folder of its
 * own, listed in `dirs` for the test file to remove) holds the host's signed copy, changed by `change`
 * first (issued at `start`, the host's time then); `deliverAll` delivers what waits as a station sends
 * it (through the host's check of its shape).
 */
export async function offlineDoor(dirs: string[], change: (snap: DoorSnapshot, f: Awaited<ReturnType<typeof serverRoomFixture>>) => void = () => undefined, start = jst('2026-10-20', '09:00')) {
  const f = await serverRoomFixture(start);
  await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: PIN });
  const identity = await ensureHostIdentity(f.d.store, { actor: 'system', station: 'test' }, f.c.clock());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-door-'));
  dirs.push(dir);
  const queue = new DoorQueue(dir, QUEUE_KEY);
  const station = { id: 'lan:0a0b0c0d', siteId: f.hq.id, name: '本社サーバ室' };
  const at = 'terminal:HQ:lan:0a0b0c0d';
  const snap = doorSnapshot(f.d.store, f.d.settings, station, at, f.c.clock());
  change(snap, f);
  const text = JSON.stringify(snap);
  queue.saveSnapshot(text, signAsHost(identity, text));
  const terminal = new OfflineTerminal(queue, identity.certPem, f.c.clock, () => f.c.clock().getTime());
  // The station fetched the copy just now: the terminal's time is the host's from here on.
  terminal.anchorTo(f.c.clock());
  const deliverAll = () => {
    for (const e of queue.pending()) {
      deliverDoorEntry(f.d.store, f.d.settings, station, at, parseDoorEntry(JSON.parse(JSON.stringify(e))), f.c.clock());
      queue.remove(e.id);
    }
  };
  return { ...f, identity, queue, station, at, terminal, deliverAll };
}
