import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { openDatabase } from '../../electron/core/store/database';
import { verifyJournal } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { Caller, openRaw, tempDir } from '../helpers/temp-daicho';
import { manualClock, MIN } from './server-room-fixture';
import { assemble } from '../../electron/core/ledgers/registry';

// Issue 8 item 4: data written by schema v6 (test/fixtures/v6-data, commit c4e30c8), where the
// server-room authorization and the door card and PIN were columns of `people`, is migrated by
// migration 7: the authorizations become dated periods, the cards and PINs (with their lockout
// counters) door credentials, the moved columns are dropped — and the register, the book and the
// door go on as before, and everything still verifies.

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v6-data');
const PW = { sm: 'Hoshi-zora-2283', clerk: 'Sakura-fubuki-3917' };
/** 山田's PIN was locked at 00:05 until 00:20 (UTC) on 2 October; the data is opened during the lock. */
const OPENED_AT = '2026-10-02T00:10:00.000Z';

function copyFixture(): { dir: string; file: string; key: string } {
  const dir = tempDir('daicho-upgrade-v6-');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return { dir, file: path.join(dir, 'daicho.db'), key: fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim() };
}

async function upgraded() {
  const f = copyFixture();
  const c = manualClock(OPENED_AT);
  const d = await openDaicho({ dataDir: f.dir, keyStore: new RawKeyFileStore(path.join(f.dir, 'raw.key')), clock: c.clock });
  const db = d.store.db;
  const personId = (employeeNo: string) => (db.prepare('SELECT id FROM people WHERE employee_no = ?').get(employeeNo) as { id: string }).id;
  const accountId = (loginId: string) => (db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(loginId) as { id: string }).id;
  return { ...f, c, d, db, personId, accountId };
}

const periodsOf = (db: ReturnType<typeof openRaw>, employeeNo: string) =>
  db
    .prepare(
      `SELECT a.area, a.valid_from, a.valid_to, a.granted_by, a.granted_at, a.reason, a.ended_by, a.ended_at, a.end_reason
       FROM authorizations a JOIN people p ON p.id = a.person_id WHERE p.employee_no = ? ORDER BY a.valid_from`,
    )
    .all(employeeNo);

const latestSeq = (db: ReturnType<typeof openRaw>, table: string, id: string) =>
  (db.prepare(`SELECT max(seq) AS s FROM journal WHERE entity = ? AND entity_id = ? AND kind = 'row'`).get(table, id) as { s: number }).s;

describe('upgrading schema v6 data: authorizations and door credentials out of people (migration 7)', () => {
  it('verifies v6 data as it is, before migrating', async () => {
    const { dir } = copyFixture();
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), checkOnly: true });
    expect(d.store.db.pragma('user_version', { simple: true })).toBe(6);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('moves the authorizations into dated periods and the cards and PINs into door credentials, drops the moved columns, and verifies', async () => {
    const { d, db, file, key, accountId } = await upgraded();
    expect(db.pragma('user_version', { simple: true })).toBe(assemble().migrations.at(-1)!.version);
    const sm = accountId('suzuki.sm');

    // Grants and revokes became periods: from the grant (inclusive) to the revoke (exclusive), with who and why.
    expect(periodsOf(db, 'E1001')).toEqual([
      { area: 'server_room', valid_from: '2026-09-01T00:00:00.000Z', valid_to: null, granted_by: sm, granted_at: '2026-09-01T00:00:00.000Z', reason: null, ended_by: null, ended_at: null, end_reason: null },
    ]);
    expect(periodsOf(db, 'E1002')).toEqual([]);
    expect(periodsOf(db, 'E1003')).toEqual([
      {
        area: 'server_room', valid_from: '2026-09-01T00:00:00.000Z', valid_to: '2026-09-20T00:00:00.000Z', granted_by: sm, granted_at: '2026-09-01T00:00:00.000Z', reason: null,
        ended_by: sm, ended_at: '2026-09-20T00:00:00.000Z', end_reason: '異動のため権限停止',
      },
      { area: 'server_room', valid_from: '2026-10-01T00:00:00.000Z', valid_to: null, granted_by: sm, granted_at: '2026-10-01T00:00:00.000Z', reason: '保守担当に復帰', ended_by: null, ended_at: null, end_reason: null },
    ]);
    expect(periodsOf(db, 'E1004')).toEqual([
      {
        area: 'server_room', valid_from: '2026-09-10T00:00:00.000Z', valid_to: '2026-10-01T00:00:00.000Z', granted_by: sm, granted_at: '2026-09-10T00:00:00.000Z', reason: 'サーバ保守担当に任命',
        ended_by: sm, ended_at: '2026-10-01T00:00:00.000Z', end_reason: 'サーバ保守担当を解任',
      },
    ]);

    // Cards, PINs and the PIN lockout counters, as they were (山田's lock still running, 佐々木's two wrong PINs).
    expect(
      db.prepare('SELECT p.employee_no, c.card_no, c.pin_hash IS NOT NULL AS pin, c.pin_failed_count, c.pin_locked_until FROM door_credentials c JOIN people p ON p.id = c.person_id ORDER BY p.employee_no').all(),
    ).toEqual([
      { employee_no: 'E1001', card_no: 'CARD1101', pin: 1, pin_failed_count: 0, pin_locked_until: '2026-10-02T00:20:00.000Z' },
      { employee_no: 'E1003', card_no: 'CARD1003', pin: 1, pin_failed_count: 2, pin_locked_until: null },
      { employee_no: 'E1004', card_no: 'CARD1004', pin: 0, pin_failed_count: 0, pin_locked_until: null },
    ]);

    // What nothing reads any more is gone.
    const columns = (db.prepare("SELECT name FROM pragma_table_info('people')").all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'name', 'kana', 'employee_no', 'department', 'site_id', 'active', 'created_at', 'recorded_by', 'station']);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'server_room_authorization_changes'").all()).toEqual([]);
    // The people table was rebuilt with its constraints and indexes (and migration 30's on the folded employee number).
    expect((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' ORDER BY name").all() as { name: string }[]).map((r) => r.name)).toEqual([
      'people_employee_no_upper', 'people_kana', 'people_site', 'sqlite_autoindex_people_1', 'sqlite_autoindex_people_2',
    ]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // The migration is journaled: its declared changes in order, its backfill by the migration actor.
    const m7 = db
      .prepare("SELECT after FROM journal WHERE action = 'schema.change' AND json_extract(after, '$.migration') = 7 ORDER BY seq")
      .all()
      .map((r) => JSON.parse((r as { after: string }).after) as { op: string; table: string; column?: string });
    expect(m7.map((c) => `${c.op} ${c.table}${c.column ? '.' + c.column : ''}`)).toEqual([
      'create_table authorizations', 'create_table door_credentials', 'drop_table server_room_authorization_changes',
      'drop_column people.server_room_authorized', 'drop_column people.pin_hash', 'drop_column people.pin_failed_count', 'drop_column people.pin_locked_until',
      'drop_column people.card_no',
    ]);
    expect(db.prepare("SELECT action, count(*) AS n FROM journal WHERE actor = 'migration' AND kind = 'row' GROUP BY action ORDER BY action").all()).toEqual([
      { action: 'migration.access_log_finding_rule', n: 1 }, // migration 42: from when an anomaly found with its action is the review's
      { action: 'migration.authorization', n: 4 },
      { action: 'migration.door_credential', n: 3 },
      { action: 'migration.visitor_hours_rule', n: 1 }, // migration 37: from when visits are judged by the whole business day
      { action: 'migration.visitor_late_rule', n: 1 }, // migration 51: from when a slip written late is marked
      { action: 'settings.set', n: 1 }, // migration 13: the first month to review
      { action: 'settings.versions.backfill', n: 2 }, // migration 34: the company name's versions (the defaults, then setup's)
    ]);

    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
    expect(await verifyInWorkers({ file, key: Buffer.from(key, 'hex'), ranges: 5 })).toMatchObject({ ok: true, problemCount: 0, fileProblems: [] });
  });

  it('the register, the book and the door go on as before: authorization judged at the time of entry, PINs and their locks carried over', async () => {
    const { d, c, personId } = await upgraded();
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: 'suzuki.sm', password: PW.sm });

    // The register: the same authorizations and cards.
    const people = (await sm.ok('people.list', { sort: 'employeeNo' })).rows;
    expect(people.map((p) => [p.employeeNo, p.cardNo, p.serverRoomAuthorized])).toEqual([
      ['E1001', '••••1101', true], ['E1002', null, false], ['E1003', '••••1003', true], ['E1004', '••••1004', false],
    ]);

    // The book: each stay judged by the authorization in force when the person entered.
    const notAuthorized = async () =>
      (await sm.ok('serverRoom.list', { month: '2026-09', sort: 'enteredAt', pageSize: 100 })).rows.map((s) => [s.employeeNo, s.enteredAt, s.anomalies.some((a) => a.code === 'not_authorized')]);
    expect(await notAuthorized()).toEqual([
      ['E1003', '2026-09-24T00:30:00.000Z', true], // 佐々木, between his revoke and his new grant
      ['E1001', '2026-09-15T00:00:00.000Z', false],
      ['E1004', '2026-09-14T02:00:00.000Z', false],
      ['E1003', '2026-09-14T00:30:00.000Z', false],
      ['E1004', '2026-09-03T00:30:00.000Z', true], // 高橋, before his grant
    ]);
    // New records are judged the same way, from the periods: 高橋 late-recorded within his period, and before it.
    const clerk = new Caller(d);
    await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PW.clerk });
    const hq = (await sm.ok('sites.list', {}))[0];
    const record = (enteredAt: string) =>
      clerk.ok('serverRoom.record', { siteId: hq.id, personId: personId('E1004'), enteredAt, exitedAt: new Date(Date.parse(enteredAt) + 20 * MIN).toISOString(), purpose: 'maintenance', notes: '後日記入' });
    expect((await record('2026-09-30T23:59:00.000Z')).anomalies.map((a) => a.code)).not.toContain('not_authorized'); // a minute before his end
    expect((await record('2026-09-09T01:00:00.000Z')).anomalies.map((a) => a.code)).toContain('not_authorized');

    // The door: 山田's PIN is still locked; 佐々木's PIN works (his two failures are reset); cards as reissued.
    const t = new Caller(d, 'door-pc');
    await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PW.clerk });
    await t.ok('terminal.start', { siteId: hq.id, password: PW.clerk });
    expect(await t.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });
    expect(await t.ok('terminal.identify', { employeeNo: 'E1003', pin: '3916' })).toMatchObject({ personName: '佐々木 健', authorized: true, canEnter: true });
    expect(d.store.db.prepare("SELECT pin_failed_count FROM door_credentials WHERE person_id = ?").get(personId('E1003'))).toEqual({ pin_failed_count: 0 });
    expect(await t.ok('terminal.identify', { cardNo: 'CARD1101' })).toMatchObject({ personName: '山田 太郎', canEnter: true });
    expect(await t.call('terminal.identify', { cardNo: 'CARD1001' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.unknown_card' } });
    expect(await t.call('terminal.identify', { cardNo: 'CARD1004' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.not_authorized' } });
    c.set('2026-10-02T00:20:00.000Z'); // the lock's end
    expect(await t.ok('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ personName: '山田 太郎', canEnter: true });
    // A wrong PIN is still a journaled update of the credential.
    expect(await t.call('terminal.identify', { employeeNo: 'E1003', pin: '1111' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    expect(d.store.db.prepare("SELECT action, entity FROM journal ORDER BY seq DESC LIMIT 1").get()).toEqual({ action: 'terminal.pin_fail', entity: 'door_credentials' });

    // Granting again opens a new period; the register shows it.
    await sm.ok('auth.signIn', { loginId: 'suzuki.sm', password: PW.sm });
    expect(await sm.ok('people.amend', { id: personId('E1004'), changes: { serverRoomAuthorized: true }, reason: '再任命' })).toMatchObject({ serverRoomAuthorized: true });
    expect(await t.ok('terminal.identify', { cardNo: 'CARD1004' })).toMatchObject({ personName: '高橋 誠', canEnter: true });

    // The person's history reads as one across the migration: authorization and card as they were, the door's PIN life.
    const h = await sm.ok('history.get', { entity: 'people', id: personId('E1003') });
    expect(h.map((e) => [e.action, e.after?.server_room_authorized, e.after?.card_no, e.after?.pin_failed_count])).toEqual([
      ['people.add', 1, '••••1003', 0],
      ['me.set_pin', 1, '••••1003', 0],
      ['terminal.pin_fail', 1, '••••1003', 1],
      ['terminal.pin_fail', 1, '••••1003', 2],
      ['people.amend', 0, '••••1003', 2],
      ['people.amend', 1, '••••1003', 2],
      ['terminal.pin_reset_failures', 1, '••••1003', 0],
      ['terminal.pin_fail', 1, '••••1003', 1],
    ]);
    expect(h[4]).toMatchObject({ reason: '異動のため権限停止', before: { server_room_authorized: 1 }, after: { server_room_authorized: 0, pin_hash: '••••' } });

    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('names a credential, a period and a person changed outside the app after the migration, in one thread and in workers', async () => {
    const { dir, file, key } = copyFixture();
    openDatabase({ file, key: Buffer.from(key, 'hex'), clock: () => new Date(OPENED_AT), migrations: assemble().migrations }).close();
    const db = openRaw(file, key);
    const id = (sql: string) => (db.prepare(sql).get() as { id: string }).id;
    const credential = id("SELECT id FROM door_credentials WHERE card_no = 'CARD1003'");
    const period = id("SELECT a.id FROM authorizations a JOIN people p ON p.id = a.person_id WHERE p.employee_no = 'E1004'");
    const person = id("SELECT id FROM people WHERE employee_no = 'E1002'");
    const seqs = [latestSeq(db, 'door_credentials', credential), latestSeq(db, 'authorizations', period), latestSeq(db, 'people', person)].sort((a, b) => a - b);
    db.prepare('UPDATE door_credentials SET pin_failed_count = 0 WHERE id = ?').run(credential); // someone wipes the evidence of wrong PINs
    db.prepare('UPDATE authorizations SET valid_to = NULL WHERE id = ?').run(period); // or keeps a revoked authorization open
    db.prepare("UPDATE people SET kana = 'ニセモノ' WHERE id = ?").run(person); // a row last written before the migration
    const r = verifyJournal(db);
    db.close();
    expect(r).toMatchObject({ ok: false, problemCount: 3, firstBadSeq: seqs[0] });
    expect(r.problems.map((p) => p.seq)).toEqual(seqs);
    const w = await verifyInWorkers({ file, key: Buffer.from(key, 'hex'), ranges: 4 });
    expect(w).toMatchObject({ ok: false, problemCount: 3 });
    expect(w.problems.map((p) => p.seq)).toEqual(seqs);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names a journaled table dropped outside the app; a table dropped by a migration is not a problem', () => {
    const { file, key } = copyFixture();
    const db = openRaw(file, key);
    const first = (db.prepare("SELECT min(seq) AS s FROM journal WHERE entity = 'server_room_authorization_changes' AND kind = 'row'").get() as { s: number }).s;
    db.exec('DROP TABLE server_room_authorization_changes');
    const r = verifyJournal(db);
    db.close();
    expect(r).toMatchObject({ ok: false, problemCount: 1, firstBadSeq: first });
    expect(r.problem).toMatch(/server_room_authorization_changes is missing, with the 8 records/);
  });

  it('the register has the last word: an authorization out of step with its changes is opened at the migration', () => {
    const { file, key } = copyFixture();
    const raw = openRaw(file, key);
    raw.prepare("UPDATE people SET server_room_authorized = 1 WHERE employee_no = 'E1002'").run(); // changed outside the app, no change recorded
    raw.close();
    const db = openDatabase({ file, key: Buffer.from(key, 'hex'), clock: () => new Date(OPENED_AT), migrations: assemble().migrations });
    expect(periodsOf(db, 'E1002')).toEqual([
      { area: 'server_room', valid_from: OPENED_AT, valid_to: null, granted_by: 'migration', granted_at: OPENED_AT, reason: null, ended_by: null, ended_at: null, end_reason: null },
    ]);
    db.close();
  });
});
