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
  /** Release the lock; remove the lock file too when it is still the one held (`removeIfHeld`), or that and made by this lock (`removeIfMade`). */
  release(opts?: { removeIfMade?: boolean; removeIfHeld?: boolean }): void;
  /**
   * Is the file at the path still the one locked? The lock is on the file, not on the path: one
   * removed while the app runs let a second instance take the folder (an insider probe: both saved).
   * Gone or replaced, it is taken again at the path (`retaken`), unless another instance holds the
   * file there now (`lost`: this one must stop writing), or the path cannot be read or the folder
   * refuses a new file (`unguarded`, tried again at the next check).
   */
  check(): 'held' | 'retaken' | 'lost' | 'unguarded';
}

/** A refused lock is tried again this many times, this far apart: two starting at once after a kill -9 could both be refused. */
const LOCK_RETRIES = 5;
const LOCK_RETRY_MS = 60;

/**
 * Take the folder's lock, or refuse with `in_use` when another instance holds it (or `read_only`).
 * A refusal is tried again for a moment (`patient`, in the event loop: never a wait of the thread).
 */
export async function lockDataFolder(dataDir: string, opts: { patient?: boolean } = {}): Promise<FolderLock> {
  for (let attempt = 0; ; attempt++) {
    try {
      return lockDataFolderNow(dataDir);
    } catch (err) {
      if (!opts.patient || !(err instanceof StoreError && err.code === 'in_use') || attempt >= LOCK_RETRIES) throw err;
      // Two instances starting at once may each find the other's shared lock on the way to their own
      // (SQLite's look at the file): one of them gets it a moment later.
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

/** The same at once, without trying again (a probe of another folder: is its data open?). */
export function lockDataFolderNow(dataDir: string): FolderLock {
  return lockFileNow(path.join(dataDir, LOCK_FILE), dataDir);
}

/** An OS lock on `file` (made if need be) in `dir`, held by this process until released: the folder lock's way, for other locks too (a backup folder's). */
export function lockFileNow(file: string, dataDir: string): FolderLock {
  let held = takeLock(file, dataDir);
  return {
    release: (opts = {}) => {
      // Removed while still held: whoever opens the path next makes a new one (removing it after the
      // release could pull it from under another instance); only the file this instance holds (and,
      // with removeIfMade, made).
      const remove = opts.removeIfHeld || (opts.removeIfMade && held.created);
      try {
        if (remove && inodeOf(file) === held.inode) fs.rmSync(file, { force: true });
      } catch {
        // the path cannot be read now: the file stays (an empty lock file, taken by the next open)
      } finally {
        held.release();
      }
    },
    check: () => {
      let now: number | null;
      try {
        now = inodeOf(file);
      } catch {
        return 'unguarded'; // the path cannot be read now (a network drive's moment): not a sign of another instance
      }
      if (now === held.inode) return 'held';
      let again: HeldLock | null;
      try {
        again = tryLock(file, dataDir);
      } catch (err) {
        return err instanceof StoreError && err.code === 'in_use' ? 'lost' : 'unguarded';
      }
      if (!again) return 'unguarded';
      held.release();
      held = again;
      return 'retaken';
    },
  };
}

function takeLock(file: string, dataDir: string): HeldLock {
  // The file locked must still be the one at the path: another instance may have removed it (a
  // check-only open removes the lock file it made) and a third made a new one. Then try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const lock = tryLock(file, dataDir);
    if (lock) return lock;
  }
  throw new StoreError('in_use', 'the folder lock kept changing');
}

interface HeldLock {
  inode: number;
  created: boolean;
  release(): void;
}

/** The file's inode, or null when there is no file; other errors are thrown (the path cannot be read now). */
function inodeOf(file: string): number | null {
  try {
    return fs.statSync(file).ino;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return null;
    throw err;
  }
}

function tryLock(file: string, dataDir: string): HeldLock | null {
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
    // No rollback journal file beside it (kept in memory: nothing is ever written): one left by a
    // kill -9 was found "hot" by the next two instances starting at once, and both were refused.
    // (OFF is refused in better-sqlite3's defensive mode: it stays DELETE.)
    db.pragma('journal_mode=MEMORY');
    db.pragma('locking_mode=EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    // Not ours to remove: another instance may hold it now (it was made by us only if nobody else had it).
    throw storeErrorFromSqlite(err) ?? err;
  }
  let now: number | null = null;
  try {
    now = inodeOf(file);
  } catch {
    // the path cannot be read now: taken as changed
  }
  if (now !== inode) {
    db.close();
    return null;
  }
  return {
    inode,
    created,
    release: () => {
      if (db.open) db.close(); // the open transaction is rolled back: nothing was ever written
    },
  };
}
