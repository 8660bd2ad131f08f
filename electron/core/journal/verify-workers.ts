import os from 'node:os';
import { JobCancelled, WorkerClient } from '../jobs/worker-client';
import { damageText, emptyResult, result, type FileCheckHalf, type VerifyResult } from './verify';
import { ProblemList, snapshotProblems, type ErasedCounts, type RecordIndex, type Snapshot, type TablesResult } from './verify-parts';
import type { KeptDigests } from './verify-personal';
import { stitchChain, type ChainPart } from './verify-chain';
import { storeErrorFromSqlite } from '../store/errors';

/** Where a verify is, for a progress bar: the phase, and rows done of the rows to do in it. */
export interface VerifyProgress {
  phase: 'file' | 'chain' | 'tables';
  done: number;
  total: number;
}

export interface VerifyInWorkersOptions {
  file: string;
  key: Buffer;
  /** Worker threads (default: 2, or 1 on a one-core machine). */
  workers?: number;
  /** Run SQLite's integrity check of the file too (default true). */
  fileCheck?: boolean;
  /**
   * Check the MAC of each page the chain and the tables read (default: only when the file check is
   * off; with it on, it authenticates every page of the file once).
   */
  pageAuth?: boolean;
  /** Split the chain into this many ranges (default: 4 per worker); tests use it to put boundaries where they want. */
  ranges?: number;
  onProgress?: (p: VerifyProgress) => void;
  signal?: AbortSignal;
  /** The verifier's clock: a retention act dated after it is held to it (verify-erasures.ts). */
  now?: Date;
}

/** The page cache of each worker's connection (this build's default is 16 MB): exact checks look records up at random. */
const VERIFY_CACHE_KIB = 8 * 1024;

/** How often the heads of the workers' snapshots are compared before the tables are checked by one worker only. */
const SNAPSHOT_ATTEMPTS = 5;

/** The tables and the kept personal values are checked in this many parts per worker, from a queue. */
const PARTS_PER_WORKER = 4;

/**
 * SPEC §8 verify spread over worker threads (issue 7), each with its own read-only connection, so
 * the app keeps working while it runs:
 * 1. every worker opens a read snapshot; their heads must agree (the app may write in between:
 *    then they try again, and in the end one worker checks the tables alone);
 * 2. the chain is checked in ranges of sequence numbers taken from a queue (first, two workers run
 *    the two halves of SQLite's integrity check of the file, jobs/worker.ts `integrity`, and the
 *    first compares the schema with the one Daicho's migrations make, jobs/worker.ts `schema`), and
 *    the ranges are stitched at their ends;
 * 3. an index of every record's latest row is built in shared memory, and each worker checks a part
 *    of every table against it; records no table row matched are looked up exactly.
 * Cancelling (the signal) stops the workers.
 */
export async function verifyInWorkers(opts: VerifyInWorkersOptions): Promise<VerifyResult> {
  const n = Math.max(1, opts.workers ?? Math.min(2, os.availableParallelism()));
  const clients = Array.from({ length: n }, () => new WorkerClient());
  const stop = () => void Promise.all(clients.map((c) => c.terminate(new JobCancelled())));
  if (opts.signal?.aborted) stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    // With the file check on, every page is authenticated by it; the chain and the tables then read without re-checking MACs.
    const withFileCheck = opts.fileCheck !== false;
    const pageAuth = opts.pageAuth ?? !withFileCheck;
    await Promise.all(clients.map((c) => c.call('open', { file: opts.file, key: opts.key.toString('hex'), pageAuth, cacheKib: VERIFY_CACHE_KIB })));
    // 1. One snapshot for all, if the app lets us.
    let snaps: Snapshot[] = [];
    for (let attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
      snaps = await Promise.all(clients.map((c) => c.call<Snapshot>('begin')));
      if (snaps.every((s) => s.head === snaps[0].head)) break;
      if (attempt < SNAPSHOT_ATTEMPTS - 1) await Promise.all(clients.map((c) => c.call('end')));
    }
    const agreed = snaps.every((s) => s.head === snaps[0].head);
    const snap = snaps[0];
    const tableClients = agreed ? clients : [clients[0]];

    // 2. The file and the chain, from a queue of ranges.
    const rangeCount = Math.max(1, Math.min(opts.ranges ?? n * 4, snap.head));
    const queue: { from: number; to: number }[] = [];
    for (let i = 0; i < rangeCount; i++) {
      const from = Math.floor((snap.head * i) / rangeCount) + 1;
      const to = Math.floor((snap.head * (i + 1)) / rangeCount);
      if (to >= from) queue.push({ from, to });
    }
    const parts: ChainPart[] = [];
    const fileProblems = new Set<string>();
    let schema: { schema: TablesResult; duplicates: TablesResult } | undefined;
    const chainDone = new Map<number, number>();
    const report = (phase: VerifyProgress['phase'], done: number, total: number) => opts.onProgress?.({ phase, done, total });
    const chainProgress = () => report('chain', [...chainDone.values()].reduce((a, b) => a + b, 0), snap.head);
    await Promise.all(
      clients.map(async (c, i) => {
        // The file check: its two halves side by side in the first and the last worker, or whole in a lone one.
        if (withFileCheck && (i === 0 || i === n - 1)) {
          report('file', 0, snap.head);
          const half: FileCheckHalf = n === 1 ? 'whole' : i === 0 ? 'indexes' : 'pages';
          for (const p of await c.call<string[]>('integrity', { half })) fileProblems.add(p);
        }
        // The schema against the migrations' (built in this worker), and each record one row: in the
        // first worker, whose snapshot is the one the tables are checked in.
        if (i === 0) schema = await c.call<{ schema: TablesResult; duplicates: TablesResult }>('schema', { snap, fileChecked: withFileCheck });
        for (let r = queue.shift(); r; r = queue.shift()) {
          const range = r;
          const part = await c.call<ChainPart>('chain', { snap, ...range }, {
            onProgress: (p) => {
              chainDone.set(range.from, p.done);
              chainProgress();
            },
          });
          chainDone.set(range.from, part.rows);
          chainProgress();
          parts.push(part);
        }
      }),
    );
    const problems = new ProblemList();
    for (const p of snapshotProblems(snap)) problems.note(p.seq, p.problem);
    for (const r of [schema!.schema, schema!.duplicates]) problems.add(r.problems, r.problemCount);
    const { rows } = stitchChain(parts, problems);

    // 3. The tables against the index of records (and, meanwhile, room for the kept personal
    //    values' digests); then the records no table row matched, and the kept personal values,
    //    whose digests go into that room; last, the personal values the journal commits to must
    //    all be in it.
    const [index, kept] = await Promise.all([
      clients[0].call<RecordIndex['buffers']>('buildIndex', { parts: parts.map((p) => ({ entries: p.entries, entryCount: p.entryCount, from: p.from })) }, {
        transfer: parts.map((p) => p.entries.buffer as ArrayBuffer),
      }),
      tableClients.at(-1)!.call<KeptDigests['buffers'] | null>('keptDigests'),
    ]);
    // The parts from a queue, as the chain's ranges: halves, one to each worker, ended 0.5 s apart
    // (2026-12-05, 1-year data: the rows of one half cost more to check than the other's).
    const partCount = tableClients.length === 1 ? 1 : tableClients.length * PARTS_PER_WORKER;
    const fromQueue = async <T>(run: (c: WorkerClient, part: { part: number; parts: number }) => Promise<T>): Promise<T[]> => {
      const next = Array.from({ length: partCount }, (_, part) => part);
      const out: T[] = [];
      await Promise.all(
        tableClients.map(async (c) => {
          for (let part = next.shift(); part !== undefined; part = next.shift()) out.push(await run(c, { part, parts: partCount }));
        }),
      );
      return out;
    };
    const tableDone = new Map<number, number>();
    const tables = await fromQueue((c, part) =>
      c.call<TablesResult>('tables', { snap, index, part }, {
        onProgress: (p) => {
          tableDone.set(part.part, p.done);
          report('tables', [...tableDone.values()].reduce((a, b) => a + b, 0), snap.head);
        },
      }),
    );
    for (const t of tables) problems.add(t.problems, t.problemCount);
    const [unseen, personal] = await Promise.all([
      clients[0].call<TablesResult>('unseen', { snap, index }),
      fromQueue((c, part) => c.call<TablesResult & { erased: ErasedCounts; part: number }>('personal', { snap, index, part, kept }).then((r) => ({ ...r, part: part.part }))),
    ]);
    problems.add(unseen.problems, unseen.problemCount);
    for (const p of personal) problems.add(p.problems, p.problemCount);
    const refParts = parts.map((p) => ({ refs: p.refs, refCount: p.refCount }));
    const refs = await clients[0].call<TablesResult>('personalRefs', { snap, parts: refParts, kept }, { transfer: refParts.map((p) => p.refs.buffer as ArrayBuffer) });
    problems.add(refs.problems, refs.problemCount);
    // 4. The monthly seals (verify-seals.ts), naming any that covers a record the tables found changed.
    const problemSeqs = [...tables.flatMap((t) => t.problems), ...unseen.problems, ...schema!.duplicates.problems].map((p) => p.seq);
    const [seals, erasures] = await Promise.all([
      clients[0].call<TablesResult>('seals', { snap, problemSeqs }),
      tableClients.at(-1)!.call<TablesResult>('erasures', { snap, now: opts.now?.toISOString() ?? null }),
    ]);
    problems.add(seals.problems, seals.problemCount);
    problems.add(erasures.problems, erasures.problemCount);
    await Promise.all(clients.map((c) => c.call('end')));
    // Part 0 counts the erased records (verify-personal.ts).
    return { ...result(problems, rows, snap.head, personal.find((p) => p.part === 0)!.erased, [...fileProblems]), seals: seals.rows };
  } catch (err) {
    if (opts.signal?.aborted) throw new JobCancelled();
    // A file too damaged to read the journal from says so, as the one-thread verify does.
    if (storeErrorFromSqlite(err)?.code === 'damaged' || (err as { code?: string }).code?.startsWith('SQLITE_CORRUPT') || (err as { code?: string }).code === 'SQLITE_NOTADB')
      return { ...emptyResult(), fileProblems: [`the journal cannot be read to its end: ${damageText(err)}`] };
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    await Promise.all(clients.map((c) => c.terminate()));
  }
}
