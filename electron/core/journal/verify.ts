import type { Db } from '../store/database';
import { StoreError, storeErrorFromSqlite } from '../store/errors';
import { JOURNALED_TABLES } from '../store/migrations';
import { GENESIS_HASH, hashJournalFields } from './journal';

export interface VerifyProblem {
  /** The journal sequence number the problem is about. */
  seq: number;
  problem: string;
}

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
}

/**
 * SPEC §8 verify, whole: SQLite's integrity check of the file first (every page, every index
 * against its table), then the journal's chain and the tables against it. A file too damaged to
 * read the journal from says so instead of failing with an unexpected error.
 */
export function verifyData(db: Db, onProgress?: (done: number) => void): VerifyResult {
  let fileProblems: string[];
  try {
    const lines = db.pragma(`integrity_check(${MAX_LISTED})`, { simple: false }) as { integrity_check: string }[];
    fileProblems = lines.map((l) => l.integrity_check).filter((l) => l !== 'ok');
  } catch (err) {
    fileProblems = [damageText(err)];
  }
  let journal: VerifyResult;
  try {
    journal = verifyJournal(db, onProgress);
  } catch (err) {
    if (!(storeErrorFromSqlite(err)?.code === 'damaged')) throw err;
    journal = { ok: false, rows: 0, headSeq: 0, problemCount: 0, problems: [], fileProblems: [] };
    fileProblems.push(`the journal cannot be read to its end: ${damageText(err)}`);
  }
  return { ...journal, ok: journal.ok && fileProblems.length === 0, fileProblems };
}

function damageText(err: unknown): string {
  const e = storeErrorFromSqlite(err);
  return e instanceof StoreError ? `${(err as Error).message} (${e.code})` : String((err as Error)?.message ?? err);
}

/** More than this many problems are counted, not listed. */
export const MAX_LISTED = 100;

/** The MAX_LISTED problems with the lowest sequence numbers, in order (stable for equal ones). */
function lowest(problems: VerifyProblem[]): VerifyProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.seq - b.p.seq || a.i - b.i)
    .slice(0, MAX_LISTED)
    .map((x) => x.p);
}

/**
 * SPEC §8 verify: recompute the hash chain, then check that every journaled table equals what
 * the journal says it should be. It does not stop at the first bad row: a changed row is reported
 * and the chain is followed on from the hash stored in it, so tampering further on is still seen;
 * it names the first bad sequence number and counts every problem.
 */
export function verifyJournal(db: Db, onProgress?: (done: number) => void): VerifyResult {
  const expected = new Map<string, Map<string, { seq: number; after: string | null }>>();
  // Data of an older schema (verified without migrating it) lacks the tables added since.
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  const tables = JOURNALED_TABLES.filter((t) => present.has(t));
  for (const t of tables) expected.set(t, new Map());
  // Every problem is counted; the MAX_LISTED with the lowest sequence numbers are kept (the table
  // pass finds them out of order), in bounded memory.
  let problems: VerifyProblem[] = [];
  let count = 0;
  const note = (seq: number, problem: string) => {
    count++;
    problems.push({ seq, problem });
    if (problems.length >= 4 * MAX_LISTED) problems = lowest(problems);
  };
  let prev = GENESIS_HASH;
  let seq = 0;
  let rows = 0;

  // Raw rows (arrays) in hashing order: no object per row, and the hash input is a slice of it.
  const rowsStmt = db
    .prepare('SELECT seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash, hash FROM journal ORDER BY seq')
    .raw(true);
  for (const r of rowsStmt.iterate() as IterableIterator<unknown[]>) {
    const rSeq = r[0] as number;
    const hash = r[12] as string;
    if (rSeq !== seq + 1) note(seq + 1, `journal rows ${seq + 1}–${rSeq - 1} are missing (the sequence jumps from ${seq} to ${rSeq})`);
    else if (r[11] !== prev) note(rSeq, `journal row ${rSeq} does not follow row ${seq} (previous hash differs)`);
    if (hashJournalFields(r.slice(0, 12)) !== hash) note(rSeq, `journal row ${rSeq} was changed after it was written (hash differs)`);
    const table = expected.get(r[6] as string);
    if (table && r[4] === 'row' && r[7] !== null) table.set(r[7] as string, { seq: rSeq, after: r[9] as string | null });
    prev = hash;
    seq = rSeq;
    rows++;
    if (onProgress && rows % 100_000 === 0) onProgress(rows);
  }

  // The tables must be exactly what the journal built; a difference names the row's last journal entry.
  for (const t of tables) {
    const want = expected.get(t)!;
    const seen = new Set<string>();
    // Rows are flat, so JSON with the column names sorted is exactly their canonical JSON.
    const stmt = db.prepare(`SELECT * FROM ${t}`);
    const sortedColumns = stmt.columns().map((c) => c.name).sort();
    for (const row of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
      const id = String(row.id);
      seen.add(id);
      const w = want.get(id);
      if (!w) {
        note(seq + 1, `${t} row ${id} is not in the journal (added outside Daicho)`);
        continue;
      }
      if (JSON.stringify(row, sortedColumns) !== w.after) note(w.seq, `${t} row ${id} differs from journal row ${w.seq} (changed outside Daicho)`);
    }
    for (const [id, w] of want) {
      if (!seen.has(id) && w.after !== null) note(w.seq, `${t} row ${id} of journal row ${w.seq} is missing (deleted outside Daicho)`);
    }
  }

  const listed = lowest(problems);
  const result: VerifyResult = { ok: count === 0, rows, headSeq: seq, problemCount: count, problems: listed, fileProblems: [] };
  if (listed.length > 0) {
    result.firstBadSeq = listed[0].seq;
    result.problem = listed[0].problem;
  }
  return result;
}
