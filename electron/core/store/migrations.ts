import type { Db } from './database';
import type { Tx } from './store';
import { SCHEMA_CHANGE_ACTION, type SchemaChange } from './schema-changes';
import { JOURNAL_EVENTS_INDEX } from '../journal/journal-about';
import { accountSafetySchema, coreSchema, journalFormat2Schema } from './core-schema';
import { peopleSchema } from '../ledgers/people/schema';
import { listIndexes, longStaysIndex, serverRoomErasableSchema, serverRoomSchema, withEmployeesIndex } from '../ledgers/server-room/schema';
import { COMPANION_FACTS_MIGRATION } from '../ledgers/server-room/companion-facts';
import { backfillAuthorizationChanges, AUTHORIZATION_CHANGES_TABLE } from '../ledgers/server-room/authorization';
import { MIGRATION_7_CHANGES, MIGRATION_7_DROPS, moveServerRoomDataOutOfPeople } from '../ledgers/people/migration-7';
import { CLEARED_ANOMALIES_MIGRATION, REVIEW_MIGRATION, SIGNED_REOPEN_MIGRATION } from '../review/migration';
import { DOOR_DELIVERIES_ERASABLE_MIGRATION, DOOR_PIN_MIGRATION, DOOR_REFUSALS_MIGRATION, LAN_MIGRATION } from '../lan/migration';
import { PAPER_SETTING_VERSIONS_MIGRATION, PEOPLE_NAME_VERSIONS_MIGRATION, REGISTER_NAME_VERSIONS_MIGRATION, REGISTER_VERSIONS_MIGRATION, REVIEW_DUE_DAY_VERSIONS_MIGRATION, SETTING_VERSIONS_MIGRATION } from '../setting-versions';
import { ACTS_RULE_MIGRATION, ERASURE_ROWS, SIGN_OFF_RULE_MIGRATION, SIGNED_APPROVAL_MIGRATION, WRITTEN_RULE_MIGRATION } from '../retention-rules';
import { visitIndexes } from '../ledgers/visitors/migration';
import { ACCEPTANCE_MIGRATION, ACCEPTANCE_ROWS } from '../outside-rules';
import { PASSWORD_HISTORY_MIGRATION } from '../auth/password-history';
import { RETENTION_KEPT_MIGRATION } from '../retention-kept';

/**
 * One numbered schema migration, run in one transaction (SPEC §8). Append only: never edit a
 * shipped one.
 * - `up`: DDL that changes no journaled row's form (new non-journaled tables, indexes, a table
 *   rebuilt with the same columns).
 * - `changes`: changes to journaled tables, declared; each is applied and journaled as a schema
 *   row, and verify applies it to older records (store/schema-changes.ts).
 * - `backfill`: data written through the one write path (journaled), after the changes.
 * - `changesAfterBackfill`: declared changes applied after the backfill — dropping what it moved.
 */
export interface Migration {
  version: number;
  name: string;
  up?(db: Db): void;
  changes?: readonly SchemaChange[];
  backfill?(tx: Tx): void;
  changesAfterBackfill?: readonly SchemaChange[];
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', up: coreSchema },
  { version: 2, name: 'people', up: peopleSchema },
  { version: 3, name: 'server-room', up: serverRoomSchema },
  { version: 4, name: 'account-notices-device-guards-stations', up: accountSafetySchema },
  {
    // Issue 7: the journal's format 2 (personal fields as salted digests, erasable; no stored
    // `before`), server-room authorizations in a table of their own (business rules no longer read
    // the journal's JSON), and what nothing reads dropped.
    version: 5,
    name: 'journal-format-2',
    up: (db) => {
      journalFormat2Schema(db);
      serverRoomErasableSchema(db);
    },
    changes: [
      {
        op: 'create_table', table: AUTHORIZATION_CHANGES_TABLE,
        sql: `CREATE TABLE ${AUTHORIZATION_CHANGES_TABLE} (
          id TEXT PRIMARY KEY,
          person_id TEXT NOT NULL REFERENCES people(id),
          authorized INTEGER NOT NULL CHECK (authorized IN (0, 1)),
          at TEXT NOT NULL,                        -- from when (ISO instant)
          recorded_by TEXT NOT NULL                -- account id (or 'migration' for the history carried over)
        );
        CREATE INDEX ${AUTHORIZATION_CHANGES_TABLE}_person ON ${AUTHORIZATION_CHANGES_TABLE}(person_id, at);`,
      },
      { op: 'add_column', table: 'server_room_stays', column: 'personal_erased_at', definition: 'TEXT', default: null },
      { op: 'drop_column', table: 'people', column: 'last_purpose' },
      { op: 'journal_format', format: 2 },
    ],
    backfill: backfillAuthorizationChanges,
  },
  // Verify reads the declared schema changes first, in every worker: without an index that was a
  // scan of the whole journal (2 s on SPEC §10's data). Not journaled: an index changes no row.
  { version: 6, name: 'journal-schema-change-index', up: (db) => db.exec(`CREATE INDEX journal_schema_changes ON journal(seq) WHERE action = '${SCHEMA_CHANGE_ACTION}'`) },
  {
    // Issue 8 item 4: the server room's data out of `people` — authorizations as dated periods
    // (`authorizations`), the door-terminal card and PIN (`door_credentials`) — then the moved
    // columns and migration 5's table of changes dropped (ledgers/people/migration-7.ts).
    version: 7,
    name: 'authorizations-and-door-credentials',
    changes: MIGRATION_7_CHANGES,
    backfill: moveServerRoomDataOutOfPeople,
    changesAfterBackfill: MIGRATION_7_DROPS,
  },
  // 8–12 are the kit ledgers' own (ledgers/registry.ts). Issue 11: the monthly review, its dispositions and seals.
  REVIEW_MIGRATION,
  LAN_MIGRATION,
  // 15 is the visitors' own (ledgers/visitors/migration.ts).
  DOOR_PIN_MIGRATION,
  // 17–19 are the cabinets', the assets' and the visitors' own: when a closing was recorded. 20: a reopening is signed.
  SIGNED_REOPEN_MIGRATION,
  // The dashboard's clock warning reads the latest clock anomalies (clock.ts): one index probe, not a
  // scan of the journal. Not journaled: an index changes no row.
  { version: 21, name: 'journal-clock-anomaly-index', up: (db) => db.exec(`CREATE INDEX journal_clock_anomalies ON journal(seq) WHERE action = 'clock.anomaly'`) },
  // The server room's anomaly rules ask whether a stay's exit came from a door terminal's queue
  // (server-room/repo.ts exitsDelivered): one index probe a stay. Not journaled: an index changes no row.
  { version: 22, name: 'door-deliveries-stay-index', up: (db) => db.exec('CREATE INDEX door_deliveries_stay ON door_deliveries(stay_id)') },
  // An anomaly a correction or a void took away comes up in its month's review (review/review.ts).
  CLEARED_ANOMALIES_MIGRATION,
  // A site's rule settings as they were in force over time: each record is judged by the rules of its
  // own time, so a change of a setting never reaches back into a month already kept (settings.ts).
  SETTING_VERSIONS_MIGRATION,
  // And the register values those rules read (an asset's kind and site, a cabinet's and a system's site, a person's active status), the same way.
  REGISTER_VERSIONS_MIGRATION,
  // A stay overlapping another of the same person that began more than a week before it (server-room/repo.ts).
  { version: 26, name: 'server-room-long-stays-index', up: longStaysIndex },
  // Verify checks every erasure against its retention act (journal/verify-erasures.ts): those rows
  // by one index probe, not a scan of the journal. Not journaled: an index changes no row. From
  // this migration on, an erasure also needs its record written before the period (retention-rules.ts).
  { version: WRITTEN_RULE_MIGRATION, name: 'journal-erasure-index', up: (db) => db.exec(`CREATE INDEX journal_erasure_rows ON journal(seq) WHERE ${ERASURE_ROWS}`) },
  // A guest card's visits in time order, and the visits still open (visitors/migration.ts). Not journaled.
  { version: 28, name: 'visitor-visit-indexes', up: visitIndexes },
  // A station's report that the journal no longer holds a head it saw (lan/witness-alarm.ts), for the
  // dashboard: one index probe, never a scan of the journal. Not journaled: an index changes no row.
  { version: 29, name: 'journal-witness-mismatch-index', up: (db) => db.exec(`CREATE INDEX journal_witness_mismatches ON journal(seq) WHERE action = 'lan.witness_mismatch'`) },
  // A card number and an employee number are one whatever their case (the door, the register's
  // uniqueness): found by one index probe on the folded value, not a scan. Not journaled: an index changes no row.
  { version: 30, name: 'case-folded-number-indexes', up: (db) => db.exec('CREATE INDEX door_credentials_card_upper ON door_credentials(upper(card_no)); CREATE INDEX people_employee_no_upper ON people(upper(employee_no));') },
  // The safety manager's acknowledgements of those reports (lan/witness-alarm.ts): one index probe too. Not journaled.
  { version: 31, name: 'journal-witness-acknowledged-index', up: (db) => db.exec(`CREATE INDEX journal_witness_acknowledged ON journal(seq) WHERE action = 'lan.witness_acknowledged'`) },
  // The names other ledgers' records are shown by (a cabinet's, a guest card's number), as they stood when each record was written (setting-versions.ts).
  REGISTER_NAME_VERSIONS_MIGRATION,
  // A door terminal's delivered records: their purpose note and visitors erasable after the period (lan/migration.ts).
  DOOR_DELIVERIES_ERASABLE_MIGRATION,
  // The company name and stamp-box labels a month's paper is headed by, versioned from the journal for changes made before they were (setting-versions.ts).
  PAPER_SETTING_VERSIONS_MIGRATION,
  // The book's month list: its valid stays counted and paged by one index range, and a day of overlaps read, not a week (server-room/schema.ts).
  { version: 35, name: 'server-room-list-indexes', up: listIndexes },
  // What the rules read of a stay's companions, kept when the retention erasure takes their names (server-room/companion-facts.ts).
  COMPANION_FACTS_MIGRATION,
  // 37 is the visitors' own. What a door terminal refused while offline (lan/migration.ts).
  DOOR_REFUSALS_MIGRATION,
  // The review's due day, as it stood when each month ended, versioned from the journal (setting-versions.ts).
  REVIEW_DUE_DAY_VERSIONS_MIGRATION,
  // People's names as they stood when each record was written, versioned from the journal (setting-versions.ts).
  PEOPLE_NAME_VERSIONS_MIGRATION,
  // From here on a retention erasure waits for every act on its record and for a reopened month's
  // review, and verify holds erasures to the month's sign-off (retention-rules.ts). It changes no row
  // and no table: its upgrade row is where verify starts holding erasures to the new rule.
  { version: ACTS_RULE_MIGRATION, name: 'retention-waits-for-every-act', up: () => {} },
  // 42 is the access-log check's own: from when every anomaly found in the logs is the review's (access-log/migration.ts).
  // One index of the journal by record for each kind of row, where there were two over its row changes
  // (journal_entity over every row, journal_rows over the row changes): each journal row written now
  // dirties one page of them, not two — a people.add with a card wrote 29 pages to the log, 24 after
  // (journal/journal-about.ts reads a record's rows of both kinds). Not journaled: an index changes no row.
  { version: 43, name: 'journal-one-index-per-kind', up: (db) => db.exec(`${JOURNAL_EVENTS_INDEX}; DROP INDEX journal_entity`) },
  // The valid stays with employee companions (server-room/schema.ts): a stay's save looks for its
  // person as someone's companion among them, not among every stay of the week before. Not journaled.
  { version: 44, name: 'server-room-with-employees-index', up: withEmployeesIndex },
  // From here on the safety manager's approval of a retention erasure is signed with her own key
  // (retention-rules.ts). It changes no row and no table: its upgrade row is where verify starts
  // asking every act for that signature (acts made before it named their approver only).
  { version: SIGNED_APPROVAL_MIGRATION, name: 'retention-approval-signed', up: () => {} },
  // From here on a retention erasure waits for the month's sign-off however old the month (a month
  // nobody signed counted from its end), and for the record to be closed (retention-rules.ts). It
  // changes no row and no table: its upgrade row is where verify starts holding erasures to that.
  { version: SIGN_OFF_RULE_MIGRATION, name: 'retention-waits-for-sign-off', up: () => {} },
  // From here on a record changed outside Daicho can be accepted as found, by an approved act
  // (outside-acceptance.ts): verify finds the act's rows by this index (journal/verify-acceptances.ts).
  // Not journaled: an index changes no row.
  { version: ACCEPTANCE_MIGRATION, name: 'journal-acceptance-index', up: (db) => db.exec(`CREATE INDEX journal_acceptance_rows ON journal(seq) WHERE ${ACCEPTANCE_ROWS}`) },
  // Art. 17(2): a new password differs from the current one and the 4 before it, kept in a journaled
  // table (auth/password-history.ts), those of data made before it read from its journal.
  PASSWORD_HISTORY_MIGRATION,
  // Issue 7 point 1: the records a retention erasure kept, changed outside Daicho, in a journaled table
  // the rules read (retention-kept.ts), not in the JSON of its end row; those of before moved there.
  RETENTION_KEPT_MIGRATION,
];

/** Tables whose every row is journaled, as the schema has them now; the verifier rebuilds them from the journal. */
export const JOURNALED_TABLES = [
  'settings', 'sites', 'accounts', 'people', 'server_room_stays', 'account_notices', 'known_device_guards', 'stations', 'authorizations', 'door_credentials',
  'reviewer_designations', 'signing_keys', 'review_dispositions', 'seals', 'sealed_changes', 'lan_stations', 'door_deliveries',
  'door_pin_reports', 'cleared_anomalies', 'setting_versions', 'door_refusals', 'password_history', 'retention_kept_outside',
] as const;

/**
 * Journaled tables a later migration dropped, once its backfill had moved what they held (migration
 * 5's server_room_authorization_changes, dropped by 7). Data not migrated yet still has them: verify
 * checks them there, and names one missing without its declared drop.
 */
export const DROPPED_JOURNALED_TABLES = ['server_room_authorization_changes'] as const;

/** A journaled table, now or before a migration dropped it (the migrations before the drop write it). */
export type JournaledTable = (typeof JOURNALED_TABLES)[number] | (typeof DROPPED_JOURNALED_TABLES)[number];
