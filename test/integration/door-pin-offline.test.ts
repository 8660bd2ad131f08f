import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureHostIdentity, signAsHost } from '../../electron/core/lan/identity';
import { deliverDoorEntry, doorSnapshot, parseDoorEntry, type DoorSnapshot } from '../../electron/core/ledgers/server-room/offline';
import { DoorQueue } from '../../electron/station/door-queue';
import { OfflineTerminal } from '../../electron/station/offline-terminal';
import { PIN_LOCK_MINUTES, PIN_MAX_FAILURES } from '../../shared/ledgers/serverRoomTerminal';
import { FREE_FAILURES } from '../../electron/core/auth/guessing';
import { jst, MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { offlineDoor } from './door-fixture';

/** The queue's key (a station keeps it in its vault; these tests open the queue alone). */
const QUEUE_KEY = randomBytes(32).toString('hex');

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
  it('survives a restart, follows the host both ways, and every wrong PIN and lock reaches the journal once', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { c, d, hq, yamada, sasaki } = f;
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: PIN });
    const identity = await ensureHostIdentity(d.store, { actor: 'system', station: 'test' }, c.clock());
    const station = { id: 'lan:0a0b0c0d', siteId: hq.id, name: '本社サーバ室' };
    const at = 'terminal:HQ:lan:0a0b0c0d';
    /** The host's signed copy as of now (changed first, to make one as an older host would). */
    const copy = (change: (snap: DoorSnapshot) => void = () => undefined) => {
      const snap = doorSnapshot(d.store, d.settings, station, at, c.clock());
      change(snap);
      const text = JSON.stringify(snap);
      return { text, signature: signAsHost(identity, text) };
    };
    /** A door terminal's folder holding a copy. */
    const terminalDir = (snapshot = copy()) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-door-'));
      dirs.push(dir);
      const q = new DoorQueue(dir, QUEUE_KEY);
      q.saveSnapshot(snapshot.text, snapshot.signature);
      q.close();
      return dir;
    };
    /** The terminal started (again) on its folder. */
    const start = (dir: string) => {
      const queue = new DoorQueue(dir, QUEUE_KEY);
      const terminal = new OfflineTerminal(queue, identity.certPem, c.clock, () => c.clock().getTime());
      // It heard the host's time as it started (its entries' times are the host's: offline-terminal.ts anchor).
      terminal.anchorTo(c.clock());
      return { queue, terminal };
    };
    const tryPin = (t: OfflineTerminal, pin: string) => t.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin });
    const badPin = { ok: false, error: { messageKey: 'terminal.errors.bad_pin' } };
    const locked = { ok: false, error: { code: 'account_locked', messageKey: 'terminal.errors.pin_locked' } };
    /** What waits in a terminal's queue, delivered as the station sends it (through the host's check of its shape), and taken off the queue. */
    const deliverAll = (queue: DoorQueue) =>
      queue.pending().map((e) => {
        const out = deliverDoorEntry(d.store, d.settings, station, at, parseDoorEntry(JSON.parse(JSON.stringify(e))), c.clock());
        queue.remove(e.id);
        return { e, out };
      });
    const credential = () => d.store.db.prepare('SELECT pin_failed_count, pin_locked_until FROM door_credentials WHERE person_id = ?').get(yamada.id) as { pin_failed_count: number; pin_locked_until: string | null };

    const dir = terminalDir();
    let door = start(dir);
    // 佐々木 is inside (entered here offline): wrong PINs and a lock do not change who is inside.
    const ticket = await door.terminal.handle('terminal.identify', { cardNo: 'CARD1002' });
    expect(ticket.ok).toBe(true);
    await door.terminal.handle('terminal.enter', { ticket: (ticket as { value: { ticket: string } }).value.ticket, purpose: 'maintenance', companions: { employees: [], visitors: [] } });
    for (let i = 1; i < PIN_MAX_FAILURES; i++) expect(await tryPin(door.terminal, '0000')).toMatchObject(badPin);
    // Restarted before the last try: the count goes on, and the next wrong PIN locks (and says so, as the host does).
    door.queue.close();
    door = start(dir);
    expect(await tryPin(door.terminal, '0000')).toMatchObject(locked);
    door.queue.close();
    door = start(dir);
    expect(await tryPin(door.terminal, PIN)).toMatchObject(locked);
    // The right PIN tried while the lock runs is refused, and recorded as such (as the host journals terminal.refused_pin_locked).
    expect(door.queue.pending().map((e) => (e.kind === 'refused' ? `refused:${e.reason}` : e.kind))).toEqual(['enter', 'pin_fail', 'pin_fail', 'pin_fail', 'pin_fail', 'pin_lock', 'refused:pin_locked']);
    expect(await door.terminal.handle('terminal.inside', {})).toEqual({ ok: true, value: [{ name: sasaki.name, kind: 'employee' }] });

    // Delivered (twice, as after a lost answer): kept once each; the host counted them as its own checks, and the lock holds there.
    c.advance(5 * MIN);
    const pending = door.queue.pending();
    const first = deliverAll(door.queue);
    expect(first.every(({ out }) => out.outcome === 'recorded')).toBe(true);
    for (const e of pending) deliverDoorEntry(d.store, d.settings, station, at, parseDoorEntry(e), c.clock());
    const reports = d.store.db.prepare('SELECT kind, person_id, occurred_at, arrived_at FROM door_pin_reports ORDER BY occurred_at, rowid').all() as Record<string, string>[];
    expect(reports.map((r) => r.kind)).toEqual(['pin_fail', 'pin_fail', 'pin_fail', 'pin_fail', 'pin_lock']);
    expect(reports.every((r) => r.person_id === yamada.id && r.arrived_at > r.occurred_at)).toBe(true);
    const lockedAt = Date.parse(pending.at(-1)!.occurredAt);
    expect(credential()).toEqual({ pin_failed_count: 0, pin_locked_until: new Date(lockedAt + PIN_LOCK_MINUTES * MIN).toISOString() });
    // As the host's own checks are: the terminal's, not the person's (typing an employee number proves nothing).
    const journaled = d.store.db.prepare("SELECT action, actor FROM journal WHERE entity = 'door_credentials' AND action LIKE 'terminal.pin_%' ORDER BY seq").all() as { action: string; actor: string }[];
    expect(journaled.map((j) => j.action)).toEqual(['terminal.pin_fail', 'terminal.pin_fail', 'terminal.pin_fail', 'terminal.pin_fail', 'terminal.pin_lock']);
    expect(new Set(journaled.map((j) => j.actor))).toEqual(new Set(['terminal']));
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    // A malformed report, or another station's, is refused and stores nothing.
    for (const bad of [{ ...pending[1], kind: 'pin_guess' }, { ...pending[1], purpose: 'maintenance' }, { ...pending[1], occurredAt: '2026-10-20T25:00:00Z' }]) expect(() => parseDoorEntry(bad)).toThrow();
    expect(() => deliverDoorEntry(d.store, d.settings, { id: 'lan:ffffffff', siteId: hq.id }, at, parseDoorEntry(pending[1]), c.clock())).toThrow();
    expect((d.store.db.prepare('SELECT count(*) AS n FROM door_pin_reports').get() as { n: number }).n).toBe(5);

    // Another terminal, offline with a copy made now: the host's lock holds there too.
    const other = start(terminalDir());
    expect(await tryPin(other.terminal, PIN)).toMatchObject(locked);
    other.queue.close();

    // Once the lock has run out: two wrong PINs here, delivered, count at the host ...
    c.advance(PIN_LOCK_MINUTES * MIN);
    expect(await tryPin(door.terminal, '1111')).toMatchObject(badPin);
    expect(await tryPin(door.terminal, '2222')).toMatchObject(badPin);
    deliverAll(door.queue);
    expect(credential().pin_failed_count).toBe(2);
    // ... so a terminal with a copy made now locks at the third, not the fifth.
    const third = start(terminalDir());
    for (let i = 0; i < PIN_MAX_FAILURES - 3; i++) expect(await tryPin(third.terminal, '3333')).toMatchObject(badPin);
    expect(await tryPin(third.terminal, '3333')).toMatchObject(locked);
    expect(await tryPin(third.terminal, PIN)).toMatchObject(locked);
    third.queue.close();
    // Here, the right PIN is taken (this copy has no lock) and clears the count at the host once delivered.
    expect(await tryPin(door.terminal, PIN)).toMatchObject({ ok: true, value: { personName: yamada.name } });
    expect(door.queue.pending().map((e) => e.kind)).toEqual(['pin_ok']);
    deliverAll(door.queue);
    expect(credential().pin_failed_count).toBe(0);

    // A newer copy with nothing of his left to deliver: the host's count and lock are the ones to go by.
    c.advance(PIN_LOCK_MINUTES * MIN);
    expect(await tryPin(door.terminal, '4444')).toMatchObject(badPin);
    deliverAll(door.queue);
    await f.staff.ok('auth.unlock', { password: PASSWORDS.staff });
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '5938' }); // a new PIN at the desk: the count starts again
    const fresh = copy();
    door.queue.saveSnapshot(fresh.text, fresh.signature);
    expect(await tryPin(door.terminal, '5938')).toMatchObject({ ok: true });
    expect(door.queue.pinGuard(yamada.id)).toBeNull();
    door.queue.close();

    // An older host's copy has no count: the terminal counts (and locks) on its own, and queues no report the host would refuse.
    const old = start(terminalDir(copy((snap) => (delete snap.refusals, snap.people.forEach((p) => (delete p.pinFailedCount, delete p.pinLockedUntil))))));
    for (let i = 1; i < PIN_MAX_FAILURES; i++) expect(await tryPin(old.terminal, '6666')).toMatchObject(badPin);
    expect(await tryPin(old.terminal, '6666')).toMatchObject(locked);
    expect(await tryPin(old.terminal, '5938')).toMatchObject(locked);
    expect(old.queue.pending()).toEqual([]);
    old.queue.close();
  });

  /** 山田 with a PIN, and a door queue holding the host's signed copy for the head office's door. */
  const doorWithCopy = () => offlineDoor(dirs);

  it('guessing PINs person after person waits longer and longer, as at the host; an unknown employee number reads as a wrong PIN', async () => {
    const { c, yamada, identity, queue } = await doorWithCopy();
    const terminal = new OfflineTerminal(queue, identity.certPem, c.clock, () => c.clock().getTime());
    const guess = (employeeNo: string) => terminal.handle('terminal.identify', { employeeNo, pin: '0000' });
    // Ten wrong tries are free (no one's PIN locked: they name people the copy does not have, and 山田 twice).
    for (let i = 0; i < FREE_FAILURES - 2; i++) expect(await guess(`E90${String(i).padStart(2, '0')}`)).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    for (let i = 0; i < 2; i++) expect(await guess(yamada.employeeNo)).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    // The next must wait, whoever it names; and after the wait, it is tried.
    expect(await guess('E9100')).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    expect(await terminal.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin: PIN })).toMatchObject({ ok: false, error: { code: 'too_many_attempts', params: { seconds: 1 } } });
    c.advance(1_000);
    expect(await terminal.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin: PIN })).toMatchObject({ ok: true });
    // 山田's two wrong PINs are reported as his; an unknown number as an attempt refused, naming no one (nor what was typed).
    const refused = (n: number) => Array<string>(n).fill('refused');
    expect(queue.pending().map((e) => e.kind)).toEqual([...refused(FREE_FAILURES - 2), 'pin_fail', 'pin_fail', ...refused(1), 'pin_ok']);
    expect(queue.pending().filter((e) => e.kind === 'refused')).toEqual(refused(FREE_FAILURES - 1).map(() => ({ id: expect.any(String), kind: 'refused', via: 'pin', reason: 'unknown', occurredAt: expect.any(String) })));
    queue.close();
  });

  it('an employee number the copy lacks locks after as many wrong PINs as a person’s, for as long: the lock tells no real number apart (as at the host)', async () => {
    const { c, yamada, identity, queue } = await doorWithCopy();
    const terminal = new OfflineTerminal(queue, identity.certPem, c.clock, () => c.clock().getTime());
    const answers = async (employeeNo: string, tries: number) => {
      const out: unknown[] = [];
      for (let i = 0; i < tries; i++) {
        const r = await terminal.handle('terminal.identify', { employeeNo, pin: '0000' });
        out.push(r.ok ? 'ok' : r.error);
      }
      return out;
    };
    const real = await answers(yamada.employeeNo, PIN_MAX_FAILURES + 1);
    // Typed in lower case too, as a real number may be.
    const unknown = await answers('e9999', PIN_MAX_FAILURES + 1);
    expect(unknown).toEqual(real);
    expect(unknown.at(-1)).toMatchObject({ code: 'account_locked', messageKey: 'terminal.errors.pin_locked' });
    // Both locks run out together.
    c.advance(PIN_LOCK_MINUTES * MIN + 1_000);
    expect(await answers('E9999', 1)).toEqual(await answers(yamada.employeeNo, 1));
    expect((await answers('E9999', 1))[0]).toMatchObject({ messageKey: 'terminal.errors.bad_pin' });
    queue.close();
  });

  it('a door PC whose clock is behind the host’s does not use the host’s copy (an insider probe set it to 2019); the host keeps a record dated before the station was enrolled as a conflict', async () => {
    const { c, d, hq, yamada, identity, queue, station } = await doorWithCopy();
    let doorTime = new Date(jst('2019-03-11', '09:00'));
    const terminal = new OfflineTerminal(queue, identity.certPem, () => doorTime);
    expect(terminal.snapshot()).toBeNull();
    expect(await terminal.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin: PIN })).toMatchObject({ ok: false });
    expect(queue.pending()).toEqual([]);
    // A few minutes behind is a PC's clock: the copy is used.
    doorTime = new Date(c.clock().getTime() - 4 * MIN);
    expect(terminal.snapshot()).not.toBeNull();
    queue.close();
    // The host, for a station enrolled today: a record dated before it is kept as a conflict, not put in 2019.
    d.store.write({ actor: 'system', station: 'test' }, (tx) =>
      tx.insert('lan_stations', { id: station.id, name: station.name, profile: 'terminal', site_id: hq.id, public_key: 'AAAA', enrolled_at: tx.now, enrolled_by: 'system', revoked_at: null, revoked_by: null, revoke_reason: null }, { action: 'stations.enroll' }),
    );
    const deliver = (occurredAt: string, id: string) => deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c0d', parseDoorEntry({ id, kind: 'enter', personId: yamada.id, occurredAt, purpose: 'maintenance' }), c.clock());
    expect(deliver(jst('2019-03-11', '09:00'), 'old')).toMatchObject({ outcome: 'conflict', conflict: 'terminal.conflicts.before_enrolment', stayId: null });
    expect(deliver(new Date(c.clock().getTime() + MIN).toISOString(), 'now')).toMatchObject({ outcome: 'recorded' });
    expect(d.verify()).toMatchObject({ ok: true });
  });

  it('attempts refused offline wait longer and longer and reach the host’s journal once each, with the card’s holder; an older host’s copy queues none (an insider probe)', async () => {
    const { c, d, hq, kimura, identity, queue, station } = await doorWithCopy();
    const terminal = new OfflineTerminal(queue, identity.certPem, c.clock, () => c.clock().getTime());
    const card = (cardNo: string) => terminal.handle('terminal.identify', { cardNo });
    const unknownCard = { ok: false, error: { code: 'not_found', messageKey: 'terminal.errors.unknown_card_offline' } };
    // 木村 may not enter (the door PC's copy holds only who may): his card is refused with words saying the
    // door cannot tell an unregistered card from his (he is not told his card is unregistered); so is a
    // stranger's, and a PIN typed at the card reader; and an employee number the copy lacks.
    expect(await card('CARD1003')).toMatchObject(unknownCard);
    expect(await card('zzzz9999')).toMatchObject(unknownCard);
    expect(await card('48271234')).toMatchObject(unknownCard);
    expect(await terminal.handle('terminal.identify', { employeeNo: 'E9999', pin: '0000' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    // Card after card: free at first, then each waits longer, as at the host (an unplugged door is no free guessing).
    for (let i = 3; i <= FREE_FAILURES; i++) expect(await card(`GUESS${i}`)).toMatchObject(unknownCard);
    expect(await card('CARD1001')).toMatchObject({ ok: false, error: { code: 'too_many_attempts', field: 'cardNo' } });
    c.advance(1_000);
    expect(await card('CARD1001')).toMatchObject({ ok: true });
    const pending = queue.pending();
    expect(pending.slice(0, 4)).toEqual([
      { id: expect.any(String), kind: 'refused', via: 'card', reason: 'unknown', cardNo: 'CARD1003', occurredAt: expect.any(String) },
      { id: expect.any(String), kind: 'refused', via: 'card', reason: 'unknown', cardNo: 'zzzz9999', occurredAt: expect.any(String) },
      { id: expect.any(String), kind: 'refused', via: 'card', reason: 'unknown', occurredAt: expect.any(String) },
      { id: expect.any(String), kind: 'refused', via: 'pin', reason: 'unknown', occurredAt: expect.any(String) },
    ]);
    expect(pending.length).toBe(FREE_FAILURES + 2);

    // Delivered as the station sends them, twice (an answer lost): kept once each, the card's holder found at the host.
    c.advance(5 * MIN);
    const at = 'terminal:HQ:lan:0a0b0c0d';
    for (let round = 0; round < 2; round++)
      for (const e of pending) expect(deliverDoorEntry(d.store, d.settings, station, at, parseDoorEntry(JSON.parse(JSON.stringify(e))), c.clock())).toMatchObject({ outcome: 'recorded' });
    const kept = d.store.db.prepare('SELECT via, card_no, person_id, occurred_at < arrived_at AS late FROM door_refusals ORDER BY occurred_at, rowid').all();
    expect(kept.slice(0, 4)).toEqual([
      { via: 'card', card_no: 'CARD1003', person_id: kimura.id, late: 1 },
      { via: 'card', card_no: 'zzzz9999', person_id: null, late: 1 },
      { via: 'card', card_no: null, person_id: null, late: 1 },
      { via: 'pin', card_no: null, person_id: null, late: 1 },
    ]);
    expect(kept.length).toBe(FREE_FAILURES + 2);
    expect(new Set((d.store.db.prepare("SELECT actor FROM journal WHERE action = 'terminal.refused_offline'").all() as { actor: string }[]).map((r) => r.actor))).toEqual(new Set(['terminal']));
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    // A malformed refusal (naming a person, a card number by employee number, a PIN-shaped number, anything more), or another station's, stores nothing.
    const one = pending[0];
    for (const bad of [{ ...one, personId: kimura.id }, { ...one, via: 'pin' }, { ...one, cardNo: '12345678' }, { ...one, via: 'door' }, { ...one, purpose: 'maintenance' }, { ...one, cardNo: '' }])
      expect(() => parseDoorEntry(bad)).toThrow();
    expect(() => deliverDoorEntry(d.store, d.settings, { id: 'lan:ffffffff', siteId: hq.id }, at, parseDoorEntry(one), c.clock())).toThrow();
    expect(d.store.db.prepare('SELECT count(*) FROM door_refusals').pluck().get()).toBe(FREE_FAILURES + 2);
    queue.close();

    // An older host's copy says nothing of refusals: none is queued for it (it would refuse them).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-door-'));
    dirs.push(dir);
    const older = new DoorQueue(dir, QUEUE_KEY);
    const snap: DoorSnapshot = doorSnapshot(d.store, d.settings, { ...station, name: '本社サーバ室' }, at, c.clock());
    delete snap.refusals;
    const text = JSON.stringify(snap);
    older.saveSnapshot(text, signAsHost(identity, text));
    expect(await new OfflineTerminal(older, identity.certPem, c.clock, () => c.clock().getTime()).handle('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject(unknownCard);
    expect(older.pending()).toEqual([]);
    older.close();
  });
});
