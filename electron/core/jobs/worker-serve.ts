import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openReadConnection, type ReadConnectionOptions } from '../store/read-connection';
import type { Db } from '../store/database';

// What every worker thread of the core runs (jobs/worker.ts: long jobs; jobs/reader.ts: the heavy
// reads of API calls): its own read connection to the encrypted database (with the key, read-only)
// and the tasks it is sent, one at a time, each answered by a message. The main thread (the
// Electron main process, the host) stays free to answer API calls meanwhile.

// The main thread answers people (issue 7 point 5: no call held more than 50 ms, also while a verify
// and a backup run). On two cores, two busy workers took the CPU from it for tens of milliseconds at a
// time: a job's worker runs at the lowest priority (WorkerClient's `priority`), and still has every
// core the main thread leaves idle. Only on Linux, where the nice value is the calling thread's own;
// elsewhere it is the whole process's.
if (process.platform === 'linux' && (workerData as { priority?: string } | null)?.priority === 'low') {
  try {
    setPriority(constants.priority.PRIORITY_LOW);
  } catch {
    // Not allowed here: the worker runs at the normal priority.
  }
}

export interface TaskContext {
  db(): Db;
  /** Report how far the task is; throws (StopRequested) once the worker is to stop, so a long task ends at its next step. */
  progress(p: { done: number; total?: number }): void;
  transfer: ArrayBuffer[];
}

/** Set by WorkerClient.terminate: the worker is to stop (shared with the main thread). */
const stopFlag = (workerData as { stop?: Int32Array } | null)?.stop;

/** A task ended because its worker is being stopped (a cancel). */
export class StopRequested extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelled';
  }
}

/** Whether the worker is to stop: a long task's loop looks at it between its steps. */
export function stopRequested(): boolean {
  return stopFlag !== undefined && Atomics.load(stopFlag, 0) === 1;
}

export type Task = (args: never, ctx: TaskContext) => unknown;

let connection: Db | null = null;
/** Where the connection reads: the file check opens connections of its own on it. */
let opened: { file: string; key: Buffer } | null = null;

/** Run fn on a connection of its own (other page checking than the worker's), closed afterwards. */
export function withConnection<T>(opts: ReadConnectionOptions, fn: (db: Db) => T): T {
  if (!opened) throw new Error('the worker has no connection (open first)');
  const db = openReadConnection(opened.file, opened.key, opts);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The worker's own connection, opened first (WorkerClient's first call). */
export const connectionTasks: Record<string, Task> = {
  open: (args: { file: string; key: string; pageAuth?: boolean; cacheKib?: number }) => {
    opened = { file: args.file, key: Buffer.from(args.key, 'hex') };
    connection = openReadConnection(opened.file, opened.key, { pageAuth: args.pageAuth, cacheKib: args.cacheKib });
    return true;
  },
  /**
   * Close the connection before the thread is stopped: a thread terminated with a database open can
   * crash the whole process as it is torn down (better-sqlite3 issues 1476 and 1507; a test of the
   * reader worker's damage ended in SIGSEGV once in five runs).
   */
  close: () => {
    connection?.close();
    connection = null;
    return true;
  },
};

/** Answer the parent's messages `{ id, task, args }` with these tasks. */
export function serveTasks(tasks: Record<string, Task>): void {
  const port = parentPort;
  if (!port) throw new Error('a core worker script runs as a worker thread');
  port.on('message', (m: { id: number; task: string; args: unknown }) => {
    const transfer: ArrayBuffer[] = [];
    const ctx: TaskContext = {
      db: () => {
        if (!connection) throw new Error('the worker has no connection (open first)');
        return connection;
      },
      progress: (p) => {
        if (stopRequested()) throw new StopRequested();
        port.postMessage({ id: m.id, progress: p });
      },
      transfer,
    };
    Promise.resolve()
      .then(() => {
        const task = tasks[m.task];
        if (!task) throw new Error(`no such worker task: ${m.task}`);
        // A task waiting behind the one in flight when the stop came is not started (closing is).
        if (stopRequested() && m.task !== 'close') throw new StopRequested();
        return task(m.args as never, ctx);
      })
      .then(
        (result) => port.postMessage({ id: m.id, ok: true, result }, transfer),
        (err: unknown) => {
          const e = err as { message?: string; code?: string; name?: string };
          port.postMessage({ id: m.id, ok: false, error: { message: String(e?.message ?? err), code: e?.code, name: e?.name } });
        },
      );
  });
}
