import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreError, storeErrorFromSqlite } from './errors';

// One instance per data folder (SPEC §8), kept with an OS lock that dies with the process, not with
// an exclusive lock on the database (which would keep every other connection out, workers included).
// SQLite's own locking is the portable OS lock at hand (fcntl on Unix, LockFileEx on Windows): the
// lock file is an empty SQLite file held in an exclusive transaction that is never written or ended.
// A kill -9 leaves the file, never a stale lock.

export const LOCK_FILE = 'daicho.lock';

export interface FolderLock {
  release(): void;
  /** The lock file was made by this call (an open that is then refused removes it again). */
  readonly created: boolean;
}

/** Take the folder's lock, or refuse with `in_use` when another instance holds it (or `read_only`). */
export function lockDataFolder(dataDir: string): FolderLock {
  // The file locked must still be the one at the path: another instance may have removed it (a
  // check-only open removes the lock file it made) and a third made a new one. Then try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const lock = tryLock(path.join(dataDir, LOCK_FILE), dataDir);
    if (lock) return lock;
  }
  throw new StoreError('in_use', 'the folder lock kept changing');
}

function tryLock(file: string, dataDir: string): FolderLock | null {
  const created = !fs.existsSync(file);
  if (created) {
    try {
      fs.closeSync(fs.openSync(file, 'a', 0o600));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new StoreError('read_only', dataDir);
      throw err;
    }
  }
  const inode = fs.statSync(file).ino;
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
  } catch (err) {
    if (created) fs.rmSync(file, { force: true });
    throw storeErrorFromSqlite(err) ?? err;
  }
  try {
    db.pragma('locking_mode=EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    // Not ours to remove: another instance may hold it now (it was made by us only if nobody else had it).
    throw storeErrorFromSqlite(err) ?? err;
  }
  const now = fs.existsSync(file) ? fs.statSync(file).ino : null;
  if (now !== inode) {
    db.close();
    return null;
  }
  return {
    created,
    release: () => {
      if (db.open) db.close(); // the open transaction is rolled back: nothing was ever written
    },
  };
}
