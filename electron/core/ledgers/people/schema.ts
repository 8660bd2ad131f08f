import type { Db } from '../../store/database';

/**
 * SPEC §4.1 people register, as migration 2 made it (shipped: never edited). Migration 7 moved the
 * server-room authorization to `authorizations` (dated periods, ./authorizations.ts) and the card and
 * PIN columns to `door_credentials` (../server-room/door-credentials.ts), and dropped them here
 * (./migration-7.ts); migration 5 dropped last_purpose.
 */
export function peopleSchema(db: Db): void {
  db.exec(`
    CREATE TABLE people (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kana TEXT NOT NULL,
      employee_no TEXT NOT NULL UNIQUE,
      department TEXT NOT NULL,
      site_id TEXT NOT NULL REFERENCES sites(id),
      active INTEGER NOT NULL DEFAULT 1,
      card_no TEXT UNIQUE,
      server_room_authorized INTEGER NOT NULL DEFAULT 0,
      pin_hash TEXT,
      pin_failed_count INTEGER NOT NULL DEFAULT 0,
      pin_locked_until TEXT,
      last_purpose TEXT,
      created_at TEXT NOT NULL,
      recorded_by TEXT NOT NULL,
      station TEXT NOT NULL
    );
    CREATE INDEX people_site ON people(site_id, active, kana);
    CREATE INDEX people_kana ON people(kana);
  `);
}
