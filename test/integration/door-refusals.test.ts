import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { PIN_MAX_FAILURES } from '../../shared/ledgers/serverRoomTerminal';
import { MIN, PASSWORDS } from './server-room-fixture';
import { offlineDoor, PIN } from './door-fixture';
import { Caller } from '../helpers/temp-daicho';

// SPEC §7, §11: what the door terminal refuses while the host cannot be reached is queued and kept at
// the host (door_refusals, migration 38) as the host's own terminal journals a refusal: why, and whom
// (as the terminal knew them, or an unknown card's holder), in the person's history. Found by a second
// probe of the first version, which named no one it knew and queued only unknown cards and numbers.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const doorWith = (change?: Parameters<typeof offlineDoor>[1]) => offlineDoor(dirs, change);

const ticketOf = (r: unknown) => (r as { value: { ticket: string } }).value.ticket;

describe('refusals at the offline door terminal (SPEC §7, §11)', () => {
  it('someone the copy knows but who may not enter, refused by employee number + PIN, is kept naming that person (as the host journals refused_not_authorized with the person)', async () => {
    // 山田 is inside here, and his authorization was withdrawn meanwhile (the host's copy says so: authorized false).
    const f = await doorWith((snap, fx) => {
      const y = snap.people.find((p) => p.id === fx.yamada.id)!;
      y.authorized = false;
      snap.inside.push({ personId: fx.yamada.id, name: fx.yamada.name, enteredAt: new Date(fx.c.clock().getTime() - 30 * MIN).toISOString(), purpose: 'maintenance', here: true, siteName: '本社', visitors: [] });
    });
    const { terminal, yamada, queue } = f;
    // He leaves (offline) ...
    const out = await terminal.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin: PIN });
    expect(out).toMatchObject({ ok: true, value: { canExit: true } });
    expect(await terminal.handle('terminal.exit', { ticket: ticketOf(out) })).toMatchObject({ ok: true });
    // ... and tries to enter again: refused, he may not enter.
    expect(await terminal.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin: PIN })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.not_authorized' } });
    expect(queue.pending().map((e) => e.kind)).toEqual(['exit', 'refused']);
    f.c.advance(5 * MIN);
    f.deliverAll();
    // The terminal knew exactly who it refused; the host's own terminal would journal it with his id.
    expect(f.d.store.db.prepare('SELECT via, reason, person_id, card_no FROM door_refusals').all()).toEqual([{ via: 'pin', reason: 'not_authorized', person_id: yamada.id, card_no: null }]);
    queue.close();
    f.d.close();
  });

  it('an attempt refused offline because the person is inside at another site is queued and kept (the host journals terminal.refused_inside_elsewhere)', async () => {
    const f = await doorWith((snap, fx) => {
      snap.inside.push({ personId: fx.yamada.id, name: fx.yamada.name, enteredAt: new Date(fx.c.clock().getTime() - 30 * MIN).toISOString(), purpose: 'maintenance', here: false, siteName: '大阪', visitors: [] });
    });
    expect(await f.terminal.handle('terminal.identify', { cardNo: 'CARD1001' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.inside_elsewhere' } });
    expect(f.queue.pending()).toEqual([{ id: expect.any(String), kind: 'refused', via: 'card', reason: 'inside_elsewhere', personId: f.yamada.id, occurredAt: expect.any(String) }]);
    f.c.advance(MIN);
    f.deliverAll();
    expect(f.d.store.db.prepare('SELECT via, reason, person_id FROM door_refusals').all()).toEqual([{ via: 'card', reason: 'inside_elsewhere', person_id: f.yamada.id }]);
    f.queue.close();
    f.d.close();
  });

  it('tries made offline while a PIN lock runs are queued as refusals (the host journals each as terminal.refused_pin_locked)', async () => {
    const f = await doorWith();
    const { terminal, yamada, queue } = f;
    for (let i = 0; i < PIN_MAX_FAILURES; i++) await terminal.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin: '0000' });
    const before = queue.count();
    // Someone goes on guessing during the lock: nothing of it reaches the host.
    for (let i = 0; i < 3; i++) {
      f.c.advance(60_000);
      expect(await terminal.handle('terminal.identify', { employeeNo: yamada.employeeNo, pin: '9999' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });
    }
    expect(queue.count()).toBe(before + 3);
    expect(queue.pending().slice(-3).map((e) => (e.kind === 'refused' ? [e.reason, e.personId] : e.kind))).toEqual(Array(3).fill(['pin_locked', yamada.id]));
    queue.close();
    f.d.close();
  });

  it('a station cannot make the host keep a refusal dated before it was enrolled or far in the future as if it happened then: kept at its arrival (entries are kept as conflicts)', async () => {
    const f = await doorWith();
    const { d, station, at, hq, c } = f;
    d.store.write({ actor: 'system', station: 'test' }, (tx) =>
      tx.insert('lan_stations', { id: station.id, name: station.name, profile: 'terminal', site_id: hq.id, public_key: 'AAAA', enrolled_at: tx.now, enrolled_by: 'system', revoked_at: null, revoke_reason: null, revoked_by: null }, { action: 'stations.enroll' }),
    );
    const forged = (occurredAt: string) =>
      deliverDoorEntry(d.store, d.settings, station, at, parseDoorEntry({ id: randomUUID(), kind: 'refused', via: 'card', reason: 'unknown', cardNo: 'CARD1001', occurredAt }), c.clock());
    // Dated before the station was enrolled, or ahead of the host's clock (a door PC's clock set forward):
    // the time is not believed, but the attempt is kept, at the time it arrived — never set aside at the door
    // with nothing here (insider probe 10: card guessing at an offline door whose clock ran ahead left no trace).
    const wrong = ['2019-03-11T00:00:00Z', '2099-01-01T00:00:00Z', '0001-01-01T00:00:00Z', new Date(c.clock().getTime() + 10 * MIN).toISOString()];
    for (const when of wrong) expect(forged(when)).toMatchObject({ outcome: 'recorded' });
    expect(d.store.db.prepare('SELECT DISTINCT occurred_at, arrived_at FROM door_refusals').all()).toEqual([{ occurred_at: c.clock().toISOString(), arrived_at: c.clock().toISOString() }]);
    // One it could have seen is kept at its own time.
    const seen = new Date(c.clock().getTime() - MIN).toISOString();
    expect(forged(seen)).toMatchObject({ outcome: 'recorded' });
    expect(d.store.db.prepare('SELECT count(*) FROM door_refusals WHERE occurred_at = ?').pluck().get(seen)).toBe(1);
    // Naming someone the register does not hold is refused too.
    expect(() => deliverDoorEntry(d.store, d.settings, station, at, parseDoorEntry({ id: randomUUID(), kind: 'refused', via: 'pin', reason: 'not_authorized', personId: 'nobody', occurredAt: c.clock().toISOString() }), c.clock())).toThrow();
    expect(d.store.db.prepare('SELECT DISTINCT reason, person_id FROM door_refusals').all()).toEqual([{ reason: 'unknown', person_id: f.yamada.id }]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    f.queue.close();
    d.close();
  });

  it('木村’s card refused at the offline door shows in his history in the register, as a refusal at the host’s own door does', async () => {
    const f = await doorWith();
    // Offline: his card is not in the copy (he may not enter); at the host's own terminal the same try is
    // journaled as terminal.refused_not_authorized on his record (entity people), which his history shows.
    expect(await f.terminal.handle('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.unknown_card_offline' } });
    f.c.advance(5 * MIN);
    f.deliverAll();
    expect(f.d.store.db.prepare('SELECT person_id FROM door_refusals').all()).toEqual([{ person_id: f.kimura.id }]);
    // Control: the same try at the host's own terminal is in his history.
    const door = new Caller(f.d, 'door-pc');
    await door.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await door.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    expect(await door.call('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.not_authorized' } });
    const history = await f.clerk.ok('history.get', { entity: 'people', id: f.kimura.id });
    expect(history.slice(-2).map((h) => [h.action, h.actor, h.after?.reason ?? null])).toEqual([
      ['terminal.refused_offline', 'terminal', 'unknown'],
      ['terminal.refused_not_authorized', 'terminal', null],
    ]);
    f.queue.close();
    f.d.close();
  });
});
