import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { Caller, openRaw } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { openFixture } from '../helpers/upgrade-fixture';
import { PEOPLE_NAME_VERSIONS_MIGRATION, REGISTER_NAME_VERSIONS_MIGRATION } from '../../electron/core/setting-versions';

// Migration 40 on data written by schema v39 (test/fixtures/v39-data, commit c41e1cb, made by
// make-v39-data.ts.txt), before people's names were versioned: 木村 三郎 entered the server room on
// 20 October and hosted a visitor that day; October's server-room book was signed on 5 November; on
// 10 November the register renamed him 木村 次郎, and that version named him so in October's signed
// book too. The migration takes the names' versions from the journal: October's records name him as
// he was, November's as he is; everything verifies; a change outside the app is named.

const SM = { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' };

describe('upgrade from schema v39 (migration 40)', () => {
  it('a person renamed before the upgrade is named as they were in the records written before it, on screen and on paper; verify passes, a change outside the app is named', async () => {
    const { dir, key, d } = await openFixture('v39-data', jst('2026-11-25', '09:00'));
    expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(40);
    const kimura = d.store.db.prepare("SELECT id FROM people WHERE employee_no = 'E1003'").get() as { id: string };
    const versions = d.store.db.prepare("SELECT version, effective_from AS 'from', value FROM setting_versions WHERE key = ? ORDER BY version").all(`register/people/name/${kimura.id}`);
    expect(versions).toEqual([
      { version: 0, from: '', value: '"木村 三郎"' },
      { version: 1, from: '2026-11-10T01:00:00.000Z', value: '"木村 次郎"' },
    ]);
    // Written through the one write path by the migration: journaled, and verified.
    expect((d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE entity = 'setting_versions' AND action = 'settings.versions.backfill' AND actor = 'migration' AND entity_id LIKE 'register/people/name/%'").get() as { n: number }).n).toBe(2);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    // Data older than v32 runs migration 32 before 40 in one upgrade: 32 keeps to its own registers, and a
    // backfill makes no version already kept (a read-through: 32 read today's list, people's names too,
    // and 40 would have made the same versions again, failing the upgrade of any folder with a rename).
    const kept = () => d.store.db.prepare('SELECT count(*) AS n FROM setting_versions').get();
    const before = kept();
    d.store.write({ actor: 'migration', station: 'test' }, (tx) => {
      REGISTER_NAME_VERSIONS_MIGRATION.backfill!(tx);
      PEOPLE_NAME_VERSIONS_MIGRATION.backfill!(tx);
    });
    expect(kept()).toEqual(before);

    const sm = new Caller(d);
    await sm.ok('auth.signIn', SM);
    const hq = (await sm.ok('sites.list', {}))[0];
    // October's signed book, its review and its paper name who went in; the visit's host likewise.
    const october = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    expect((await sm.ok('serverRoom.list', { siteId: hq.id, month: '2026-10' })).rows.map((r) => r.personName)).toEqual(['木村 三郎']);
    expect((await sm.ok('review.get', october)).items.map((i) => i.label)).toEqual([expect.stringContaining('木村 三郎')]);
    expect(JSON.stringify(await sm.ok('print.sheet', { ...october, format: 'print' }))).toContain('木村 三郎');
    const hosts = async (month: string) => (await sm.ok('visitors.list', { siteId: hq.id, month })).rows.map((r) => r.names.hostId);
    expect(await hosts('2026-10')).toEqual(['木村 三郎']);
    expect(await hosts('2026-11')).toEqual(['木村 次郎']);
    const lastRow = (d.store.db.prepare("SELECT max(seq) AS s FROM journal WHERE entity = 'setting_versions' AND entity_id = ?").get(`register/people/name/${kimura.id}#0`) as { s: number }).s;
    d.close();

    // Changed outside the app: a backfilled version is named by its journal row.
    const raw = openRaw(path.join(dir, 'daicho.db'), key);
    raw.prepare('UPDATE setting_versions SET value = ? WHERE id = ?').run('"佐々木 次郎"', `register/people/name/${kimura.id}#0`);
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: lastRow, problemCount: 1 });
    raw.close();
  });
});
