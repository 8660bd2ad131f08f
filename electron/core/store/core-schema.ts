import { JOURNAL_SCHEMA } from '../journal/journal';
import type { Db } from './database';

/** Migration 1: the journal and what every ledger needs (settings, sites, accounts). */
export function coreSchema(db: Db): void {
  db.exec(JOURNAL_SCHEMA);
  db.exec(`
    CREATE TABLE settings (
      id TEXT PRIMARY KEY,          -- setting key, e.g. "company.name", "auth.idleLockMinutes"
      value TEXT NOT NULL           -- JSON
    );
    CREATE TABLE sites (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('head', 'branch')),
      sort_order INTEGER NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE accounts (
      id TEXT PRIMARY KEY,
      login_id TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL,
      person_id TEXT,
      roles TEXT NOT NULL,                      -- JSON array of roles
      roles_approved_by TEXT,                   -- account id of the approving safety manager (Art. 15)
      status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
      planned_deletion_on TEXT,                 -- Art. 16(5)
      password_hash TEXT NOT NULL,
      password_changed_at TEXT NOT NULL,
      must_change_password INTEGER NOT NULL DEFAULT 0,
      failed_count INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      created_at TEXT NOT NULL
    );
  `);
}

/**
 * Migration 4 (issue 6): what the accounts and stations need to be told apart and kept honest.
 * Only new tables: rows written before it are untouched, so the journal still verifies them.
 */
export function accountSafetySchema(db: Db): void {
  db.exec(`
    -- Told to an account's holder at their next sign-in: what someone else did to the account (Art. 15).
    CREATE TABLE account_notices (
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      kind TEXT NOT NULL,                       -- password_reset, roles_changed, approval_used, recovery_code_used
      actor_id TEXT,                            -- the account that did it
      approved_by TEXT,                         -- the approving safety manager's account id, or 'recovery_code'
      about_id TEXT,                            -- the account it was about (for approval_used / recovery_code_used)
      detail TEXT,                              -- JSON (e.g. roles before/after)
      reason TEXT,
      at TEXT NOT NULL,
      seen_at TEXT
    );
    CREATE INDEX account_notices_unseen ON account_notices(account_id, seen_at);
    -- The sign-in lock of attempts from one device the account has signed in from before (or from its
    -- own session there): a guesser elsewhere locks only the other lane (accounts.failed_count /
    -- locked_until), and a device locks only itself.
    CREATE TABLE known_device_guards (
      id TEXT PRIMARY KEY,                      -- "<account id>:<device id>"
      account_id TEXT NOT NULL REFERENCES accounts(id),
      device TEXT NOT NULL,
      failed_count INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT
    );
    CREATE INDEX known_device_guards_account ON known_device_guards(account_id);
    -- Every station that has written to the journal, with the name an administrator gives it.
    CREATE TABLE stations (
      id TEXT PRIMARY KEY,                      -- as written on journal rows, e.g. "terminal:OSK:browser:pc12"
      name TEXT,
      first_seen_at TEXT NOT NULL,
      named_at TEXT,
      named_by TEXT
    );
  `);
}

/**
 * Migration 5 (issue 7): journal format 2.
 * - personal_values: every personal value a record ever had, by the digest the journal holds
 *   (not journaled itself: each value proves itself against the record's salt); a record's
 *   values are deleted when its personal data is erased.
 * - journal_rows: the latest row of a record is one index probe (verify, history).
 * - secure_delete: erased values are overwritten in the file, not left in free space.
 */
export function journalFormat2Schema(db: Db): void {
  db.exec(`
    CREATE TABLE personal_values (
      digest TEXT PRIMARY KEY,
      entity TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      field TEXT NOT NULL,
      value
    );
    CREATE INDEX personal_values_record ON personal_values(entity, entity_id);
    CREATE INDEX journal_rows ON journal(entity, entity_id, seq) WHERE kind = 'row';
  `);
}
