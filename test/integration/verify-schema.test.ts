import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { verifyData, verifyJournal, type VerifyResult } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { expectedSchema, schemaDifferences, schemaOf, sqlWords } from '../../electron/core/journal/verify-schema';
import type { Db } from '../../electron/core/store/database';
import type { SchemaChange } from '../../electron/core/store/schema-changes';
import { assemble } from '../../electron/core/ledgers/registry';
import { openRaw, openTemp, SETUP, tempDir } from '../helpers/temp-daicho';
import { openFixture } from '../helpers/upgrade-fixture';
import { disposeAll, october, shown } from './review-fixture';
import { jst } from './server-room-fixture';

// SPEC §8: verify compares the schema with what Daicho's migrations make at the data's version
// (journal/verify-schema.ts). Found by an insider probe with the key: server_room_stays rebuilt without
// its PRIMARY KEY took a second row with a sealed stay's id (the tables check looked the record up by
// its id and read the first); a journaled table with no rows yet, replaced by a VIEW of made-up rows,
// made the clerk a reviewer — and verify said intact to both.

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** Every verify the app runs: in this thread (d.verify) and in workers (the verify job). */
async function bothVerifies(file: string, key: string): Promise<{ oneThread: VerifyResult; workers: VerifyResult }> {
  const db = openRaw(file, key);
  const oneThread = verifyData(db);
  db.close();
  return { oneThread, workers: await verifyInWorkers({ file, key: Buffer.from(key, 'hex') }) };
}

const texts = (r: VerifyResult) => r.problems.map((p) => p.problem).join('\n');

describe('the schema against what the migrations make', () => {
  let base: { dir: string; key: string; stayId: string; otherPerson: string };

  beforeAll(async () => {
    const f = await october();
    await disposeAll(f.sm, f.unit);
    await f.sm.ok('review.sign', { ...f.unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(f.sm, f.unit) });
    f.d.close();
    base = { dir: f.d.dataDir, key: fs.readFileSync(f.d.keyFile, 'utf8').trim(), stayId: f.ok.id, otherPerson: f.kimura.id };
  });

  /** A copy of the base data changed outside the app with the key; the database file. */
  function forged(change: (db: Db) => void): string {
    const dir = tempDir('daicho-schema-');
    fs.cpSync(base.dir, dir, { recursive: true });
    const file = path.join(dir, 'daicho.db');
    const db = openRaw(file, base.key);
    db.pragma('foreign_keys=OFF');
    change(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return file;
  }

  /** server_room_stays made again without its PRIMARY KEY (as a migration's rebuild does), then a second row with a sealed stay's id. */
  function secondStay(db: Db) {
    const t = 'server_room_stays';
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(t) as string;
    const indexes = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(t) as string[];
    expect(sql).toContain('id TEXT PRIMARY KEY');
    // Named as migration 7's rebuild left it ("server_room_stays", quoted by SQLite's RENAME).
    db.exec(sql.replace('id TEXT PRIMARY KEY', 'id TEXT').replace(/^CREATE TABLE "?server_room_stays"?/, `CREATE TABLE ${t}_x`));
    db.exec(`INSERT INTO ${t}_x SELECT * FROM ${t}; DROP TABLE ${t}; ALTER TABLE ${t}_x RENAME TO ${t}`);
    for (const s of indexes) db.exec(s);
    const stay = db.prepare(`SELECT * FROM ${t} WHERE id = ?`).get(base.stayId) as Record<string, unknown>;
    const fake: Record<string, unknown> = { ...stay, person_id: base.otherPerson, notes: 'USBメモリ持ち出し' };
    const cols = Object.keys(fake);
    db.prepare(`INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => fake[c] as string | number | null));
  }
  const secondStayNamed = () => [
    new RegExp(`server_room_stays has 2 rows with the id ${base.stayId}: a record is one row`),
    /the seal of serverRoom HQ 2026-10 .*: a record it seals \(sequence \d+\) was changed outside Daicho/,
  ];

  it('data made now verifies clean, in one thread and in workers', async () => {
    const r = await bothVerifies(path.join(base.dir, 'daicho.db'), base.key);
    expect(r.oneThread).toMatchObject({ ok: true, problemCount: 0, seals: 1 });
    expect(r.workers).toMatchObject({ ok: true, problemCount: 0, seals: 1 });
  });

  it.each([
    {
      // server_room_stays rebuilt without its PRIMARY KEY, and a second row with a sealed stay's id (the probe).
      forgery: 'PRIMARY KEY dropped, an id twice',
      change: (db: Db) => secondStay(db),
      named: () => [
        /the table server_room_stays is not as Daicho's migrations make at version \d+ \(changed outside Daicho\)/,
        /the index sqlite_autoindex_server_room_stays_1 that Daicho's migrations make at version \d+ is missing/,
        ...secondStayNamed(),
      ],
    },
    {
      // reviewer_designations (no rows yet) replaced by a view making the clerk a reviewer (the probe).
      forgery: 'a table replaced by a view',
      change: (db: Db) => {
        const clerk = db.prepare("SELECT id FROM accounts WHERE login_id = 'tanaka.clerk'").pluck().get() as string;
        db.exec('DROP TABLE reviewer_designations');
        db.exec(`CREATE VIEW reviewer_designations (id, account_id, ledgers, site_ids, valid_from, valid_to, status, void_reason, recorded_by, recorded_at) AS
          SELECT 'd-1', '${clerk}', '["serverRoom"]', (SELECT json_group_array(id) FROM sites), '2026-01-01', '2099-12-31', 'valid', NULL, '${clerk}', '2026-09-01T00:00:00.000Z'`);
      },
      named: () => [/the table reviewer_designations is a view instead/, /the index reviewer_designations_account that Daicho's migrations make at version \d+ is missing/],
    },
    {
      // One card, one person.
      forgery: 'a UNIQUE index dropped',
      change: (db: Db) => db.exec('DROP INDEX door_credentials_card'),
      named: () => [/the index door_credentials_card that Daicho's migrations make at version \d+ is missing \(dropped outside Daicho\)/],
    },
    {
      // Out of the schema's text itself (writable_schema): a site of any kind.
      forgery: 'a CHECK taken out',
      change: (db: Db) => {
        // What the sqlite3 shell lets anyone do (better-sqlite3's defensive mode off).
        db.unsafeMode(true);
        db.pragma('writable_schema=ON');
        const n = db.prepare("UPDATE sqlite_master SET sql = replace(sql, ' CHECK (kind IN (''head'', ''branch''))', '') WHERE type = 'table' AND name = 'sites'").run().changes;
        expect(n).toBe(1);
        db.pragma('writable_schema=OFF');
      },
      named: () => [/the table sites is not as Daicho's migrations make at version \d+ \(changed outside Daicho\): found "….*kind TEXT NOT NULL, sort_order.*", expected "….*kind TEXT NOT NULL CHECK \(kind IN/],
    },
    {
      forgery: 'a column added outside the app',
      change: (db: Db) => db.exec('ALTER TABLE reviewer_designations ADD COLUMN also_signs INTEGER DEFAULT 1'),
      named: () => [/the table reviewer_designations is not as Daicho's migrations make at version \d+ \(changed outside Daicho\): found .*also_signs/],
    },
    {
      forgery: 'an index and a trigger added',
      change: (db: Db) => {
        db.exec('CREATE INDEX people_by_name ON people(name)');
        db.exec("CREATE TRIGGER people_touch AFTER UPDATE ON people BEGIN SELECT 1; END");
      },
      named: () => [/an index Daicho does not make: people_by_name on people \(added outside Daicho\)/, /a trigger Daicho does not make: people_touch on people/],
    },
    {
      // An insider probe: a table and a trigger added, then their type spelled in capitals (SQLite reads
      // them as a table and a trigger all the same): the trigger kept each erased personal value in the table.
      forgery: 'a table and a trigger whose type is spelled in capitals, one of Daicho’s tables too',
      change: (db: Db) => {
        db.exec('CREATE TABLE stash (v)');
        db.exec('CREATE TRIGGER keep_erased BEFORE DELETE ON personal_values BEGIN INSERT INTO stash VALUES (old.value); END');
        db.exec('CREATE VIEW people_view AS SELECT * FROM people');
        db.unsafeMode(true);
        db.pragma('writable_schema=ON');
        for (const [type, name] of [['TABLE', 'stash'], ['TRIGGER', 'keep_erased'], ['View', 'people_view'], ['Table', 'sites']])
          expect(db.prepare('UPDATE sqlite_master SET type = ? WHERE name = ?').run(type, name).changes).toBe(1);
        db.pragma('writable_schema=OFF');
      },
      named: () => [
        /an object of the type "TABLE" Daicho does not make: stash on stash \(added outside Daicho\) \/ 台帳が作らない種類「TABLE」のオブジェクト stash/,
        /a trigger Daicho does not make: keep_erased on personal_values \(its type written "TRIGGER"\)/,
        /an object of the type "View" Daicho does not make: people_view/,
        /the table sites is an object of the type "Table" instead/,
      ],
    },
    {
      // A review: a trigger named as a table is (their names are apart), its type in capitals, would pass
      // a lookup by name that keeps the table.
      forgery: 'a trigger with a table’s name, its type in capitals',
      change: (db: Db) => {
        db.exec("CREATE TRIGGER people BEFORE DELETE ON personal_values BEGIN INSERT INTO daicho_meta (key, value) VALUES ('kept ' || old.rowid, old.value); END");
        db.unsafeMode(true);
        db.pragma('writable_schema=ON');
        expect(db.prepare("UPDATE sqlite_master SET type = 'TRIGGER' WHERE type = 'trigger' AND name = 'people'").run().changes).toBe(1);
        db.pragma('writable_schema=OFF');
      },
      named: () => [/a trigger Daicho does not make: people on personal_values \(its type written "TRIGGER"\)/],
    },
    {
      // An insider probe: a table of personal values named as if SQLite's own.
      forgery: 'a table whose name begins with sqlite_',
      change: (db: Db) => {
        db.exec('CREATE TABLE stash AS SELECT value FROM personal_values');
        db.unsafeMode(true);
        db.pragma('writable_schema=ON');
        expect(db.prepare("UPDATE sqlite_master SET name = 'sqlite_stash', tbl_name = 'sqlite_stash', sql = replace(sql, 'stash', 'sqlite_stash') WHERE name = 'stash'").run().changes).toBe(1);
        db.pragma('writable_schema=OFF');
      },
      named: () => [/a table Daicho does not make: sqlite_stash on sqlite_stash \(added outside Daicho\)/],
    },
  ])('$forgery: named in one thread and in workers', async ({ change, named }) => {
    const r = await bothVerifies(forged(change), base.key);
    for (const v of [r.oneThread, r.workers]) {
      expect(v.ok).toBe(false);
      for (const re of named()) expect(texts(v)).toMatch(re);
    }
    // Both verifies find the same problems.
    expect(r.workers.problems).toEqual(r.oneThread.problems);
  });

  it('a record’s second row is named by the tables check alone too (were the schema check ever bypassed), with the seal covering it', () => {
    const file = forged(secondStay);
    const db = openRaw(file, base.key);
    // verifyJournal: the chain and the tables, without the schema check or SQLite's integrity check.
    const r = verifyJournal(db);
    db.close();
    expect(r.ok).toBe(false);
    for (const re of secondStayNamed()) expect(texts(r)).toMatch(re);
    expect(texts(r)).not.toMatch(/Daicho's migrations make/);
  });

  it('each difference is said in English and in Japanese', () => {
    const [problem] = schemaDifferences([], [{ type: 'index', name: 'door_credentials_card', tbl_name: 'door_credentials', sql: 'CREATE UNIQUE INDEX …' }], 44);
    expect(problem).toMatch(/^the index door_credentials_card that Daicho's migrations make at version 44 is missing \(dropped outside Daicho\) \/ インデックス door_credentials_card がありません/);
  });

  it('an object put in beside another of the same name is named, though the one compared by name is as made (a review)', () => {
    const sites = { type: 'table', name: 'sites', tbl_name: 'sites', sql: 'CREATE TABLE sites (id TEXT PRIMARY KEY)' };
    const beside = { type: 'View', name: 'sites', tbl_name: 'sites', sql: 'CREATE VIEW sites AS SELECT 1' };
    expect(schemaDifferences([sites, beside], [sites], 44)).toContainEqual(expect.stringMatching(/^2 objects named sites \(one added outside Daicho\) \/ sites という名前のオブジェクトが 2 個あります/));
    expect(schemaDifferences([beside, sites], [sites], 44)).toContainEqual(expect.stringMatching(/^2 objects named sites/));
  });
});

describe('data upgraded by the migrations, and older data checked as it is', () => {
  const names = fs.readdirSync(FIXTURES).filter((n) => /^v\d+-data$/.test(n)).sort((a, b) => parseInt(a.slice(1)) - parseInt(b.slice(1)));

  it('there are fixtures of several versions', () => expect(names.length).toBeGreaterThanOrEqual(10));

  it.each(names)('%s: as it is (daicho verify does not migrate) and upgraded, its schema is the migrations’ and verify passes', async (name) => {
    // As it is: compared with the schema at its own version.
    const dir = tempDir(`daicho-schema-${name}-`);
    fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
    const keyFile = path.join(dir, 'raw.key');
    const checking = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile), checkOnly: true });
    const version = checking.store.db.pragma('user_version', { simple: true }) as number;
    expect(schemaDifferences(schemaOf(checking.store.db), expectedSchema(version), version)).toEqual([]);
    expect(checking.verify()).toMatchObject({ ok: true, problemCount: 0 });
    expect(await checking.verifyInBackground()).toMatchObject({ ok: true, problemCount: 0 });
    checking.close();
    // Upgraded: the same schema as data made now.
    const { d } = await openFixture(name, jst('2026-12-03', '09:00'));
    const fresh = await openTemp();
    const now = fresh.store.db.pragma('user_version', { simple: true }) as number;
    expect(d.store.db.pragma('user_version', { simple: true })).toBe(now);
    expect(schemaDifferences(schemaOf(d.store.db), schemaOf(fresh.store.db), now)).toEqual([]);
    fresh.close();
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    expect(await d.verifyInBackground()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});

describe('what the comparison overlooks in the SQL text, and what it does not', () => {
  it('comments and runs of whitespace only, outside quotes', () => {
    // A migration's comment reworded after data was made with it (authorizations, commit 64c225d).
    expect(sqlWords("area TEXT NOT NULL,   -- what it authorizes: 'server_room', or 'cabinet:<id>'\n  valid_from TEXT")).toBe(
      sqlWords("area TEXT NOT NULL, -- what it authorizes: 'server_room', 'cabinet:<id>' (later also 'custodian:<id>')\n valid_from TEXT"),
    );
    expect(sqlWords('a /* x */ b\n\tc')).toBe('a b c');
    // Inside quotes nothing is taken out: a string's spaces, a comment sign in it, a quoted name.
    expect(sqlWords("CHECK (kind IN ('head', 'branch'))")).not.toBe(sqlWords("CHECK (kind IN ('head',  'branch '))"));
    expect(sqlWords("DEFAULT 'a -- b'")).toBe("DEFAULT 'a -- b'");
    expect(sqlWords("DEFAULT 'it''s -- x'")).toBe("DEFAULT 'it''s -- x'");
    expect(sqlWords('"a  b" [c  d] `e  f`')).toBe('"a  b" [c  d] `e  f`');
    // Only what SQLite reads as whitespace: an ideographic space may be part of a name.
    expect(sqlWords('id\u3000TEXT')).not.toBe(sqlWords('id TEXT'));
    // Case, quoting and anything else are compared as they are.
    expect(sqlWords('CREATE TABLE "sites" (')).not.toBe(sqlWords('CREATE TABLE sites ('));
  });
});

describe('versions beyond the app’s own migrations (a ledger registered besides them: ledger-kit.test.ts verifies one)', () => {
  const known = assemble().migrations.at(-1)!.version;
  const declared = (change: SchemaChange) => [{ migration: known + 1, change }];

  it('are made from the schema changes the journal declares', () => {
    const sql = 'CREATE TABLE key_loans_x (id TEXT PRIMARY KEY, label TEXT NOT NULL); CREATE INDEX key_loans_x_label ON key_loans_x(label)';
    expect(expectedSchema(known + 1, declared({ op: 'create_table', table: 'key_loans_x', sql })).map((o) => o.name)).toEqual(
      expect.arrayContaining(['key_loans_x', 'key_loans_x_label', 'sqlite_autoindex_key_loans_x_1']),
    );
  });

  it('the declared SQL runs as schema changes only, in memory: nothing else (an insider’s word in the journal)', () => {
    const out = path.join(tempDir('daicho-schema-attach-'), 'out.db');
    for (const change of [
      { op: 'create_table', table: 'y', sql: `CREATE TABLE y (id TEXT); ATTACH DATABASE '${out}' AS e; CREATE TABLE e.t (a)` },
      { op: 'create_table', table: 'y', sql: `VACUUM INTO '${out}'` },
      { op: 'add_column', table: 'people', column: 'z', definition: `TEXT; ATTACH DATABASE '${out}' AS e`, default: null },
    ] as SchemaChange[])
      expect(() => expectedSchema(known + 1, declared(change))).toThrow(/not a schema change/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
