import type { Db } from '../store/database';
import { parseMembers, sealProblems, type Query, type SealRow } from '../review/seal';
import { ProblemList, type Snapshot, type TablesResult, type VerifyProblem } from './verify-parts';

// SPEC §5/§8 verify of the monthly seals (issue 11): every seal's signature under its signer's key
// (a key of the signer, made before and not revoked before the signing), the journal still passing
// through the head it sealed, and its member rows still having the hashes it sealed. Someone holding
// the database key who rewrites or re-hashes history before a seal cannot make these hold again
// without the signer's private key. A record a seal covers whose table row was changed outside
// Daicho (a problem of the table check) names the seal as well.

interface SealWithRow extends SealRow {
  row_seq: number | null;
  site_code: string | null;
}

export function checkSeals(db: Db, snap: Snapshot, problemSeqs: readonly number[] = []): TablesResult {
  const problems = new ProblemList();
  if (!snap.tables.includes('seals') || !snap.tables.includes('signing_keys')) return { problems: [], problemCount: 0, rows: 0 };
  const seals = db
    .prepare(
      `SELECT s.*, (SELECT min(seq) FROM journal WHERE kind = 'row' AND entity = 'seals' AND entity_id = s.id AND seq <= @head) AS row_seq,
              (SELECT code FROM sites WHERE id = s.site_id) AS site_code
       FROM seals s ORDER BY s.signed_at, s.id`,
    )
    .all({ head: snap.head }) as SealWithRow[];
  const q: Query = (sql) => db.prepare(sql);
  const problemSet = new Set(problemSeqs);
  for (const s of seals) {
    const name = `the seal of ${s.ledger} ${s.site_code ?? s.site_id} ${s.month} signed by ${s.signer_name} at ${s.signed_at}`;
    const at = s.row_seq ?? snap.head;
    for (const p of sealProblems(q, s, snap.head)) problems.note(at, `${name}: ${p}`);
    // A sealed record whose table row the tables check found changed outside Daicho names its seal too.
    const members = parseMembers(s.members);
    for (const seq of members?.records ?? []) if (problemSet.has(seq)) problems.note(at, `${name}: a record it seals (sequence ${seq}) was changed outside Daicho`);
  }
  // `rows`: how many seals were checked.
  return { problems: problems.lowest(), problemCount: problems.count, rows: seals.length };
}

/** The problems' sequence numbers (to name the seals covering a record changed outside Daicho). */
export const seqsOf = (problems: readonly VerifyProblem[]) => problems.map((p) => p.seq);
