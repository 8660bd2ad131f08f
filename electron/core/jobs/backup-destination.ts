import fs from 'node:fs';
import path from 'node:path';
import { DaichoError } from '../../../shared/api/errors';
import { DATA_MARK_FILE, DB_FILE, PASSPHRASE_KEY_FILE, RECOVERY_FILE } from '../store/data-folder';
import { StoreError } from '../store/errors';
import { LOCK_FILE as DATA_LOCK_FILE, lockDataFolderNow, lockFileNow, type FolderLock } from '../store/folder-lock';

// The backup folder (SPEC §8, Art. 13(7)): what may be in it, one backup at a time writing to it,
// and what a stopped backup left there. The backup job itself is in backup.ts.

/** Files a backup folder holds besides the database, in the order they are put in place. */
export const SIDE_FILES = [PASSPHRASE_KEY_FILE, RECOVERY_FILE, DATA_MARK_FILE] as const;
/** Everything Daicho may leave in a backup folder; anything else means it is not one. */
const OURS = /^(daicho\.db(-wal|-shm)?|key\.json|recovery\.json|daicho-data\.json|key\.safestorage|backup\.lock|daicho\.lock|daicho\.closed\.json(\.tmp)?)(\.tmp-\d+)?$/;
const LOCK_FILE = 'backup.lock';

/** The path as the file system resolves it: the nearest existing folder resolved, the rest appended. */
/** Is `p` the folder `dir` or inside it, as the file system resolves both. */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(realPathOf(dir), realPathOf(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The path as the file system resolves it (links, letter case), for a path that may not exist yet. */
export function realPathOf(p: string): string {
  const rest: string[] = [];
  let dir = path.resolve(p);
  while (!fs.existsSync(dir)) {
    rest.unshift(path.basename(dir));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.join(fs.realpathSync.native(dir), ...rest);
}

/** A file or folder flushed to the disk, in libuv's thread pool: a job's step on the main thread does not hold the process while a busy disk flushes. */
export async function fsyncPathAsync(p: string): Promise<void> {
  const handle = await fs.promises.open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}


/** Is the process an older lock names (its pid, as the version before wrote it) still running? */
function namedAlive(text: string): { pid: number; alive: boolean } {
  const pid = Number(text.trim());
  return { pid, alive: Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid) };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * The checks that need no key, before anything is written: the destination is outside the data
 * folder (compared as the file system resolves them: links, letter case), and it is empty or a
 * Daicho backup. A backup that the earlier folder-swapping scheme left as `<dest>.old-<pid>` is put back first.
 */
export function checkBackupDestination(dataDir: string, to: string): void {
  if (isInside(dataDir, to)) throw new DaichoError('invalid_input', 'jobs.errors.backup_inside_data', 'to');
  // Data open in a running Daicho (its folder lock held): a backup there would rename a new database
  // under it and remove its log (an insider probe: refused only because of a file the lock then made).
  if (fs.existsSync(path.join(to, DATA_LOCK_FILE))) {
    try {
      lockDataFolderNow(to).release({ removeIfMade: true });
    } catch (err) {
      if (err instanceof StoreError && err.code === 'in_use') throw new DaichoError('conflict', 'jobs.errors.backup_open_data', 'to', { to });
      if (err instanceof StoreError && err.code === 'read_only') throw new DaichoError('invalid_input', 'jobs.errors.not_writable', 'to');
      // A file of that name no lock could be taken on (not SQLite's): no running Daicho holds it; the checks below decide.
      if (!(err instanceof StoreError)) throw err;
    }
  }
  // A link to a folder that is not there (a drive not connected): said so, and nothing made where it
  // points; a loop of links is a name that cannot be used.
  const missing = linkToNothing(to);
  if (missing === 'loop') throw new DaichoError('invalid_input', 'jobs.errors.backup_bad_path', 'to');
  if (missing !== null) throw new DaichoError('invalid_input', 'jobs.errors.backup_not_there', 'to', { to, missing });
  restoreSwappedAway(to);
  // The backup folder is made, but not the folders it would be in: a path on a drive not connected
  // (/media/usb/…) would otherwise be made on the local disk, and the backup said to be done (a probe).
  const notThere = missingAncestor(to);
  if (notThere !== null) throw new DaichoError('invalid_input', 'jobs.errors.backup_not_there', 'to', { to, missing: notThere });
  // A file where the folder should be is said as one (a walk-through: it was called a folder not empty).
  if (fs.existsSync(to) && !fs.statSync(to).isDirectory()) throw new DaichoError('invalid_input', 'jobs.errors.backup_is_file', 'to', { to });
  if (fs.existsSync(to) && fs.readdirSync(to).some((n) => !OURS.test(n))) throw new DaichoError('invalid_input', 'jobs.errors.backup_foreign_folder', 'to', { to });
}

/** The outermost folder missing on the way to `p`'s folder (nothing is made there), or null when that folder exists. */
function missingAncestor(p: string): string | null {
  let missing: string | null = null;
  for (let up = path.dirname(path.resolve(p)); !fs.existsSync(up); up = path.dirname(up)) {
    missing = up;
    if (path.dirname(up) === up) break;
  }
  return missing;
}

/** Where a link at `p` leads to nothing: the path, followed link by link, that does not exist; 'loop' for links in a loop; null when `p` is no such link. */
function linkToNothing(p: string): string | 'loop' | null {
  try {
    if (!fs.lstatSync(p).isSymbolicLink()) return null;
  } catch {
    return null; // nothing there: the folder is made
  }
  try {
    fs.statSync(p);
    return null;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ELOOP') return 'loop';
    if (code !== 'ENOENT') return null;
  }
  let at = p;
  for (let hop = 0; hop < 40; hop++) {
    let link: boolean;
    try {
      link = fs.lstatSync(at).isSymbolicLink();
    } catch {
      return at;
    }
    if (!link) return at;
    at = path.resolve(path.dirname(at), fs.readlinkSync(at));
  }
  return 'loop';
}

/**
 * One backup at a time per destination: an OS lock on `backup.lock` (store/folder-lock.ts, the data
 * folder's way), which dies with the process: no stale lock after a crash or a restart. It took a
 * hard link before, which FAT and exFAT drives (USB sticks, the common backup drive) refuse, naming a
 * pid, which another process may have after a restart (an insider probe: every backup refused). A
 * lock left by that older scheme is honoured while its process runs. Returns the unlock.
 */
export function lockDestination(to: string): () => void {
  const file = path.join(to, LOCK_FILE);
  // Left by the version before (upgraded while a backup ran, or one killed): its process, if it runs, is that backup.
  if (isOlderLock(file)) {
    const { pid, alive } = namedAlive(fs.readFileSync(file, 'utf8'));
    if (alive) throw new DaichoError('conflict', 'jobs.errors.backup_busy', 'to', { pid, to });
    fs.rmSync(file, { force: true });
  }
  let lock: FolderLock;
  try {
    lock = lockFileNow(file, to);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'in_use') throw new DaichoError('conflict', 'jobs.errors.backup_running', 'to', { to });
    if (err instanceof StoreError && err.code === 'read_only') throw new DaichoError('invalid_input', 'jobs.errors.not_writable', 'to');
    throw err;
  }
  return () => lock.release({ removeIfHeld: true });
}

/** A lock file of the older scheme: text (a pid), not an SQLite file (the OS lock's, empty or with SQLite's header). */
function isOlderLock(file: string): boolean {
  let head: Buffer;
  try {
    head = fs.readFileSync(file).subarray(0, 16);
  } catch {
    return false;
  }
  return head.length > 0 && head.toString('latin1') !== 'SQLite format 3\0';
}

/** A folder that holds only what Daicho puts in a backup folder (so it may be removed or put back). */
function isOurBackupFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory() && fs.readdirSync(dir).every((n) => OURS.test(n));
  } catch {
    return false;
  }
}

/** `<dest>.old-<pid>` / `<dest>.tmp-<pid>` of the earlier scheme, left by a process that is gone. */
function leftoverPid(base: string, name: string, kind: 'old' | 'tmp'): number | null {
  if (!name.startsWith(`${base}.${kind}-`)) return null;
  const pid = name.slice(base.length + kind.length + 2);
  return /^\d+$/.test(pid) ? Number(pid) : null;
}

/**
 * From the earlier folder-swapping scheme, a run killed between its two renames left the good
 * backup as `<dest>.old-<pid>` and no destination: put it back.
 */
function restoreSwappedAway(to: string): void {
  const parent = path.dirname(to);
  const base = path.basename(to);
  if (fs.existsSync(to) || !fs.existsSync(parent)) return;
  const olds = fs.readdirSync(parent).filter((n) => {
    const pid = leftoverPid(base, n, 'old');
    return pid !== null && !pidAlive(pid) && fs.existsSync(path.join(parent, n, DB_FILE)) && isOurBackupFolder(path.join(parent, n));
  });
  if (olds.length === 0) return;
  const newest = olds.map((n) => ({ n, t: fs.statSync(path.join(parent, n)).mtimeMs })).sort((a, b) => b.t - a.t)[0].n;
  fs.renameSync(path.join(parent, newest), to);
}

/**
 * What a killed or failed earlier run left: temporary files inside the destination and, from the
 * earlier folder-swapping scheme, `<dest>.tmp-<pid>` and `<dest>.old-<pid>` folders beside it.
 * Called with the destination locked, so no running backup's files are touched. Returns what it removed.
 */
export function cleanUpBackupLeftovers(to: string): string[] {
  const removed: string[] = [];
  const parent = path.dirname(to);
  const base = path.basename(to);
  const siblings = fs.existsSync(parent) ? fs.readdirSync(parent) : [];
  // Only folders of ours (Daicho's files and nothing else) whose process is gone: a folder of the
  // same name made by hand is left alone.
  for (const n of siblings) {
    const pid = leftoverPid(base, n, 'old') ?? leftoverPid(base, n, 'tmp');
    if (pid === null || pidAlive(pid) || !isOurBackupFolder(path.join(parent, n))) continue;
    fs.rmSync(path.join(parent, n), { recursive: true, force: true });
    removed.push(path.join(parent, n));
  }
  if (fs.existsSync(to)) {
    for (const n of fs.readdirSync(to)) {
      if (/\.tmp-\d+$/.test(n) && OURS.test(n)) {
        fs.rmSync(path.join(to, n), { force: true });
        removed.push(path.join(to, n));
      }
    }
  }
  return removed;
}
