import type { Migration } from '../store/migrations';
import type { Store, Tx } from '../store/store';
import type { JournalAction } from '../../../shared/domain/journal-actions';
import { DaichoError } from '../../../shared/api/errors';
import { verifySecret } from './passwords';

// Art. 17(2) (passwords expire after six months) is defeated by changing A → B → A: a new password of
// the holder's own must differ from their current one and from the PASSWORD_HISTORY_KEPT before it
// (five in all). The older passwords' hashes (scrypt, as passwords.ts makes them) are kept in
// `password_history`, a journaled table like `accounts` (whose journal rows hold each password_hash
// already, so keeping them here discloses nothing more), and verify rebuilds it from the journal as it
// does every journaled table. Only the holder's own passwords are kept: a temporary one set by an
// administrator (must_change_password) is not theirs to reuse nor to be held to, and one reset away
// is kept, so their next own password is checked against those from before the reset.

export const PASSWORD_HISTORY_TABLE = 'password_history';

/** How many passwords before the current one a new one must differ from. */
export const PASSWORD_HISTORY_KEPT = 4;

/**
 * One row a slot, PASSWORD_HISTORY_KEPT slots an account: the journal has no deletion, so the oldest
 * is written over (its id `<account id>:<slot>`); `n` counts the account's passwords retired so far.
 */
const PASSWORD_HISTORY_SQL = `CREATE TABLE ${PASSWORD_HISTORY_TABLE} (
  id TEXT PRIMARY KEY,                     -- <account id>:<slot>
  account_id TEXT NOT NULL REFERENCES accounts(id),
  slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND ${PASSWORD_HISTORY_KEPT}),
  n INTEGER NOT NULL CHECK (n >= 1),       -- the how-many-th password of the account retired
  password_hash TEXT NOT NULL,             -- scrypt, as accounts.password_hash
  retired_at TEXT NOT NULL                 -- when it stopped being the account's password (ISO instant)
);
CREATE UNIQUE INDEX ${PASSWORD_HISTORY_TABLE}_account ON ${PASSWORD_HISTORY_TABLE}(account_id, slot);`;

type Reader = Pick<Store, 'stmt'> | Pick<Tx, 'stmt'>;

/** The account's passwords before its current one that a new one must differ from (newest first). */
export function passwordHistory(store: Reader, accountId: string): string[] {
  return store.stmt(`SELECT password_hash FROM ${PASSWORD_HISTORY_TABLE} WHERE account_id = ? ORDER BY n DESC LIMIT ${PASSWORD_HISTORY_KEPT}`).pluck().all(accountId) as string[];
}

/** Keep a password that stops being the account's, over the oldest kept when there are PASSWORD_HISTORY_KEPT already (in the act that replaces it). */
export function retirePassword(tx: Tx, accountId: string, hash: string, action: JournalAction): void {
  const last = (tx.stmt(`SELECT max(n) FROM ${PASSWORD_HISTORY_TABLE} WHERE account_id = ?`).pluck().get(accountId) as number | null) ?? 0;
  const n = last + 1;
  const slot = ((n - 1) % PASSWORD_HISTORY_KEPT) + 1;
  const id = `${accountId}:${slot}`;
  const row = { account_id: accountId, slot, n, password_hash: hash, retired_at: tx.now };
  if (tx.stmt(`SELECT 1 FROM ${PASSWORD_HISTORY_TABLE} WHERE id = ?`).get(id)) tx.update(PASSWORD_HISTORY_TABLE, id, row, { action });
  else tx.insert(PASSWORD_HISTORY_TABLE, { id, ...row }, { action });
}

/**
 * Refuses a new password equal to the current one or to one of those kept before it. Each is an scrypt
 * check off the event loop (passwords.ts); they run side by side on the bounded scrypt slots
 * (keys/wrap.ts), waiting their turn: the holder has just proved their current password.
 */
export async function refuseReused(store: Reader, accountId: string, currentHash: string, password: string): Promise<void> {
  const hashes = [currentHash, ...passwordHistory(store, accountId)];
  const same = await Promise.all(hashes.map((h) => verifySecret(password, h, { queue: true })));
  if (same[0]) throw new DaichoError('invalid_input', 'auth.errors.password_same', 'newPassword');
  if (same.some(Boolean)) throw new DaichoError('invalid_input', 'auth.errors.password_reused', 'newPassword');
}

/**
 * Migration 49: the table, and for each account the passwords of its own it had before its current one,
 * read once from the journal's rows of `accounts` (each holds the password_hash it was set to, and
 * whether it was a temporary one), so that data of before keeps them: the last PASSWORD_HISTORY_KEPT.
 */
export const PASSWORD_HISTORY_MIGRATION: Migration = {
  version: 49,
  name: 'password-history',
  changes: [{ op: 'create_table', table: PASSWORD_HISTORY_TABLE, sql: PASSWORD_HISTORY_SQL }],
  backfill: (tx) => {
    const rows = tx
      .stmt(
        `SELECT entity_id AS id, at, json_extract(after, '$.password_hash') AS hash, json_extract(after, '$.must_change_password') AS temporary
         FROM journal WHERE kind = 'row' AND entity = 'accounts' AND json_valid(after) ORDER BY seq`,
      )
      .all() as { id: string; at: string; hash: string | null; temporary: number | null }[];
    const was = new Map<string, { hash: string; temporary: boolean }>();
    const retired = new Map<string, { hash: string; at: string }[]>();
    for (const r of rows) {
      if (typeof r.hash !== 'string') continue;
      const before = was.get(r.id);
      if (before && before.hash !== r.hash && !before.temporary) retired.set(r.id, [...(retired.get(r.id) ?? []), { hash: before.hash, at: r.at }]);
      was.set(r.id, { hash: r.hash, temporary: r.temporary === 1 });
    }
    for (const [accountId, list] of retired) {
      // Only accounts still in the table (one never is deleted; a guard all the same).
      if (!tx.stmt('SELECT 1 FROM accounts WHERE id = ?').get(accountId)) continue;
      const kept = list.slice(-PASSWORD_HISTORY_KEPT);
      const first = list.length - kept.length;
      kept.forEach((p, i) => {
        const n = first + i + 1;
        const slot = ((n - 1) % PASSWORD_HISTORY_KEPT) + 1;
        tx.insert(PASSWORD_HISTORY_TABLE, { id: `${accountId}:${slot}`, account_id: accountId, slot, n, password_hash: p.hash, retired_at: p.at }, { action: 'migration.password_history' });
      });
    }
  },
};
