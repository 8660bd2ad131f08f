import { WorkerClient } from './worker-client';

/**
 * WAL checkpoints in a worker thread (issue 7 point 5). A checkpoint copies the committed pages of
 * the write-ahead log into the database file; after a verify or a backup has held an old snapshot
 * for minutes, there can be hundreds of MB to copy, which in the main thread held every API call
 * (≈ 200 ms measured on SPEC §10's data). Any connection may checkpoint: this one runs in its own
 * thread, one checkpoint at a time; a request while one runs is done once it ends.
 */
export class Checkpointer {
  private worker: WorkerClient | null = null;
  private running: Promise<void> | null = null;
  private pending: 'PASSIVE' | 'TRUNCATE' | null = null;
  private closed = false;
  /**
   * A TRUNCATE asked for (after an erasure: no page of the erased values may stay in the log) that
   * has not emptied the log yet: a reader held it (a verify, a backup). Every later checkpoint is a
   * TRUNCATE until one does, and it is tried again every `retryMs` meanwhile (an insider probe:
   * erased values stayed in the log's older pages for as long as the app ran).
   */
  private truncateOwed = false;
  private retry: NodeJS.Timeout | null = null;
  retryMs = 2000;
  /** Checkpoints that failed in a row (the worker could not open the data: a drive gone): the retries wait longer each time, up to a minute. */
  private failures = 0;

  constructor(
    private readonly file: string,
    private readonly key: Buffer,
    private readonly log?: (err: unknown, what: string) => void,
  ) {}

  request(mode: 'PASSIVE' | 'TRUNCATE'): void {
    if (this.closed) return;
    if (mode === 'TRUNCATE') this.truncateOwed = true;
    if (this.truncateOwed) mode = 'TRUNCATE';
    if (this.running) {
      if (this.pending !== 'TRUNCATE') this.pending = mode;
      return;
    }
    this.running = this.run(mode).finally(() => {
      this.running = null;
      const next = this.pending;
      this.pending = null;
      if (next) this.request(next);
    });
  }

  private async run(mode: 'PASSIVE' | 'TRUNCATE'): Promise<void> {
    try {
      if (!this.worker) {
        this.worker = new WorkerClient({ priority: 'normal' });
        await this.worker.call('open', { file: this.file, key: this.key.toString('hex') });
      }
      const [answer] = await this.worker.call<{ busy: number; log: number }[]>('checkpoint', { mode });
      this.failures = 0;
      if (mode === 'TRUNCATE') {
        if (answer?.busy === 0 && answer.log === 0) this.truncateOwed = false;
        else this.retryLater();
      }
    } catch (err) {
      if (!this.closed) this.log?.(err, 'checkpoint');
      await this.worker?.terminate().catch(() => undefined);
      this.worker = null;
      this.failures++;
      if (this.truncateOwed) this.retryLater();
    }
  }

  /** Whether a TRUNCATE asked for has not emptied the log yet. */
  get owesTruncate(): boolean {
    return this.truncateOwed;
  }

  private retryLater(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(
      () => {
        this.retry = null;
        if (this.truncateOwed) this.request('TRUNCATE');
      },
      Math.min(60_000, this.retryMs * 2 ** Math.min(this.failures, 10)),
    );
    this.retry.unref();
  }

  /** Stop the worker (the store checkpoints once more itself as it closes). */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.worker?.terminate().catch(() => undefined);
    this.worker = null;
  }
}
