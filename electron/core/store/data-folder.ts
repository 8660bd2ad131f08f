import { CLEAN_CLOSE_FILE } from './clean-close';
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { StoreError } from './errors';

// SPEC §8: "a folder that once held data is never silently re-created". A data folder is known by
// its files; the mark file says "this folder holds Daicho data" and carries a check value of the
// database key, so that a key that opens nothing can be told from a database that is damaged.

export const DB_FILE = 'daicho.db';
export const PASSPHRASE_KEY_FILE = 'key.json';
export const RECOVERY_FILE = 'recovery.json';
export const SAFE_STORAGE_KEY_FILE = 'key.safestorage';
export const DATA_MARK_FILE = 'daicho-data.json';

/** Any of these in a folder means it has held Daicho data. */
const DATA_FILES = [DB_FILE, `${DB_FILE}-wal`, DATA_MARK_FILE, PASSPHRASE_KEY_FILE, RECOVERY_FILE, SAFE_STORAGE_KEY_FILE];

export interface DataMark {
  format: 'daicho-data';
  v: 1;
  createdAt: string;
  /** HMAC-SHA256 of a fixed text under the database key: says whether a key is this data's key. */
  keyCheck: string;
}

export interface FolderState {
  /** The database file exists (whatever is in it). */
  hasDatabase: boolean;
  /** The folder holds, or once held, Daicho data (a database, a key file or the mark). */
  heldData: boolean;
  /** The mark, when it is there and readable. */
  mark: DataMark | null;
}

export function dataFile(dataDir: string): string {
  return path.join(dataDir, DB_FILE);
}

export function folderState(dataDir: string): FolderState {
  const has = (f: string) => fs.existsSync(path.join(dataDir, f));
  return { hasDatabase: has(DB_FILE), heldData: DATA_FILES.some(has), mark: readMark(dataDir) };
}

function readMark(dataDir: string): DataMark | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dataDir, DATA_MARK_FILE), 'utf8')) as DataMark;
    return m?.format === 'daicho-data' && m.v === 1 && /^[0-9a-f]{64}$/.test(m.keyCheck) ? m : null;
  } catch {
    return null;
  }
}

/**
 * What can be said of a folder's data before any key: a folder that held data but has no database
 * is `missing`, an empty database is `damaged` (so no command asks for a key it cannot use).
 */
export function assertNoVisibleDamage(dataDir: string): void {
  const state = folderState(dataDir);
  if (state.heldData && !state.hasDatabase) throw new StoreError('missing', dataDir);
  if (state.hasDatabase && fs.statSync(dataFile(dataDir)).size === 0) throw new StoreError('damaged', 'the database file is empty (0 bytes)');
}

export function keyCheckOf(key: Buffer): string {
  return createHmac('sha256', key).update('daicho key check v1').digest('hex');
}

/** 'match' / 'mismatch' against the folder's mark, or 'unknown' when there is no mark (older data). */
export function checkKey(mark: DataMark | null, key: Buffer): 'match' | 'mismatch' | 'unknown' {
  if (!mark) return 'unknown';
  return timingSafeEqual(Buffer.from(mark.keyCheck, 'hex'), Buffer.from(keyCheckOf(key), 'hex')) ? 'match' : 'mismatch';
}

/** Write (or rewrite) the mark for a database that has just been created or opened with this key. */
export function writeDataMark(dataDir: string, key: Buffer, createdAt = new Date().toISOString()): void {
  const mark: DataMark = { format: 'daicho-data', v: 1, createdAt, keyCheck: keyCheckOf(key) };
  writeFileAtomic(path.join(dataDir, DATA_MARK_FILE), JSON.stringify(mark, null, 2) + '\n');
}

/** Write a file readable by its owner only, all at once (a temp file renamed into place, flushed). */
export function writeFileAtomic(file: string, text: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Owner-only modes on the database files (SPEC §8: the data is the company's; nobody else reads it). */
export function restrictModes(dataDir: string): void {
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, DATA_MARK_FILE, PASSPHRASE_KEY_FILE, RECOVERY_FILE, SAFE_STORAGE_KEY_FILE, 'daicho.lock', CLEAN_CLOSE_FILE]) {
    const p = path.join(dataDir, f);
    try {
      if ((fs.statSync(p).mode & 0o077) !== 0) fs.chmodSync(p, 0o600);
    } catch {
      // not there (or not ours to change): nothing to do
    }
  }
}
