import { connectionTasks, serveTasks, withConnection } from './worker-serve';
import type { FileCheckHalf } from '../journal/verify';
import { checkTables, checkUnseen, RecordIndex, readSnapshot, type Snapshot, type TablePart } from '../journal/verify-parts';
import { checkPersonalRefs, checkPersonalValues, KeptDigests } from '../journal/verify-personal';
import { checkChain, type ChainPart } from '../journal/verify-chain';
import { checkSeals } from '../journal/verify-seals';
import { checkErasures } from '../journal/verify-erasures';
import { backupTasks } from './backup-tasks';

// The worker thread of long jobs (issue 7): it opens its own read connection to the encrypted
// database (with the key, read-only) and runs the tasks it is sent, one at a time. The main
// thread (the Electron main process, the host) stays free to answer API calls meanwhile.
//
// The schema check's modules (verify.ts, verify-schema.ts) bring the app's ledgers in (their
// migrations): loaded by the verify tasks that need them, not when the thread starts (a quick check
// at open, a checkpointer: 70 ms more to start with them).

serveTasks({
  ...connectionTasks,
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
  /**
   * SQLite's integrity check of the file, on connections of its own, in one of two halves that two
   * workers run side by side (verify-workers.ts): 'pages' reads every page with its MAC checked
   * (quick_check: every b-tree's structure, the free list, NOT NULL and CHECK constraints);
   * 'indexes' is integrity_check with the MACs left to 'pages' (every index against its table, and
   * UNIQUE constraints), which with MACs re-checked on each of its random reads took ×3 as long.
   * 'whole' is both in one (integrity_check with MACs checked).
   */
  integrity: async (args: { half?: FileCheckHalf }) => {
    const { fileCheck, FILE_CHECK_CACHE_KIB } = await import('../journal/verify');
    const half = args?.half ?? 'whole';
    return withConnection({ pageAuth: half !== 'indexes', cacheKib: FILE_CHECK_CACHE_KIB }, (db) => fileCheck(db, half === 'pages' ? 'quick' : 'full'));
  },
  /**
   * A WAL checkpoint for the app (jobs/checkpointer.ts): copying pages into the file is not a write
   * query_only refuses. A TRUNCATE holds the writer's lock while it waits for the log's readers and
   * while it copies: behind a verify's or a backup's snapshot it held every save until it failed
   * (SQLITE_BUSY after 200 ms), and after one it would copy all the log that grew meanwhile. So the
   * pages are copied first without that lock (PASSIVE), and the log is emptied only when they all
   * were, waiting for nothing (busy_timeout 0): else the answer says busy, and it is tried again later.
   * Returns SQLite's answer (busy, log, checkpointed).
   */
  checkpoint: (args: { mode: 'PASSIVE' | 'TRUNCATE' }, ctx) => {
    const db = ctx.db();
    const [copied] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (args.mode !== 'TRUNCATE' || copied.busy !== 0 || copied.log !== copied.checkpointed) return [copied];
    const waited = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout=0');
    try {
      return db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.pragma(`busy_timeout=${waited}`);
    }
  },
  /**
   * The pending migrations of data being opened (daicho.ts, jobs/file-check.ts migrateInWorker), on
   * a write connection of this task's own: an upgrade that added an index over the journal held the
   * main thread 11.7 s at SPEC §10's scale (migration 43, 2026-12-04). The open waits for it; the
   * process (other windows, the door terminal, the stations) does not. The app's own migrations
   * only: data with a ledger registered besides them is migrated by the main thread.
   */
  migrate: async (args: { file: string; key: string; at: string | null }) => {
    const [{ migrateOpened, openDatabase }, { assemble }] = await Promise.all([import('../store/database'), import('../ledgers/registry')]);
    const { migrations } = assemble();
    const db = openDatabase({ file: args.file, key: Buffer.from(args.key, 'hex'), keyConfirmed: true, noMigrate: true, deferQuickCheck: true, migrations });
    try {
      const at = args.at;
      migrateOpened(db, { migrations, clock: at === null ? undefined : () => new Date(at) });
      return db.pragma('user_version', { simple: true });
    } finally {
      db.close();
    }
  },
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
  /** Room for the kept personal values' digests, in shared memory (null: the data keeps none). */
  keptDigests: (_args: unknown, ctx) => KeptDigests.forData(ctx.db())?.buffers ?? null,
  personalRefs: (args: { snap: Snapshot; parts: { refs: Uint32Array; refCount: number }[]; kept: KeptDigests['buffers'] | null }, ctx) =>
    checkPersonalRefs(ctx.db(), args.snap, args.parts, args.kept ? new KeptDigests(args.kept) : null),
  unseen: (args: { snap: Snapshot; index: RecordIndex['buffers'] }, ctx) => checkUnseen(ctx.db(), args.snap, new RecordIndex(args.index)),
  seals: (args: { snap: Snapshot; problemSeqs: number[] }, ctx) => checkSeals(ctx.db(), args.snap, args.problemSeqs),
  erasures: (args: { snap: Snapshot; now?: string | null }, ctx) => checkErasures(ctx.db(), args.snap, args.now ?? null),
  /**
   * The schema against what Daicho's migrations make at the data's version (built in memory here, off
   * the main thread), and each journaled table's ids once each (verify-schema.ts).
   */
  schema: async (args: { snap: Snapshot; fileChecked: boolean }, ctx) => {
    const { checkDuplicateIds, checkSchema } = await import('../journal/verify-schema');
    return { schema: checkSchema(ctx.db(), args.snap), duplicates: checkDuplicateIds(ctx.db(), args.snap, { fileChecked: args.fileChecked }) };
  },
  personal: (args: { snap: Snapshot; index: RecordIndex['buffers']; part: TablePart; kept: KeptDigests['buffers'] | null }, ctx) =>
    checkPersonalValues(ctx.db(), args.snap, new RecordIndex(args.index), args.part, args.kept ? new KeptDigests(args.kept) : null),
  ...backupTasks,
});
