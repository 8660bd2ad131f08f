import type { Migration } from '../../store/migrations';

// Migration 8 (issue 9): the cabinets register and the cabinet open/lock log (SPEC §4.2), tables of
// the ledger kit. Frozen as written when it shipped: a later change to the definitions comes with a
// migration of its own (add_column...), never by editing this one.

export const CABINETS_SQL = `CREATE TABLE cabinets (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  location TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  content_class TEXT NOT NULL CHECK (content_class IN ('personal', 'confidential', 'other')),
  custodian_id TEXT NOT NULL REFERENCES people(id),
  notes TEXT,
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX cabinets_code ON cabinets(code) WHERE status = 'valid';
CREATE INDEX cabinets_site_id ON cabinets(site_id);
CREATE INDEX cabinets_custodian_id ON cabinets(custodian_id);`;

export const CABINET_SESSIONS_SQL = `CREATE TABLE cabinet_sessions (
  id TEXT PRIMARY KEY,
  cabinet_id TEXT NOT NULL REFERENCES cabinets(id),
  site_id TEXT NOT NULL REFERENCES sites(id),
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL REFERENCES people(id),
  purpose TEXT NOT NULL,
  locked_at TEXT,
  locked_by TEXT REFERENCES people(id),
  notes TEXT,
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0,
  CHECK (locked_at IS NULL OR locked_at >= opened_at),
  CHECK ((locked_at IS NULL) = (locked_by IS NULL))
);
CREATE INDEX cabinet_sessions_time ON cabinet_sessions(opened_at);
CREATE INDEX cabinet_sessions_site_time ON cabinet_sessions(site_id, opened_at);
CREATE INDEX cabinet_sessions_cabinet_id ON cabinet_sessions(cabinet_id, opened_at);
CREATE INDEX cabinet_sessions_opened_by ON cabinet_sessions(opened_by);
CREATE INDEX cabinet_sessions_locked_by ON cabinet_sessions(locked_by);
-- One open session per cabinet (the rules check first, so the message names the field).
CREATE UNIQUE INDEX cabinet_sessions_one_open ON cabinet_sessions(cabinet_id) WHERE locked_at IS NULL AND status = 'valid';`;

export const cabinetsMigration: Migration = {
  version: 8,
  name: 'cabinets',
  changes: [
    { op: 'create_table', table: 'cabinets', sql: CABINETS_SQL },
    { op: 'create_table', table: 'cabinet_sessions', sql: CABINET_SESSIONS_SQL },
  ],
};

/** When a session's lock was recorded (beside the time it gives): the book at the lock deadline (kit/closing.ts). */
export const LOCK_RECORDED_COLUMN = 'lock_recorded_at';
/** Its closing (lockedAt) and that column (kit/closing.ts): when it was recorded, and a correction does not date it past then. */
export const LOCK_CLOSING = { field: 'lockedAt', recordedColumn: LOCK_RECORDED_COLUMN };

/** Migration 17: when each lock was recorded. Sessions locked before it have none (their times alone are judged). */
export const cabinetLockRecordedMigration: Migration = {
  version: 17,
  name: 'cabinet-lock-recorded',
  changes: [{ op: 'add_column', table: 'cabinet_sessions', column: LOCK_RECORDED_COLUMN, definition: 'TEXT', default: null }],
};
