import Database from 'better-sqlite3-multiple-ciphers';
import { keepTempInMemory, type Db } from './database';
import { StoreError, storeErrorFromSqlite } from './errors';

export interface ReadConnectionOptions {
  /**
   * Check each page's MAC as it is read (SQLCipher's HMAC-SHA512; default true). Verify's chain and
   * table checks turn it off: the same verify's file check authenticates every page of the file
   * (jobs/worker.ts `integrity`), and reading the pages a second and third time with their MACs
   * took two thirds of the chain's time on SPEC §10's data.
   */
  pageAuth?: boolean;
  /** SQLite's page cache in KiB (default: this build's 16 MB, SQLITE_DEFAULT_CACHE_SIZE). */
  cacheKib?: number;
}

/**
 * A read-only connection to the encrypted database, for a long job in a worker thread (issue 7):
 * the database is in WAL mode with normal locking, so it reads while the app writes; it can
 * write nothing (query_only). It is not opened with SQLite's read-only flag: on such a connection
 * the integrity and quick checks silently skip CHECK constraints.
 */
export function openReadConnection(file: string, key: Buffer, opts: ReadConnectionOptions = {}): Db {
  if (key.length !== 32) throw new StoreError('bad_key_file', 'key must be 32 bytes');
  const db = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    // A cipher parameter: set before the key, like the cipher itself.
    if (opts.pageAuth === false) db.pragma('hmac_check=0');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    keepTempInMemory(db);
    db.pragma('query_only=ON');
    if (opts.cacheKib) db.pragma(`cache_size=-${Math.floor(opts.cacheKib)}`);
    return db;
  } catch (err) {
    db.close();
    throw storeErrorFromSqlite(err, { keyConfirmed: true }) ?? err;
  }
}
