import { describe, expect, it } from 'vitest';
import { LATEST_CLOCK_ANOMALIES } from '../../electron/core/clock';
import { SETUP } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';

// SPEC §8: a write more than 5 minutes earlier than the journal's last time raises a clock anomaly.
// It is journaled (store.ts), and the dashboard warns the safety manager and the administrator of it
// (clock.anomalies): when, where, how far behind, who was writing.

describe('clock anomalies reach the dashboard (SPEC §8)', () => {
  it('lists a write made with the clock set back, with where and how far; nothing for a clock within 5 minutes', async () => {
    const { d, c, sm, clerk, staff, hq, yamada } = await serverRoomFixture(jst('2026-10-28', '10:00'));
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-28', '09:00'), exitedAt: jst('2026-10-28', '09:30'), purpose: 'maintenance' });
    // Four minutes back is within the slack: no anomaly.
    c.set(jst('2026-10-28', '09:56'));
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-28', '08:00'), exitedAt: jst('2026-10-28', '08:10'), purpose: 'maintenance' });
    expect(await sm.ok('clock.anomalies', {})).toEqual([]);
    // A clerk's PC set back 8 days: a stay "of that day" carries no late-record anomaly, but the dashboard says so.
    c.set(jst('2026-10-20', '10:00'));
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '09:00'), exitedAt: jst('2026-10-20', '09:30'), purpose: 'maintenance' });
    const list = await sm.ok('clock.anomalies', {});
    expect(list).toEqual([
      expect.objectContaining({ clockAt: jst('2026-10-20', '10:00'), journalLastAt: jst('2026-10-28', '09:56'), minutesBehind: 8 * 24 * 60 - 4, actorName: '田中 一郎', station: 'test' }),
    ]);
    // The administrator sees it too; staff and clerks do not.
    expect(await staff.call('clock.anomalies', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await clerk.call('clock.anomalies', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Latest first, and read by the partial index (never a scan of the journal).
    const plan = d.store.db.prepare(`EXPLAIN QUERY PLAN ${LATEST_CLOCK_ANOMALIES}`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('journal_clock_anomalies');
    // 90 days after both times, it is no longer shown.
    c.set(jst('2027-02-01', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect(await sm.ok('clock.anomalies', {})).toEqual([]);
    expect(d.verify()).toMatchObject({ ok: true });
  });
});
