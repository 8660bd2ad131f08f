import type { Db } from '../store/database';
import { JOURNALED_TABLES } from '../store/migrations';
import { canonicalJson } from './canonical';
import { GENESIS_HASH, hashJournalRow, type JournalRow } from './journal';

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

  for (const r of db.prepare('SELECT * FROM journal ORDER BY seq').iterate() as IterableIterator<JournalRow>) {
    if (r.seq !== seq + 1) return fail(seq + 1, `journal sequence jumps from ${seq} to ${r.seq}`);
    if (r.prev_hash !== prev) return fail(r.seq, `journal row ${r.seq} does not follow row ${seq} (previous hash differs)`);
    const { hash, ...rest } = r;
    if (hashJournalRow(rest) !== hash) return fail(r.seq, `journal row ${r.seq} was changed after it was written (hash differs)`);
    const table = expected.get(r.entity);
    if (table && r.kind === 'row' && r.entity_id !== null) table.set(r.entity_id, { seq: r.seq, after: r.after });
    prev = hash;
    seq = r.seq;
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
    for (const row of db.prepare(`SELECT * FROM ${t}`).iterate() as IterableIterator<Record<string, unknown>>) {
      const id = String(row.id);
      seen.add(id);
      const w = want.get(id);
      if (!w) {
        note(seq + 1, `${t} row ${id} is not in the journal (added outside Daicho)`);
        continue;
      }
      if (canonicalJson(row) !== w.after) note(w.seq, `${t} row ${id} differs from journal row ${w.seq} (changed outside Daicho)`);
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
