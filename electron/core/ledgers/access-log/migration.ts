import type { Migration } from '../../store/migrations';
import { ruleFromMigration } from '../kit/rule-from';

// Migration 10 (issue 10): the systems register and the access-log check record (SPEC §4.6), tables
// of the ledger kit. Frozen as written when it shipped.

export const LOG_SYSTEMS_SQL = `CREATE TABLE log_systems (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('server', 'cloud', 'network', 'other')),
  site_id TEXT NOT NULL REFERENCES sites(id),
  log_location TEXT NOT NULL,
  retention_months INTEGER NOT NULL CHECK (retention_months BETWEEN 1 AND 120),
  notes TEXT,
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX log_systems_code ON log_systems(code) WHERE status = 'valid';
CREATE INDEX log_systems_site_id ON log_systems(site_id);`;

export const ACCESS_LOG_CHECKS_SQL = `CREATE TABLE access_log_checks (
  id TEXT PRIMARY KEY,
  system_id TEXT NOT NULL REFERENCES log_systems(id),
  site_id TEXT NOT NULL REFERENCES sites(id),
  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  checked_at TEXT NOT NULL,
  logs_complete INTEGER NOT NULL CHECK (logs_complete IN (0, 1)),
  stored_safely INTEGER NOT NULL CHECK (stored_safely IN (0, 1)),
  anomaly_found TEXT,
  action_taken TEXT,
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX access_log_checks_time ON access_log_checks(checked_at);
CREATE INDEX access_log_checks_site_month ON access_log_checks(site_id, month);
-- One check per system and month (the rules check first, so the message names the field).
CREATE UNIQUE INDEX access_log_checks_one ON access_log_checks(system_id, month) WHERE status = 'valid';`;

export const accessLogMigration: Migration = {
  version: 10,
  name: 'access-log',
  changes: [
    { op: 'create_table', table: 'log_systems', sql: LOG_SYSTEMS_SQL },
    { op: 'create_table', table: 'access_log_checks', sql: ACCESS_LOG_CHECKS_SQL },
  ],
};

/** The setting that says from when an anomaly found with its action written is an item of the review (migration 42). */
export const FINDING_RULE_FROM = 'accessLog.findingRuleFrom' as const;

/**
 * Migration 42: every anomaly found in the logs is an item of the month's review, its action written
 * or not (rules.ts anomalyInLogs) — for checks written or corrected from this upgrade on (always, for
 * data made since). The version before asked only of an anomaly without an action, and months it saw
 * signed stay as signed: an item arising there could not be disposed of, and printed under the same
 * seal's digest as 対応：未記入 (a review of the change). The instant is a setting, journaled.
 */
export const accessLogFindingRuleMigration: Migration = ruleFromMigration(42, 'access-log-finding-rule-from', FINDING_RULE_FROM, 'migration.access_log_finding_rule');
