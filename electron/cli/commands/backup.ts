import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { openDaicho } from '../../core/daicho';
import type { KeyStore } from '../../core/keys/keystore';
import { verifyJournal } from '../../core/journal/verify';
import { checkKey, DATA_MARK_FILE, DB_FILE, folderState, PASSPHRASE_KEY_FILE, RECOVERY_FILE, SAFE_STORAGE_KEY_FILE } from '../../core/store/data-folder';
import { StoreError } from '../../core/store/errors';
import { CliError, EXIT } from '../errors';
import { faultPoint } from '../fault';
import { hasData, keyStoreToOpen, type UnlockArgs } from '../unlock';

/** Files a backup folder holds besides the database, in the order they are put in place. */
const SIDE_FILES = [PASSPHRASE_KEY_FILE, RECOVERY_FILE, DATA_MARK_FILE] as const;
/** Everything Daicho may leave in a backup folder; anything else means it is not one. */
const OURS = /^(daicho\.db(-wal|-shm)?|key\.json|recovery\.json|daicho-data\.json|key\.safestorage|backup\.lock|daicho\.lock)(\.tmp-\d+)?$/;
const LOCK_FILE = 'backup.lock';

/** The points of the swap where a test may inject a kill or a failure (DAICHO_FAULT_AT). */
export const BACKUP_FAULT_POINTS = ['copied', 'checked', 'wal-removed', 'db-renamed', ...SIDE_FILES.map((f) => `renamed-${f}`), 'swapped'] as const;

/** The key, unwrapped once (a passphrase costs a scrypt), for both opening the data and checking the copy. */
function keyOnce(key: Buffer, from: KeyStore): KeyStore {
  return { kind: from.kind, authenticated: from.authenticated, exists: () => true, load: async () => key, save: async () => undefined };
}

/** The path as the file system resolves it: the nearest existing folder resolved, the rest appended. */
function realPathOf(p: string): string {
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

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Open the copy read-only with the key; it must pass SQLite's integrity check and the journal verify. */
function checkCopy(file: string, key: Buffer): { rows: number; headSeq: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new CliError(`The copy failed SQLite's integrity check (${String(integrity)}); the last good backup was kept.`, EXIT.verifyFailed);
    const v = verifyJournal(db);
    if (!v.ok) throw new CliError(`The copy does not verify at sequence #${v.firstBadSeq}: ${v.problem}; the last good backup was kept.`, EXIT.verifyFailed);
    return { rows: v.rows, headSeq: v.headSeq };
  } finally {
    db.close();
  }
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
 * One backup at a time per destination: a lock file naming the process, made whole before it
 * appears (written aside, then hard-linked into place, which fails if a lock is there); the lock of
 * a process that is gone is taken over.
 */
function lockDestination(to: string): () => void {
  const file = path.join(to, LOCK_FILE);
  const mine = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.linkSync(mine, file);
        return () => {
          if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
        };
      } catch (err) {
        if ((err as { code?: string }).code !== 'EEXIST') throw err;
        const pid = Number(fs.readFileSync(file, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid))
          throw new CliError(`Another backup (process ${pid}) is writing to ${to}; nothing was changed. / 別のバックアップが実行中です。`);
        fs.rmSync(file, { force: true });
      }
    }
    throw new CliError(`Cannot lock ${to} for the backup. / バックアップ先をロックできません。`);
  } finally {
    fs.rmSync(mine, { force: true });
  }
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

/**
 * `daicho backup` (SPEC §8, Art. 13(7)): an encrypted copy of the data folder. The copy is written
 * beside the previous backup's files under temporary names, flushed, checked (opens with the key,
 * integrity check, journal verify), and then each file is renamed over its old one — the database
 * first. Each rename is atomic, and every version of the key files opens the same database key, so
 * whenever the process stops the destination holds a complete backup, the old one or the new one;
 * the next run removes what a stopped run left. The copy holds the wrapped keys, so it opens with
 * the same passphrase or the recovery code. The backup is journaled in the data it was taken from.
 */
export async function backupCommand(args: UnlockArgs & { to: string | undefined }): Promise<number> {
  if (!args.to) throw new CliError('Where to? Give the backup folder with --to DIR. / --to でバックアップ先を指定してください。');
  const to = args.to;
  if (!hasData(args.dataDir)) throw new CliError(new StoreError('not_found', args.dataDir).message);
  // Compared as the file system resolves them (links, letter case), not as typed.
  const rel = path.relative(realPathOf(args.dataDir), realPathOf(to));
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)))
    throw new CliError('The backup must go outside the data folder. / バックアップ先はデータフォルダの外にしてください。');
  restoreSwappedAway(to);
  if (fs.existsSync(to) && fs.readdirSync(to).some((n) => !OURS.test(n)))
    throw new CliError(`${to} is neither empty nor a Daicho backup; nothing was changed. / バックアップ先が空ではありません。`);

  const keyStore = await keyStoreToOpen(args);
  const key = await keyStore.load();
  // A backup of other data (another key) is not overwritten: its key files would not open the new copy.
  const destMark = folderState(to).mark;
  if (destMark && checkKey(destMark, key) === 'mismatch')
    throw new CliError(`${to} holds a backup of other Daicho data; nothing was changed. Choose another folder. / バックアップ先には別のデータのバックアップがあります。`);
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore: keyOnce(key, keyStore) });
  let unlock: (() => void) | null = null;
  const tmpOf = (f: string) => path.join(to, `${f}.tmp-${process.pid}`);
  try {
    const source = daicho.verify();
    if (!source.ok)
      throw new CliError(
        `The data does not verify (${source.fileProblems.length > 0 ? `file: ${source.fileProblems[0]}` : `sequence #${source.firstBadSeq}: ${source.problem}`}); no backup was made. / データの検証に失敗したため、バックアップしませんでした。`,
        EXIT.verifyFailed,
      );

    fs.mkdirSync(to, { recursive: true, mode: 0o700 });
    unlock = lockDestination(to);
    cleanUpBackupLeftovers(to);
    // VACUUM INTO writes a consistent, compacted copy encrypted with the same key, into an empty owner-only file.
    fs.closeSync(fs.openSync(tmpOf(DB_FILE), 'w', 0o600));
    daicho.store.db.prepare('VACUUM INTO ?').run(tmpOf(DB_FILE));
    const sides = SIDE_FILES.filter((f) => fs.existsSync(path.join(args.dataDir, f)));
    for (const f of sides) {
      fs.copyFileSync(path.join(args.dataDir, f), tmpOf(f));
      fs.chmodSync(tmpOf(f), 0o600);
    }
    for (const f of [DB_FILE, ...sides]) fsyncPath(tmpOf(f));
    fsyncPath(to);
    faultPoint('copied');

    const copy = checkCopy(tmpOf(DB_FILE), key);
    if (copy.headSeq !== source.headSeq) throw new CliError(`The copy ends at #${copy.headSeq}, the data at #${source.headSeq}; the last good backup was kept.`, EXIT.verifyFailed);
    faultPoint('checked');

    // The old backup's WAL and shared-memory files belong to the old database: gone before the new one
    // is in place (without them the old database is still its last checkpoint, complete).
    for (const f of [`${DB_FILE}-wal`, `${DB_FILE}-shm`]) fs.rmSync(path.join(to, f), { force: true });
    fsyncPath(to);
    faultPoint('wal-removed');
    fs.renameSync(tmpOf(DB_FILE), path.join(to, DB_FILE));
    fsyncPath(to);
    faultPoint('db-renamed');
    for (const f of sides) {
      fs.renameSync(tmpOf(f), path.join(to, f));
      fsyncPath(to);
      faultPoint(`renamed-${f}`);
    }
    // Key files the data no longer has (e.g. the backup of passphrase data replaced by raw-key data).
    for (const f of [...SIDE_FILES, SAFE_STORAGE_KEY_FILE]) if (!sides.includes(f as (typeof SIDE_FILES)[number])) fs.rmSync(path.join(to, f), { force: true });
    fsyncPath(to);
    faultPoint('swapped');

    daicho.store.write({ actor: 'cli', station: `cli:${os.hostname()}` }, (tx) =>
      tx.event('data.backup', 'settings', null, { to, rows: copy.rows, headSeq: copy.headSeq }),
    );
    console.log(`Backup written / バックアップしました: ${to}`);
    console.log(`  ${copy.rows} journal rows up to #${copy.headSeq}; integrity check and journal verify passed`);
    console.log(
      keyStore.kind === 'raw-key-file'
        ? '  It opens with the same raw key file (kept where you keep it) or the recovery code.'
        : '  It opens with the same passphrase or the recovery code.',
    );
    return EXIT.ok;
  } catch (err) {
    if (fs.existsSync(to)) for (const f of [DB_FILE, ...SIDE_FILES]) fs.rmSync(tmpOf(f), { force: true });
    throw err;
  } finally {
    unlock?.();
    daicho.close();
  }
}
