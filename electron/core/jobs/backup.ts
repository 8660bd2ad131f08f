import fs from 'node:fs';
import path from 'node:path';
import { DaichoError } from '../../../shared/api/errors';
import { checkKey, dataFile, DB_FILE, folderState, SAFE_STORAGE_KEY_FILE } from '../store/data-folder';
import { openReadConnection } from '../store/read-connection';
import { backupHead, type JournalHead } from './backup-read';
import { faultPoint, killPoint } from '../util/fault';
import { checkBackupDestination, cleanUpBackupLeftovers, fsyncPathAsync, lockDestination, SIDE_FILES } from './backup-destination';
import { JobFailure, type JobControl, type JobEnd, type JobEnv, type JobKindDef } from './runner';
import { verifyFileInWorkers, verifyProblemText, verifySummary } from './verify-job';
import { JobCancelled, WorkerClient } from './worker-client';
import { tellSafetyManagers } from '../auth/notices';

/** The points of the backup where a test may inject a kill or a failure (DAICHO_FAULT_AT, util/fault.ts). */
export const BACKUP_FAULT_POINTS = [
  'copying', 'copied', 'checking', 'checked', 'wal-removed', 'db-renamed', ...SIDE_FILES.map((f) => `renamed-${f}`), 'swapped',
] as const;

/** Shares of the whole job, for the progress bar: the copy, then the check of the copy, then the swap. */
const COPY_SHARE = 0.3;
const CHECK_SHARE = 0.65;
/**
 * How often the copy being written is flushed to the disk and its size looked at for the progress
 * bar (the copy itself is one SQLite statement; watchCopy). Each flush is what was written since the
 * last: the app's own commits wait behind it (their WAL fsync). Measured on SPEC §10's data (3.9 GB)
 * with saves in a loop, a backup alone: every 200 ms, 25–138 saves of ~23,000 took over 25 ms (p99.9
 * 25–40 ms); every 50 ms, 0–4 (p99.9 10.7–13.5 ms), and the whole backup took 98–119 s.
 */
const COPY_FLUSH_MS = 50;

export interface BackupArgs {
  to: string;
}

/**
 * The backup job (SPEC §8, Art. 13(7)): an encrypted copy of the data folder. The copy is written
 * by a worker thread from its own read connection (VACUUM INTO: a consistent snapshot, compacted,
 * encrypted with the same key) beside the previous backup's files under temporary names, flushed,
 * checked in worker threads (opens with the key, SQLite's integrity check, the journal verify), and
 * then each file is renamed over its old one — the database first. Each rename is atomic, and every
 * version of the key files opens the same database key, so whenever the process stops the
 * destination holds a complete backup, the old one or the new one; the next run removes what a
 * stopped run left. A cancelled or failed backup removes its temporary files and keeps the old one.
 * The app keeps working meanwhile: the copy is of the data as it was when the copy began.
 */
export const backupJob: JobKindDef<BackupArgs> = {
  action: 'data.backup',
  lastGoodKey: 'backup.lastGood',
  prepare(env, { to }) {
    if (!path.isAbsolute(to)) throw new DaichoError('invalid_input', 'jobs.errors.backup_not_absolute', 'to');
    to = path.normalize(to);
    let unlock: () => void;
    try {
      checkBackupDestination(env.dataDir, to);
      // A backup of other data (another key) is not overwritten: its key files would not open the new copy.
      const destMark = folderState(to).mark;
      if (destMark && checkKey(destMark, env.key) === 'mismatch') throw new DaichoError('invalid_input', 'jobs.errors.backup_other_data', 'to', { to });
      fs.mkdirSync(to, { recursive: true, mode: 0o700 });
      unlock = lockDestination(to);
    } catch (err) {
      throw fsRefusal(err) ?? err;
    }
    try {
      cleanUpBackupLeftovers(to);
    } catch (err) {
      unlock();
      throw err;
    }
    // The copy is the data as it is from now on: at least up to the journal's head now.
    const startHead = env.store.journalHead().seq;
    const sourceBytes = Number(env.store.db.pragma('page_count', { simple: true })) * Number(env.store.db.pragma('page_size', { simple: true }));
    return {
      to,
      run: (ctl) => runBackup(env, to, { startHead, sourceBytes }, ctl).finally(unlock),
      abandon: unlock,
      // The data lacks what the last backup holds (put back to an older copy): not the administrator's
      // alone to know, who may just choose another folder (insider probe 10: on a PC with no stations to
      // witness it, the safety manager's screens read as if nothing had happened).
      alsoAtEnd: (tx, info) => {
        if (info.state === 'failed' && info.error?.messageKey === 'jobs.errors.backup_has_more')
          tellSafetyManagers(env.store, tx, { kind: 'data_older_than_backup', actorId: info.startedBy, detail: { to, last: info.error.params?.last ?? null } }, true);
      },
    };
  },
};

/** The file system refusing the destination, as a message at the field. */
function fsRefusal(err: unknown): DaichoError | null {
  const code = (err as { code?: string })?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new DaichoError('invalid_input', 'jobs.errors.not_writable', 'to');
  // Not there at all (a drive letter with no drive behind it): not a folder of someone else's.
  if (code === 'ENOENT') return new DaichoError('invalid_input', 'jobs.errors.backup_not_there', 'to', { to: String((err as { path?: string }).path ?? ''), missing: String((err as { path?: string }).path ?? '') });
  if (code === 'ENOTDIR') return new DaichoError('invalid_input', 'jobs.errors.backup_foreign_folder', 'to', { to: String((err as { path?: string }).path ?? '') });
  // A name too long, a loop of links, a name the file system refuses (a probe: 300 characters said "internal error").
  if (code === 'ENAMETOOLONG' || code === 'ELOOP' || code === 'EINVAL') return new DaichoError('invalid_input', 'jobs.errors.backup_bad_path', 'to');
  if (code === 'ENOSPC' || code === 'EDQUOT') return new DaichoError('invalid_input', 'errors.disk_full', 'to');
  return null;
}

async function runBackup(env: JobEnv, to: string, source: { startHead: number; sourceBytes: number }, ctl: JobControl): Promise<JobEnd> {
  const tmpOf = (f: string) => path.join(to, `${f}.tmp-${process.pid}`);
  const sides = SIDE_FILES.filter((f) => fs.existsSync(path.join(env.dataDir, f)));
  const copier = new WorkerClient();
  const stopCopier = () => void copier.terminate(new JobCancelled());
  ctl.signal.addEventListener('abort', stopCopier, { once: true });
  try {
    // 1. The copy, in a worker from its own read connection; its size tells how far it is.
    ctl.progress(0, 'copy');
    await copier.call('open', { file: dataFile(env.dataDir), key: env.key.toString('hex') });
    // The copy is flushed to the disk as it grows, a little at a time, and its size tells how far it is.
    const watch = watchCopy(tmpOf(DB_FILE), (size) => ctl.progress(COPY_SHARE * Math.min(1, size / Math.max(1, source.sourceBytes)), 'copy'));
    try {
      await copier.call('backup.copy', { to: tmpOf(DB_FILE) });
    } finally {
      watch.stop();
    }
    await copier.terminate();
    // The key files beside it, and every flush from here on, in the thread pool: on a busy disk one
    // fsync here held the process 200 ms (2026-12-05, a disk written by another program meanwhile).
    for (const f of sides) {
      await fs.promises.copyFile(path.join(env.dataDir, f), tmpOf(f));
      await fs.promises.chmod(tmpOf(f), 0o600);
      await fsyncPathAsync(tmpOf(f));
    }
    await fsyncPathAsync(to);
    ctl.progress(COPY_SHARE, 'copy');
    faultPoint('copied');
    if (ctl.signal.aborted) throw new JobCancelled();

    // 2. The check of the copy: it opens with the key, passes SQLite's integrity check and the journal verify.
    let checking = false;
    const v = await verifyFileInWorkers(tmpOf(DB_FILE), env.key, {
      signal: ctl.signal,
      progress: (fraction, phase) => {
        if (!checking) {
          checking = true;
          killPoint('checking');
        }
        ctl.progress(fraction, phase);
      },
    }, { from: COPY_SHARE, to: COPY_SHARE + CHECK_SHARE }, env.store.clock());
    if (!v.ok)
      throw new JobFailure('data_damaged', 'jobs.errors.backup_does_not_verify', { detail: verifyProblemText(v) }, { ...verifySummary(v), to }, v);
    if (v.headSeq < source.startHead)
      throw new JobFailure('data_damaged', 'jobs.errors.backup_copy_short', { copy: v.headSeq, head: source.startHead }, { ...verifySummary(v), to });
    refuseOlderThanLast(to, tmpOf(DB_FILE), env.key);
    faultPoint('checked');
    if (ctl.signal.aborted) throw new JobCancelled();

    // 3. The swap, file by file (a cancel comes too late now: it is not looked at again).
    ctl.progress(COPY_SHARE + CHECK_SHARE, 'swap');
    await swapIn(to, tmpOf, sides);
    return { summary: { rows: v.rows, headSeq: v.headSeq, to }, detail: v };
  } catch (err) {
    // The copier has stopped (a terminate resolves once the thread is gone, its copy statement
    // finished), so nothing writes the temporary files any more: they go.
    await copier.terminate();
    for (const f of [DB_FILE, ...SIDE_FILES]) fs.rmSync(tmpOf(f), { force: true });
    if (ctl.signal.aborted) throw new JobCancelled();
    throw err;
  } finally {
    ctl.signal.removeEventListener('abort', stopCopier);
  }
}

/**
 * Every COPY_FLUSH_MS while a copy is written: its size (for the progress bar), then a flush of what
 * was written since the last (fdatasync). Flushed all at once at its end, hundreds of MB held up the
 * app's own commits, whose WAL fsync waited behind them (≈ 130 ms measured). Everything is done in
 * libuv's thread pool, never in this thread (a stat on a slow network folder could hold it), one
 * look at a time. `stop` closes the file once no look uses it.
 */
export function watchCopy(file: string, onSize: (bytes: number) => void): { stop(): void } {
  let fd: number | null = null;
  let busy = false;
  let stopped = false;
  const closeFd = () => {
    if (fd !== null) fs.close(fd, () => undefined);
    fd = null;
  };
  const done = () => {
    busy = false;
    if (stopped) closeFd();
  };
  const flush = (at: number) => fs.fdatasync(at, () => done());
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    fs.stat(file, (err, st) => {
      if (err || stopped) return done(); // not there yet, or the copy has ended
      onSize(st.size);
      if (fd !== null) return flush(fd);
      // r+: Windows flushes only what it may write
      fs.open(file, 'r+', (openErr, opened) => {
        if (openErr) return done();
        fd = opened;
        if (stopped) return done();
        flush(opened);
      });
    });
  }, COPY_FLUSH_MS);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      if (!busy) closeFd();
    },
  };
}

/**
 * The backup already in the folder holds nothing the copy lacks: its journal's head is in the copy,
 * the same row (sequence number and hash). Found by an insider probe: the data folder put back to an
 * older copy (no key needed) verified on its own, and its next backup replaced the newer one, so the
 * rows written since existed nowhere. A backup in the folder that does not open is replaced.
 */
function refuseOlderThanLast(to: string, copy: string, key: Buffer): void {
  if (!fs.existsSync(path.join(to, DB_FILE))) return;
  let head: JournalHead | null;
  try {
    head = backupHead(to, key);
  } catch {
    return; // damaged or unreadable: nothing in it to keep
  }
  if (!head) return;
  const db = openReadConnection(copy, key);
  try {
    const same = db.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(head.seq) as string | undefined;
    if (same !== head.hash) throw new JobFailure('data_damaged', 'jobs.errors.backup_has_more', { last: head.seq, to }, { to });
  } finally {
    db.close();
  }
}

/** Put the checked copy in place of the old backup, each step atomic and flushed (the flushes in the thread pool). */
async function swapIn(to: string, tmpOf: (f: string) => string, sides: readonly string[]): Promise<void> {
  // The old backup's WAL and shared-memory files belong to the old database: gone before the new one
  // is in place (without them the old database is still its last checkpoint, complete).
  for (const f of [`${DB_FILE}-wal`, `${DB_FILE}-shm`]) await fs.promises.rm(path.join(to, f), { force: true });
  await fsyncPathAsync(to);
  faultPoint('wal-removed');
  await fs.promises.rename(tmpOf(DB_FILE), path.join(to, DB_FILE));
  await fsyncPathAsync(to);
  faultPoint('db-renamed');
  for (const f of sides) {
    await fs.promises.rename(tmpOf(f), path.join(to, f));
    await fsyncPathAsync(to);
    faultPoint(`renamed-${f}`);
  }
  // Key files the data no longer has (e.g. the backup of passphrase data replaced by raw-key data).
  for (const f of [...SIDE_FILES, SAFE_STORAGE_KEY_FILE]) if (!sides.includes(f)) await fs.promises.rm(path.join(to, f), { force: true });
  await fsyncPathAsync(to);
  faultPoint('swapped');
}
