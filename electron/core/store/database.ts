import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreError, storeErrorFromSqlite } from './errors';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const APP_MARK = 'daicho';

export interface OpenOptions {
  file: string;
  /** 32 random bytes, applied as a raw SQLCipher key (no KDF at open). */
  key: Buffer;
  /** Create the file when it does not exist. */
  create?: boolean;
  /** For tests of the refusal path: the migrations to apply (default: all). */
  migrations?: readonly Migration[];
}

function keyPragma(key: Buffer): string {
  if (key.length !== 32) throw new StoreError('bad_key_file', 'key must be 32 bytes');
  return `key="x'${key.toString('hex')}'"`;
}

/** Checks done on the bytes before SQLite touches the file, so a refusal never changes it. */
function precheck(file: string, create: boolean): boolean {
  if (!fs.existsSync(file)) {
    if (!create) throw new StoreError('not_found', file);
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
    assertWritable(dir);
    return false;
  }
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new StoreError('not_daicho', 'not a file');
  if (stat.size > 0) {
    const fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
    // An unencrypted SQLite file, or anything whose size is not whole pages, is not ours.
    if (head.equals(PLAIN_SQLITE_HEADER) || stat.size % 512 !== 0) throw new StoreError('not_daicho');
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

function translate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw storeErrorFromSqlite(err) ?? err;
  }
}

/**
 * Open (or create) the one encrypted Daicho database: SQLCipher v4 scheme with a raw 256-bit
 * key, exclusive locking (one instance at a time), WAL, synchronous=FULL, foreign keys,
 * then the numbered migrations.
 */
export function openDatabase(opts: OpenOptions): Db {
  const existed = precheck(opts.file, opts.create ?? false);
  const db = translate(() => new Database(opts.file, { fileMustExist: existed, timeout: 200 }));
  try {
    translate(() => {
      db.pragma("cipher='sqlcipher'");
      db.pragma('legacy=4');
      db.pragma(keyPragma(opts.key));
      // Exclusive locking: a second instance gets SQLITE_BUSY instead of sharing the file.
      db.pragma('locking_mode=EXCLUSIVE');
      // The first read decrypts page 1: a wrong key fails here, before anything is written.
      db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    });
    if (existed) {
      const mark = translate(() => {
        const hasMeta = db
          .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='daicho_meta'")
          .get();
        return hasMeta ? (db.prepare("SELECT value FROM daicho_meta WHERE key='app'").get() as { value: string } | undefined) : undefined;
      });
      const empty = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0;
      if (!mark && !empty) throw new StoreError('not_daicho');
      const version = db.pragma('user_version', { simple: true }) as number;
      const known = (opts.migrations ?? MIGRATIONS).at(-1)?.version ?? 0;
      if (version > known) throw new StoreError('newer_version', `data v${version}, app v${known}`);
    }
    translate(() => {
      db.pragma('journal_mode=WAL');
      db.pragma('synchronous=FULL');
      // Checkpoints are run by the Store when idle (see Store.scheduleCheckpoint), not inside a save.
      db.pragma('wal_autocheckpoint=0');
      db.pragma('foreign_keys=ON');
      // Take the exclusive lock now, so "open elsewhere" is known at open, not at first save.
      db.exec('BEGIN IMMEDIATE; COMMIT;');
    });
    translate(() => migrate(db, opts.migrations ?? MIGRATIONS));
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Apply the pending numbered migrations, each in one transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  let version = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= version) continue;
    if (m.version !== version + 1) throw new Error(`migration ${m.version} out of order after ${version}`);
    db.transaction(() => {
      if (m.version === 1) {
        db.exec('CREATE TABLE daicho_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
        db.prepare("INSERT INTO daicho_meta (key, value) VALUES ('app', ?)").run(APP_MARK);
      }
      m.up(db);
      db.pragma(`user_version=${m.version}`);
    })();
    version = m.version;
  }
}
