import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreError, storeErrorFromSqlite } from './errors';
import type { Migration } from './migrations';
import { JournalAppender } from '../journal/journal';
import { canonicalJson } from '../journal/canonical';
import { applyChangeDdl, changeRecord, changeTable, MIGRATION_ACTOR, rebuildsTable, SCHEMA_CHANGE_ACTION, type SchemaChange } from './schema-changes';
import { addSqlFunctions } from './sql-functions';
import { readObject } from '../journal/verify-json';
import { readSnapshot } from '../journal/verify-parts';
import { ERASURE_ROWS } from '../retention-rules';
import { Store, WAL_KEEP_BYTES } from './store';

/** SQLite's page cache of a connection that serves the app's reads (the main one, a reader worker's), in KiB. */
export const PAGE_CACHE_KIB = 64 * 1024;

export type Db = Database.Database;

const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const APP_MARK = 'daicho';

export interface OpenOptions {
  file: string;
  /** 32 random bytes, applied as a raw SQLCipher key (no KDF at open). */
  key: Buffer;
  /** Create the file when it does not exist. */
  create?: boolean;
  /**
   * The key is known to be this data's key (the folder's mark matched it, or it came from an
   * authenticated unwrap): a page that does not decrypt then means damage, not a wrong key.
   */
  keyConfirmed?: boolean;
  /** The migrations to apply: the core's and its ledgers' (ledgers/registry.ts assemble()). */
  migrations: readonly Migration[];
  /** Check only (verify): an older schema is left as it is, not migrated. */
  noMigrate?: boolean;
  /** The time written on the migrations' journal rows. */
  clock?: () => Date;
  /**
   * Leave SQLite's quick check of an existing file to the caller (openDaicho runs it in a worker
   * thread, so the process stays free); the caller must then run it before migrating.
   */
  deferQuickCheck?: boolean;
}

function keyPragma(key: Buffer): string {
  if (key.length !== 32) throw new StoreError('bad_key_file', 'key must be 32 bytes');
  return `key="x'${key.toString('hex')}'"`;
}

/** Checks done on the bytes before SQLite touches the file, so a refusal never changes it. */
function precheck(file: string, create: boolean, keyConfirmed: boolean): boolean {
  if (!fs.existsSync(file)) {
    if (!create) throw new StoreError('not_found', file);
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    assertWritable(dir);
    return false;
  }
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new StoreError('not_daicho', 'not a file');
  // SPEC §8: an empty or cut-off database is damaged data, never a new database to fill.
  if (stat.size === 0) throw new StoreError('damaged', 'the database file is empty (0 bytes)');
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(16);
  fs.readSync(fd, head, 0, 16, 0);
  fs.closeSync(fd);
  // An unencrypted SQLite file is not ours. Anything that is not whole pages was cut off, when
  // the key says this is our data (else it is some other file that happens to have the name).
  if (head.equals(PLAIN_SQLITE_HEADER)) throw new StoreError('not_daicho');
  if (stat.size % 512 !== 0) {
    if (keyConfirmed) throw new StoreError('damaged', `the database file is cut off (${stat.size} bytes is not whole pages)`);
    throw new StoreError('not_daicho');
  }
  assertWritable(path.dirname(file));
  return true;
}

function assertWritable(dir: string): void {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new StoreError('read_only', dir);
  }
}

function translate<T>(fn: () => T, opening: { keyConfirmed: boolean } | null = null): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw storeErrorFromSqlite(err, opening) ?? err;
  }
}

/**
 * SQLite's quick check (every b-tree page read and checked; with SQLCipher every page's MAC too):
 * a damaged file is refused at open, before anything is written to it.
 */
export function quickCheck(db: Db): void {
  quickCheckResult(translate(() => db.pragma('quick_check(1)', { simple: true })));
}

/** quick_check's answer: 'ok', or the damage it found (thrown). */
export function quickCheckResult(result: unknown): void {
  if (result !== 'ok') throw new StoreError('damaged', String(result).split('\n').slice(0, 2).join(' '));
}

/** Apply the pending migrations of an open database, as openDatabase does (for a deferred quick check). */
export function migrateOpened(db: Db, opts: { migrations: readonly Migration[]; clock?: () => Date }): void {
  translate(() => migrate(db, opts.migrations, opts.clock));
}

/**
 * SQLite's temporary files — a sort larger than the cache, a temporary index, a migration's new
 * index — are not encrypted (SQLite3 Multiple Ciphers encrypts the database and its journals only),
 * and this build keeps them on disk by default (SQLITE_TEMP_STORE=1): a sort larger than the cache
 * wrote its rows, names among them, in clear to the OS temp folder (test/integration/temp-files.test.ts). Every connection that opens an
 * encrypted file keeps them in memory instead.
 */
export function keepTempInMemory(db: Db): void {
  db.pragma('temp_store=MEMORY');
}

/**
 * Open (or create) the one encrypted Daicho database: SQLCipher v4 scheme with a raw 256-bit
 * key, WAL in normal locking mode (other read connections may read; one instance per folder is
 * kept by the folder lock, store/folder-lock.ts), synchronous=FULL, foreign keys, then the
 * numbered migrations. An existing file must pass SQLite's quick check.
 */
export function openDatabase(opts: OpenOptions): Db {
  const existed = precheck(opts.file, opts.create ?? false, opts.keyConfirmed ?? false);
  // A new file is made owner-only before SQLite opens it; its -wal and -shm files take its mode.
  if (!existed) fs.closeSync(fs.openSync(opts.file, 'wx', 0o600));
  const opening = { keyConfirmed: opts.keyConfirmed ?? false };
  let db: Db;
  try {
    db = translate(() => new Database(opts.file, { fileMustExist: true, timeout: 200 }));
  } catch (err) {
    if (!existed) fs.rmSync(opts.file, { force: true });
    throw err;
  }
  try {
    translate(() => {
      db.pragma("cipher='sqlcipher'");
      db.pragma('legacy=4');
      db.pragma(keyPragma(opts.key));
      // The first read decrypts page 1: a wrong key (or a damaged first page) fails here, before anything is written.
      db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
      keepTempInMemory(db);
    }, opening);
    if (existed) {
      const mark = translate(() => {
        const hasMeta = db
          .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='daicho_meta'")
          .get();
        return hasMeta ? (db.prepare("SELECT value FROM daicho_meta WHERE key='app'").get() as { value: string } | undefined) : undefined;
      }, opening);
      const empty = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0;
      if (!mark && !empty) throw new StoreError('not_daicho');
      // A file with no tables at all (page 1 only) was never finished: with a confirmed key that is damage.
      if (empty && opening.keyConfirmed) throw new StoreError('damaged', 'the database holds no tables');
      const version = db.pragma('user_version', { simple: true }) as number;
      const known = (opts.migrations).at(-1)?.version ?? 0;
      // The version the journal records, against the one the file says (a probe set it lower: the
      // migrations ran again and failed with "unexpected error"; or higher: "update the app" kept
      // verify from the data).
      const recorded = translate(() => recordedVersion(db), opening);
      const changed = versionChanged(version, recorded, known);
      // A check-only open (verify) goes on and names it (journal/verify-schema.ts checkSchema): one row
      // appended with the key (an upgrade "to" 999) must not keep verify from the data (a review).
      if (changed && !opts.noMigrate) throw new StoreError('version_changed', `the file says version ${version}, its journal records version ${recorded}`);
      if (version > known && !changed) throw new StoreError('newer_version', `data v${version}, app v${known}`);
      if (!opts.deferQuickCheck) quickCheck(db);
    }
    translate(() => {
      db.pragma('journal_mode=WAL');
      db.pragma('synchronous=FULL');
      // Checkpoints are run by the Store when idle (see Store.scheduleCheckpoint), not inside a save.
      db.pragma('wal_autocheckpoint=0');
      // Once a checkpoint has let the log start over, it is cut back to this size (a long bulk write
      // or a long reader, e.g. a verify, can make it grow for a while): a step at a time when it has
      // grown far beyond it (Store.limitWal).
      db.pragma(`journal_size_limit=${WAL_KEEP_BYTES}`);
      db.pragma('foreign_keys=ON');
      // Erased personal values are overwritten in the file, not left behind in free space (issue 7).
      db.pragma('secure_delete=ON');
      // A page read from the file is decrypted (and its MAC checked) each time it is read again
      // unless it is in SQLite's cache: 64 MiB instead of this build's default 16 MB keeps a busy month's
      // lists and review in memory (the first page of a month's list: 1.8 ms against 3.9 ms).
      db.pragma(`cache_size=-${PAGE_CACHE_KIB}`);
      addSqlFunctions(db);
    });
    if (!opts.noMigrate && !(existed && opts.deferQuickCheck)) translate(() => migrate(db, opts.migrations, opts.clock));
    return db;
  } catch (err) {
    db.close();
    if (!existed) for (const f of [opts.file, `${opts.file}-wal`, `${opts.file}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
}

/**
 * The highest version the journal says the data reached: its upgrades' `to`, its schema changes'
 * migration, the version it was made at. Read through indexes (the journal's start, the partial
 * indexes of schema rows), never the whole journal; a value that is not what a migration writes is
 * passed over (verify names it).
 */
export function recordedVersion(db: Db): number {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'journal'").get()) return 0;
  const M = MIGRATION_ACTOR.actor;
  const rows = [
    ...(db.prepare(`SELECT after FROM journal WHERE action = '${SCHEMA_CHANGE_ACTION}' AND actor = ? AND seq >= 1`).all(M) as { after: unknown }[]).map((r) => readObject(r.after)?.migration),
    ...(db.prepare(`SELECT after FROM journal WHERE ${ERASURE_ROWS} AND action = 'schema.migrate' AND actor = ? AND seq >= 1`).all(M) as { after: unknown }[]).map((r) => readObject(r.after)?.to),
    // The made-at version's row is a settings event (journal_events: a handful of rows).
    ...(db.prepare("SELECT after FROM journal WHERE kind = 'event' AND entity = 'settings' AND entity_id IS NULL AND action = 'schema.made' AND actor = ? AND seq >= 1").all(M) as { after: unknown }[]).map((r) => readObject(r.after)?.version),
  ];
  return rows.reduce<number>((max, v) => (Number.isSafeInteger(v) && (v as number) > max ? (v as number) : max), 0);
}

/**
 * The file's version (user_version) is not the one its journal records: lower than it (a version
 * this app knows: a row claiming one beyond, appended with the key, keeps no data from being opened;
 * verify names it), or beyond the app's migrations while the journal records none of them.
 */
export function versionChanged(version: number, recorded: number, known: number): boolean {
  return version < Math.min(recorded, known) || (version > known && recorded <= known);
}

/**
 * Apply the pending numbered migrations, each in one transaction (SPEC §8). Upgrading data that
 * already exists appends a `schema.migrate` row per migration; a migration's declared changes to
 * journaled tables are journaled as schema rows (always: verify applies them to older records), its
 * backfill is written through the one write path, then the changes that drop what the backfill
 * moved, all in the same transaction.
 */
export function migrate(db: Db, migrations: readonly Migration[], clock: () => Date = () => new Date()): void {
  let version = db.pragma('user_version', { simple: true }) as number;
  const before = version;
  const upgrading = version > 0;
  for (const m of migrations) {
    if (m.version <= version) continue;
    if (m.version !== version + 1) throw new Error(`migration ${m.version} out of order after ${version}`);
    // A table made anew needs foreign keys off (a no-op inside a transaction, so around it); they are checked before the commit.
    const rebuilds = rebuildsTable([...(m.changes ?? []), ...(m.changesAfterBackfill ?? [])]);
    if (rebuilds) db.pragma('foreign_keys=OFF');
    try {
      db.transaction(() => {
        if (m.version === 1) {
          db.exec('CREATE TABLE daicho_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
          db.prepare("INSERT INTO daicho_meta (key, value) VALUES ('app', ?)").run(APP_MARK);
        }
        m.up?.(db);
        const at = clock().toISOString();
        const journal = new JournalAppender(db);
        const event = (action: string, entity: string, data: unknown) =>
          journal.append({ at, actor: MIGRATION_ACTOR.actor, station: MIGRATION_ACTOR.station, kind: 'event', action, entity, entity_id: null, before: null, after: canonicalJson(data), reason: null });
        const applied: { seq: number; change: SchemaChange }[] = [];
        const apply = (changes: readonly SchemaChange[] | undefined) => {
          for (const c of changes ?? []) {
            applyChangeDdl(db, c);
            applied.push({ seq: event(SCHEMA_CHANGE_ACTION, changeTable(c) ?? 'journal', { migration: m.version, ...changeRecord(c) }).seq, change: c });
          }
        };
        if (upgrading) event('schema.migrate', 'settings', { from: version, to: m.version, name: m.name });
        apply(m.changes);
        if (m.backfill) {
          // The backfill changes records as the journal has them, with this migration's changes (verify
          // counts them once the upgrade is done): one changed outside Daicho is left as it is (Store.changedOutside).
          const store = new Store(db, clock);
          const known = readSnapshot(db).changes.filter((c) => !applied.some((a) => a.seq === c.seq));
          store.schemaChanges = [...known, ...applied];
          store.write(MIGRATION_ACTOR, (tx) => m.backfill!(tx));
        }
        apply(m.changesAfterBackfill);
        // The migration's rows end here: verify counts rows labelled a migration's only up to this one (journal/verify-parts.ts upgradeRuns).
        if (upgrading) event('schema.migrated', 'settings', { to: m.version });
        // Data made now: the version it is made at, among its first rows (verify's upgrade runs start
        // from it; a newest migration without schema changes would otherwise leave it one short).
        else if (m === migrations.at(-1)) event('schema.made', 'settings', { version: m.version });
        if (rebuilds) {
          const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
          if (broken.length > 0) throw new Error(`migration ${m.version} would leave ${broken.length} rows referring to nothing (first: ${broken[0].table} → ${broken[0].parent})`);
        }
        db.pragma(`user_version=${m.version}`);
      }).immediate(); // the write lock at BEGIN (store.ts write)
    } finally {
      if (rebuilds) db.pragma('foreign_keys=ON');
    }
    version = m.version;
  }
  // An upgrade that wrote (a new index over the journal): its pages into the file now, so the first
  // verify's workers do not read them through a large write-ahead log (the first verify after
  // migration 28 ran at a quarter of its speed on the bench data).
  if (upgrading && version > before) db.pragma('wal_checkpoint(TRUNCATE)');
}
