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
