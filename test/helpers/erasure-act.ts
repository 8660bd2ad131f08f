import { startAct } from '../../electron/core/retention';
import { openSigningKey, type UsableKey } from '../../electron/core/review/keys';
import type { Store, Tx } from '../../electron/core/store/store';

/**
 * The approver's signing key, as the app's erasure opens it with her password (made now, journaled,
 * if she has none). Tests of verify's other erasure rules forge their acts signed with it — what a key
 * holder who also had the safety manager's password could write — so that only the rule under test is
 * broken (retention-rules.ts SIGNED_APPROVAL_MIGRATION).
 */
export async function approverKey(store: Store, accountId: string, password: string): Promise<UsableKey> {
  const key = await openSigningKey(store, accountId, password);
  store.write({ actor: accountId, station: 'test' }, (tx) => key.plan(tx));
  return key;
}

/** An act's start as the app writes it (retention.ts startAct), by `adminId`, approved and signed by the key's holder. */
export function signedStart(
  store: Store,
  tx: Tx,
  key: UsableKey,
  a: { table: string; ledger: string; cutoff: string; records: number; years?: number; approvedBy: string; adminId: string; reason: string },
): void {
  startAct(store, tx, key, { ...a, years: a.years ?? 5 });
}
