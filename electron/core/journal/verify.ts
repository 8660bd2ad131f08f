import type { Db } from '../store/database';
import { JOURNALED_TABLES } from '../store/migrations';
import { GENESIS_HASH, hashJournalFields } from './journal';

export interface VerifyResult {
  ok: boolean;
  rows: number;
  headSeq: number;
  /** The first bad sequence number, when there is one. */
  firstBadSeq?: number;
  problem?: string;
}

/**
 * SPEC §8 verify: recompute the hash chain, then check that every journaled table equals what
 * the journal says it should be. Names the first bad sequence number.
 */
export function verifyJournal(db: Db, onProgress?: (done: number) => void): VerifyResult {
  const expected = new Map<string, Map<string, { seq: number; after: string | null }>>();
  for (const t of JOURNALED_TABLES) expected.set(t, new Map());
  let prev = GENESIS_HASH;
  let seq = 0;
  let rows = 0;
  const fail = (badSeq: number, problem: string): VerifyResult => ({ ok: false, rows, headSeq: seq, firstBadSeq: badSeq, problem });

  // Raw rows (arrays) in hashing order: no object per row, and the hash input is a slice of it.
  const rowsStmt = db
    .prepare('SELECT seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash, hash FROM journal ORDER BY seq')
    .raw(true);
  for (const r of rowsStmt.iterate() as IterableIterator<unknown[]>) {
    const rSeq = r[0] as number;
    const hash = r[12] as string;
    if (rSeq !== seq + 1) return fail(seq + 1, `journal sequence jumps from ${seq} to ${rSeq}`);
    if (r[11] !== prev) return fail(rSeq, `journal row ${rSeq} does not follow row ${seq} (previous hash differs)`);
    if (hashJournalFields(r.slice(0, 12)) !== hash) return fail(rSeq, `journal row ${rSeq} was changed after it was written (hash differs)`);
    const table = expected.get(r[6] as string);
    if (table && r[4] === 'row' && r[7] !== null) table.set(r[7] as string, { seq: rSeq, after: r[9] as string | null });
    prev = hash;
    seq = rSeq;
    rows++;
    if (onProgress && rows % 100_000 === 0) onProgress(rows);
  }

  // The tables must be exactly what the journal built; a difference names the row's last journal entry.
  let firstBad: { seq: number; problem: string } | null = null;
  const note = (s: number, problem: string) => {
    if (!firstBad || s < firstBad.seq) firstBad = { seq: s, problem };
  };
  for (const t of JOURNALED_TABLES) {
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
  if (firstBad) {
    const fb = firstBad as { seq: number; problem: string };
    return fail(fb.seq, fb.problem);
  }
  return { ok: true, rows, headSeq: seq };
}
