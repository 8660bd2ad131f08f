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

/**
 * One worker thread running tasks (jobs/worker.ts) one after another, each answered by a promise.
 * The worker holds its own read connection; stopping it (terminate) is how a task is cancelled,
 * so no task has to look for a flag.
 */
export class WorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private gone: unknown = null;

  /**
   * `low`: the thread yields the CPU to the main thread (long jobs that only read: verify, backup,
   * the file check). The checkpointer runs at the normal priority: a checkpoint can hold writers up,
   * and a starved one would hold the main thread's saves (priority inversion).
   */
  constructor(opts: { priority?: 'low' | 'normal'; script?: 'jobs' | 'reader' } = {}) {
    // `reader`: the reader worker (jobs/reader.ts), API calls' heavy reads with the app's handlers.
    this.worker = new Worker(opts.script === 'reader' ? readerFile() : workerFile(), { workerData: { priority: opts.priority ?? 'low' } });
    this.worker.on('message', (m: { id: number; progress?: TaskProgress; ok?: boolean; result?: unknown; error?: { message: string; code?: string; name?: string } }) => {
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
    this.worker.on('exit', (code) => fail(this.gone ?? new Error(`the worker stopped (exit ${code})`)));
  }

  call<T>(task: string, args: unknown = {}, opts: { onProgress?: (p: TaskProgress) => void; transfer?: ArrayBuffer[] } = {}): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress });
      this.worker.postMessage({ id, task, args }, opts.transfer ?? []);
    });
  }

  /** The worker has stopped (terminated, or it failed): it takes no more tasks. */
  get stopped(): boolean {
    return this.gone !== null;
  }

  /** Stop the worker; what it was doing fails with `reason` (default: cancelled). */
  async terminate(reason: unknown = new JobCancelled()): Promise<void> {
    this.gone ??= reason;
    await this.worker.terminate();
  }
}
