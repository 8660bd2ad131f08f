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

  constructor(
    private readonly file: string,
    private readonly key: Buffer,
    private readonly log?: (err: unknown, what: string) => void,
  ) {}

  request(mode: 'PASSIVE' | 'TRUNCATE'): void {
    if (this.closed) return;
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
      await this.worker.call('checkpoint', { mode });
    } catch (err) {
      if (!this.closed) this.log?.(err, 'checkpoint');
      await this.worker?.terminate().catch(() => undefined);
      this.worker = null;
    }
  }

  /** Stop the worker (the store checkpoints once more itself as it closes). */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = null;
    await this.worker?.terminate().catch(() => undefined);
    this.worker = null;
  }
}
