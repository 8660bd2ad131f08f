import { parentPort } from 'node:worker_threads';
import { openReadConnection } from '../store/read-connection';
import type { Db } from '../store/database';
import { fileCheck } from '../journal/verify';
import { checkChain, checkPersonalRefs, checkPersonalValues, checkTables, checkUnseen, RecordIndex, readSnapshot, type ChainPart, type Snapshot, type TablePart } from '../journal/verify-parts';
import { backupTasks } from './backup-tasks';

// The worker thread of long jobs (issue 7): it opens its own read connection to the encrypted
// database (with the key, read-only) and runs the tasks it is sent, one at a time. The main
// thread (the Electron main process, the host) stays free to answer API calls meanwhile.

export interface TaskContext {
  db(): Db;
  progress(p: { done: number; total?: number }): void;
  transfer: ArrayBuffer[];
}

type Task = (args: never, ctx: TaskContext) => unknown;

let connection: Db | null = null;

const TASKS: Record<string, Task> = {
  open: (args: { file: string; key: string }) => {
    connection = openReadConnection(args.file, Buffer.from(args.key, 'hex'));
    return true;
  },
  /** Start a read snapshot: everything until `end` sees the data as it was now. */
  begin: (_args: unknown, ctx) => {
    const db = ctx.db();
    if (!db.inTransaction) db.exec('BEGIN');
    return readSnapshot(db);
  },
  end: (_args: unknown, ctx) => {
    const db = ctx.db();
    if (db.inTransaction) db.exec('COMMIT');
    return true;
  },
  integrity: (_args: unknown, ctx) => fileCheck(ctx.db()),
  /** A WAL checkpoint for the app (jobs/checkpointer.ts): copying pages into the file is not a write query_only refuses. */
  checkpoint: (args: { mode: 'PASSIVE' | 'TRUNCATE' }, ctx) => ctx.db().pragma(`wal_checkpoint(${args.mode === 'TRUNCATE' ? 'TRUNCATE' : 'PASSIVE'})`),
  /** SQLite's quick check at open (see jobs/file-check.ts): 'ok' or what it found. */
  quick: (_args: unknown, ctx) => ctx.db().pragma('quick_check(1)', { simple: true }),
  chain: (args: { snap: Snapshot; from: number; to: number }, ctx) => {
    const part = checkChain(ctx.db(), args.snap, args.from, args.to, (rows) => ctx.progress({ done: rows }));
    ctx.transfer.push(part.entries.buffer as ArrayBuffer, part.refs.buffer as ArrayBuffer);
    return part;
  },
  buildIndex: (args: { parts: ChainPart[] }) => RecordIndex.build(args.parts).buffers,
  tables: (args: { snap: Snapshot; index: RecordIndex['buffers']; part: TablePart }, ctx) =>
    checkTables(ctx.db(), args.snap, new RecordIndex(args.index), args.part, (rows) => ctx.progress({ done: rows })),
  personalRefs: (args: { snap: Snapshot; parts: { refs: Uint32Array; refCount: number }[] }, ctx) => checkPersonalRefs(ctx.db(), args.snap, args.parts),
  unseen: (args: { snap: Snapshot; index: RecordIndex['buffers'] }, ctx) => checkUnseen(ctx.db(), args.snap, new RecordIndex(args.index)),
  personal: (args: { snap: Snapshot; part: TablePart }, ctx) => checkPersonalValues(ctx.db(), args.snap, args.part),
  ...backupTasks,
};

const port = parentPort;
if (!port) throw new Error('jobs/worker.ts runs as a worker thread');

port.on('message', (m: { id: number; task: string; args: unknown }) => {
  const transfer: ArrayBuffer[] = [];
  const ctx: TaskContext = {
    db: () => {
      if (!connection) throw new Error('the worker has no connection (open first)');
      return connection;
    },
    progress: (p) => port.postMessage({ id: m.id, progress: p }),
    transfer,
  };
  Promise.resolve()
    .then(() => {
      const task = TASKS[m.task];
      if (!task) throw new Error(`no such worker task: ${m.task}`);
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
