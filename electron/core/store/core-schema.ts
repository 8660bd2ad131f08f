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
