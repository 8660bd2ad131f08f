import fs from 'node:fs';
import type { Db } from './database';
import { StoreError } from './errors';

/** The OS call that makes the write-ahead log's written frames durable, off the main thread (libuv's pool). */
export type FdatasyncAsync = (fd: number) => Promise<void>;

const fdatasyncAsync: FdatasyncAsync = (fd) =>
  new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));

/**
 * A save is acknowledged only once it is on the disk (SPEC §8), without the main thread waiting
 * for the disk (SPEC §10: no API call blocks the process more than 50 ms).
 *
 * With `synchronous=FULL` SQLite makes each commit durable inside the commit: an fsync of the
 * write-ahead log, in the calling thread. On a busy disk that one fsync waited 0.2–2.5 s (a backup's
 * copy and a verify's reads beside it, 2026-12-05), and the whole process waited with it: every other
 * window, the door terminal, the LAN stations. So the app's own connection runs `synchronous=NORMAL`
 * (a commit writes the log's frames; SQLite still syncs the log and the file around every
 * checkpoint), and this makes the commits durable itself: after a commit, an fdatasync of the log
 * starts in libuv's thread pool (one at a time; the commits made while one runs are covered by the
 * next). Whoever tells someone that a save is made waits for it first (`durable`): the dispatcher
 * before it answers a call that saved, the LAN listener before it answers a station. So the caller
 * waits for the disk, and the process does not.
 *
 * The log's frames carry checksums chained from its header: after a power failure SQLite keeps the
 * frames up to the last whole commit and drops the rest. A commit not yet synced is one not yet
 * acknowledged, and what may be lost with it is only later commits, never an earlier acknowledged
 * one. Another call may read a save in the moment before that save's own call is answered.
 */
export class WalSync {
  private fd: number | null = null;
  /** Commits made, and how many of them are known to be on the disk. */
  private committed = 0;
  private synced = 0;
  /** The sync under way in the pool (commits made after it started need another). */
  private inFlight: Promise<void> | null = null;
  private failure: StoreError | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly fdatasync: FdatasyncAsync = fdatasyncAsync,
  ) {
    db.pragma('synchronous=NORMAL');
  }

  /** A commit was made: its sync starts in the pool (or follows the one under way). */
  committedOne(): void {
    this.committed++;
    if (!this.inFlight && !this.failure) this.durable().catch(() => undefined);
  }

  /** Commits made and not yet known to be on the disk. */
  get pending(): boolean {
    return this.synced < this.committed;
  }

  /** Every commit made so far is on the disk (rejects with the failure that stops every later write). */
  async durable(): Promise<void> {
    const target = this.committed;
    while (this.synced < target) {
      if (this.failure) throw this.failure;
      // A sync that started before the last commits does not cover them: wait for it, then sync again.
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      const upTo = this.committed;
      let fd: number;
      try {
        fd = this.walFd();
      } catch (err) {
        throw this.fail(err);
      }
      this.inFlight = this.fdatasync(fd).then(
        () => {
          this.synced = Math.max(this.synced, upTo);
        },
        (err: unknown) => {
          this.fail(err);
        },
      ).finally(() => {
        this.inFlight = null;
        if (this.closed) this.closeFd();
      });
      await this.inFlight;
    }
    if (this.failure && this.synced < target) throw this.failure;
  }

  /** Sync in this thread, every commit so far (closing the data). */
  syncNow(): void {
    if (!this.pending) return;
    if (this.failure) throw this.failure;
    const upTo = this.committed;
    try {
      fs.fdatasyncSync(this.walFd());
    } catch (err) {
      throw this.fail(err);
    }
    this.synced = Math.max(this.synced, upTo);
  }

  /** The failure of a sync, if one failed: nothing more may be written (a save's fate on the disk is unknown). */
  get failed(): StoreError | null {
    return this.failure;
  }

  /** The log's file is let go (a sync under way lets it go when it ends: its number must not name another file meanwhile). */
  close(): void {
    this.closed = true;
    if (!this.inFlight) this.closeFd();
  }

  private closeFd(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** The log's file, opened for writing (Windows flushes only a handle that may write). */
  private walFd(): number {
    if (this.closed) throw new StoreError('damaged', 'the data was closed before its last saves were synced');
    this.fd ??= fs.openSync(`${this.db.name}-wal`, 'r+');
    return this.fd;
  }

  /**
   * After a failed sync what reached the disk is unknown (the OS may have dropped the pages it could
   * not write): every later write is refused, as for damage found while open.
   */
  private fail(err: unknown): StoreError {
    const code = (err as NodeJS.ErrnoException)?.code;
    this.failure ??= code === 'ENOSPC' || code === 'EDQUOT'
      ? new StoreError('disk_full', `the disk did not take the last saves (${code})`)
      : new StoreError('damaged', `the disk did not confirm the last saves were written (${code ?? String(err)})`);
    return this.failure;
  }
}
