import { describe, expect, it } from 'vitest';
import type { Input } from '../../shared/api/contract';
import { PASSWORDS, jst, serverRoomFixture } from './server-room-fixture';

// Issue 6, point 14: "anomalies only" in the server-room book (the monthly review looks for the
// marks among 100+ rows). The store applies the filter: the total and the pages are those of the
// flagged stays, in the list's order, whatever the page size.

describe('serverRoom.list anomaliesOnly', () => {
  it('returns only the flagged stays of the month, with their total, page by page', async () => {
    const f = await serverRoomFixture(jst('2026-11-25', '08:00'));
    const { d, c, clerk, hq, osaka, yamada, sasaki, kimura, okada } = f;
    // Each day is recorded that evening (not a late record); the clerk unlocks after the clock jump.
    const day = async (date: string, stays: Input<'serverRoom.record'>[]) => {
      c.set(jst(date, '23:00'));
      await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
      const out = [];
      for (const s of stays) out.push(await clerk.ok('serverRoom.record', s));
      return out;
    };
    const stay = (personId: string, date: string, from: string, to: string | null, extra: Partial<Input<'serverRoom.record'>> = {}): Input<'serverRoom.record'> => ({
      siteId: hq.id, personId, enteredAt: jst(date, from), exitedAt: to === null ? null : jst(date, to), purpose: 'maintenance', ...extra,
    });
    const vendor = { name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: null };

    // Wednesday 25th: five normal stays, one by someone without authorization, one over 4 h.
    const wed = await day('2026-11-25', [
      stay(yamada.id, '2026-11-25', '09:00', '09:30'),
      stay(sasaki.id, '2026-11-25', '10:00', '10:40'),
      stay(okada.id, '2026-11-25', '11:00', '11:20', { siteId: osaka.id }),
      stay(yamada.id, '2026-11-25', '13:00', '13:30'),
      stay(sasaki.id, '2026-11-25', '14:00', '14:30'),
      stay(kimura.id, '2026-11-25', '15:00', '15:20'), // not authorized
      stay(yamada.id, '2026-11-25', '15:40', '20:40'), // 5 h
    ]);
    // Thursday 26th: normal stays, a vendor without escort, and someone at Osaka who never left.
    const thu = await day('2026-11-26', [
      stay(yamada.id, '2026-11-26', '09:00', '09:20'),
      stay(sasaki.id, '2026-11-26', '10:00', '10:30', { purpose: 'vendor_witness', companions: { employees: [], visitors: [vendor] } }), // no escort
      stay(yamada.id, '2026-11-26', '11:00', '11:45'),
      stay(okada.id, '2026-11-26', '17:00', null, { siteId: osaka.id }), // still open days later
    ]);
    // Saturday 28th: an entry on a weekend; and a stay of the 27th recorded only now (late).
    const sat = await day('2026-11-28', [
      stay(yamada.id, '2026-11-28', '10:00', '11:00'), // outside business hours
      stay(sasaki.id, '2026-11-27', '09:00', '09:30'), // recorded 38 h later
    ]);
    // Monday 30th: normal stays, and a flagged one voided as a mistake.
    const mon = await day('2026-11-30', [
      stay(yamada.id, '2026-11-30', '09:00', '09:30'),
      stay(sasaki.id, '2026-11-30', '09:10', '09:50'),
      stay(kimura.id, '2026-11-30', '10:00', '10:10'),
    ]);
    await clerk.ok('serverRoom.void', { id: mon[2].id, reason: '入力誤り' });
    c.set(jst('2026-11-30', '23:30'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });

    const expected = [wed[5], wed[6], thu[1], thu[3], sat[0], sat[1]].map((s) => s.id);
    const all = await clerk.ok('serverRoom.list', { month: '2026-11', pageSize: 500 });
    expect(all.total).toBe(15);
    // The flagged stays, newest first, as the full list judges them.
    const judged = all.rows.filter((r) => r.anomalies.length > 0).map((r) => r.id);
    expect([...judged].sort()).toEqual([...expected].sort());

    const flagged = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, pageSize: 50 });
    expect(flagged.total).toBe(6);
    expect(flagged.rows.map((r) => r.id)).toEqual(judged);
    expect(flagged.rows.every((r) => r.anomalies.length > 0)).toBe(true);
    expect(flagged.rows.find((r) => r.id === thu[3].id)!.anomalies.map((a) => a.code)).toEqual(['no_exit_by_end_of_day', 'over_max_stay']);

    // Paging: the pages of 4 are the flagged list cut in order, each with the whole total.
    const p0 = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, pageSize: 4, page: 0 });
    const p1 = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, pageSize: 4, page: 1 });
    const p2 = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, pageSize: 4, page: 2 });
    expect([p0.total, p1.total, p2.total]).toEqual([6, 6, 6]);
    expect(p0.rows).toHaveLength(4);
    expect([...p0.rows, ...p1.rows].map((r) => r.id)).toEqual(judged);
    expect(p2.rows).toEqual([]);

    // With the other filters and another order: a site, a state, a sort by person.
    const osakaOnly = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, siteId: osaka.id });
    expect(osakaOnly).toMatchObject({ total: 1, rows: [{ id: thu[3].id }] });
    const open = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, state: 'open' });
    expect(open.rows.map((r) => r.id)).toEqual([thu[3].id]);
    const byPerson = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, sort: 'person', desc: false, pageSize: 500 });
    const sorted = await clerk.ok('serverRoom.list', { month: '2026-11', sort: 'person', desc: false, pageSize: 500 });
    expect(byPerson.rows.map((r) => r.id)).toEqual(sorted.rows.filter((r) => r.anomalies.length > 0).map((r) => r.id));
    // A voided stay has no anomalies, even with the voided ones shown.
    const withVoid = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, includeVoid: true });
    expect(withVoid.total).toBe(6);
    expect(withVoid.rows.map((r) => r.id)).not.toContain(mon[2].id);
    // Another month has none.
    expect(await clerk.ok('serverRoom.list', { month: '2026-10', anomaliesOnly: true })).toMatchObject({ total: 0, rows: [] });

    // The stay still open becomes an anomaly by the passing of midnight, not by a write: judged now.
    const dec = await clerk.ok('serverRoom.list', { month: '2026-11', anomaliesOnly: true, personId: okada.id });
    expect(dec.total).toBe(1);

    // Without a month it is refused (at the month field), not scanned over years.
    expect(await clerk.call('serverRoom.list', { anomaliesOnly: true })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'month', messageKey: 'serverRoom.errors.anomalies_need_month' },
    });
    d.close();
  });
});
