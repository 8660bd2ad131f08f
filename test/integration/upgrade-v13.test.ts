import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { retentionStatus } from '../../electron/core/retention';
import { Caller, tempDir } from '../helpers/temp-daicho';
import { manualClock } from './server-room-fixture';
import { disposeAll, shown } from './review-fixture';

// Issue 13 and issue 7 point 6: data written by schema v13 (test/fixtures/v13-data, commit 6629294,
// the version before this one; made by make-v13-data.ts.txt) is migrated by migration 14 (stations
// on the office LAN, door deliveries) and migration 15 (visitors' names erasable): everything still
// verifies, the seal still holds, the LAN can be turned on, and a visitor received from now on can
// be erased after the period — the ones written before have no salt, and are counted as not erasable.

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v13-data');
const PW = { clerk: 'Haru-no-umi-8842', sm: 'Aki-no-yoru-3127' };

describe('upgrade from schema v13 (issue 13, issue 7 point 6)', () => {
  it('migrates 14 to 16 on data with visitors and a seal: verify passes, old visitors are kept as they were, new ones are erasable', async () => {
    const dir = tempDir('daicho-upgrade-v13-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const key = fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim();
    const c = manualClock('2026-11-30T01:00:00.000Z');
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), clock: c.clock });
    const changes = (d.store.db.prepare("SELECT after FROM journal WHERE action = 'schema.change' AND actor = 'migration' ORDER BY seq").all() as { after: string }[]).map((r) => JSON.parse(r.after) as { op: string; table?: string; column?: string });
    // Migrations 14–16, then those since (upgrade-v16.test.ts).
    const from14 = changes.findIndex((ch) => ch.op === 'create_table' && ch.table === 'lan_stations');
    expect(changes.slice(from14, from14 + 4)).toEqual([
      expect.objectContaining({ op: 'create_table', table: 'lan_stations' }),
      expect.objectContaining({ op: 'create_table', table: 'door_deliveries' }),
      expect.objectContaining({ op: 'add_column', table: 'visitor_visits', column: 'personal_erased_at' }),
      expect.objectContaining({ op: 'create_table', table: 'door_pin_reports' }),
    ]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, seals: 1 });

    // Past the 5 years: the 2019 visitor, written before names had a salt, cannot be erased (counted apart).
    // The 2019 visitor's month was never signed off: from migration 46 it waits for that (below: then it cannot be erased, having no salt).
    expect(retentionStatus(d.store, d.settings, 'visitors', c.clock())).toMatchObject({ erasable: 0, notErasable: 0, unsigned: 1, erased: 0 });
    // The old visitors are as they were.
    const clerk = new Caller(d);
    await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PW.clerk });
    const list = await clerk.ok('visitors.list', {});
    expect(list.rows.map((r) => [r.name, r.company, r.personalErasedAt])).toEqual(
      expect.arrayContaining([['旧版 来訪子', '旧版保守株式会社（本社）', null], ['最近 来訪者', '現役保守株式会社', null]]),
    );
    // A visitor received now is salted (its name committed by a digest), and correctable as before.
    const hq = (await clerk.ok('sites.list', {}))[0];
    const host = (d.store.db.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").get() as { id: string }).id;
    const now = await clerk.ok('visitors.add', { siteId: hq.id, name: '新版 来訪者', company: '新版株式会社', purpose: '打合せ', hostId: host, area: 'reception', arrivedAt: '2026-11-30T00:50:00.000Z' });
    await clerk.ok('visitors.amend', { id: now.id, changes: { purpose: 'サーバ保守の打合せ' }, reason: '目的の補足' });
    const salted = d.store.db.prepare('SELECT personal_salt FROM visitor_visits WHERE id = ?').get(now.id) as { personal_salt: string | null };
    expect(salted.personal_salt).toMatch(/^[0-9a-f]{32}$/);
    const journaled = d.store.db.prepare("SELECT after FROM journal WHERE entity = 'visitor_visits' AND entity_id = ? ORDER BY seq LIMIT 1").get(now.id) as { after: string };
    expect(journaled.after).not.toContain('新版 来訪者');
    // The 2019 visitor signed out (never done then) and March 2019 signed off now: five years on, it is
    // past the period but has no salt: counted apart, not erasable (October's and November's wait for their sign-off).
    const old = list.rows.find((r) => r.name === '旧版 来訪子')!;
    await clerk.ok('visitors.signOut', { id: old.id, leftAt: '2019-03-11T01:30:00.000Z', cardReturned: false });
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: 'suzuki.sm', password: PW.sm });
    const march = { ledger: 'visitors', siteId: hq.id, month: '2019-03' };
    await disposeAll(sm, march);
    await sm.ok('review.sign', { ...march, password: PW.sm, meaning: 'approve', shownHead: await shown(sm, march) });
    expect(retentionStatus(d.store, d.settings, 'visitors', new Date('2031-12-02T01:00:00.000Z'))).toMatchObject({ erasable: 0, notErasable: 1, unsigned: 2, stillOpen: 0, erased: 0 });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
    expect(await verifyInWorkers({ file: path.join(dir, 'daicho.db'), key: Buffer.from(key, 'hex'), ranges: 3 })).toMatchObject({ ok: true, problemCount: 0, fileProblems: [] });
  });
});
