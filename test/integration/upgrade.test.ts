import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import type { Migration } from '../../electron/core/store/migrations';
import { assemble } from '../../electron/core/ledgers/registry';

/** Every migration the app runs: the core's and its ledgers'. */
const MIGRATIONS = assemble().migrations;
import { openDatabase } from '../../electron/core/store/database';
import { verifyJournal } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { Caller, openRaw, snapshot, tempDir } from '../helpers/temp-daicho';
import { testAction } from '../helpers/test-action';

// The journal is a one-way door: data written by the previous version (test/fixtures/v3-data, made
// at commit a7837b2, schema v3) opens, migrates in a journaled step, still verifies, and works.

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v3-data');

describe('upgrading data made by the previous version', () => {
  it('verifies it as it is, without migrating or writing anything', async () => {
    const dir = tempDir('daicho-upgrade-verify-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const before = snapshot(dir);
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), checkOnly: true });
    expect(d.store.db.pragma('user_version', { simple: true })).toBe(3);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    expect(() => d.store.write({ actor: 'x', station: 'x' }, (tx) => tx.event(testAction('x'), 'settings', null))).toThrow(/check only/);
    d.close();
    expect(snapshot(dir)).toEqual(before);
  });

  it('migrates v3 → current, journals the migration, keeps every old row verifiable, and everything new works on it', async () => {
    const dir = tempDir('daicho-upgrade-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')) });
    expect(d.store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const migrations = d.store.db.prepare("SELECT actor, after FROM journal WHERE action = 'schema.migrate' ORDER BY seq").all() as { actor: string; after: string }[];
    expect(migrations.map((m) => JSON.parse(m.after) as { from: number; to: number })).toEqual(
      MIGRATIONS.filter((m) => m.version > 3).map((m) => ({ from: m.version - 1, to: m.version, name: m.name })),
    );
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    expect(fs.existsSync(path.join(dir, 'daicho-data.json'))).toBe(true); // the data mark is added to older data

    // The old accounts sign in; old records read; new features write alongside them.
    const sm = new Caller(d);
    const session = await sm.ok('auth.signIn', { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' });
    expect(session.notices).toEqual([]);
    const people = await sm.ok('people.list', {});
    expect(people.rows.map((p) => p.employeeNo).sort()).toEqual(['E1001', 'E1002']);
    const stays = await sm.ok('serverRoom.list', { month: '2026-10' });
    expect(stays.total).toBe(2);
    expect(stays.rows.every((s) => s.stationName === null && s.station === 'browser:fixture-pc')).toBe(true);
    const admin = new Caller(d);
    await admin.ok('auth.signIn', { loginId: 'sato.admin', password: 'Kumo-no-ue-7491' });
    await admin.ok('auth.elevate', { password: 'Kumo-no-ue-7491' });
    const clerk = (await admin.ok('accounts.list', {})).find((a) => a.loginId === 'tanaka.clerk')!;
    await admin.ok('accounts.resetPassword', { id: clerk.id, temporaryPassword: 'Atarashii-kagi-5521', reason: '忘れたため' });
    // Stations are registered from their first write after the upgrade, and can be named.
    expect(await admin.ok('stations.rename', { id: 'test', name: '試験用端末' })).toMatchObject({ id: 'test', name: '試験用端末' });
    expect((await admin.ok('stations.list', {})).map((s) => s.id)).toEqual(['test']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});

// Issue 7: a migration declares its changes to journaled tables; verify applies them to the records
// last written before them. A further migration (as a later version would ship) adds a column,
// renames one and backfills through the one write path, on top of the shipped ones.
const LATER: Migration = {
  version: MIGRATIONS.at(-1)!.version + 1,
  name: 'test-later-version',
  changes: [
    { op: 'add_column', table: 'people', column: 'email', definition: 'TEXT', default: null },
    { op: 'rename_column', table: 'people', from: 'department', to: 'department_name' },
    { op: 'add_column', table: 'sites', column: 'phone', definition: "TEXT NOT NULL DEFAULT '-'", default: '-' },
  ],
  backfill: (tx) => {
    const first = tx.stmt("SELECT id FROM people WHERE employee_no = 'E1001'").get() as { id: string };
    tx.update('people', first.id, { email: 'e1001@example.jp' }, { action: testAction('people.backfill_email') });
  },
};

function upgraded(tamperBefore?: (db: ReturnType<typeof openRaw>) => void) {
  const { key, file } = tampered(tamperBefore);
  const db = openDatabase({ file, key: Buffer.from(key, 'hex'), migrations: [...MIGRATIONS, LATER] });
  return { db, key, file };
}

/** A copy of the v3 data, changed outside the app by `tamperBefore`. */
function tampered(tamperBefore?: (db: ReturnType<typeof openRaw>) => void) {
  const dir = tempDir('daicho-upgrade-later-');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const key = fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim();
  const file = path.join(dir, 'daicho.db');
  if (tamperBefore) {
    const raw = openRaw(file, key);
    tamperBefore(raw);
    raw.close();
  }
  return { dir, key, file };
}

const latestSeq = (db: ReturnType<typeof openRaw>, table: string, where: string) =>
  (db.prepare(`SELECT max(j.seq) AS s FROM journal j JOIN ${table} t ON t.id = j.entity_id WHERE j.entity = '${table}' AND j.kind = 'row' AND ${where}`).get() as { s: number }).s;

describe('migrations that keep verify true (issue 7)', () => {
  it('adds a column, renames one and backfills: the schema rows are in the chain and every older record still verifies', async () => {
    const { db, file, key } = upgraded();
    const changes = (db.prepare("SELECT entity, after FROM journal WHERE action = 'schema.change' AND actor = 'migration' ORDER BY seq").all() as { entity: string; after: string }[]).map(
      (r) => JSON.parse(r.after) as { op: string },
    );
    expect(changes.map((c) => c.op)).toEqual([
      ...['create_table', 'add_column', 'drop_column', 'journal_format'], // 5
      ...['create_table', 'create_table', 'drop_table', 'drop_column', 'drop_column', 'drop_column', 'drop_column', 'drop_column'], // 7
      ...['create_table', 'create_table'], // 8: the cabinets register and log
      ...['create_table', 'create_table'], // 9: the assets register and checkouts
      ...['create_table', 'create_table'], // 10: the systems register and access-log checks
      ...['create_table'], // 11: the last-exit checklist
      ...['create_table', 'create_table'], // 12: guest cards and visitor reception
      ...['add_column', 'create_table', 'create_table', 'create_table', 'create_table', 'create_table'], // 13: the monthly review (account sites, designations, keys, dispositions, seals, changes after a seal)
      ...['create_table', 'create_table'], // 14: stations enrolled on the office LAN, door records delivered late
      ...['add_column'], // 15: visitors' names erasable after the retention period
      ...['create_table'], // 16: what a door terminal saw of PINs while offline
      ...['add_column'], // 17: when a cabinet's lock was recorded
      ...['add_column'], // 18: when an asset's return was recorded
      ...['add_column'], // 19: when a visitor's sign-out was recorded
      ...['add_column', 'add_column'], // 20: a reopening of a seal is signed (its key and signature)
      ...['create_table'], // 23: anomalies a correction or a void took away (21 and 22 are indexes)
      ...['create_table'], // 24: the rule settings' versions, each in force from when it was made
      ...['add_column'], // 33: a door terminal's delivered records erasable after the retention period
      ...['add_column'], // 36: what the rules read of a stay's companions, kept when the names are erased
      ...['create_table'], // 38: what a door terminal refused while offline
      ...['add_column'], // 47: since when an asset has been in its state
      ...['create_table'], // 49: the passwords before each account's current one
      ...['create_table'], // 50: the records a retention erasure kept, changed outside Daicho
      ...['add_column', 'rename_column', 'add_column'], // the later one
    ]);
    const people = db.prepare('SELECT employee_no, department_name, email FROM people ORDER BY employee_no').all();
    expect(people).toEqual([
      { employee_no: 'E1001', department_name: expect.any(String), email: 'e1001@example.jp' },
      { employee_no: 'E1002', department_name: expect.any(String), email: null },
    ]);
    // The authorization history was carried over from the journal (migration 5), then made periods (7), through the write path.
    expect(db.prepare('SELECT p.employee_no, a.valid_to FROM authorizations a JOIN people p ON p.id = a.person_id').all()).toEqual([{ employee_no: 'E1001', valid_to: null }]);
    expect(verifyJournal(db)).toMatchObject({ ok: true, problemCount: 0 });
    expect(await verifyInWorkers({ file, key: Buffer.from(key, 'hex'), ranges: 5 })).toMatchObject({ ok: true, problemCount: 0, fileProblems: [] });
    db.close();
  });

  it('names a record changed outside the app after the migration by the sequence number of its last row', () => {
    const { db } = upgraded();
    const seq = latestSeq(db, 'people', "t.employee_no = 'E1002'");
    db.prepare("UPDATE people SET department_name = '人事部' WHERE employee_no = 'E1002'").run(); // written before the migration
    const seqSite = latestSeq(db, 'sites', "t.code = (SELECT min(code) FROM sites)");
    db.prepare("UPDATE sites SET phone = '06-0000-0000' WHERE code = (SELECT min(code) FROM sites)").run(); // a column the migration added
    const r = verifyJournal(db);
    db.close();
    expect(r).toMatchObject({ ok: false, problemCount: 2 });
    expect(r.problems.map((p) => p.seq).sort((a, b) => a - b)).toEqual([seq, seqSite].sort((a, b) => a - b));
  });

  it('an upgrade leaves a record changed outside the app as it found it (its backfill not applied, and said so); verify names the record; the app does not write over it', () => {
    let seq = 0;
    const { db } = upgraded((raw) => {
      seq = latestSeq(raw, 'people', "t.employee_no = 'E1001'");
      raw.prepare("UPDATE people SET kana = 'ニセモノ' WHERE employee_no = 'E1001'").run();
    });
    // Without it, the backfill journaled the tampered kana as the record's own, and verify saw nothing.
    expect(db.prepare("SELECT kana, email FROM people WHERE employee_no = 'E1001'").get()).toEqual({ kana: 'ニセモノ', email: null });
    const id = (db.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").get() as { id: string }).id;
    expect(db.prepare("SELECT actor, entity, entity_id AS id, after FROM journal WHERE action = 'migration.changed_outside_kept'").all()).toEqual([{ actor: 'migration', entity: 'people', id, after: JSON.stringify({ seq }) }]);
    expect(db.pragma('user_version', { simple: true })).toBe(LATER.version);
    expect(verifyJournal(db)).toMatchObject({ ok: false, problemCount: 1, firstBadSeq: seq });
    db.close();
  });

  it('names a record changed outside the app before the migration, and a backfilled one changed after it', () => {
    let seq = 0;
    const { db } = upgraded((raw) => {
      seq = latestSeq(raw, 'people', "t.employee_no = 'E1002'");
      raw.prepare("UPDATE people SET kana = 'ニセモノ' WHERE employee_no = 'E1002'").run();
    });
    const seqBackfill = latestSeq(db, 'people', "t.employee_no = 'E1001'");
    expect((db.prepare('SELECT action FROM journal WHERE seq = ?').get(seqBackfill) as { action: string }).action).toBe(testAction('people.backfill_email'));
    db.prepare("UPDATE people SET email = 'x@example.jp' WHERE employee_no = 'E1001'").run();
    const r = verifyJournal(db);
    db.close();
    expect(r).toMatchObject({ ok: false, problemCount: 2, firstBadSeq: Math.min(seq, seqBackfill) });
    expect(r.problems.map((p) => p.seq)).toEqual([seq, seqBackfill].sort((a, b) => a - b));
  });
});
