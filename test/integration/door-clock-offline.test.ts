import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DoorQueue, QUEUE_FILE } from '../../electron/station/door-queue';
import { OfflineTerminal } from '../../electron/station/offline-terminal';
import { offlineDoor, PIN, QUEUE_KEY } from './door-fixture';
import { jst, manualClock, MIN, PASSWORDS } from './server-room-fixture';

// Insider probe 10: the door PC's own clock, and its queue, while the host cannot be reached. The
// terminal stamped entries with the PC's clock, which someone at the door may set: 11½ hours ahead, an
// after-hours entry reached the ledger as a clean one the next morning. Its time is now the host's as
// last heard, gone on as time really passed; a terminal that never heard it says so on each record,
// and the host opens no stay on it. A queue deleted at the door is not made anew, empty.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const ticketOf = (r: unknown) => (r as { value: { ticket: string } }).value.ticket;

/** 山田 in at the terminal, and out ten real minutes later (the PC's clock and the host's going on alike). */
async function inAndOut(terminal: OfflineTerminal, f: Awaited<ReturnType<typeof offlineDoor>>, wall: ReturnType<typeof manualClock>, mono: { ms: number }) {
  const a = await terminal.handle('terminal.identify', { employeeNo: 'E1001', pin: PIN });
  expect(await terminal.handle('terminal.enter', { ticket: ticketOf(a), purpose: 'maintenance', companions: { employees: [], visitors: [] } })).toMatchObject({ ok: true });
  mono.ms += 10 * MIN;
  wall.advance(10 * MIN);
  f.c.advance(10 * MIN);
  const b = await terminal.handle('terminal.identify', { employeeNo: 'E1001', pin: PIN });
  expect(await terminal.handle('terminal.exit', { ticket: ticketOf(b) })).toMatchObject({ ok: true });
}

describe('an offline door whose PC clock was set forward', () => {
  it('a terminal that heard the host’s time records an after-hours entry at its real time, whatever the PC’s clock says, and the stay is flagged', async () => {
    // Tuesday 2026-10-20 21:00, after business hours: the station has just fetched the copy.
    const f = await offlineDoor(dirs, () => undefined, jst('2026-10-20', '21:00'));
    const mono = { ms: 0 };
    const wall = manualClock(new Date(f.c.clock().getTime() + 11.5 * 60 * MIN).toISOString()); // the door PC's clock, set forward
    const terminal = new OfflineTerminal(f.queue, f.identity.certPem, wall.clock, () => mono.ms);
    terminal.anchorTo(f.c.clock());
    await inAndOut(terminal, f, wall, mono);
    expect(f.queue.pending().every((e) => !('unanchored' in e))).toBe(true);
    f.c.set(jst('2026-10-21', '08:45'));
    f.deliverAll();
    const stay = f.d.store.db.prepare('SELECT id, entered_at, exited_at FROM server_room_stays WHERE person_id = ?').get(f.yamada.id) as { id: string; entered_at: string; exited_at: string };
    expect(stay).toMatchObject({ entered_at: jst('2026-10-20', '21:00'), exited_at: jst('2026-10-20', '21:10') });
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect((await f.clerk.ok('serverRoom.get', { id: stay.id })).anomalies.map((a) => a.code)).toContain('outside_business_hours');
    f.queue.close();
    f.d.close();
  });

  it('a terminal started while the host could not be reached says its times are the PC’s own: the host keeps them as conflicts and opens no stay', async () => {
    const f = await offlineDoor(dirs, () => undefined, jst('2026-10-20', '21:00'));
    const mono = { ms: 0 };
    const wall = manualClock(new Date(f.c.clock().getTime() + 11.5 * 60 * MIN).toISOString());
    const terminal = new OfflineTerminal(f.queue, f.identity.certPem, wall.clock, () => mono.ms);
    await inAndOut(terminal, f, wall, mono);
    expect(f.queue.pending().filter((e) => e.kind === 'enter' || e.kind === 'exit').map((e) => 'unanchored' in e && e.unanchored)).toEqual([true, true]);
    f.c.set(jst('2026-10-21', '08:45'));
    f.deliverAll();
    expect(f.d.store.db.prepare('SELECT kind, outcome, conflict FROM door_deliveries ORDER BY occurred_at').all()).toEqual([
      { kind: 'enter', outcome: 'conflict', conflict: 'terminal.conflicts.clock_unverified' },
      { kind: 'exit', outcome: 'conflict', conflict: 'terminal.conflicts.clock_unverified' },
    ]);
    expect(f.d.store.db.prepare('SELECT count(*) FROM server_room_stays WHERE person_id = ?').pluck().get(f.yamada.id)).toBe(0);
    expect(f.d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    f.queue.close();
    f.d.close();
  });

  it('the host’s time goes on across a restart of the app (kept in the queue), not across a restart of the PC', async () => {
    const f = await offlineDoor(dirs, () => undefined, jst('2026-10-20', '21:00'));
    const wall = manualClock(new Date(f.c.clock().getTime() + 11.5 * 60 * MIN).toISOString());
    const boot = () => 'boot-1';
    new OfflineTerminal(f.queue, f.identity.certPem, wall.clock, () => 3_600_000, boot).anchorTo(f.c.clock());
    // The app restarted ten minutes later, the PC still up: its entry is at the host's time, gone on ten minutes.
    const restarted = new OfflineTerminal(f.queue, f.identity.certPem, wall.clock, () => 3_600_000 + 10 * MIN, boot);
    const a = await restarted.handle('terminal.identify', { employeeNo: 'E1001', pin: PIN });
    expect(await restarted.handle('terminal.enter', { ticket: ticketOf(a), purpose: 'maintenance', companions: { employees: [], visitors: [] } })).toMatchObject({ ok: true, value: { at: jst('2026-10-20', '21:10') } });
    // The PC restarted (its time since start went back): the PC's clock, said so.
    const rebooted = new OfflineTerminal(f.queue, f.identity.certPem, wall.clock, () => 5 * MIN, boot);
    const b = await rebooted.handle('terminal.identify', { employeeNo: 'E1001', pin: PIN });
    expect(await rebooted.handle('terminal.exit', { ticket: ticketOf(b) })).toMatchObject({ ok: true });
    // Power-cycled, and left until its time since start passed the one kept (a probe): another start of
    // the PC by its boot id — the PC's clock, said so; and so where the system gives no boot id.
    for (const [i, other] of [() => 'boot-2', () => null].entries()) {
      const cycled = new OfflineTerminal(f.queue, f.identity.certPem, wall.clock, () => 3_600_000 + (20 + i) * MIN, other);
      const e = await cycled.handle('terminal.identify', { employeeNo: 'E1001', pin: PIN });
      expect(await cycled.handle(i === 0 ? 'terminal.enter' : 'terminal.exit', i === 0 ? { ticket: ticketOf(e), purpose: 'maintenance', companions: { employees: [], visitors: [] } } : { ticket: ticketOf(e) })).toMatchObject({ ok: true });
    }
    expect(f.queue.pending().filter((e) => e.kind === 'enter' || e.kind === 'exit').map((e) => [e.kind, 'unanchored' in e])).toEqual([['enter', false], ['exit', true], ['enter', true], ['exit', true]]);
    f.queue.close();
    f.d.close();
  });

  it('cards tried at an offline door whose clock runs ahead reach the host all the same, kept at the time they arrived', async () => {
    const f = await offlineDoor(dirs);
    const wall = manualClock(new Date(f.c.clock().getTime() + 10 * MIN).toISOString());
    let mono = 0;
    const terminal = new OfflineTerminal(f.queue, f.identity.certPem, wall.clock, () => (mono += 120_000));
    for (const card of ['AAAA00001111', 'AAAA00001112', 'AAAA00001113']) {
      expect(await terminal.handle('terminal.identify', { cardNo: card })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.unknown_card_offline' } });
      wall.advance(3 * MIN);
    }
    f.deliverAll();
    expect(f.d.store.db.prepare('SELECT card_no, occurred_at FROM door_refusals ORDER BY card_no').all()).toEqual(
      ['AAAA00001111', 'AAAA00001112', 'AAAA00001113'].map((card_no) => ({ card_no, occurred_at: f.c.clock().toISOString() })),
    );
    f.queue.close();
    f.d.close();
  });
});

describe('the door’s queue', () => {
  it('deleted while records wait (no key needed), it is not made anew, empty: the terminal does not start, and says what to do', async () => {
    const f = await offlineDoor(dirs);
    const dir = dirs[dirs.length - 1];
    const id = await f.terminal.handle('terminal.identify', { employeeNo: 'E1001', pin: PIN });
    expect(await f.terminal.handle('terminal.enter', { ticket: ticketOf(id), purpose: 'maintenance', companions: { employees: [], visitors: [] } })).toMatchObject({ ok: true });
    f.queue.close();
    for (const n of fs.readdirSync(dir)) if (n.startsWith(QUEUE_FILE)) fs.rmSync(path.join(dir, n));
    expect(() => new DoorQueue(dir, QUEUE_KEY, { existing: true })).toThrow(/door-queue\.db.*missing|送信待ちの記録/);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(QUEUE_FILE))).toEqual([]);
    // A terminal's first start makes it.
    new DoorQueue(dir, QUEUE_KEY).close();
    expect(fs.existsSync(path.join(dir, QUEUE_FILE))).toBe(true);
    f.d.close();
  });
});
