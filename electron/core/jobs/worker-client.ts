import { Worker } from 'node:worker_threads';
import { readerFile, workerFile } from './worker-file';

/** A task's progress, as the worker reports it. */
export type TaskProgress = { done: number; total?: number };

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress?: (p: TaskProgress) => void;
}

/** Error of a task that was cancelled (its worker was stopped). */
export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelled';
  }
}

/** How long a stop waits for the task in flight to see the stop and end, before the thread is terminated in it. */
export const STOP_WAIT_MS = 10_000;

/**
 * One worker thread running tasks (jobs/worker.ts) one after another, each answered by a promise.
 * The worker holds its own read connection; stopping it (terminate) is how a task is cancelled.
 * A stop fails the calls waiting at once, raises a flag the task in flight sees at its next step of
 * progress (worker-serve.ts), waits for it to end (at most STOP_WAIT_MS: one long SQLite statement
 * looks for no flag), closes the worker's connection, and only then terminates the thread: a thread
 * terminated with a database open can crash the whole process as it is torn down (better-sqlite3
 * issues 1476 and 1507).
 */
export class WorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  /** Set to 1 when the worker is to stop: shared with its thread. */
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  /** Tasks sent and not yet answered, and who waits for the last of them to be answered. */
  private inFlight = 0;
  private onIdle: (() => void) | null = null;
  private stopping: Promise<void> | null = null;
  private exited = false;
  private next = 1;
  private gone: unknown = null;

  /**
   * `low`: the thread yields the CPU to the main thread (long jobs that only read: verify, backup,
   * the file check). The checkpointer runs at the normal priority: a checkpoint can hold writers up,
   * and a starved one would hold the main thread's saves (priority inversion).
   */
  constructor(opts: { priority?: 'low' | 'normal'; script?: 'jobs' | 'reader' } = {}) {
    // `reader`: the reader worker (jobs/reader.ts), API calls' heavy reads with the app's handlers.
    this.worker = new Worker(opts.script === 'reader' ? readerFile() : workerFile(), { workerData: { priority: opts.priority ?? 'low', stop: this.stopFlag } });
    this.worker.on('message', (m: { id: number; progress?: TaskProgress; ok?: boolean; result?: unknown; error?: { message: string; code?: string; name?: string } }) => {
      if (!m.progress && --this.inFlight === 0) this.onIdle?.();
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.progress) return p.onProgress?.(m.progress);
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(Object.assign(new Error(m.error?.message ?? 'worker task failed'), { code: m.error?.code, name: m.error?.name ?? 'Error' }));
    });
    const fail = (err: unknown) => {
      this.gone ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.onIdle?.();
      fail(this.gone ?? new Error(`the worker stopped (exit ${code})`));
    });
  }

  private post(task: string, args: unknown, transfer: ArrayBuffer[] = []): number {
    const id = this.next++;
    this.inFlight++;
    this.worker.postMessage({ id, task, args }, transfer);
    return id;
  }

  call<T>(task: string, args: unknown = {}, opts: { onProgress?: (p: TaskProgress) => void; transfer?: ArrayBuffer[] } = {}): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    return new Promise<T>((resolve, reject) => {
      const id = this.post(task, args, opts.transfer);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress });
    });
  }

  /** The worker has stopped (terminated, or it failed): it takes no more tasks. */
  get stopped(): boolean {
    return this.gone !== null;
  }

  /**
   * Stop the worker; what it was doing fails with `reason` (default: cancelled) at once. Resolves
   * once the thread is gone (its task ended or cut off, its connection closed).
   */
  terminate(reason: unknown = new JobCancelled()): Promise<void> {
    this.gone ??= reason;
    for (const p of this.pending.values()) p.reject(this.gone);
    this.pending.clear();
    Atomics.store(this.stopFlag, 0, 1);
    this.stopping ??= (async () => {
      const within = (ms: number, done: Promise<unknown>) => {
        let timer: NodeJS.Timeout | undefined;
        return Promise.race([done.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
      };
      const idle = () => new Promise<void>((r) => (this.inFlight === 0 || this.exited ? r() : (this.onIdle = r)));
      await within(STOP_WAIT_MS, idle());
      if (!this.exited && this.inFlight === 0) {
        this.post('close', {});
        await within(1_000, idle());
      }
      await this.worker.terminate();
    })();
    return this.stopping;
  }
}
