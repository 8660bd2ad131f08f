import type { Meaning, SealInfo, SignerRole } from '../../../shared/api/review-contract';
import { getAccount } from '../auth/accounts-repo';
import type { Store } from '../store/store';
import { parseMembers, sealProblems, type SealRow } from './seal';

// A seal as the review shows it, and checked now as verify checks it.

export function sealInfo(store: Store, s: SealRow, verified: boolean): SealInfo {
  const members = parseMembers(s.members);
  return {
    id: s.id, signerId: s.signer_id, signerName: s.signer_name, signerRole: s.signer_role as SignerRole, meaning: s.meaning as Meaning, signedAt: s.signed_at,
    digest: s.digest, headSeq: s.head_seq, records: members?.records.length ?? 0, status: s.status, reopenedAt: s.reopened_at,
    reopenedByName: s.reopened_by ? (getAccount(store, s.reopened_by)?.display_name ?? null) : null, reopenReason: s.reopen_reason, verified,
  };
}

/** One seal checked now, as verify checks it (review/seal.ts sealProblems); verify also checks the sealed records' table rows. */
export function sealHolds(store: Store, s: SealRow): boolean {
  return sealProblems((sql) => store.stmt(sql), s, store.journalHead().seq).length === 0;
}
