import type { Db } from '../store/database';
import { membersDigest, parseMembers, signatureHolds, type SealRow } from '../review/seal';
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
      `SELECT s.*, (SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = 'seals' AND entity_id = s.id AND seq <= @head) AS row_seq,
              (SELECT code FROM sites WHERE id = s.site_id) AS site_code
       FROM seals s ORDER BY s.signed_at, s.id`,
    )
    .all({ head: snap.head }) as SealWithRow[];
  const keyOf = db.prepare('SELECT account_id, public_key, created_at, revoked_at FROM signing_keys WHERE id = ?');
  const rowAt = db.prepare('SELECT kind, entity, hash FROM journal WHERE seq = ?');
  const problemSet = new Set(problemSeqs);
  for (const s of seals) {
    const name = `the seal of ${s.ledger} ${s.site_code ?? s.site_id} ${s.month} signed by ${s.signer_name} at ${s.signed_at}`;
    const at = s.row_seq ?? snap.head;
    const fail = (problem: string) => problems.note(at, `${name}: ${problem}`);
    const key = keyOf.get(s.key_id) as { account_id: string; public_key: string; created_at: string; revoked_at: string | null } | undefined;
    if (!key) {
      fail('its signing key is missing');
      continue;
    }
    if (key.account_id !== s.signer_id) fail("it was signed with another person's key");
    else if (key.created_at > s.signed_at || (key.revoked_at !== null && key.revoked_at <= s.signed_at)) fail('its key was not in force when it was signed');
    if (!signatureHolds(key.public_key, s)) fail("its signature does not hold under the signer's key");
    const head = rowAt.get(s.head_seq) as { hash: string } | undefined;
    if (s.head_seq > snap.head || head?.hash !== s.head_hash) fail(`the journal no longer passes through the head it sealed (sequence ${s.head_seq})`);
    if (s.row_seq !== null && s.row_seq <= s.head_seq) fail('it is written before the head it seals');
    const members = parseMembers(s.members);
    if (!members) {
      fail('its list of sealed rows is unreadable');
      continue;
    }
    const hashes = (seqs: number[], entity: string | null): [number, string][] =>
      seqs.map((q) => {
        const r = rowAt.get(q) as { kind: string; entity: string; hash: string } | undefined;
        if (!r || r.kind !== 'row' || q > s.head_seq || (entity !== null && r.entity !== entity)) fail(`a row it seals (sequence ${q}) is not one of its records`);
        if (problemSet.has(q)) fail(`a record it seals (sequence ${q}) was changed outside Daicho`);
        return [q, r?.hash ?? ''];
      });
    const digest = membersDigest({ ledger: s.ledger, siteId: s.site_id, month: s.month }, { records: hashes(members.records, null), dispositions: hashes(members.dispositions, 'review_dispositions') });
    if (digest !== s.digest) fail('the records it sealed are not as they were signed');
  }
  // `rows`: how many seals were checked.
  return { problems: problems.lowest(), problemCount: problems.count, rows: seals.length };
}

/** The problems' sequence numbers (to name the seals covering a record changed outside Daicho). */
export const seqsOf = (problems: readonly VerifyProblem[]) => problems.map((p) => p.seq);
