import { createHash, createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '../journal/canonical';
import type { Store } from '../store/store';
import { jsonSql } from '../journal/verify-json';

// What a seal (SPEC §5) signs, and how anyone checks it: the app when it shows a seal, and verify.
// A seal names the journal rows of the month's records and dispositions (their sequence numbers);
// its digest is over those rows' hashes, and the signed statement holds the digest and the
// journal head (sequence and hash) at the moment of signing. Re-hashing the chain, or changing a
// sealed row, no longer matches what the reviewer's key signed.

/** A journal row's `after` where it is JSON text (json_extract throws on one that is not: a row chained with the key). */
const AFTER_JSON = jsonSql('after');

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
  /** Since migration 20: the key that signed the reopening, and its signature (reopenStatement). */
  reopen_key_id?: string | null;
  reopen_signature?: string | null;
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
export function sealStatement(s: Omit<SealRow, 'members' | 'signature' | 'status' | 'reopened_at' | 'reopened_by' | 'reopen_reason' | 'reopen_key_id' | 'reopen_signature'>): Buffer {
  return Buffer.from(
    canonicalJson({
      v: 1, id: s.id, ledger: s.ledger, siteId: s.site_id, month: s.month, headSeq: s.head_seq, headHash: s.head_hash, digest: s.digest,
      signerId: s.signer_id, signerName: s.signer_name, signerRole: s.signer_role, meaning: s.meaning, signedAt: s.signed_at, keyId: s.key_id,
    }),
  );
}

/**
 * The text a reopening signs (migration 20): which seal (its signature too, so the reopening names
 * that very seal), when, by whom, why, with which key.
 */
export function reopenStatement(s: { id: string; signature: string; reopenedAt: string; reopenedBy: string; reason: string; keyId: string }): Buffer {
  return Buffer.from(
    canonicalJson({ v: 1, kind: 'reopen', role: REOPENER_ROLE, sealId: s.id, sealSignature: s.signature, reopenedAt: s.reopenedAt, reopenedBy: s.reopenedBy, reason: s.reason, keyId: s.keyId }),
  );
}

/** Who reopens a seal (SPEC §5): the safety manager, and no other reviewer (a site head's key signs their seals, not reopenings). */
export const REOPENER_ROLE = 'safety_manager';

/** Does the signature hold under this public key (base64 SPKI DER)? A malformed key or signature does not. */
export function signatureHolds(publicKey: string, seal: SealRow): boolean {
  return holds(publicKey, sealStatement(seal), seal.signature);
}

function holds(publicKey: string, statement: Buffer, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, statement, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Signatures already checked (a seal's statement, signature and key → whether it holds): a list of many months checks each once. */
const checkedSignatures = new Map<string, boolean>();

/**
 * A seal stands when it is sealed and its signature holds under its signer's own key: a seal row made
 * or copied outside the app (with the database key, without the signer's private key) seals nothing —
 * its month stays open for review, and paper prints it as 署名不一致 (print/sheets.ts, which checks
 * the whole seal). The full check of what it seals is verify's and sealHolds'.
 */
export function sealStands(q: Query, s: SealRow): boolean {
  if (s.status !== 'sealed') return false;
  const key = q('SELECT account_id, public_key FROM signing_keys WHERE id = ?').get(s.key_id) as { account_id: string; public_key: string } | undefined;
  if (!key || key.account_id !== s.signer_id) return false;
  const memo = `${key.public_key}\n${s.signature}\n${sealStatement(s).toString('base64')}`;
  let holds = checkedSignatures.get(memo);
  if (holds === undefined) {
    holds = signatureHolds(key.public_key, s);
    if (checkedSignatures.size >= 5000) checkedSignatures.clear();
    checkedSignatures.set(memo, holds);
  }
  return holds;
}

/**
 * A reopening's problems, in words (empty when it holds). From migration 20 on (`signedFrom`, the
 * sequence number of its schema row; null: the data has none), a reopening must be signed by the key
 * of the account that reopened, in force where the reopening stands in the journal. One written
 * before is taken as it was: no signature was made then.
 */
export function reopenProblems(q: Query, s: SealRow, head: number, signedFrom: number | null): string[] {
  if (s.status !== 'reopened') return [];
  const row = reopening(q, s.id, head);
  if (!row) return ['it is reopened, but no reopening of it is in the journal'];
  if (signedFrom === null || row.seq < signedFrom) return [];
  if (!s.reopen_key_id || !s.reopen_signature || !s.reopened_by || !s.reopened_at || !s.reopen_reason) return ['it was reopened without the signature of the person who reopened it (not through Daicho)'];
  const statement = reopenStatement({ id: s.id, signature: s.signature, reopenedAt: s.reopened_at, reopenedBy: s.reopened_by, reason: s.reopen_reason, keyId: s.reopen_key_id });
  const signed = signedAt(q, { keyId: s.reopen_key_id, signerId: s.reopened_by, seq: row.seq, head, statement, signature: s.reopen_signature });
  if (signed.includes('missing')) return ['the signing key of its reopening is missing'];
  const out: string[] = [];
  if (signed.includes('another_person')) out.push("its reopening was signed with another person's key");
  if (signed.includes('not_in_force')) out.push('the key of its reopening was not in force where the reopening stands in the journal');
  if (row.at !== s.reopened_at) out.push('the time of its reopening is not the time it was written');
  // The reopener held the role then: their account as the journal last had it before the reopening.
  const account = q(`SELECT json_extract(${AFTER_JSON}, '$.roles') AS roles FROM journal WHERE kind = 'row' AND entity = 'accounts' AND entity_id = ? AND seq >= 1 AND seq < ? ORDER BY seq DESC LIMIT 1`).get(s.reopened_by, row.seq) as
    | { roles: string | null }
    | undefined;
  if (!rolesText(account?.roles).includes(REOPENER_ROLE)) out.push('it was reopened by someone who was not a safety manager then');
  if (signed.includes('does_not_hold')) out.push("the signature of its reopening does not hold under the reopener's key");
  return out;
}

/** What does not hold of a signature journaled at `seq` (see signedAt). */
export type SignedProblem = 'missing' | 'another_person' | 'not_in_force' | 'does_not_hold';

/**
 * Is `signature` over `statement` made by the key `keyId` of `signerId`, in force where row `seq`
 * stands in the journal (made before it, not revoked before it)? The list of what does not hold:
 * empty when it holds; 'missing' alone when there is no such key.
 */
export function signedAt(q: Query, s: { keyId: string; signerId: string; seq: number; head: number; statement: Buffer; signature: string }): SignedProblem[] {
  const key = q('SELECT account_id, public_key FROM signing_keys WHERE id = ?').get(s.keyId) as { account_id: string; public_key: string } | undefined;
  if (!key) return ['missing'];
  const out: SignedProblem[] = [];
  if (key.account_id !== s.signerId) out.push('another_person');
  const made = q("SELECT seq FROM journal WHERE kind = 'row' AND entity = 'signing_keys' AND entity_id = ? AND seq >= 1 ORDER BY seq LIMIT 1").get(s.keyId) as { seq: number } | undefined;
  const revoked = q(`SELECT seq FROM journal WHERE kind = 'row' AND entity = 'signing_keys' AND entity_id = ? AND json_extract(${AFTER_JSON}, '$.revoked_at') IS NOT NULL AND seq BETWEEN 1 AND ? ORDER BY seq LIMIT 1`).get(s.keyId, s.head) as { seq: number } | undefined;
  if (!made || made.seq >= s.seq || (revoked && revoked.seq <= s.seq)) out.push('not_in_force');
  if (!holds(key.public_key, s.statement, s.signature)) out.push('does_not_hold');
  return out;
}

function rolesText(v: string | null | undefined): string[] {
  try {
    const roles = JSON.parse(v ?? '[]') as unknown;
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

/** The journal row that reopened the seal (the first with its status reopened), or undefined. */
export function reopening(q: Query, sealId: string, head: number): { seq: number; at: string } | undefined {
  return q(`SELECT seq, at FROM journal WHERE kind = 'row' AND entity = 'seals' AND entity_id = ? AND json_extract(${AFTER_JSON}, '$.status') = 'reopened' AND seq BETWEEN 1 AND ? ORDER BY seq LIMIT 1`).get(sealId, head) as
    | { seq: number; at: string }
    | undefined;
}

/** Where signed reopenings begin in the journal: the schema row of migration 20's signature column, or null. */
export function signedReopensFrom(q: Query): number | null {
  const r = q(`SELECT seq FROM journal WHERE action = 'schema.change' AND actor = 'migration' AND kind = 'event' AND json_extract(${AFTER_JSON}, '$.table') = 'seals' AND json_extract(${AFTER_JSON}, '$.column') = 'reopen_signature' AND seq >= 1 ORDER BY seq LIMIT 1`).get() as
    | { seq: number }
    | undefined;
  return r?.seq ?? null;
}

/** A public key's short fingerprint: the first 16 hex characters of the sha256 of its DER. */
export function fingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);
}

export function parseMembers(text: string): SealMembers | null {
  try {
    const m = JSON.parse(text) as SealMembers;
    const ints = (a: unknown) => Array.isArray(a) && a.every((x) => Number.isSafeInteger(x) && x > 0);
    // Exactly as the seal wrote it (review.ts writeSeal): verify's SQL reads the list with SQLite's
    // JSON functions, which take the first of a key named twice, and this the last (an insider probe:
    // a decoy list first, the signed one last, and a sealed record changed without its mark passed).
    if (!ints(m.records) || !ints(m.dispositions) || JSON.stringify({ records: m.records, dispositions: m.dispositions }) !== text) return null;
    return m;
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
  const sealRow = (q("SELECT seq, at FROM journal WHERE kind = 'row' AND entity = 'seals' AND entity_id = ? AND seq BETWEEN 1 AND ? ORDER BY seq LIMIT 1").get(s.id, head) as { seq: number; at: string } | undefined) ?? null;
  // A seal with no row of its own stands nowhere in the journal: no key was in force there (sequence 0).
  const signed = signedAt(q, { keyId: s.key_id, signerId: s.signer_id, seq: sealRow?.seq ?? 0, head, statement: sealStatement(s), signature: s.signature });
  if (signed.includes('missing')) return ['its signing key is missing'];
  if (signed.includes('another_person')) out.push("it was signed with another person's key");
  if (signed.includes('not_in_force')) out.push('its key was not in force where it stands in the journal');
  if (sealRow && sealRow.at !== s.signed_at) out.push('its time is not the time it was written');
  if (signed.includes('does_not_hold')) out.push("its signature does not hold under the signer's key");
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
  out.push(...reopenProblems(q, s, head, signedReopensFrom(q)));
  return out;
}

/** A unit's seals, oldest first. */
export function sealsOf(store: Store, ledger: string, siteId: string, month: string): SealRow[] {
  return store.stmt('SELECT * FROM seals WHERE ledger = ? AND site_id = ? AND month = ? ORDER BY signed_at, id').all(ledger, siteId, month) as SealRow[];
}

/** Is the unit under a seal whose signature holds (sealStands)? */
export const standing = (store: Store, seals: SealRow[]): boolean => seals.some((s) => sealStands((sql) => store.stmt(sql), s));

/**
 * Is the unit's review complete: under a standing seal, by the role whose seal completes it when its
 * ledger names one (ReviewSource.completedBy: the server-room book, the safety manager's)?
 */
export const completed = (store: Store, seals: SealRow[], by: string | undefined): boolean =>
  seals.some((s) => (by === undefined || s.signer_role === by) && sealStands((sql) => store.stmt(sql), s));
