import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { Caller, openRaw } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { openFixture } from '../helpers/upgrade-fixture';

// Migration 39 on data written by schema v38 (test/fixtures/v38-data, commit a0a912e, made by
// make-v38-data.ts.txt), before the review's due day was versioned: the administrator set it to 12 on
// 2 November and to 28 on 20 November, and that version then showed October's visitor slips, unsigned
// and overdue since the 12th, as due on 28 November. The migration takes the day's versions from the
// journal: October is due by the day in force when it ended, November by the one in force when it
// did; everything verifies; a change outside the app is named.

const SM = { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' };

describe('upgrade from schema v38 (migration 39)', () => {
  it('a month is due by the due day in force when it ended, also for changes made before the upgrade; verify passes, a change outside the app is named', async () => {
    const { dir, key, c, d } = await openFixture('v38-data', jst('2026-11-25', '09:00'));
    expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(39);
    const versions = () => d.store.db.prepare("SELECT version, effective_from AS 'from', value FROM setting_versions WHERE key = 'review.dueDay' ORDER BY version").all();
    expect(versions()).toEqual([
      { version: 0, from: '', value: null },
      { version: 1, from: '2026-11-02T01:00:00.000Z', value: '12' },
      { version: 2, from: '2026-11-20T01:00:00.000Z', value: '28' },
    ]);
    // Written through the one write path by the migration: journaled, and verified.
    expect((d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE entity = 'setting_versions' AND action = 'settings.versions.backfill' AND actor = 'migration'").get() as { n: number }).n).toBe(3);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });

    const sm = new Caller(d);
    await sm.ok('auth.signIn', SM);
    const visitorsOf = async (month: string) => (await sm.ok('review.list', { month })).find((u) => u.ledger === 'visitors')!;
    // October ended under the default day 10 (the 12 came on 2 November, after it ended): overdue, as it was before 20 November.
    expect(await visitorsOf('2026-10')).toMatchObject({ dueOn: '2026-11-10', overdue: true, state: 'open' });
    expect((await sm.ok('review.list', { due: true })).filter((u) => u.overdue).map((u) => `${u.ledger} ${u.month}`)).toContain('visitors 2026-10');
    c.set(jst('2026-12-01', '09:00'));
    await sm.ok('auth.unlock', { password: SM.password });
    expect(await visitorsOf('2026-11')).toMatchObject({ dueOn: '2026-12-28', overdue: false });
    const lastRow = (d.store.db.prepare("SELECT max(seq) AS s FROM journal WHERE entity = 'setting_versions' AND entity_id = 'review.dueDay#2'").get() as { s: number }).s;
    d.close();

    // Changed outside the app: a backfilled version is named by its journal row.
    const raw = openRaw(path.join(dir, 'daicho.db'), key);
    raw.prepare("UPDATE setting_versions SET effective_from = '2026-10-01T00:00:00.000Z' WHERE id = 'review.dueDay#2'").run();
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: lastRow, problemCount: 1 });
    raw.close();
  });
});
