import type { Db } from '../store/database';
import type { Migration } from '../store/migrations';

// Migration 14 (issue 13, SPEC §11): stations enrolled on the office LAN. Frozen as written when it
// shipped: the SQL is text here, never built from code that may change later.

/** An enrolled station: its public key (it signs every request with the private half), its profile and site. */
export const LAN_STATIONS_SQL = `CREATE TABLE lan_stations (
  id TEXT PRIMARY KEY,                   -- "lan:<hex>", written as the station of its journal rows
  name TEXT NOT NULL,
  profile TEXT NOT NULL CHECK (profile IN ('desk', 'reviewer', 'terminal')),
  site_id TEXT REFERENCES sites(id),     -- a door terminal's site
  public_key TEXT NOT NULL UNIQUE,       -- base64 of the SPKI DER (Ed25519)
  enrolled_at TEXT NOT NULL,
  enrolled_by TEXT NOT NULL,             -- the administrator who showed the pairing code
  revoked_at TEXT,
  revoked_by TEXT,
  revoke_reason TEXT
);`;

/**
 * What a door terminal recorded while it could not reach the host, as it arrived (once per record:
 * the terminal's own id for it is the key). A record that no longer fits the ledger (an exit for a
 * stay the desk already closed) is kept here as a conflict — never dropped.
 */
export const DOOR_DELIVERIES_SQL = `CREATE TABLE door_deliveries (
  id TEXT PRIMARY KEY,                   -- the terminal's id for the record
  station_id TEXT NOT NULL,              -- the lan station that queued it
  site_id TEXT NOT NULL REFERENCES sites(id),
  kind TEXT NOT NULL CHECK (kind IN ('enter', 'exit')),
  person_id TEXT NOT NULL REFERENCES people(id),
  occurred_at TEXT NOT NULL,             -- when it happened at the door (the terminal's clock)
  arrived_at TEXT NOT NULL,              -- when it reached the host
  stay_id TEXT,                          -- the stay it opened or closed; null for a conflict
  outcome TEXT NOT NULL CHECK (outcome IN ('recorded', 'conflict')),
  conflict TEXT,                         -- why it did not fit (a message key)
  detail TEXT NOT NULL                   -- JSON: the purpose and companions as the terminal took them
);
CREATE INDEX door_deliveries_site_time ON door_deliveries(site_id, occurred_at);`;

/**
 * Not journaled: the host's TLS key and certificate (the certificate's fingerprint is journaled when
 * it is made). Kept in the encrypted database, so the key goes wherever the data goes, and nowhere else.
 */
function secretsTable(db: Db): void {
  db.exec('CREATE TABLE host_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
}

/**
 * What a door terminal reports of its PIN checks while it was offline (SPEC §2, §11): every wrong
 * PIN, every lock it set, and a right PIN after wrong ones, with when it happened. Kept as evidence,
 * and counted at the host as its own checks are (ledgers/server-room/offline.ts `deliverPinReport`).
 */
export const DOOR_PIN_REPORTS_SQL = `CREATE TABLE door_pin_reports (
  id TEXT PRIMARY KEY,                   -- the terminal's id for the report
  station_id TEXT NOT NULL,              -- the lan station that queued it
  site_id TEXT NOT NULL REFERENCES sites(id),
  kind TEXT NOT NULL CHECK (kind IN ('pin_fail', 'pin_lock', 'pin_ok')),
  person_id TEXT NOT NULL REFERENCES people(id),
  occurred_at TEXT NOT NULL,             -- when it happened at the door (the terminal's clock)
  arrived_at TEXT NOT NULL               -- when it reached the host
)`;

/**
 * What a door terminal refused while it was offline (SPEC §7: the attempt is recorded, as the host's
 * own terminal journals each refusal), with why and when: a card its copy did not have, an employee
 * number it did not know, someone it knew who may not enter (not authorized, inside at another site,
 * their PIN locked or not set). Whose card an unknown one was is found at the host when it arrives
 * (the door PC keeps no copy of people who may not enter). Kept once (a redelivery answers as the first did).
 */
export const DOOR_REFUSALS_SQL = `CREATE TABLE door_refusals (
  id TEXT PRIMARY KEY,                   -- the terminal's id for the attempt
  station_id TEXT NOT NULL,              -- the lan station that queued it
  site_id TEXT NOT NULL REFERENCES sites(id),
  via TEXT NOT NULL CHECK (via IN ('card', 'pin')),
  reason TEXT NOT NULL CHECK (reason IN ('unknown', 'not_authorized', 'inactive', 'inside_elsewhere', 'pin_locked', 'no_pin')),
  card_no TEXT,                          -- the card number read (not one shaped like a PIN, which is not kept); null by employee number
  person_id TEXT REFERENCES people(id),  -- who was refused: as the terminal knew them, or an unknown card's holder in the register when it arrived; null when none
  occurred_at TEXT NOT NULL,             -- when it happened at the door (the terminal's clock)
  arrived_at TEXT NOT NULL               -- when it reached the host
)`;

/** Migration 38: what a door terminal refused while offline reaches the journal. */
export const DOOR_REFUSALS_MIGRATION: Migration = {
  version: 38,
  name: 'door-refusals',
  changes: [{ op: 'create_table', table: 'door_refusals', sql: DOOR_REFUSALS_SQL }],
};

/** Migration 16: the door terminal's offline PIN checks reach the journal. */
export const DOOR_PIN_MIGRATION: Migration = {
  version: 16,
  name: 'door-pin-reports',
  changes: [{ op: 'create_table', table: 'door_pin_reports', sql: DOOR_PIN_REPORTS_SQL }],
};

export const LAN_MIGRATION: Migration = {
  version: 14,
  name: 'lan-stations',
  up: secretsTable,
  changes: [
    { op: 'create_table', table: 'lan_stations', sql: LAN_STATIONS_SQL },
    { op: 'create_table', table: 'door_deliveries', sql: DOOR_DELIVERIES_SQL },
  ],
};

/**
 * Migration 33: what a door terminal took with a record (`detail`: its purpose note and visitors'
 * names) is personal data, committed to by a salted digest and erased after the server-room book's
 * retention period like a stay's (journal-form.ts, retention.ts). Found by an insider probe: the
 * stay's copy of a visitor's name was erased, the delivery's kept for ever. `detail` may be null
 * (erased) from now on; rows delivered before have no salt, and keep theirs (their journal rows hold
 * it in clear). Frozen as written.
 */
export const DOOR_DELIVERIES_ERASABLE_MIGRATION: Migration = {
  version: 33,
  name: 'door-deliveries-erasable',
  up: (db: Db) =>
    db.exec(`
      CREATE TABLE door_deliveries_new (
        id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        site_id TEXT NOT NULL REFERENCES sites(id),
        kind TEXT NOT NULL CHECK (kind IN ('enter', 'exit')),
        person_id TEXT NOT NULL REFERENCES people(id),
        occurred_at TEXT NOT NULL,
        arrived_at TEXT NOT NULL,
        stay_id TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('recorded', 'conflict')),
        conflict TEXT,
        detail TEXT                          -- JSON: the purpose, its note and the visitors as the terminal took them; null once erased
      );
      INSERT INTO door_deliveries_new SELECT * FROM door_deliveries;
      DROP TABLE door_deliveries;
      ALTER TABLE door_deliveries_new RENAME TO door_deliveries;
      CREATE INDEX door_deliveries_site_time ON door_deliveries(site_id, occurred_at);
      CREATE INDEX door_deliveries_stay ON door_deliveries(stay_id);
      ALTER TABLE door_deliveries ADD COLUMN personal_salt TEXT;
    `),
  changes: [{ op: 'add_column', table: 'door_deliveries', column: 'personal_erased_at', definition: 'TEXT', default: null }],
};
