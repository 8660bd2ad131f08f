import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStation } from '../../electron/station/serve-station';
import { StationClient, StationError } from '../../electron/station/station';
import { jstMonth } from '../../shared/calendar';
import { lanHost } from '../helpers/lan-host';
import { stationKeys } from '../helpers/station-keys';
import { serverRoomFixture } from './server-room-fixture';

// SPEC §11: nothing a door terminal acknowledged is ever lost — also when the administrator revokes
// the station before its queue reached the host (the PC being replaced). The defect: the host refused
// every call of a revoked station, its deliveries too, and the door stopped; what it had acknowledged
// at the door before the revocation could never reach the ledger. Now a revoked station delivers what
// it took before its revocation — kept as conflicts for the monthly review, opening or closing no stay
// (its key is no longer trusted) — and nothing it stamps at or after it: each such record is refused,
// the refusal journaled, and the door keeps it aside. Through the real listener and a signed station.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function revokedDoor() {
  const f = await serverRoomFixture(new Date().toISOString());
  const { d, c, admin, hq } = f;
  // The host's clock follows the real one here: the door's time goes on from the host's as really elapsed.
  const hostNow = () => c.set(new Date().toISOString());
  const { listener, enroll } = await lanHost(d, admin);
  const dir = await enroll('サーバルーム入口', 'terminal', hq.id);
  const { client, door } = await openStation(dir, stationKeys(dir));
  const stationId = client.config.stationId;
  hostNow();
  await door!.refresh(true);
  return { ...f, hostNow, listener, dir, client, door: door!, stationId };
}

const refusedRecords = (f: { d: { store: { db: { prepare(sql: string): { all(...a: unknown[]): unknown[] } } } } }, station: string) =>
  (f.d.store.db.prepare("SELECT entity_id, json_extract(after, '$.reason') AS reason, json_extract(after, '$.record') AS record, json_extract(after, '$.kind') AS kind FROM journal WHERE action = 'lan.refused' AND json_extract(after, '$.reason') = 'revoked_record' ORDER BY seq").all() as {
    entity_id: string; reason: string; record: string; kind: string;
  }[]).filter((r) => r.entity_id === station);

describe('a door terminal revoked with records still queued (SPEC §11)', () => {
  it('delivers what it acknowledged before the revocation, kept for the review; what it took after is refused, journaled, and kept aside at the door', async () => {
    const f = await revokedDoor();
    const { d, listener, door, stationId, hq } = f;
    try {
      // The host cannot be reached: the door goes on, and acknowledges each record to the person.
      await listener.close();
      const at = async (cardNo: string) => {
        const who = (await door.call('terminal.identify', { cardNo })).result as { ok: boolean; value: { ticket: string } };
        expect(who).toMatchObject({ ok: true });
        return who.value.ticket;
      };
      expect((await door.call('terminal.enter', { ticket: await at('CARD1001'), purpose: 'maintenance', companions: { employees: [], visitors: [{ name: '外部 太郎', company: '保守株式会社' }] } })).result).toMatchObject({ ok: true });
      expect((await door.call('terminal.enter', { ticket: await at('CARD1002'), purpose: 'maintenance', companions: { employees: [], visitors: [] } })).result).toMatchObject({ ok: true });
      expect((await door.call('terminal.identify', { cardNo: 'CARD9999' })).result).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.unknown_card_offline' } });
      const before = door.queue.pending().map((e) => e.id);
      expect(before).toHaveLength(3);
      // The administrator revokes the door (its PC is being replaced) before it could deliver: on the
      // host's clock, after the door's last record (the door's time is the host's, gone on as it really passed).
      const last = Math.max(...door.queue.pending().map((e) => Date.parse(e.occurredAt)));
      f.c.set(new Date(last + 100).toISOString());
      const revoked = await f.admin.ok('stations.revoke', { id: stationId, reason: '入口PCの入れ替え' });
      await sleep(400);
      // The door does not know yet: 佐々木 leaves, acknowledged at the door, stamped after the revocation.
      expect((await door.call('terminal.exit', { ticket: await at('CARD1002') })).result).toMatchObject({ ok: true });
      const after = door.queue.pending().map((e) => e.id).filter((id) => !before.includes(id));
      expect(after).toHaveLength(1);
      expect(Date.parse(door.queue.pending().find((e) => e.id === after[0])!.occurredAt)).toBeGreaterThan(Date.parse(revoked.revokedAt!));

      // The host answers again: what was taken before the revocation arrives; the exit after it does not.
      f.hostNow();
      await listener.apply();
      // It learns first that it is revoked (its copy refused), its queue still full…
      await door.refresh(true);
      expect(door.isRevoked()).toBe(true);
      expect(door.waiting()).toBe(4);
      // …and still delivers it: the next touch at the door is told so, and what waits goes on its way.
      expect((await door.call('terminal.identify', { cardNo: 'CARD1001' })).result).toMatchObject({ ok: false, error: { messageKey: 'lan.errors.station_revoked' } });
      for (let i = 0; i < 50 && door.waiting() > 0; i++) await sleep(100);
      expect(door.waiting()).toBe(0);
      expect(door.rejected()).toBe(1);
      expect(door.isRevoked()).toBe(true);
      const deliveries = d.store.db.prepare('SELECT id, kind, outcome, conflict, stay_id, station_id FROM door_deliveries ORDER BY occurred_at').all();
      expect(deliveries).toEqual([
        { id: before[0], kind: 'enter', outcome: 'conflict', conflict: 'terminal.conflicts.after_revocation', stay_id: null, station_id: stationId },
        { id: before[1], kind: 'enter', outcome: 'conflict', conflict: 'terminal.conflicts.after_revocation', stay_id: null, station_id: stationId },
      ]);
      expect(d.store.db.prepare('SELECT id, reason FROM door_refusals').all()).toEqual([{ id: before[2], reason: 'unknown' }]);
      // No stay from a key no longer trusted; the exit after the revocation is nowhere in the ledger.
      expect(d.store.db.prepare('SELECT count(*) FROM server_room_stays').pluck().get()).toBe(0);
      expect(d.store.db.prepare('SELECT count(*) FROM door_deliveries WHERE id = ?').pluck().get(after[0])).toBe(0);
      // Each record through the one write path, as the door's; the refusal of the late one journaled, naming it.
      expect(d.store.db.prepare("SELECT entity_id, station FROM journal WHERE entity = 'door_deliveries' AND entity_id IS NOT NULL ORDER BY seq").all()).toEqual(
        before.slice(0, 2).map((id) => ({ entity_id: id, station: `terminal:HQ:${stationId}` })),
      );
      expect(refusedRecords(f, stationId)).toEqual([{ entity_id: stationId, reason: 'revoked_record', record: after[0], kind: 'exit' }]);

      // The month's review lists both entries, said to have come from a revoked terminal, with what to do.
      const review = await f.sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: jstMonth(f.c.clock()) });
      const items = review.items.filter((i) => i.code === 'door_after_revocation');
      expect(items.map((i) => i.subject).sort()).toEqual(before.slice(0, 2).sort());
      expect(items[0]).toMatchObject({ messageKey: 'review.items.door_after_revocation' });
      expect(items.every((i) => i.facts?.some((x) => x.term === 'reason' && x.values[0].key === 'terminal.conflicts.after_revocation'))).toBe(true);

      // The door records nothing more, and says so.
      expect((await door.call('terminal.identify', { cardNo: 'CARD1001' })).result).toMatchObject({ ok: false, error: { messageKey: 'lan.errors.station_revoked' } });
      expect(door.waiting()).toBe(0);
      expect(d.verify()).toMatchObject({ ok: true });
      door.close();
    } finally {
      await listener.close().catch(() => undefined);
      d.close();
    }
  }, 60_000);

  it('a revoked station’s key adds nothing: a record dated after the revocation is refused and journaled, stores nothing; one dated before opens no stay and counts no PIN', async () => {
    const f = await revokedDoor();
    const { d, listener, door, dir, stationId, yamada } = f;
    try {
      door.close();
      await sleep(50);
      f.hostNow();
      const { revokedAt } = await f.admin.ok('stations.revoke', { id: stationId, reason: '端末の盗難' });
      await sleep(50);
      f.hostNow();
      // Its key, in other hands: signed requests, as the station signs them.
      const key = await StationClient.open(dir, stationKeys(dir));
      const count = (table: string) => d.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      const stored = () => [count('door_deliveries'), count('door_refusals'), count('door_pin_reports'), count('server_room_stays')];
      const nothing = stored();
      const now = f.c.clock().toISOString();
      const late = [
        { id: randomUUID(), kind: 'enter', personId: yamada.id, occurredAt: now, purpose: 'maintenance' },
        { id: randomUUID(), kind: 'exit', personId: yamada.id, occurredAt: now },
        { id: randomUUID(), kind: 'refused', via: 'card', reason: 'unknown', cardNo: 'CARD7777', occurredAt: now },
        { id: randomUUID(), kind: 'pin_fail', personId: yamada.id, occurredAt: now },
        // At the very instant of the revocation: after it.
        { id: randomUUID(), kind: 'enter', personId: yamada.id, occurredAt: revokedAt!, purpose: 'maintenance' },
      ];
      for (const e of late) {
        const r = await key.deliver(e);
        expect(r).toBeInstanceOf(StationError);
        expect((r as StationError).error).toMatchObject({ code: 'invalid_input', messageKey: 'lan.errors.revoked_record' });
      }
      expect(stored()).toEqual(nothing);
      expect(refusedRecords(f, stationId).map((r) => r.record)).toEqual(late.map((e) => e.id));
      // Delivered again within the minute: refused again, not written again.
      expect(await key.deliver(late[0])).toBeInstanceOf(StationError);
      expect(refusedRecords(f, stationId)).toHaveLength(late.length);
      // Bad input: a clear refusal, nothing stored.
      const bad = await key.deliver({ id: '', kind: 'enter', personId: yamada.id, occurredAt: 'yesterday' });
      expect((bad as StationError).error).toMatchObject({ code: 'invalid_input', messageKey: 'errors.bad_request' });
      expect(stored()).toEqual(nothing);
      // Nothing else of it is taken: its copy of who may enter, a call.
      expect(((await key.doorSnapshot()) as StationError).error).toMatchObject({ messageKey: 'lan.errors.refused', params: { reason: 'revoked' } });
      expect((await key.call({ method: 'terminal.info', input: {}, token: null })).result).toMatchObject({ ok: false, error: { params: { reason: 'revoked' } } });

      // Dated before the revocation (as any record the door took then is, or one made up with the key):
      // kept for the review, never a stay, and its PINs are not counted (they would lock or clear anyone's).
      const earlier = new Date(Date.parse(revokedAt!) - 1).toISOString();
      const enter = { id: randomUUID(), kind: 'enter', personId: yamada.id, occurredAt: earlier, purpose: 'maintenance' };
      expect(await key.deliver(enter)).toMatchObject({ outcome: 'conflict', conflict: 'terminal.conflicts.after_revocation', stayId: null });
      for (let i = 0; i < 5; i++) expect(await key.deliver({ id: randomUUID(), kind: 'pin_fail', personId: yamada.id, occurredAt: earlier })).toMatchObject({ outcome: 'recorded' });
      expect(count('server_room_stays')).toBe(0);
      expect(count('door_pin_reports')).toBe(5);
      expect(d.store.db.prepare('SELECT pin_failed_count, pin_locked_until FROM door_credentials WHERE person_id = ?').get(yamada.id)).toEqual({ pin_failed_count: 0, pin_locked_until: null });
      expect(d.verify()).toMatchObject({ ok: true });
    } finally {
      await listener.close().catch(() => undefined);
      d.close();
    }
  }, 60_000);
});
