import type { Db } from '../../store/database';
import type { Migration } from '../../store/migrations';
import { ruleFromMigration } from '../kit/rule-from';

// Migration 12 (issue 10): the guest-card register and visitor reception (SPEC §4.5), tables of the
// ledger kit. Frozen as written when it shipped.

export const GUEST_CARDS_SQL = `CREATE TABLE guest_cards (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  state TEXT NOT NULL CHECK (state IN ('in_stock', 'lent', 'lost')),
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX guest_cards_number ON guest_cards(number) WHERE status = 'valid';
CREATE INDEX guest_cards_site_id ON guest_cards(site_id);`;

export const VISITOR_VISITS_SQL = `CREATE TABLE visitor_visits (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  name TEXT NOT NULL,
  company TEXT NOT NULL,
  purpose TEXT NOT NULL,
  host_id TEXT NOT NULL REFERENCES people(id),
  area TEXT NOT NULL CHECK (area IN ('reception', 'office')),
  guest_card_id TEXT REFERENCES guest_cards(id),
  escort_id TEXT REFERENCES people(id),
  designated_by TEXT REFERENCES people(id),
  arrived_at TEXT NOT NULL,
  left_at TEXT,
  card_returned_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
  void_reason TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL,
  amended_at TEXT,
  amend_count INTEGER NOT NULL DEFAULT 0,
  CHECK (left_at IS NULL OR left_at >= arrived_at)
);
CREATE INDEX visitor_visits_time ON visitor_visits(arrived_at);
CREATE INDEX visitor_visits_site_time ON visitor_visits(site_id, arrived_at);
CREATE INDEX visitor_visits_host ON visitor_visits(host_id);
-- A guest card is lent to one visitor at a time (the rules check first, so the message names the field).
CREATE UNIQUE INDEX visitor_visits_card_out ON visitor_visits(guest_card_id) WHERE guest_card_id IS NOT NULL AND card_returned_at IS NULL AND status = 'valid';`;

/**
 * Migration 15 (SPEC §8 retention, APPI): a visitor's name and company can be erased after the
 * retention period. The table is rebuilt with the same columns, name and company now nullable (its
 * rows' journal form does not change), the salt of their digests is added (never journaled), and
 * personal_erased_at as a declared, journaled column.
 */
function visitorsErasable(db: Db): void {
  db.exec(`
    CREATE TABLE visitor_visits_new (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      name TEXT,                             -- null once erased
      company TEXT,                          -- null once erased
      purpose TEXT NOT NULL,
      host_id TEXT NOT NULL REFERENCES people(id),
      area TEXT NOT NULL CHECK (area IN ('reception', 'office')),
      guest_card_id TEXT REFERENCES guest_cards(id),
      escort_id TEXT REFERENCES people(id),
      designated_by TEXT REFERENCES people(id),
      arrived_at TEXT NOT NULL,
      left_at TEXT,
      card_returned_at TEXT,
      status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
      void_reason TEXT,
      recorded_at TEXT NOT NULL,
      recorded_by TEXT NOT NULL,
      station TEXT NOT NULL,
      amended_at TEXT,
      amend_count INTEGER NOT NULL DEFAULT 0,
      CHECK (left_at IS NULL OR left_at >= arrived_at)
    );
    INSERT INTO visitor_visits_new SELECT * FROM visitor_visits;
    DROP TABLE visitor_visits;
    ALTER TABLE visitor_visits_new RENAME TO visitor_visits;
    CREATE INDEX visitor_visits_time ON visitor_visits(arrived_at);
    CREATE INDEX visitor_visits_site_time ON visitor_visits(site_id, arrived_at);
    CREATE INDEX visitor_visits_host ON visitor_visits(host_id);
    CREATE UNIQUE INDEX visitor_visits_card_out ON visitor_visits(guest_card_id) WHERE guest_card_id IS NOT NULL AND card_returned_at IS NULL AND status = 'valid';
    ALTER TABLE visitor_visits ADD COLUMN personal_salt TEXT;
  `);
}

export const visitorsErasableMigration: Migration = {
  version: 15,
  name: 'visitors-erasable',
  up: visitorsErasable,
  changes: [{ op: 'add_column', table: 'visitor_visits', column: 'personal_erased_at', definition: 'TEXT', default: null }],
};

export const visitorsMigration: Migration = {
  version: 12,
  name: 'visitors',
  changes: [
    { op: 'create_table', table: 'guest_cards', sql: GUEST_CARDS_SQL },
    { op: 'create_table', table: 'visitor_visits', sql: VISITOR_VISITS_SQL },
  ],
};

/** When a visitor's sign-out was recorded (beside the time it gives): the book at the end of the day (kit/closing.ts). */
export const LEFT_RECORDED_COLUMN = 'left_recorded_at';

/** Migration 19: when each sign-out was recorded. Visits signed out before it have none (their times alone are judged). */
export const visitorLeftRecordedMigration: Migration = {
  version: 19,
  name: 'visitor-left-recorded',
  changes: [{ op: 'add_column', table: 'visitor_visits', column: LEFT_RECORDED_COLUMN, definition: 'TEXT', default: null }],
};

/** A visit still open: inside, or gone with the card (the review's open records, review/arisen-items.ts). */
export const VISIT_OPEN = 'left_at IS NULL OR (guest_card_id IS NOT NULL AND card_returned_at IS NULL)';

/**
 * Migration 28: a card's visits in time order (one visitor holds a card at a time, kit/uniqueness.ts),
 * and the visits still open (the same condition word for word: SQLite uses a partial index only then).
 * Not journaled: an index changes no row.
 */
export function visitIndexes(db: Db): void {
  db.exec(`CREATE INDEX visitor_visits_card_time ON visitor_visits(guest_card_id, arrived_at);
    CREATE INDEX visitor_visits_open ON visitor_visits(site_id) WHERE ${VISIT_OPEN};`);
}

/** The setting that says from when a visit is judged by the whole business day (migration 37). */
export const HOURS_RULE_FROM = 'visitors.hoursRuleFrom' as const;

/**
 * Migration 37: a visit is "inside outside business hours" also when it came before the site's
 * business hours began or on a day its calendar closes — for visits that arrived from this upgrade on
 * (always, for data made since). The version before judged only the end of the day,
 * and months it saw signed stay as signed (a probe: a Saturday visit of a signed October gained an
 * undisposed anomaly, printed under the same digest). The instant is a setting, journaled.
 */
export const visitorHoursRuleMigration: Migration = ruleFromMigration(37, 'visitor-hours-rule-from', HOURS_RULE_FROM, 'migration.visitor_hours_rule');

/** The setting that says from when a slip written late is marked so (migration 51). */
export const LATE_RULE_FROM = 'visitors.lateRuleFrom' as const;

/**
 * Migration 51: a visitor slip written more than a day after the day of the visit is marked
 * 「来館の翌日を過ぎて記録」 (recorded_late), as a cabinet opening, a checkout and a last-exit
 * checklist are — for slips written from this upgrade on (always, for data made since). An insider
 * probe wrote a visit a week later, backdated, with no mark. Slips written before it are judged as
 * that version did, so a month it saw signed stays as signed. The instant is a setting, journaled.
 */
export const visitorLateRuleMigration: Migration = ruleFromMigration(51, 'visitor-late-rule-from', LATE_RULE_FROM, 'migration.visitor_late_rule');
