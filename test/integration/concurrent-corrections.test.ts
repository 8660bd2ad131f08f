import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';

// Two acts on one record at once, through the real dispatcher: each is judged on the record as the other
// left it, never written over it. A review of a change found a wait between reading a record and
// writing its correction on the ledgers without a derive step (registers, the server-room book): a
// void and a correction at once left a voided cabinet corrected, two corrections counted one.

describe('acts on one record at once', () => {
  it('a register’s corrections and its void, at once: each is counted, none written over a void', async () => {
    const { d, clerk, sm, hq, sasaki } = await serverRoomFixture();
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const [a, b] = await Promise.all([
      clerk.call('cabinets.amend', { id: cab.id, changes: { location: '本社4F' }, reason: '移設' }),
      sm.call('cabinets.amend', { id: cab.id, changes: { notes: '鍵は総務部で保管' }, reason: '追記' }),
    ]);
    const row = () => d.store.db.prepare('SELECT status, location, notes, amend_count FROM cabinets WHERE id = ?').get(cab.id) as { status: string; location: string; notes: string | null; amend_count: number };
    expect(row().amend_count).toBe([a, b].filter((r) => r.ok).length);

    const [amended, voided] = await Promise.all([
      clerk.call('cabinets.amend', { id: cab.id, changes: { location: '本社5F' }, reason: '再移設' }),
      sm.call('cabinets.void', { id: cab.id, reason: '二重登録' }),
    ]);
    expect(voided.ok).toBe(true);
    const seqs = d.store.db.prepare("SELECT action FROM journal WHERE entity = 'cabinets' AND entity_id = ? ORDER BY seq").all(cab.id) as { action: string }[];
    // Whatever came first, nothing is written after the void.
    expect(seqs.at(-1)?.action).toBe('cabinets.void');
    if (amended.ok) expect(row().location).toBe('本社5F');
    else expect(row().location).not.toBe('本社5F');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a stay’s correction and its exit at once: the second is judged on the first, and said in its own words', async () => {
    const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '08:30'), purpose: 'maintenance' });
    const [amend, exit] = await Promise.all([
      sm.call('serverRoom.amend', { id: stay.id, changes: { enteredAt: jst('2026-11-24', '09:30') }, reason: '入室時刻の誤記' }),
      clerk.call('serverRoom.recordExit', { id: stay.id, exitedAt: jst('2026-11-24', '09:00') }),
    ]);
    // Never the internal error of a database constraint: one of them holds, the other is refused with its reason.
    for (const r of [amend, exit]) if (!r.ok) expect(r.error.code).not.toBe('internal');
    const after = d.store.db.prepare('SELECT entered_at, exited_at FROM server_room_stays WHERE id = ?').get(stay.id) as { entered_at: string; exited_at: string | null };
    if (after.exited_at) expect(Date.parse(after.exited_at)).toBeGreaterThanOrEqual(Date.parse(after.entered_at));
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
