import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Opening the data runs SQLite's quick check of the whole file first (SPEC §8: damaged data is
// refused before anything is written to it). On SPEC §10's data that reads 3 GB and takes ≈ 20 s,
// against a target of 100 ms for the open. So the instance that closes the data cleanly leaves a
// note of the file as it left it (size, times, inode), sealed with a key derived from the data key.
// The next open that finds the file exactly so (and no write-ahead log) knows nothing has touched it
// since a check passed, and skips the check; anything else — a crash (the note is taken away at
// every open before it writes), a change of the file (its change time moves, and nobody can set that back), a copy
// to another folder or disk, a note not sealed with this data's key, or a last full check more than
// FULL_CHECK_DAYS ago — and the open checks the file as before. Damage that appears without any
// write (a failing disk) is still found: every page read is checked against its MAC, and from the
// first damaged page on the store refuses every write (Store.noteFailure); a verify that finds it
// takes the note away (invalidateCleanClose).
//
// What the note guards against is accidental damage, not a person: on Windows (NTFS) and on FAT
// file systems a file's change time can be set back, so someone could change the file in place and
// keep the note valid. That gains them nothing: without the key a changed page fails its MAC when it
// is read, and with the key they could write valid pages anyway; the journal's chain and verify are
// what stand against a person.

export const CLEAN_CLOSE_FILE = 'daicho.closed.json';

/** However often the data is closed cleanly, the open checks the whole file at least this often. */
export const FULL_CHECK_DAYS = 7;

interface FileState {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

interface Note extends FileState {
  v: 1;
  /** When a quick check of the whole file last passed (ISO instant). */
  checkedAt: string;
  mac: string;
}

function sealKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.from('daicho'), Buffer.from('clean close v1'), 32));
}

function seal(key: Buffer, n: Omit<Note, 'mac'>): string {
  const body = [n.v, n.size, n.mtimeMs, n.ctimeMs, n.ino, n.dev, n.checkedAt].join('\n');
  return createHmac('sha256', sealKey(key)).update(body).digest('hex');
}

function stateOf(file: string): FileState | null {
  try {
    const st = fs.statSync(file, { bigint: false });
    return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev };
  } catch {
    return null;
  }
}

/** A write-ahead log with frames in it means the file is not all there is. */
function walHasFrames(file: string): boolean {
  try {
    return fs.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * Leave the note, after the database is closed (nothing writes to the file any more). Not when the
 * data was found damaged while open, nor when the log was not folded back into the file.
 */
export function writeCleanClose(dataDir: string, dbFile: string, key: Buffer, checkedAt: Date): void {
  const state = stateOf(dbFile);
  if (!state || walHasFrames(dbFile)) return;
  const unsealed: Omit<Note, 'mac'> = { v: 1, ...state, checkedAt: checkedAt.toISOString() };
  const note: Note = { ...unsealed, mac: seal(key, unsealed) };
  const target = path.join(dataDir, CLEAN_CLOSE_FILE);
  const tmp = `${target}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(note), { mode: 0o600 });
    fs.renameSync(tmp, target);
  } catch {
    // A note that cannot be left only means the next open checks the file.
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * When the file was last checked, if it is still exactly as the note says; null means "check it".
 * The note stays where it is: the open takes it away (dropCleanClose) once it is sure to go ahead,
 * before it writes anything, so that a note never outlives the state it describes.
 */
export function readCleanClose(dataDir: string, dbFile: string, key: Buffer, now: Date): Date | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, CLEAN_CLOSE_FILE), 'utf8');
  } catch {
    return null;
  }
  return validNote(text, dbFile, key, now);
}

export function dropCleanClose(dataDir: string): void {
  fs.rmSync(path.join(dataDir, CLEAN_CLOSE_FILE), { force: true });
}

/**
 * A check found the file damaged: a note that still matches it (damage that came without a write,
 * from a failing disk) goes, so the next open checks the file and refuses it. A note that no longer
 * matches is left as it is (a check-only open leaves the folder as it found it where it can).
 */
export function invalidateCleanClose(dataDir: string, dbFile: string, key: Buffer, now: Date): void {
  if (readCleanClose(dataDir, dbFile, key, now) !== null) dropCleanClose(dataDir);
}

function validNote(text: string, dbFile: string, key: Buffer, now: Date): Date | null {
  let note: Note;
  try {
    note = JSON.parse(text) as Note;
  } catch {
    return null;
  }
  if (note?.v !== 1 || typeof note.mac !== 'string' || typeof note.checkedAt !== 'string') return null;
  const { mac, ...unsealed } = note;
  const expected = Buffer.from(seal(key, unsealed), 'hex');
  const given = Buffer.from(mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const state = stateOf(dbFile);
  if (!state || walHasFrames(dbFile)) return null;
  if (state.size !== note.size || state.mtimeMs !== note.mtimeMs || state.ctimeMs !== note.ctimeMs || state.ino !== note.ino || state.dev !== note.dev) return null;
  const checkedAt = new Date(note.checkedAt);
  const age = now.getTime() - checkedAt.getTime();
  if (!Number.isFinite(age) || age < 0 || age > FULL_CHECK_DAYS * 86_400_000) return null;
  return checkedAt;
}
