import { jstMonth, previousMonth } from '../../../shared/calendar';
import type { Db } from '../store/database';
import type { Migration } from '../store/migrations';
import type { Tx } from '../store/store';

// Migration 13 (issue 11, SPEC §5): the monthly review and its sign-off. Frozen as written when it
// shipped: the SQL is text here, never built from code that may change later.

export const SITE_IDS_COLUMN = { op: 'add_column', table: 'accounts', column: 'site_ids', definition: "TEXT NOT NULL DEFAULT '[]'", default: '[]' } as const;

/** 指名 (SPEC §2): who may review which ledgers of which sites, from when to when. */
export const DESIGNATIONS_SQL = `CREATE TABLE reviewer_designations (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  ledgers TEXT NOT NULL,                 -- JSON array of ledger keys
  site_ids TEXT NOT NULL,                -- JSON array of site ids
  valid_from TEXT NOT NULL,              -- YYYY-MM-DD, inclusive
  valid_to TEXT NOT NULL,                -- YYYY-MM-DD, inclusive
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  CHECK (valid_to >= valid_from)
);
CREATE INDEX reviewer_designations_account ON reviewer_designations(account_id);`;

/** Each person's Ed25519 signing keys: the public half; the private half is kept wrapped under their password (signing_key_secrets). */
export const SIGNING_KEYS_SQL = `CREATE TABLE signing_keys (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  public_key TEXT NOT NULL,              -- base64 of the SPKI DER
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  revoke_reason TEXT
);
CREATE INDEX signing_keys_account ON signing_keys(account_id);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys(account_id) WHERE revoked_at IS NULL;`;

/** What a reviewer decided about each anomaly of a month (Art. 9). */
export const DISPOSITIONS_SQL = `CREATE TABLE review_dispositions (
  id TEXT PRIMARY KEY,
  ledger TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  month TEXT NOT NULL,
  subject TEXT NOT NULL,
  code TEXT NOT NULL,
  disposition TEXT NOT NULL CHECK (disposition IN ('no_issue', 'corrected', 'follow_up')),
  explanation TEXT,
  cause TEXT,
  action TEXT,
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  UNIQUE (ledger, site_id, month, subject, code)
);`;

/** A sign-off: the month's record set and the journal head, signed with the reviewer's own key. */
export const SEALS_SQL = `CREATE TABLE seals (
  id TEXT PRIMARY KEY,
  ledger TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  month TEXT NOT NULL,
  head_seq INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  members TEXT NOT NULL,                 -- JSON {"records":[seq...],"dispositions":[seq...]}: the journal rows sealed
  digest TEXT NOT NULL,                  -- sha256 over the members' sequence numbers and hashes
  signer_id TEXT NOT NULL REFERENCES accounts(id),
  signer_name TEXT NOT NULL,
  signer_role TEXT NOT NULL,
  meaning TEXT NOT NULL CHECK (meaning IN ('confirm', 'approve')),
  signed_at TEXT NOT NULL,
  key_id TEXT NOT NULL REFERENCES signing_keys(id),
  signature TEXT NOT NULL,               -- base64 Ed25519 over the seal's canonical statement
  status TEXT NOT NULL CHECK (status IN ('sealed', 'reopened')),
  reopened_at TEXT,
  reopened_by TEXT,
  reopen_reason TEXT
);
CREATE INDEX seals_unit ON seals(ledger, site_id, month);`;

/** A record of a sealed month added, amended or voided after the seal (封印後修正): shown in lists and in the next review. */
export const SEALED_CHANGES_SQL = `CREATE TABLE sealed_changes (
  id TEXT PRIMARY KEY,
  ledger TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  month TEXT NOT NULL,                   -- the record's month (sealed)
  record_id TEXT NOT NULL,
  seal_id TEXT NOT NULL REFERENCES seals(id),
  action TEXT NOT NULL,
  reason TEXT,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE INDEX sealed_changes_record ON sealed_changes(record_id);
CREATE INDEX sealed_changes_review ON sealed_changes(ledger, site_id, changed_at);`;

/**
 * Not journaled: each private signing key wrapped under its holder's password (scrypt → AES-256-GCM).
 * It proves itself (it opens only to the key whose public half is journaled); a password change
 * re-wraps it in place, so no older wrap is kept anywhere an old password could open.
 */
function secretsTable(db: Db): void {
  db.exec('CREATE TABLE signing_key_secrets (key_id TEXT PRIMARY KEY, wrapped TEXT NOT NULL)');
}

/**
 * Site heads head the site of the person their account is linked to; the first month due is the
 * month before the review arrived (older months were reviewed on paper).
 */
function backfill(tx: Tx): void {
  const heads = tx.stmt(`SELECT a.id, p.site_id FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.roles LIKE '%"site_head"%'`).all() as { id: string; site_id: string }[];
  for (const h of heads) tx.update('accounts', h.id, { site_ids: JSON.stringify([h.site_id]) }, { action: 'accounts.set_sites', reason: 'migration 13: a site head heads their own site' });
  tx.insert('settings', { id: 'review.since', value: JSON.stringify(previousMonth(jstMonth(new Date(tx.now)))) }, { action: 'settings.set', reason: 'migration 13: the first month to review' });
}

export const REVIEW_MIGRATION: Migration = {
  version: 13,
  name: 'monthly-review-and-seals',
  up: secretsTable,
  changes: [
    SITE_IDS_COLUMN,
    { op: 'create_table', table: 'reviewer_designations', sql: DESIGNATIONS_SQL },
    { op: 'create_table', table: 'signing_keys', sql: SIGNING_KEYS_SQL },
    { op: 'create_table', table: 'review_dispositions', sql: DISPOSITIONS_SQL },
    { op: 'create_table', table: 'seals', sql: SEALS_SQL },
    { op: 'create_table', table: 'sealed_changes', sql: SEALED_CHANGES_SQL },
  ],
  backfill,
};

/**
 * Migration 20: a reopening is signed like a seal (SPEC §5: nobody else, not even someone holding the
 * database key, can forge or move a seal; taking one back is the safety manager's own act). The key
 * and the signature over the reopening's statement (review/seal.ts reopenStatement). Reopenings from
 * before it carry none; verify takes them as they were, and names any later one that does not hold.
 */
export const REOPEN_KEY_COLUMN = 'reopen_key_id';
export const REOPEN_SIGNATURE_COLUMN = 'reopen_signature';
export const SIGNED_REOPEN_MIGRATION: Migration = {
  version: 20,
  name: 'signed-reopen',
  changes: [
    { op: 'add_column', table: 'seals', column: REOPEN_KEY_COLUMN, definition: 'TEXT', default: null },
    { op: 'add_column', table: 'seals', column: REOPEN_SIGNATURE_COLUMN, definition: 'TEXT', default: null },
  ],
};

/**
 * An anomaly a correction or a void took away (`<ledger>.amend`, `<ledger>.void`): the record had
 * it before the act and not after (a due time moved, a record voided and written again). The month's
 * review lists it to dispose of, with the act's reason, so an anomaly never leaves the review unseen.
 */
export const CLEARED_ANOMALIES_SQL = `CREATE TABLE cleared_anomalies (
  id TEXT PRIMARY KEY,
  ledger TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  month TEXT NOT NULL,                   -- the record's month before the act
  record_id TEXT NOT NULL,
  code TEXT NOT NULL,                    -- the anomaly taken away
  params TEXT,                           -- JSON: its parameters as they were
  action TEXT NOT NULL,
  reason TEXT,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE INDEX cleared_anomalies_unit ON cleared_anomalies(ledger, site_id, month);`;

export const CLEARED_ANOMALIES_MIGRATION: Migration = {
  version: 23,
  name: 'cleared-anomalies',
  changes: [{ op: 'create_table', table: 'cleared_anomalies', sql: CLEARED_ANOMALIES_SQL }],
};
