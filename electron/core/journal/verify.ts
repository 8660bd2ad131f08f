import type { Db } from '../store/database';
import { StoreError, storeErrorFromSqlite } from '../store/errors';
import {
  checkTables, checkUnseen, MAX_LISTED, ProblemList, readSnapshot, RecordIndex, snapshotProblems, type ErasedCounts, type VerifyProblem,
} from './verify-parts';
import { checkPersonalRefs, checkPersonalValues, KeptDigests } from './verify-personal';
import { checkChain, stitchChain } from './verify-chain';
import { checkSeals, seqsOf } from './verify-seals';
import { checkErasures } from './verify-erasures';
import { checkDuplicateIds, checkSchema } from './verify-schema';

export { MAX_LISTED, type VerifyProblem };

export interface VerifyResult {
  ok: boolean;
  rows: number;
  headSeq: number;
  /** The first bad sequence number, when there is one. */
  firstBadSeq?: number;
  /** What is wrong at firstBadSeq. */
  problem?: string;
  /** How many problems were found in all. */
  problemCount: number;
  /** The problems, by sequence number (the first MAX_LISTED of them). */
  problems: VerifyProblem[];
  /** What SQLite's integrity check found wrong with the file itself (empty when it is sound). */
  fileProblems: string[];
  /** Records whose personal data was erased after the retention period, per table (消去済; not problems). */
  erased: ErasedCounts;
  /** How many monthly seals were checked (SPEC §5: signature, sealed rows, the chain through their heads). */
  seals?: number;
}

/** Which part of the file check a worker runs (jobs/worker.ts `integrity`). */
export type FileCheckHalf = 'pages' | 'indexes' | 'whole';

/** The page cache of the file check's connections: its index checks read at random (32 MiB each). */
export const FILE_CHECK_CACHE_KIB = 32 * 1024;

/** SQLite's integrity check of the whole file ('quick': quick_check, without the index contents): its problems (empty when sound). */
export function fileCheck(db: Db, depth: 'full' | 'quick' = 'full'): string[] {
  try {
    const pragma = depth === 'quick' ? 'quick_check' : 'integrity_check';
    const lines = db.pragma(`${pragma}(${MAX_LISTED})`, { simple: false }) as Record<string, string>[];
    return lines.map((l) => l[pragma]).filter((l) => l !== 'ok');
  } catch (err) {
    return [damageText(err)];
  }
}

/**
 * SPEC §8 verify, whole, in this thread (small data, tests; the app and the CLI spread it over
 * workers, verify-workers.ts): SQLite's integrity check of the file first, then the schema against
 * what Daicho's migrations make at the data's version (verify-schema.ts), the journal's chain and the
 * tables against it. A file too damaged to read the journal from says so.
 */
export function verifyData(db: Db, onProgress?: (done: number) => void, opts: { now?: Date } = {}): VerifyResult {
  const fileProblems = fileCheck(db);
  let journal: VerifyResult;
  try {
    journal = verifyJournal(db, onProgress, { schema: true, fileChecked: true, now: opts.now });
  } catch (err) {
    if (!(storeErrorFromSqlite(err)?.code === 'damaged')) throw err;
    journal = emptyResult();
    fileProblems.push(`the journal cannot be read to its end: ${damageText(err)}`);
  }
  return { ...journal, ok: journal.ok && fileProblems.length === 0, fileProblems };
}

export function emptyResult(): VerifyResult {
  return { ok: false, rows: 0, headSeq: 0, problemCount: 0, problems: [], fileProblems: [], erased: {} };
}

export function damageText(err: unknown): string {
  const e = storeErrorFromSqlite(err);
  return e instanceof StoreError ? `${(err as Error).message} (${e.code})` : String((err as Error)?.message ?? err);
}

/**
 * SPEC §8 verify of the journal, in one go: recompute the hash chain, then check that every
 * journaled table equals what the journal says (with the declared schema changes applied to older
 * records), each record one row, that the kept personal values prove themselves, and that every
 * monthly seal holds (verify-seals.ts); with `schema`, that the schema is what Daicho's migrations
 * make (verifyData; `fileChecked`: SQLite's integrity check ran on the data too). It does not stop
 * at the first bad row: it names the lowest bad sequence number and counts every problem.
 */
export function verifyJournal(db: Db, onProgress?: (done: number) => void, opts: { schema?: boolean; fileChecked?: boolean; now?: Date } = {}): VerifyResult {
  const inTx = db.inTransaction;
  if (!inTx) db.exec('BEGIN'); // one snapshot for the chain and the tables
  try {
    const snap = readSnapshot(db);
    const chain = checkChain(db, snap, 1, snap.head, onProgress);
    const problems = new ProblemList();
    for (const p of snapshotProblems(snap)) problems.note(p.seq, p.problem);
    if (opts.schema) {
      const schema = checkSchema(db, snap);
      problems.add(schema.problems, schema.problemCount);
    }
    const { rows } = stitchChain([chain], problems);
    const index = RecordIndex.build([chain]);
    const tables = checkTables(db, snap, index, { part: 0, parts: 1 });
    problems.add(tables.problems, tables.problemCount);
    const unseen = checkUnseen(db, snap, index);
    problems.add(unseen.problems, unseen.problemCount);
    const duplicates = checkDuplicateIds(db, snap, { fileChecked: opts.fileChecked });
    problems.add(duplicates.problems, duplicates.problemCount);
    const kept = KeptDigests.forData(db);
    const personal = checkPersonalValues(db, snap, index, { part: 0, parts: 1 }, kept);
    problems.add(personal.problems, personal.problemCount);
    const refs = checkPersonalRefs(db, snap, [chain], kept);
    problems.add(refs.problems, refs.problemCount);
    const seals = checkSeals(db, snap, seqsOf([...tables.problems, ...unseen.problems, ...duplicates.problems]));
    problems.add(seals.problems, seals.problemCount);
    const erasures = checkErasures(db, snap, opts.now?.toISOString() ?? null);
    problems.add(erasures.problems, erasures.problemCount);
    return { ...result(problems, rows, snap.head, personal.erased), seals: seals.rows };
  } finally {
    if (!inTx) db.exec('COMMIT');
  }
}

export function result(problems: ProblemList, rows: number, headSeq: number, erased: ErasedCounts, fileProblems: string[] = []): VerifyResult {
  const listed = problems.lowest();
  const r: VerifyResult = { ok: problems.count === 0 && fileProblems.length === 0, rows, headSeq, problemCount: problems.count, problems: listed, fileProblems, erased };
  if (listed.length > 0) {
    r.firstBadSeq = listed[0].seq;
    r.problem = listed[0].problem;
  }
  return r;
}
