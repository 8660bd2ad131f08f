import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';
import { insertStay } from '../../electron/core/ledgers/server-room/rules';
import { anomaliesOf, toFacts, type StayFactsRow } from '../../electron/core/ledgers/server-room/repo';
import { overlappingStays } from '../../electron/core/ledgers/server-room/anomalies';

// Overlapping stays are always found, whatever page they are judged on: migration 35 reads a day of each
// person's stays before a page (and the stays longer than a day by their own index), not a week. Checked
// against a brute force over seeded random sets of stays around a day long, open, crossing midnight.
// (The table is emptied between sets with SQL: what is checked is the rule and its reads, not the journal.)
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('overlap neighbours', () => {
  it('finds every overlap a brute force finds, for stays around a day long, open, crossing midnight', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const { d, hq, yamada } = f;
    const H = 3600_000;
    const D = 24 * H;
    const durations = [0, 1, 1000, H, 4 * H, D - 1, D, D + 1, D + 2, D + 1000, 2 * D, 3 * D + 7];
    const misses: string[] = [];
    let n = 0;
    for (let seed = 1; seed < 120; seed++) {
      d.store.db.prepare('DELETE FROM server_room_stays').run();
      const r = rng(seed);
      const base = new Date(jst('2026-11-10', '00:00')).getTime();
      let openUsed = false;
      const count = 3 + Math.floor(r() * 10);
      for (let i = 0; i < count; i++) {
        const enter = base + Math.floor(r() * 12 * D);
        const open = !openUsed && r() < 0.2;
        if (open) openUsed = true;
        const dur = durations[Math.floor(r() * durations.length)];
        const draft = { siteId: hq.id, personId: yamada.id, enteredAt: new Date(enter).toISOString(), exitedAt: open ? null : new Date(enter + dur).toISOString(), purpose: 'maintenance', purposeNote: null, companions: { employees: [], visitors: [] }, itemsIn: null, itemsOut: null, notes: null };
        d.store.write({ actor: 'test', station: 'test' }, (tx) => insertStay(tx, `S${String(n++).padStart(5, '0')}`, draft, { recordedBy: 'test', station: 'test', action: 'serverRoom.record' }));
      }
      const rows = d.store.db.prepare('SELECT * FROM server_room_stays ORDER BY entered_at').all() as StayFactsRow[];
      for (const now of [new Date(jst('2026-11-24', '10:00')), new Date(jst('2026-11-16', '12:00'))]) {
        const brute = overlappingStays(rows.map(toFacts), [], now);
        for (const row of rows) {
          const one = anomaliesOf(d.store, d.settings, [row], now).get(row.id) ?? [];
          const has = one.some((a) => a.code === 'overlapping_stay');
          if (has !== brute.has(row.id)) misses.push(`seed ${seed} ${row.id} ${row.entered_at}–${row.exited_at} single=${has} brute=${brute.has(row.id)}`);
        }
        for (let i = 0; i < rows.length; i += 3) {
          const page = rows.slice(i, i + 3);
          const got = anomaliesOf(d.store, d.settings, page, now);
          for (const row of page) {
            const has = (got.get(row.id) ?? []).some((a) => a.code === 'overlapping_stay');
            if (has !== brute.has(row.id)) misses.push(`seed ${seed} page ${row.id} ${row.entered_at}–${row.exited_at} page=${has} brute=${brute.has(row.id)}`);
          }
        }
      }
    }
    expect(misses).toEqual([]);
    d.close();
  }, 120_000);
});
