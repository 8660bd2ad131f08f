import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { Caller } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { openFixture } from '../helpers/upgrade-fixture';

// Migrations 17–19 (when a cabinet's lock, an asset's return and a visitor's sign-out were recorded)
// and 20 (a seal's reopening signed by the reopener's key) on data written by schema v16 (test/fixtures/v16-data, commit eeafce2, made by
// make-v16-data.ts.txt): the declared columns are added and journaled, everything still verifies,
// closings recorded before keep their times alone (no recording time to judge), and closings
// recorded late from now on are flagged.

const CLERK = { loginId: 'tanaka.clerk', password: 'Sakura-fubuki-3917' };

describe('upgrade from schema v16 (migrations 17–20)', () => {
  it('adds the recorded times of closings and signed reopenings: verify passes, older closings are judged by their times, new late ones are flagged, the older reopening holds', async () => {
    const { dir, key, c, d } = await openFixture('v16-data', jst('2026-11-30', '09:00'));
    expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(20);
    const changes = (d.store.db.prepare("SELECT after FROM journal WHERE action = 'schema.change' AND actor = 'migration' ORDER BY seq").all() as { after: string }[]).map((r) => JSON.parse(r.after) as { op: string; table?: string; column?: string });
    expect(changes.filter((ch) => ch.op === 'add_column').map((ch) => `${ch.table}.${ch.column}`)).toEqual(
      expect.arrayContaining(['cabinet_sessions.lock_recorded_at', 'asset_checkouts.return_recorded_at', 'visitor_visits.left_recorded_at', 'seals.reopen_key_id', 'seals.reopen_signature']),
    );
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, seals: 1 });

    // The seal reopened before migration 20 carries no signature of its reopening, and holds as it was.
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' });
    const hq = d.store.db.prepare("SELECT id FROM sites WHERE code = 'HQ'").get() as { id: string };
    expect((await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).unit.seals).toEqual([
      expect.objectContaining({ status: 'reopened', reopenReason: '記載漏れの訂正のため', verified: true }),
    ]);
    const clerk = new Caller(d);
    await clerk.ok('auth.signIn', CLERK);
    // Closings recorded before: no recording time, judged by their times alone (the lock recorded the next morning as 17:30 is not flagged by it).
    const sessions = (await clerk.ok('cabinetLog.list', {})).rows;
    expect(sessions).toHaveLength(2);
    for (const s of sessions) expect(s.anomalies.map((a) => a.code)).not.toContain('not_locked_by_end_of_day');
    const visits = (await clerk.ok('visitors.list', {})).rows;
    for (const v of visits) expect(v.anomalies.map((a) => a.code)).not.toContain('no_exit_time');

    // From now on, a lock recorded the next morning with yesterday's time is flagged.
    const cabinetId = sessions[0].cabinetId;
    const sasaki = sessions[0].openedBy;
    const opened = await clerk.ok('cabinetLog.add', { cabinetId, openedAt: c.clock().toISOString(), openedBy: sasaki, purpose: '書類の確認', lockedAt: null, lockedBy: null, notes: null });
    c.set(jst('2026-12-01', '09:00'));
    await clerk.ok('auth.unlock', { password: CLERK.password });
    const locked = await clerk.ok('cabinetLog.lock', { id: opened.id, lockedAt: jst('2026-11-30', '09:30'), lockedBy: sasaki });
    // Open on the book until the lock was recorded: past the end of the day, and past the 2-hour limit.
    expect(locked.anomalies).toEqual([
      { code: 'not_locked_by_end_of_day', params: { open: 0, recordedLate: 1 }, facts: [{ term: 'businessHours', values: [{ text: '08:00', until: '20:00' }] }] },
      { code: 'open_too_long', params: { minutes: Math.floor((Date.parse(jst('2026-12-01', '09:00')) - Date.parse(opened.openedAt)) / 60_000), max: 120, recordedLate: 1 } },
    ]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, seals: 1 });
    d.close();
    expect(await verifyInWorkers({ file: path.join(dir, 'daicho.db'), key: Buffer.from(key, 'hex'), ranges: 3 })).toMatchObject({ ok: true, problemCount: 0, fileProblems: [] });
  });
});
