import { createHash, createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '../journal/canonical';

// What a seal (SPEC §5) signs, and how anyone checks it: the app when it shows a seal, and verify.
// A seal names the journal rows of the month's records and dispositions (their sequence numbers);
// its digest is over those rows' hashes, and the signed statement holds the digest and the
// journal head (sequence and hash) at the moment of signing. Re-hashing the chain, or changing a
// sealed row, no longer matches what the reviewer's key signed.

export interface SealRow {
  id: string;
  ledger: string;
  site_id: string;
  month: string;
  head_seq: number;
  head_hash: string;
  members: string;
  digest: string;
  signer_id: string;
  signer_name: string;
  signer_role: string;
  meaning: string;
  signed_at: string;
  key_id: string;
  signature: string;
  status: 'sealed' | 'reopened';
  reopened_at: string | null;
  reopened_by: string | null;
  reopen_reason: string | null;
}

/** The journal rows a seal covers, by sequence number. */
export interface SealMembers {
  records: number[];
  dispositions: number[];
}

/** sha256 over the unit and each member row's sequence number and hash, in order. */
export function membersDigest(unit: { ledger: string; siteId: string; month: string }, rows: { records: [number, string][]; dispositions: [number, string][] }): string {
  return createHash('sha256').update(canonicalJson({ v: 1, ...unit, records: rows.records, dispositions: rows.dispositions })).digest('hex');
}

/** The text the reviewer's key signs: every column of the seal that its meaning rests on. */
export function sealStatement(s: Omit<SealRow, 'members' | 'signature' | 'status' | 'reopened_at' | 'reopened_by' | 'reopen_reason'>): Buffer {
  return Buffer.from(
    canonicalJson({
      v: 1, id: s.id, ledger: s.ledger, siteId: s.site_id, month: s.month, headSeq: s.head_seq, headHash: s.head_hash, digest: s.digest,
      signerId: s.signer_id, signerName: s.signer_name, signerRole: s.signer_role, meaning: s.meaning, signedAt: s.signed_at, keyId: s.key_id,
    }),
  );
}

/** Does the signature hold under this public key (base64 SPKI DER)? A malformed key or signature does not. */
export function signatureHolds(publicKey: string, seal: SealRow): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, sealStatement(seal), key, Buffer.from(seal.signature, 'base64'));
  } catch {
    return false;
  }
}

/** A public key's short fingerprint: the first 16 hex characters of the sha256 of its DER. */
export function fingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);
}

export function parseMembers(text: string): SealMembers | null {
  try {
    const m = JSON.parse(text) as SealMembers;
    const ints = (a: unknown) => Array.isArray(a) && a.every((x) => Number.isSafeInteger(x) && x > 0);
    return ints(m.records) && ints(m.dispositions) ? m : null;
  } catch {
    return null;
  }
}

/** A read of the data (the store's reads in the app, a read connection in verify). */
export type Query = (sql: string) => { get(...params: unknown[]): unknown };

/**
 * Everything a seal's meaning rests on, checked against the journal (verify, and the app when it
 * shows a seal): the key is the signer's and was in force where the seal stands in the journal (made
 * before its row, revoked after it, if ever: the journal's order, not times the rows declare); the
 * signed time is its row's time; the signature holds; the chain passes through the sealed head,
 * which comes before the seal; every sealed row is a row at or before that head with the hash that
 * was sealed. Returns what is wrong, in words (empty when it holds).
 */
export function sealProblems(q: Query, s: SealRow, head: number): string[] {
  const out: string[] = [];
  const key = q('SELECT account_id, public_key FROM signing_keys WHERE id = ?').get(s.key_id) as { account_id: string; public_key: string } | undefined;
  const first = (entity: string, id: string) => (q("SELECT seq, at FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? AND seq <= ? ORDER BY seq LIMIT 1").get(entity, id, head) as { seq: number; at: string } | undefined) ?? null;
  const sealRow = first('seals', s.id);
  if (!key) return ['its signing key is missing'];
  if (key.account_id !== s.signer_id) out.push("it was signed with another person's key");
  const made = first('signing_keys', s.key_id);
  const revoked = q("SELECT seq FROM journal WHERE kind = 'row' AND entity = 'signing_keys' AND entity_id = ? AND json_extract(after, '$.revoked_at') IS NOT NULL AND seq <= ? ORDER BY seq LIMIT 1").get(s.key_id, head) as { seq: number } | undefined;
  if (!sealRow || !made || made.seq >= sealRow.seq || (revoked && revoked.seq <= sealRow.seq)) out.push('its key was not in force where it stands in the journal');
  if (sealRow && sealRow.at !== s.signed_at) out.push('its time is not the time it was written');
  if (!signatureHolds(key.public_key, s)) out.push("its signature does not hold under the signer's key");
  const rowAt = q('SELECT kind, entity, hash FROM journal WHERE seq = ?');
  const headRow = rowAt.get(s.head_seq) as { hash: string } | undefined;
  if (s.head_seq > head || headRow?.hash !== s.head_hash) out.push(`the journal no longer passes through the head it sealed (sequence ${s.head_seq})`);
  if (sealRow && sealRow.seq <= s.head_seq) out.push('it is written before the head it seals');
  const members = parseMembers(s.members);
  if (!members) return [...out, 'its list of sealed rows is unreadable'];
  let recordEntity: string | null = null;
  const hashes = (seqs: number[], entity: 'records' | 'review_dispositions'): [number, string][] =>
    seqs.map((seq) => {
      const r = rowAt.get(seq) as { kind: string; entity: string; hash: string } | undefined;
      const wanted = entity === 'review_dispositions' ? 'review_dispositions' : (recordEntity ??= r?.entity ?? null);
      if (!r || r.kind !== 'row' || seq > s.head_seq || r.entity !== wanted || (entity === 'records' && r.entity === 'review_dispositions')) out.push(`a row it seals (sequence ${seq}) is not one of its records`);
      return [seq, r?.hash ?? ''];
    });
  const digest = membersDigest({ ledger: s.ledger, siteId: s.site_id, month: s.month }, { records: hashes(members.records, 'records'), dispositions: hashes(members.dispositions, 'review_dispositions') });
  if (digest !== s.digest) out.push('the records it sealed are not as they were signed');
  return out;
}
