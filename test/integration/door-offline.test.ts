import { describe, expect, it } from 'vitest';
import { deliverDoorEntry, doorSnapshot, parseDoorEntry, type DoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { jst, MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { SETUP } from '../helpers/temp-daicho';
import { disposeAll, shown } from './review-fixture';

// Issue 13 (SPEC §11), the host's half of an offline door terminal, through the real store: each
// delivered record is recorded once, with when it happened and when it arrived; a record that no
// longer fits the book (an exit for a stay the desk closed, an entry of someone already inside)
// is kept as a conflict and comes up in the monthly review; the late ones are marked.

/**
 * The fixture's register and accounts made the evening before, and the desk back at 09:00: a door's
 * copy holds only people registered before its records (an entry before the person was registered is
 * a conflict, door-before-registration.test.ts).
 */
async function registeredTheDayBefore() {
  const f = await serverRoomFixture(jst('2026-10-19', '17:00'));
  f.c.set(jst('2026-10-20', '09:00'));
  for (const [who, password] of [[f.clerk, PASSWORDS.clerk], [f.sm, SETUP.safetyManager.password], [f.admin, SETUP.sysadmin.password]] as const) await who.ok('auth.unlock', { password });
  return f;
}

describe('records a door terminal delivers late (issue 13)', () => {
  it('records each once at its own time, keeps conflicts, marks late ones, and the review lists the conflicts', async () => {
    const f = await registeredTheDayBefore();
    const { c, d, clerk, hq, yamada, sasaki, kimura } = f;
    const station = { id: 'lan:0a0b0c0d', siteId: hq.id };
    const at = 'terminal:HQ:lan:0a0b0c0d';
    const deliver = (e: DoorEntry) => deliverDoorEntry(d.store, d.settings, station, at, e, c.clock());
    const enter: DoorEntry = { id: 'e1', kind: 'enter', personId: yamada.id, occurredAt: jst('2026-10-20', '08:10'), purpose: 'maintenance', visitors: [{ name: '外部 太郎', company: '保守株式会社' }] };

    const first = deliver(enter);
    expect(first).toMatchObject({ outcome: 'recorded', conflict: null });
    // Delivered again (the terminal was killed before it heard back): the same answer, no second stay.
    expect(deliver(enter)).toEqual(first);
    c.advance(5 * MIN);
    expect(deliver({ id: 'x1', kind: 'exit', personId: yamada.id, occurredAt: jst('2026-10-20', '08:40') })).toMatchObject({ outcome: 'recorded', stayId: first.stayId });
    const stay = d.store.db.prepare('SELECT * FROM server_room_stays WHERE id = ?').get(first.stayId) as Record<string, string>;
    expect(stay).toMatchObject({ entered_at: jst('2026-10-20', '08:10'), exited_at: jst('2026-10-20', '08:40'), recorded_by: `person:${yamada.id}`, station: at });
    expect(stay.recorded_at > stay.entered_at).toBe(true);
    expect(JSON.parse(stay.companions).visitors).toEqual([{ name: '外部 太郎', company: '保守株式会社', escortPersonId: yamada.id }]);

    // The desk closed 佐々木's stay meanwhile: the terminal's exit no longer fits — kept, as a conflict.
    const open = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-20', '08:00'), purpose: 'maintenance' });
    await clerk.ok('serverRoom.recordExit', { id: open.id, exitedAt: jst('2026-10-20', '08:30') });
    expect(deliver({ id: 'x2', kind: 'exit', personId: sasaki.id, occurredAt: jst('2026-10-20', '08:35') })).toMatchObject({ outcome: 'conflict', conflict: 'terminal.conflicts.not_inside', stayId: null });
    // Someone already inside cannot enter twice.
    const inside = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-10-20', '08:50'), purpose: 'maintenance' });
    expect(inside.id).toBeTruthy();
    expect(deliver({ id: 'e3', kind: 'enter', personId: kimura.id, occurredAt: jst('2026-10-20', '08:55'), purpose: 'maintenance' })).toMatchObject({ outcome: 'conflict', conflict: 'terminal.conflicts.already_inside' });
    // A terminal whose clock runs ahead: its record is kept, not put in the future.
    expect(deliver({ id: 'e4', kind: 'enter', personId: sasaki.id, occurredAt: new Date(c.clock().getTime() + 3_600_000).toISOString(), purpose: 'maintenance' })).toMatchObject({ outcome: 'conflict', conflict: 'terminal.conflicts.future' });
    const kept = d.store.db.prepare("SELECT id, outcome, detail FROM door_deliveries ORDER BY id").all() as { id: string; outcome: string; detail: string }[];
    expect(kept.map((k) => [k.id, k.outcome])).toEqual([['e1', 'recorded'], ['e3', 'conflict'], ['e4', 'conflict'], ['x1', 'recorded'], ['x2', 'conflict']]);
    expect(JSON.parse(kept.find((k) => k.id === 'e3')!.detail)).toMatchObject({ purpose: 'maintenance' });
    // A recorded stay keeps its visitors' names itself (erased with it after the retention period): the
    // delivery, never erased, holds how many there were, in its row and its journal row.
    expect(JSON.parse(kept.find((k) => k.id === 'e1')!.detail)).toMatchObject({ visitors: 1 });
    expect(d.store.db.prepare("SELECT count(*) FROM journal WHERE entity = 'door_deliveries' AND after LIKE '%外部 太郎%'").pluck().get()).toBe(0);
    // Malformed records are refused, not stored.
    for (const bad of [
      { ...enter, id: '' }, { ...enter, occurredAt: 'yesterday' }, { ...enter, occurredAt: '2026-02-30T09:00:00.000Z' }, { ...enter, occurredAt: '2026-10-20T25:61:00Z' },
      { ...enter, kind: 'wave' }, { ...enter, purpose: undefined }, { ...enter, visitors: [{ name: 'a\u0000', company: 'b' }] }, { ...enter, visitors: [{ name: '\ud800x', company: 'b' }] },
      { ...enter, visitors: [{ name: '   ', company: 'b' }] }, null,
    ])
      expect(() => parseDoorEntry(bad)).toThrow();
    // Another station cannot deliver (or learn the answer for) this station's record id.
    expect(() => deliverDoorEntry(d.store, d.settings, { id: 'lan:ffffffff', siteId: hq.id }, at, enter, c.clock())).toThrow();

    // The stay that arrived late is marked; the month's review lists the two conflicts to dispose of.
    const list = await clerk.ok('serverRoom.list', { siteId: hq.id, month: '2026-10' });
    const late = list.rows.find((s) => s.id === first.stayId)!;
    expect(late.anomalies.map((a) => a.code)).toContain('offline_delivery');
    c.set(jst('2026-11-02', '10:00'));
    await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const review = await f.sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' });
    const codes = review.items.map((i) => i.code);
    expect(codes).toContain('door_not_inside');
    expect(codes).toContain('door_already_inside');
    expect(codes).toContain('offline_delivery');

    // The copy a terminal identifies from: people with their cards and PIN hashes, who is inside.
    const snap = doorSnapshot(d.store, d.settings, { id: station.id, siteId: hq.id, name: '入口' }, at, c.clock());
    expect(snap.people.find((p) => p.id === yamada.id)).toMatchObject({ cardNo: 'CARD1001', authorized: true });
    // Not authorized, but inside now: in the copy, so that they may leave.
    expect(snap.people.find((p) => p.id === kimura.id)).toMatchObject({ authorized: false });
    expect(snap.people.some((p) => p.id === f.mori.id)).toBe(false); // left the company: not on the door PC
    expect(snap.inside.map((i) => [i.name, i.here])).toEqual([['木村 三郎', true]]);
    expect(Date.parse(snap.expiresAt) - Date.parse(snap.issuedAt)).toBe(12 * 3_600_000);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('an exit queued before midnight and delivered after it is marked as delivered late, not as a stay left open past the day (a desk exit recorded then is)', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '22:00'));
    const { c, d, clerk, hq, yamada, sasaki } = f;
    const station = { id: 'lan:0a0b0c0d', siteId: hq.id };
    const deliver = (e: DoorEntry) => deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c0d', e, c.clock());
    const entered = deliver({ id: 'e1', kind: 'enter', personId: yamada.id, occurredAt: jst('2026-10-20', '22:00'), purpose: 'maintenance' });
    const desk = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-20', '22:00'), purpose: 'maintenance' });
    c.set(jst('2026-10-21', '01:00'));
    expect(deliver({ id: 'x1', kind: 'exit', personId: yamada.id, occurredAt: jst('2026-10-20', '22:30') })).toMatchObject({ outcome: 'recorded', stayId: entered.stayId });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.recordExit', { id: desk.id, exitedAt: jst('2026-10-20', '22:30') });
    const rows = (await clerk.ok('serverRoom.list', { siteId: hq.id, month: '2026-10' })).rows;
    const codesOf = (id: string) => rows.find((s) => s.id === id)!.anomalies.map((a) => a.code);
    expect(codesOf(entered.stayId!)).toContain('offline_delivery');
    expect(codesOf(entered.stayId!)).not.toContain('no_exit_by_end_of_day');
    expect(codesOf(desk.id)).toContain('no_exit_by_end_of_day');
    // The door's exit cleared by a correction and recorded again at the desk, after midnight: the exit is the desk's now.
    c.set(jst('2026-10-21', '01:10'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.amend', { id: entered.stayId!, changes: { exitedAt: null }, reason: '退室の記録誤り' });
    await clerk.ok('serverRoom.recordExit', { id: entered.stayId!, exitedAt: jst('2026-10-20', '22:40') });
    const again = (await clerk.ok('serverRoom.list', { siteId: hq.id, month: '2026-10' })).rows.find((s) => s.id === entered.stayId)!.anomalies.map((a) => a.code);
    expect(again).toContain('no_exit_by_end_of_day');
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a conflict that arrives after its month was signed is an item of the month it arrived in (an insider probe)', async () => {
    const { c, d, sm, hq, yamada } = await serverRoomFixture(jst('2026-11-02', '09:00'));
    const station = { id: 'lan:0a0b0c0e', siteId: hq.id };
    const october = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    await disposeAll(sm, october);
    await sm.ok('review.sign', { ...october, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, october) });
    // The terminal was kept off the network until October was signed: an exit for a stay never opened.
    c.set(jst('2026-11-03', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const late = deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c0e', { id: 'x9', kind: 'exit', personId: yamada.id, occurredAt: jst('2026-10-25', '22:00') }, c.clock());
    expect(late).toMatchObject({ outcome: 'conflict', conflict: 'terminal.conflicts.not_inside' });
    const items = async (month: string) => (await sm.ok('review.get', { ...october, month })).items.filter((i) => i.code === 'door_not_inside').map((i) => i.subject);
    expect(await items('2026-11')).toEqual(['x9']);
    expect(await items('2026-10')).toEqual(['x9']);
    // One that arrives while its month is open is that month's only.
    const open = deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c0e', { id: 'x10', kind: 'exit', personId: yamada.id, occurredAt: jst('2026-11-02', '22:00') }, c.clock());
    expect(open).toMatchObject({ outcome: 'conflict' });
    expect(await items('2026-11')).toEqual(['x9', 'x10']);
    d.close();
  });

  it('an exit from a door queue that takes a stay’s anomalies away is noted for its month (the read-through)', async () => {
    const { c, d, sm, hq, yamada } = await serverRoomFixture(jst('2026-10-20', '08:10'));
    const station = { id: 'lan:0a0b0c0f', siteId: hq.id };
    const at = 'terminal:HQ:lan:0a0b0c0f';
    const entered = deliverDoorEntry(d.store, d.settings, station, at, { id: 'e7', kind: 'enter', personId: yamada.id, occurredAt: jst('2026-10-20', '08:10'), purpose: 'maintenance' }, c.clock());
    // The exit reaches the host the next morning, from the terminal's queue.
    c.set(jst('2026-10-21', '09:00'));
    deliverDoorEntry(d.store, d.settings, station, at, { id: 'x7', kind: 'exit', personId: yamada.id, occurredAt: jst('2026-10-20', '08:40') }, c.clock());
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const items = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items;
    expect(items.filter((i) => i.kind === 'cleared').map((i) => [i.recordId, i.params?.anomaly, i.params?.action])).toContainEqual([entered.stayId, 'serverRoom.anomaly.no_exit_by_end_of_day', 'terminal.exit']);
    expect(items.filter((i) => i.kind === 'record').map((i) => i.code)).toContain('offline_delivery');
    d.close();
  });
  it('the review shows what the terminal took with a conflict: its purpose and note, the visitors it brought, and why a refused one was not recorded (a walk-through)', async () => {
    const { c, d, clerk, sm, hq, yamada, sasaki } = await registeredTheDayBefore();
    const station = { id: 'lan:0a0b0c10', siteId: hq.id };
    const deliver = (e: DoorEntry) => deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c10', e, c.clock());
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:00'), purpose: 'maintenance' });
    const visitors = [{ name: '外部 太郎', company: '保守株式会社' }, { name: '外部 花子', company: '配線工業' }];
    expect(deliver({ id: 'e1', kind: 'enter', personId: yamada.id, occurredAt: jst('2026-10-20', '08:30'), purpose: 'vendor_witness', purposeNote: 'ラック3の配線', visitors })).toMatchObject({ conflict: 'terminal.conflicts.already_inside' });
    // 'other' needs its note: the ledger's rules refuse it, and the review says so.
    expect(deliver({ id: 'e2', kind: 'enter', personId: sasaki.id, occurredAt: jst('2026-10-20', '08:40'), purpose: 'other' })).toMatchObject({ conflict: 'serverRoom.errors.purpose_note_required' });
    c.set(jst('2026-11-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const items = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items;
    expect(items.find((i) => i.subject === 'e1')?.facts).toEqual([
      { term: 'purpose', values: [{ text: '業者作業立会い', key: 'serverRoom.purpose.vendor_witness' }] },
      { term: 'purposeNote', values: [{ text: 'ラック3の配線' }] },
      { term: 'visitors', values: visitors.map((v) => ({ text: v.name, note: v.company })) },
    ]);
    expect(items.find((i) => i.subject === 'e2')).toMatchObject({ code: 'door_refused', facts: [{ term: 'reason', values: [{ key: 'serverRoom.errors.purpose_note_required' }] }, { term: 'purpose', values: [{ key: 'serverRoom.purpose.other' }] }] });
    // A detail changed outside the app into something else (verify names it) shows nothing, and the review still opens.
    d.store.db.prepare("UPDATE door_deliveries SET detail = '{oops' WHERE id = 'e2'").run();
    const again = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items;
    expect(again.find((i) => i.subject === 'e2')?.facts).toEqual([{ term: 'reason', values: [{ key: 'serverRoom.errors.purpose_note_required' }] }]);
    d.close();
  });

  it('an exit the host kept as a conflict for its time (before the station was enrolled) is said to be an exit in the review, under the code dispositions are kept by (a second probe)', async () => {
    const { d, c, hq, yamada, sm } = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const station = { id: 'lan:0a0b0c0d', siteId: hq.id };
    d.store.write({ actor: 'system', station: 'test' }, (tx) =>
      tx.insert('lan_stations', { id: station.id, name: '本社サーバ室', profile: 'terminal', site_id: hq.id, public_key: 'AAAA', enrolled_at: tx.now, enrolled_by: 'system', revoked_at: null, revoke_reason: null, revoked_by: null }, { action: 'stations.enroll' }),
    );
    const occurredAt = new Date(c.clock().getTime() - 30 * MIN).toISOString();
    expect(deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c0d', parseDoorEntry({ id: 'x-exit', kind: 'exit', personId: yamada.id, occurredAt }), c.clock())).toMatchObject({
      outcome: 'conflict', conflict: 'terminal.conflicts.before_enrolment',
    });
    const item = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items.find((i) => i.subject === 'x-exit');
    expect(item).toMatchObject({ code: 'door_refused', messageKey: 'review.items.door_refused_exit', label: '山田 太郎', at: occurredAt });
    d.close();
  });

  it('an entry delivered for someone authorized at no time in the copy’s life before it is a conflict, not a stay as if badged in (a second probe); one revoked within it is recorded, with its anomaly', async () => {
    const { d, c, hq, kimura, sasaki, sm } = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const station = { id: 'lan:0a0b0c0e', siteId: hq.id };
    d.store.write({ actor: 'system', station: 'test' }, (tx) =>
      tx.insert('lan_stations', { id: station.id, name: '本社サーバ室', profile: 'terminal', site_id: hq.id, public_key: 'AAAA', enrolled_at: '2026-10-01T00:00:00.000Z', enrolled_by: 'system', revoked_at: null, revoke_reason: null, revoked_by: null }, { action: 'stations.enroll' }),
    );
    const deliver = (id: string, personId: string, occurredAt: string) => deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c0e', parseDoorEntry({ id, kind: 'enter', personId, occurredAt, purpose: 'maintenance' }), c.clock());
    // 木村 was never authorized: no copy held him.
    expect(deliver('forged-1', kimura.id, jst('2026-10-20', '08:50'))).toEqual({ id: 'forged-1', outcome: 'conflict', conflict: 'terminal.conflicts.not_in_copy', stayId: null });
    expect(d.store.db.prepare('SELECT count(*) AS n FROM server_room_stays WHERE person_id = ?').get(kimura.id)).toEqual({ n: 0 });
    // 佐々木's authorization ended at 09:30; a door's copy of before then still let him in at 09:35: recorded, and flagged.
    c.set(jst('2026-10-20', '09:30'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('people.amend', { id: sasaki.id, changes: { serverRoomAuthorized: false }, reason: '担当替え' });
    c.set(jst('2026-10-20', '09:50'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const stale = deliver('stale-1', sasaki.id, jst('2026-10-20', '09:35'));
    expect(stale).toMatchObject({ outcome: 'recorded', conflict: null });
    expect((await sm.ok('serverRoom.get', { id: stale.stayId! })).anomalies.map((a) => a.code)).toContain('not_authorized');
    const item = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items.find((i) => i.subject === 'forged-1');
    expect(item).toMatchObject({ code: 'door_refused', label: '木村 三郎', facts: [{ term: 'reason', values: [{ key: 'terminal.conflicts.not_in_copy' }] }, expect.anything()] });
    d.close();
  });
});
