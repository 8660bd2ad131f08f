import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { verifyJournal } from '../../electron/core/journal/verify';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { assetStateSinceMigration } from '../../electron/core/ledgers/assets/migration';
import { Caller, openRaw, tempDir } from '../helpers/temp-daicho';
import { openFixture } from '../helpers/upgrade-fixture';
import { jst } from './server-room-fixture';

// Migration 47 on data written by schema v46 (test/fixtures/v46-data, commit 8fad53c, made by
// make-v46-data.ts.txt), whose rule "a paper slip's return ends before the asset went to repair" read
// since when from the journal's JSON. SD-001 lost (3 Nov), SD-002 out and back, then to repair (5 Nov
// 14:00), SD-003 disposed (6 Nov 11:00), SD-004 out (10 Nov), SD-005 never moved. The migration gives
// each asset its `state_since` from its journal rows, journaled; the rule reads it; everything verifies;
// a change outside the app after the upgrade is named, and one before it stops the upgrade.

const CLERK = { loginId: 'tanaka.clerk', password: 'Sakura-fubuki-3917' };

it('upgrade from schema v46 (migration 47): since when each asset has been in its state comes from its journal rows; the paper-slip rule reads it; verify passes; a change outside the app is named', async () => {
  const { dir, key, d } = await openFixture('v46-data', jst('2026-11-25', '09:00'));
  const db = d.store.db;
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(assetStateSinceMigration.version);
  const since = () => Object.fromEntries((db.prepare('SELECT asset_tag, state, state_since FROM assets ORDER BY asset_tag').all() as { asset_tag: string; state: string; state_since: string }[]).map((r) => [r.asset_tag, [r.state, r.state_since]]));
  expect(since()).toEqual({
    'SD-001': ['lost', '2026-11-03T00:00:00.000Z'], // the loss's write (its loss time, 2 Nov 23:30 UTC, is the checkout's)
    'SD-002': ['repair', '2026-11-05T05:00:00.000Z'],
    'SD-003': ['disposed', '2026-11-06T02:00:00.000Z'],
    'SD-004': ['out', '2026-11-10T00:30:00.000Z'],
    'SD-005': ['in_storage', '2026-11-02T01:00:00.000Z'],
  });
  // Written through the one write path by the migration: journaled, and verified.
  expect(db.prepare("SELECT count(*) FROM journal WHERE entity = 'assets' AND action = 'migration.asset_state_since' AND actor = 'migration'").pluck().get()).toBe(5);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });

  const clerk = new Caller(d);
  await clerk.ok('auth.signIn', CLERK);
  const assets = Object.fromEntries((await clerk.ok('assets.list', {})).rows.map((a) => [a.assetTag, a]));
  const people = Object.fromEntries((await clerk.ok('people.list', {})).rows.map((p) => [p.employeeNo, p.id]));
  const slip = (tag: string, from: string, to: string) => ({
    assetId: assets[tag].id, borrowerId: people.E1002, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: from, dueAt: jst('2026-11-07', '18:00'),
    returnedAt: to, receivedBy: people.E1001, condition: 'good', dataHandling: null, notes: null,
  });
  // In repair since 5 Nov 14:00, disposed since 6 Nov 11:00: a paper slip ending after that is refused, said with the time.
  expect(await clerk.call('checkouts.add', slip('SD-002', jst('2026-11-05', '09:00'), jst('2026-11-05', '15:00')))).toMatchObject({
    ok: false, error: { field: 'returnedAt', messageKey: 'assets.errors.slip_after_state', params: { state: 'assets.values.state.repair', at: '2026-11-05T05:00:00.000Z' } },
  });
  expect(await clerk.call('checkouts.add', slip('SD-003', jst('2026-11-06', '09:00'), jst('2026-11-06', '12:00')))).toMatchObject({
    ok: false, error: { messageKey: 'assets.errors.slip_after_state', params: { state: 'assets.values.state.disposed', at: '2026-11-06T02:00:00.000Z' } },
  });
  await clerk.ok('checkouts.add', slip('SD-002', jst('2026-11-05', '09:00'), jst('2026-11-05', '13:00')));
  // A change after the upgrade is dated by its own write.
  await clerk.ok('assets.amend', { id: assets['SD-005'].id, changes: { state: 'repair' }, reason: '読み込み不良のため修理に出した' });
  expect(since()['SD-005']).toEqual(['repair', '2026-11-25T00:00:00.000Z']);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  const backfilled = db.prepare("SELECT max(seq) FROM journal WHERE entity = 'assets' AND entity_id = ?").pluck().get(assets['SD-003'].id) as number;
  d.close();

  // Changed outside the app after the upgrade: the backfilled row is named by its journal row.
  const raw = openRaw(path.join(dir, 'daicho.db'), key);
  raw.prepare('UPDATE assets SET state_since = ? WHERE id = ?').run('2026-12-01T00:00:00.000Z', assets['SD-003'].id);
  expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: backfilled, problemCount: 1 });
  raw.close();
});

it('upgrade from schema v46 (migration 47): an asset changed outside the app before it is left as found, and said so; verify names it; the app does not write over it', async () => {
  const dir = tempDir('daicho-upgrade-v46-tampered-');
  fs.cpSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v46-data'), dir, { recursive: true });
  const key = fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim();
  const raw = openRaw(path.join(dir, 'daicho.db'), key);
  const { id, seq } = raw.prepare("SELECT a.id, max(j.seq) AS seq FROM assets a JOIN journal j ON j.entity = 'assets' AND j.entity_id = a.id WHERE a.asset_tag = 'SD-002'").get() as { id: string; seq: number };
  // Its model changed with the key: the backfill, writing its state_since, would have journaled it as the asset's own.
  raw.prepare("UPDATE assets SET model = 'SanDisk 256GB' WHERE id = ?").run(id);
  raw.close();
  // The upgrade runs in a worker thread, as the app's does.
  const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), clock: () => new Date(jst('2026-11-25', '09:00')) });
  const db = d.store.db;
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(assetStateSinceMigration.version);
  expect(db.prepare('SELECT model, state_since FROM assets WHERE id = ?').get(id)).toEqual({ model: 'SanDisk 256GB', state_since: null });
  expect(db.prepare("SELECT entity_id AS id, after FROM journal WHERE action = 'migration.changed_outside_kept'").all()).toEqual([{ id, after: JSON.stringify({ seq }) }]);
  // The other assets were migrated; verify names the one, by its last journal row.
  expect(db.prepare("SELECT count(*) FROM assets WHERE state_since IS NOT NULL").pluck().get()).toBe(4);
  expect(d.verify()).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
  const clerk = new Caller(d);
  await clerk.ok('auth.signIn', CLERK);
  expect(await clerk.call('assets.amend', { id, changes: { notes: '確認' }, reason: '備考の追記' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.changed_outside', params: { seq } } });
  d.close();
});
