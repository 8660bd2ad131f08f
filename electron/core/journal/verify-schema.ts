import Database from 'better-sqlite3-multiple-ciphers';
import { migrate, recordedVersion, type Db } from '../store/database';
import type { Migration } from '../store/migrations';
import { applyChangeDdl, rebuildsTable, type SchemaChange } from '../store/schema-changes';
import { addSqlFunctions } from '../store/sql-functions';
import { assemble } from '../ledgers/registry';
import { ProblemList, type Snapshot, type TablesResult } from './verify-parts';

// SPEC §8 verify of the schema (an insider probe with the key: a journaled table rebuilt without its
// PRIMARY KEY took a second row with a sealed stay's id, which the app listed; a journaled table with
// no rows yet replaced by a VIEW of made-up rows made the clerk a reviewer; a UNIQUE index or a CHECK
// dropped, a column added — the tables check reads rows, and none of this changes a row it reads).
// The database's schema must be exactly what Daicho's migrations make at the data's version (PRAGMA
// user_version): every table, index and view, by its SQL. The journal's triggers are checked by the
// snapshot (journal.ts triggerProblems: a guard missing or changed, any other trigger), not again here.

/** One object of a database's schema, as sqlite_master has it. */
export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/**
 * The objects compared: every row of sqlite_master but the triggers (journal.ts triggerProblems, which
 * reads their type in any case too), whatever its name or the spelling of its type. SQLite reads a type in any case as that kind (an
 * insider probe: a table and a trigger whose type was set to 'TABLE' and 'TRIGGER' with
 * writable_schema were passed by, while the trigger kept every erased personal value in the table),
 * and a name beginning with "sqlite_" is reserved only when made by SQL (a table of personal values
 * renamed sqlite_stash was passed by). Daicho's migrations make no sqlite_sequence or sqlite_stat
 * table; the automatic indexes of PRIMARY KEY and UNIQUE constraints (sqlite_autoindex_…, no SQL)
 * are compared by their table and name.
 */
const OBJECTS_SQL = `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE lower(type) IS NOT 'trigger' ORDER BY name`;

/** A database's schema objects (see OBJECTS_SQL), by name. */
export function schemaOf(db: Db): SchemaObject[] {
  return db.prepare(OBJECTS_SQL).all() as SchemaObject[];
}

/** The app's migrations (the core's and its ledgers'), read once. */
let appMigrations: readonly Migration[] | null = null;
function migrationsOfApp(): readonly Migration[] {
  appMigrations ??= assemble().migrations;
  return appMigrations;
}

/** Expected schemas already built, by version (and the declared changes beyond the app's migrations). */
const built = new Map<string, SchemaObject[]>();

/**
 * The schema Daicho's migrations make at `version`: the app's migrations up to it, run on an empty
 * database in memory, as they run when data is made (store/database.ts migrate). A version beyond the
 * app's own migrations is a ledger registered besides them (a test's own, ledgers/registry.ts
 * assemble(extra), whose module no worker thread has; the app refuses to open data newer than it
 * knows): those versions' schema changes as their rows in the journal declare them (`beyond`).
 */
export function expectedSchema(version: number, beyond: readonly { migration: number; change: SchemaChange }[] = []): SchemaObject[] {
  const key = `${version}:${JSON.stringify(beyond)}`;
  const known = built.get(key);
  if (known) return known;
  const db = new Database(':memory:');
  try {
    addSqlFunctions(db);
    const migrations = migrationsOfApp().filter((m) => m.version <= version);
    // Data is made with every migration written at the time, none skipped: a gap is no version of Daicho's.
    migrate(db, migrations, () => new Date(0));
    const ddl = onlyDdl(db);
    for (const v of [...new Set(beyond.map((b) => b.migration))].sort((a, b) => a - b)) {
      if (v <= (migrations.at(-1)?.version ?? 0) || v > version) continue;
      const changes = beyond.filter((b) => b.migration === v).map((b) => b.change);
      const rebuilds = rebuildsTable(changes);
      if (rebuilds) db.pragma('foreign_keys=OFF');
      db.transaction(() => {
        for (const c of changes) applyChangeDdl(ddl, c);
      })();
      if (rebuilds) db.pragma('foreign_keys=ON');
    }
    const schema = schemaOf(db);
    if (built.size > 8) built.clear();
    built.set(key, schema);
    return schema;
  } finally {
    db.close();
  }
}

/**
 * The in-memory database with its `exec` limited to one statement at a time, each of the kinds a
 * declared change makes (store/schema-changes.ts applyChangeDdl): a change read from the journal is
 * the data's word, and its SQL must not reach beyond that database (no ATTACH, VACUUM INTO, PRAGMA…).
 */
function onlyDdl(db: Db): Db {
  const exec = (sql: string) => {
    for (const statement of statementsOf(sql)) {
      if (!DECLARED_DDL.test(sqlWords(statement) ?? '')) throw new Error(`not a schema change: ${statement.slice(0, 60)}`);
      // prepare takes one statement: one hidden in another is refused there.
      db.prepare(statement).run();
    }
    return db;
  };
  return new Proxy(db, {
    get: (target, prop) => {
      if (prop === 'exec') return exec;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** What a declared change runs (a table made, a column added, renamed or dropped, a table rebuilt or dropped, their indexes). */
const DECLARED_DDL = /^(CREATE TABLE|CREATE (UNIQUE )?INDEX|ALTER TABLE|DROP TABLE|DROP INDEX|INSERT INTO) /i;

/** SQL text split at its semicolons outside quotes and comments (the empty pieces left out). */
function statementsOf(sql: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < sql.length; ) {
    const end = skipQuotedOrComment(sql, i);
    if (end > i) i = end;
    else if (sql[i] === ';') {
      out.push(sql.slice(from, i));
      from = ++i;
    } else i++;
  }
  out.push(sql.slice(from));
  return out.filter((x) => (sqlWords(x) ?? '') !== '');
}

/** Where a quoted text or a comment starting at i ends (i itself when none starts there). */
function skipQuotedOrComment(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
    const close = ch === '[' ? ']' : ch;
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] !== close) j++;
      // A doubled quote is one quote inside (not in […]).
      else if (close !== ']' && sql[j + 1] === close) j += 2;
      else return j + 1;
    }
    return sql.length;
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return i;
}

/** The schema changes the journal declares for migrations beyond the app's own (see expectedSchema). */
function declaredBeyond(snap: Snapshot): { migration: number; change: SchemaChange }[] {
  const last = migrationsOfApp().at(-1)?.version ?? 0;
  const out: { migration: number; change: SchemaChange }[] = [];
  for (const c of snap.changes) {
    const migration = (c.change as { migration?: unknown }).migration;
    if (typeof migration === 'number' && migration > last) {
      const { migration: _, ...change } = c.change as SchemaChange & { migration: number };
      out.push({ migration, change: change as SchemaChange });
    }
  }
  return out;
}

/** What SQLite reads as whitespace (not every Unicode space: one beyond ASCII may be part of a name). */
const SQL_SPACE = ' \t\n\f\r';

const KIND: Record<string, [string, string]> = { table: ['table', 'テーブル'], index: ['index', 'インデックス'], view: ['view', 'ビュー'], trigger: ['trigger', 'トリガー'] };
const kind = (type: string): [string, string] => KIND[type] ?? [`object of the type "${type}"`, `種類「${type}」のオブジェクト`];
const a = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/**
 * An object's SQL as compared: its comments taken out and each run of whitespace made one space,
 * outside quotes only ('…' strings, "…", `…` and […] names are kept as they are, a comment sign in
 * them too). Neither changes what SQLite makes of the SQL. Needed: a migration's SQL comment was
 * reworded after data was made with it (authorizations, migration 7, commit 64c225d), and data made
 * before it is as sound as data made after.
 */
export function sqlWords(sql: string | null): string | null {
  if (sql === null) return null;
  let out = '';
  let space = false;
  for (let i = 0; i < sql.length; ) {
    const end = skipQuotedOrComment(sql, i);
    const comment = end > i && (sql[i] === '-' || sql[i] === '/');
    if (comment || SQL_SPACE.includes(sql[i])) {
      space = true;
      i = Math.max(end, i + 1);
      continue;
    }
    const token = end > i ? sql.slice(i, end) : sql[i];
    if (space && out !== '') out += ' ';
    space = false;
    out += token;
    i += token.length;
  }
  return out;
}

function countBy(names: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of names) out.set(n, (out.get(n) ?? 0) + 1);
  return out;
}

/** Where two SQL texts first differ, a few words either side: what a sysadmin compares. */
function firstDifference(found: string, expected: string): string {
  let i = 0;
  while (i < found.length && i < expected.length && found[i] === expected[i]) i++;
  const from = Math.max(0, i - 30);
  const near = (s: string) => `${from > 0 ? '…' : ''}${s.slice(from, i + 30).replace(/\s+/g, ' ')}${i + 30 < s.length ? '…' : ''}`;
  return `found "${near(found)}", expected "${near(expected)}"`;
}

/**
 * The differences between a database's schema and the one expected of it, each a sentence in English
 * and Japanese: an object missing (dropped outside Daicho), one Daicho does not make (added outside
 * Daicho), one of another kind (a table replaced by a view) or with other SQL (a constraint, a column,
 * an index's columns changed outside Daicho).
 */
export function schemaDifferences(found: readonly SchemaObject[], expected: readonly SchemaObject[], version: number): string[] {
  const out: string[] = [];
  const at = `Daicho's migrations make at version ${version}`;
  const atJa = `バージョン ${version} の移行で作られる定義`;
  const byName = new Map(found.map((o) => [o.name, o]));
  // Tables, indexes and views share one namespace: a name twice is an object put in beside another
  // outside Daicho (through writable_schema), which a lookup by name would pass over.
  for (const [name, n] of countBy(found.map((o) => o.name)))
    if (n > 1) out.push(`${n} objects named ${name} (one added outside Daicho) / ${name} という名前のオブジェクトが ${n} 個あります（台帳の外で追加された可能性があります）`);
  const made = new Set(expected.map((o) => o.name));
  for (const e of expected) {
    const f = byName.get(e.name);
    const [en, ja] = kind(e.type);
    if (!f) {
      out.push(`the ${en} ${e.name} that ${at} is missing (dropped outside Daicho) / ${ja} ${e.name} がありません（台帳の外で削除された可能性があります）`);
    } else if (f.type !== e.type) {
      const [fen, fja] = kind(f.type);
      out.push(`the ${en} ${e.name} is ${a(fen)} instead: not what ${at} (replaced outside Daicho) / ${ja} ${e.name} が${fja}に置き換えられています（台帳の外で変更された可能性があります）`);
    } else if (f.tbl_name !== e.tbl_name) {
      out.push(`the ${en} ${e.name} is on ${f.tbl_name}, not on ${e.tbl_name} as ${at} (changed outside Daicho) / ${ja} ${e.name} の対象が ${f.tbl_name} です（${atJa}では ${e.tbl_name}。台帳の外で変更された可能性があります）`);
    } else if (sqlWords(f.sql) !== sqlWords(e.sql)) {
      out.push(`the ${en} ${e.name} is not as ${at} (changed outside Daicho): ${firstDifference(sqlWords(f.sql) ?? '', sqlWords(e.sql) ?? '')} / ${ja} ${e.name} の定義が${atJa}と異なります（台帳の外で変更された可能性があります）`);
    }
  }
  for (const f of found) {
    if (made.has(f.name)) continue;
    const [en, ja] = kind(f.type);
    out.push(`${a(en)} Daicho does not make: ${f.name} on ${f.tbl_name} (added outside Daicho) / 台帳が作らない${ja} ${f.name}（${f.tbl_name}）があります（台帳の外で追加された可能性があります）`);
  }
  return out;
}

/**
 * The schema check (SPEC §8): the database's schema against the one Daicho's migrations make at its
 * version, every difference named at sequence 0 (as the journal's guards are). Building the expected
 * schema runs every migration in memory (see docs: tens of ms): verify in workers runs it in a
 * worker (jobs/worker.ts `schema`).
 */
export function checkSchema(db: Db, snap: Snapshot): TablesResult {
  const version = Number(db.pragma('user_version', { simple: true }));
  const problems = new ProblemList();
  const beyond = declaredBeyond(snap);
  const known = migrationsOfApp().at(-1)?.version ?? 0;
  let expected: SchemaObject[];
  try {
    expected = expectedSchema(version, beyond);
  } catch (err) {
    problems.note(0, `the schema changes the journal declares beyond this app's migrations (${known}) cannot be made (${(err as Error).message}) / この版の移行（${known}）より後として記録されたスキーマ変更を再現できません`);
    expected = expectedSchema(version);
  }
  // The version its journal records (store/database.ts recordedVersion): the open refuses data whose
  // version was set lower than it, verify names it.
  const recorded = recordedVersion(db);
  if (version < recorded)
    problems.note(0, `the data's version number is ${version}, but its journal records version ${recorded} (changed outside Daicho) / データのバージョン番号 ${version} が、履歴に記録されたバージョン ${recorded} と異なります（台帳の外で変更された可能性があります）`);
  // Data newer than the app is refused at open; one whose version no declared change reaches says so.
  if (version > known && !beyond.some((b) => b.migration === version))
    problems.note(0, `the data says it is at version ${version}, beyond this app's migrations (${known}), and the journal declares no change of that version / データのバージョン ${version} はこの版の移行（${known}）より新しく、その変更の記録もありません`);
  for (const p of schemaDifferences(schemaOf(db), expected, version)) problems.note(0, p);
  return { problems: problems.lowest(), problemCount: problems.count, rows: 0 };
}

/**
 * Every journaled table's ids, each once (SPEC §8): a record is one row. A table rebuilt without its
 * PRIMARY KEY took a second row with a record's id (an insider probe), which the tables check, looking
 * the record up by its id, never read. The schema check names the missing key; this names the rows,
 * at the record's latest row change (so the seal covering it is named too), whatever the schema check
 * says. A table whose ids SQLite itself keeps unique — a TEXT id with a UNIQUE index on it alone (its
 * PRIMARY KEY's), which SQLite's integrity check holds the table to (`fileChecked`: it ran on this
 * data) — is not read again: on sound data this costs nothing (reading every id took 0.8 s on SPEC
 * §10's data).
 */
export function checkDuplicateIds(db: Db, snap: Snapshot, opts: { fileChecked?: boolean } = {}): TablesResult {
  const problems = new ProblemList();
  const latest = db.prepare(`SELECT max(seq) FROM journal WHERE entity = ? AND entity_id = ? AND kind = 'row' AND seq BETWEEN 1 AND ?`).pluck();
  for (const t of snap.tables) {
    if (opts.fileChecked && idsKeptUnique(db, t)) continue;
    const dups = db.prepare(`SELECT id, count(*) AS n FROM ${t} WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1`).all() as { id: unknown; n: number }[];
    for (const d of dups) {
      const seq = (latest.get(t, String(d.id), snap.head) as number | null) ?? snap.head + 1;
      problems.note(seq, `${t} has ${d.n} rows with the id ${String(d.id)}: a record is one row (a second added outside Daicho) / ${t} に ID ${String(d.id)} の行が ${d.n} 件あります（台帳の外で追加された可能性があります）`);
    }
  }
  return { problems: problems.lowest(), problemCount: problems.count, rows: 0 };
}

/**
 * Whether SQLite keeps a table's ids unique: its id column is declared TEXT (so 1 and '1' are one
 * value; a binary one the tables check names) and a UNIQUE index, not partial, is on it alone.
 */
function idsKeptUnique(db: Db, table: string): boolean {
  const type = db.prepare("SELECT type FROM pragma_table_info(?) WHERE name = 'id'").pluck().get(table) as string | undefined;
  if (type?.toUpperCase() !== 'TEXT') return false;
  const indexes = db.prepare('SELECT name, "unique" AS u, partial FROM pragma_index_list(?)').all(table) as { name: string; u: number; partial: number }[];
  const columns = db.prepare('SELECT name FROM pragma_index_info(?)').pluck();
  return indexes.some((ix) => ix.u === 1 && ix.partial === 0 && (columns.all(ix.name) as (string | null)[]).join(',') === 'id');
}
