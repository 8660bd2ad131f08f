import type { Migration } from '../../store/migrations';

// Migration 11 (issue 10): the last-exit checklist (SPEC §4.4), a table of the ledger kit. Frozen as
// written when it shipped.

export const LAST_EXIT_CHECKS_SQL = `CREATE TABLE last_exit_checks (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  business_day TEXT NOT NULL CHECK (business_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  exited_at TEXT NOT NULL,
  last_person_id TEXT NOT NULL REFERENCES people(id),
  items TEXT NOT NULL,
  notes TEXT,
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX last_exit_checks_time ON last_exit_checks(exited_at);
CREATE INDEX last_exit_checks_person ON last_exit_checks(last_person_id);
-- One checklist per site and business day (the rules check first, so the message names the field).
CREATE UNIQUE INDEX last_exit_checks_one ON last_exit_checks(site_id, business_day) WHERE status = 'valid';`;

export const lastExitMigration: Migration = {
  version: 11,
  name: 'last-exit',
  changes: [{ op: 'create_table', table: 'last_exit_checks', sql: LAST_EXIT_CHECKS_SQL }],
};
