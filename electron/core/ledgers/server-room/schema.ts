import type { Db } from '../../store/database';

/**
 * Migration 3 — SPEC §4.1 サーバルーム入退記録簿 (Art. 13(1)). One row per stay; never deleted:
 * corrections are amendments (journaled with a reason), mistakes are voided.
 * Instants are ISO 8601 UTC text ("2026-11-23T00:30:00.000Z"), so text order is time order.
 */
export function serverRoomSchema(db: Db): void {
  db.exec(`
    CREATE TABLE server_room_stays (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      person_id TEXT NOT NULL REFERENCES people(id),
      entered_at TEXT NOT NULL,
      exited_at TEXT,                          -- null while inside
      purpose TEXT NOT NULL,                   -- code from the site's purpose list (settings)
      purpose_note TEXT,
      companions TEXT NOT NULL,                -- JSON {employees:[{personId}], visitors:[{name, company, escortPersonId}]}
      items_in TEXT,
      items_out TEXT,
      notes TEXT,
      status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
      void_reason TEXT,
      recorded_at TEXT NOT NULL,               -- system clock when the entry was recorded
      recorded_by TEXT NOT NULL,               -- account id, or "person:<id>" at the door terminal
      station TEXT NOT NULL,
      exit_recorded_at TEXT,                   -- system clock when the exit was recorded
      amended_at TEXT,                         -- last amendment (the old values are in the journal)
      amend_count INTEGER NOT NULL DEFAULT 0,
      CHECK (exited_at IS NULL OR exited_at >= entered_at)
    );
    CREATE INDEX server_room_stays_site_time ON server_room_stays(site_id, entered_at);
    CREATE INDEX server_room_stays_person_time ON server_room_stays(person_id, entered_at);
    CREATE INDEX server_room_stays_time ON server_room_stays(entered_at);
    -- A person cannot have two open stays; the handlers check first so the message names the field.
    CREATE UNIQUE INDEX server_room_stays_one_open ON server_room_stays(person_id) WHERE exited_at IS NULL AND status = 'valid';
  `);
}

/**
 * Migration 5 (issue 7): a stay's personal fields (companions with visitors' names and companies,
 * purpose note, notes) can be erased after the retention period, so companions may become null;
 * personal_salt is the salt of their digests in the journal (never journaled). The table is rebuilt
 * with the same columns (the journal form of its rows does not change), then the salt is added.
 */
export function serverRoomErasableSchema(db: Db): void {
  db.exec(`
    CREATE TABLE server_room_stays_new (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites(id),
      person_id TEXT NOT NULL REFERENCES people(id),
      entered_at TEXT NOT NULL,
      exited_at TEXT,
      purpose TEXT NOT NULL,
      purpose_note TEXT,
      companions TEXT,                         -- null once erased
      items_in TEXT,
      items_out TEXT,
      notes TEXT,
      status TEXT NOT NULL CHECK (status IN ('valid', 'void')),
      void_reason TEXT,
      recorded_at TEXT NOT NULL,
      recorded_by TEXT NOT NULL,
      station TEXT NOT NULL,
      exit_recorded_at TEXT,
      amended_at TEXT,
      amend_count INTEGER NOT NULL DEFAULT 0,
      CHECK (exited_at IS NULL OR exited_at >= entered_at)
    );
    INSERT INTO server_room_stays_new SELECT * FROM server_room_stays;
    DROP TABLE server_room_stays;
    ALTER TABLE server_room_stays_new RENAME TO server_room_stays;
    CREATE INDEX server_room_stays_site_time ON server_room_stays(site_id, entered_at);
    CREATE INDEX server_room_stays_person_time ON server_room_stays(person_id, entered_at);
    CREATE INDEX server_room_stays_time ON server_room_stays(entered_at);
    CREATE UNIQUE INDEX server_room_stays_one_open ON server_room_stays(person_id) WHERE exited_at IS NULL AND status = 'valid';
    ALTER TABLE server_room_stays ADD COLUMN personal_salt TEXT;
  `);
}

/** A valid stay longer than a week: few, and the only ones an overlap can reach back from further (repo.ts loadNeighbours). */
export const LONG_STAY_SECONDS = 7 * 24 * 60 * 60;
export const LONG_STAY_CONDITION = `status = 'valid' AND unixepoch(exited_at) - unixepoch(entered_at) > ${LONG_STAY_SECONDS}`;

/**
 * Migration 26: an index of those long stays, so that a stay overlapping one that began weeks
 * before it is found with one index probe. The query repeats the condition word for word (SQLite
 * uses a partial index only then). Not journaled: an index changes no row.
 */
export function longStaysIndex(db: Db): void {
  db.exec(`CREATE INDEX server_room_long_stays ON server_room_stays(person_id, entered_at) WHERE ${LONG_STAY_CONDITION}`);
}

/**
 * Migration 35: the book's month list of a site counts and pages its valid stays by one index range
 * (site, status, time) without reading each row to see its status (a month of 19,500 stays took
 * 80 ms to list a page of 50). Not journaled: an index changes no row.
 */
export function siteStatusTimeIndex(db: Db): void {
  db.exec('CREATE INDEX server_room_stays_site_status_time ON server_room_stays(site_id, status, entered_at)');
}
