import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureHostIdentity, signAsHost } from '../../electron/core/lan/identity';
import { deliverDoorEntry, doorSnapshot, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { DoorQueue } from '../../electron/station/door-queue';
import { OfflineTerminal } from '../../electron/station/offline-terminal';
import { PIN_LOCK_MINUTES, PIN_MAX_FAILURES } from '../../shared/ledgers/serverRoomTerminal';
import { jst, MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// SPEC §2 (lockout) and §11 (the door terminal offline): wrong PINs at an offline door terminal
// are counted in its own encrypted queue, so a restart of the terminal does not start the count
// again; a lock the host had set holds offline; and every wrong PIN and lock reaches the host's
// journal when the link returns, a running lock holding there too.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const PIN = '4827';

describe('PIN lockout at an offline door terminal', () => {
  it('survives a restart, follows the host, and every wrong PIN and lock reaches the journal once', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { c, d, hq, yamada } = f;
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: PIN });
    const identity = await ensureHostIdentity(d.store, { actor: 'system', station: 'test' }, c.clock());
    const station = { id: 'lan:0a0b0c0d', siteId: hq.id, name: '本社サーバ室' };
    const at = 'terminal:HQ:lan:0a0b0c0d';
    /** A door terminal's folder holding the host's copy as of now. */
    const terminalDir = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-door-'));
      dirs.push(dir);
      const text = JSON.stringify(doorSnapshot(d.store, d.settings, station, at, c.clock()));
      const q = new DoorQueue(dir);
      q.saveSnapshot(text, signAsHost(identity, text));
      q.close();
      return dir;
    };
    /** The terminal started (again) on its folder. */
    const start = (dir: string) => {
      const queue = new DoorQueue(dir);
      return { queue, terminal: new OfflineTerminal(queue, identity.certPem, c.clock) };
    };
    const tryPin = (t: OfflineTerminal, pin: string) => t.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin });

    const dir = terminalDir();
    let door = start(dir);
    for (let i = 1; i < PIN_MAX_FAILURES; i++) expect(await tryPin(door.terminal, '0000')).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    // Restarted before the last try: the count goes on, and the next wrong PIN locks.
    door.queue.close();
    door = start(dir);
    expect(await tryPin(door.terminal, '0000')).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    door.queue.close();
    door = start(dir);
    expect(await tryPin(door.terminal, PIN)).toMatchObject({ ok: false, error: { code: 'account_locked', messageKey: 'terminal.errors.pin_locked' } });

    // What it queued: four wrong PINs and the lock, in order, with their times; the lock does not make anyone leave.
    const queued = door.queue.pending();
    expect(queued.map((e) => e.kind)).toEqual(['pin_fail', 'pin_fail', 'pin_fail', 'pin_fail', 'pin_lock']);
    expect(await door.terminal.handle('terminal.inside', {})).toEqual({ ok: true, value: [] });

    // Delivered (as the station sends them, through the host's own check of their shape): kept once, and the lock holds at the host.
    c.advance(5 * MIN);
    const deliver = () => queued.map((e) => deliverDoorEntry(d.store, d.settings, station, at, parseDoorEntry(JSON.parse(JSON.stringify(e))), c.clock()));
    expect(deliver().every((o) => o.outcome === 'recorded')).toBe(true);
    deliver(); // again, as after a lost answer
    const reports = d.store.db.prepare('SELECT kind, person_id, occurred_at, arrived_at FROM door_pin_reports ORDER BY occurred_at, kind').all() as Record<string, string>[];
    expect(reports.map((r) => r.kind).sort()).toEqual(['pin_fail', 'pin_fail', 'pin_fail', 'pin_fail', 'pin_lock']);
    expect(reports.every((r) => r.person_id === yamada.id && r.arrived_at > r.occurred_at)).toBe(true);
    const credential = d.store.db.prepare('SELECT pin_locked_until FROM door_credentials WHERE person_id = ?').get(yamada.id) as { pin_locked_until: string };
    expect(Date.parse(credential.pin_locked_until)).toBe(Date.parse(queued[4].occurredAt) + PIN_LOCK_MINUTES * MIN);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    // A malformed report, or another station's, is refused and stores nothing.
    for (const bad of [{ ...queued[0], kind: 'pin_guess' }, { ...queued[0], purpose: 'maintenance' }, { ...queued[0], occurredAt: '2026-10-20T25:00:00Z' }]) expect(() => parseDoorEntry(bad)).toThrow();
    expect(() => deliverDoorEntry(d.store, d.settings, { id: 'lan:ffffffff', siteId: hq.id }, at, parseDoorEntry(queued[0]), c.clock())).toThrow();
    expect((d.store.db.prepare('SELECT count(*) AS n FROM door_pin_reports').get() as { n: number }).n).toBe(5);

    // Another terminal, offline with a copy made now: the host's lock holds there too.
    const other = start(terminalDir());
    expect(await tryPin(other.terminal, PIN)).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });
    other.queue.close();

    // Once the lock has run out, the right PIN is taken, and the count starts again.
    c.advance(PIN_LOCK_MINUTES * MIN);
    const right = await tryPin(door.terminal, PIN);
    expect(right).toMatchObject({ ok: true, value: { personName: yamada.name, canEnter: true } });
    expect(door.queue.pinGuard(yamada.id)).toBeNull();
    door.queue.close();
  });
});
