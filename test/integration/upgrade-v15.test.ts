import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { deliverDoorEntry, doorSnapshot } from '../../electron/core/ledgers/server-room/offline';
import { tempDir } from '../helpers/temp-daicho';
import { manualClock } from './server-room-fixture';

// Migration 16 (the door terminal's offline PIN reports) on data written by schema v15
// (test/fixtures/v15-data, commit bf090b9, the version before this one; made by
// make-v15-data.ts.txt): 山田 mistyped his PIN twice at the door, a door-terminal station delivered an
// entry and an exit it took offline, and October at HQ is signed. Everything still verifies, the seal
// holds, the door's copy carries the host's count, and reports delivered now are counted on top of it.

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v15-data');

describe('upgrade from schema v15 (migration 16)', () => {
  it('migrates 16 on data with door deliveries, PIN failures and a seal: verify passes, and the count goes on', async () => {
    const dir = tempDir('daicho-upgrade-v15-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const key = fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim();
    const c = manualClock('2026-11-30T01:00:00.000Z');
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), clock: c.clock });
    expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(16);
    const changes = (d.store.db.prepare("SELECT after FROM journal WHERE action = 'schema.change' AND actor = 'migration' ORDER BY seq").all() as { after: string }[]).map((r) => JSON.parse(r.after) as { op: string; table?: string });
    // Migration 16, then those since (upgrade-v16.test.ts).
    expect(changes).toContainEqual(expect.objectContaining({ op: 'create_table', table: 'door_pin_reports' }));
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, seals: 1 });

    const hq = d.store.db.prepare("SELECT id FROM sites WHERE code = 'HQ'").get() as { id: string };
    const yamada = d.store.db.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").get() as { id: string };
    const station = { id: 'lan:0a0b0c0d', siteId: hq.id };
    const at = 'terminal:HQ:lan:0a0b0c0d';
    // The door's copy carries the two wrong PINs typed before the upgrade.
    const snap = doorSnapshot(d.store, d.settings, { ...station, name: '本社サーバ室入口' }, at, c.clock());
    expect(snap.people.find((p) => p.id === yamada.id)).toMatchObject({ pinFailedCount: 2, pinLockedUntil: null });
    // What the station delivered before the upgrade is still answered the same (recorded once).
    expect(deliverDoorEntry(d.store, d.settings, station, at, { id: 'door-e1', kind: 'enter', personId: yamada.id, occurredAt: '2026-10-07T01:00:00.000Z', purpose: 'maintenance' }, c.clock())).toMatchObject({ outcome: 'recorded' });
    expect((d.store.db.prepare('SELECT count(*) AS n FROM door_deliveries').get() as { n: number }).n).toBe(2);
    // A wrong PIN it reports now is counted on top: the third.
    c.advance(60_000);
    expect(deliverDoorEntry(d.store, d.settings, station, at, { id: 'pin-1', kind: 'pin_fail', personId: yamada.id, occurredAt: '2026-11-30T01:00:30.000Z' }, c.clock())).toMatchObject({ outcome: 'recorded' });
    expect(d.store.db.prepare('SELECT pin_failed_count AS n FROM door_credentials WHERE person_id = ?').get(yamada.id)).toEqual({ n: 3 });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, seals: 1 });
    d.close();
    expect(await verifyInWorkers({ file: path.join(dir, 'daicho.db'), key: Buffer.from(key, 'hex'), ranges: 3 })).toMatchObject({ ok: true, problemCount: 0, fileProblems: [] });
  });
});
