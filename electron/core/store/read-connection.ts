import Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from './database';
import { StoreError, storeErrorFromSqlite } from './errors';

/**
 * A read-only connection to the encrypted database, for a long job in a worker thread (issue 7):
 * the database is in WAL mode with normal locking, so it reads while the app writes; it can
 * write nothing (query_only). It is not opened with SQLite's read-only flag: on such a connection
 * the integrity and quick checks silently skip CHECK constraints.
 */
export function openReadConnection(file: string, key: Buffer): Db {
  if (key.length !== 32) throw new StoreError('bad_key_file', 'key must be 32 bytes');
  const db = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    db.pragma('query_only=ON');
    return db;
  } catch (err) {
    db.close();
    throw storeErrorFromSqlite(err, { keyConfirmed: true }) ?? err;
  }
}
