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

/** Migration 26's index: valid stays longer than a week (its condition as it was; migration 35 replaced it). */
const WEEK_STAY_CONDITION = `status = 'valid' AND unixepoch(exited_at) - unixepoch(entered_at) > ${7 * 24 * 60 * 60}`;

/**
 * A valid closed stay longer than a day: few (a stay over four hours is an anomaly already), and the
 * only ones an overlap can reach back from further than a day (repo.ts loadNeighbours; an open stay
 * ends, for overlaps, by the end of its entry's day). To the millisecond ('subsec').
 */
export const LONG_STAY_SECONDS = 24 * 60 * 60;
export const LONG_STAY_CONDITION = `status = 'valid' AND unixepoch(exited_at, 'subsec') - unixepoch(entered_at, 'subsec') > ${LONG_STAY_SECONDS}`;

/**
 * Migration 26: an index of the stays longer than a week, so that a stay overlapping one that began
 * weeks before it is found with one index probe. The query repeats the condition word for word
 * (SQLite uses a partial index only then). Not journaled: an index changes no row.
 */
export function longStaysIndex(db: Db): void {
  db.exec(`CREATE INDEX server_room_long_stays ON server_room_stays(person_id, entered_at) WHERE ${WEEK_STAY_CONDITION}`);
}

/**
 * Migration 35, for the book's month list (a page of a 19,500-stay month took 80 ms):
 * - a site's stays by status and time, so that the month's valid stays are counted and paged from
 *   the index without reading each row to see its status;
 * - the stays longer than a day in place of those longer than a week, so that the overlaps of a
 *   page's stays read a day of each person's stays before them, not a week.
 * Not journaled: an index changes no row.
 */
export function listIndexes(db: Db): void {
  db.exec(`CREATE INDEX server_room_stays_site_status_time ON server_room_stays(site_id, status, entered_at);
DROP INDEX server_room_long_stays;
CREATE INDEX server_room_stays_over_a_day ON server_room_stays(person_id, entered_at) WHERE ${LONG_STAY_CONDITION};`);
}

/**
 * A valid stay with an employee among its companions: what a save asks to keep one person out of the
 * book twice at once (repo.ts companionStayDuring). "personId" is the employees' key as the app writes
 * them (JSON.stringify), in the names kept or, once they are erased, in the facts; a visitor's escort is
 * "escortPersonId". instr, not a JSON function: a row's text is never parsed to index it.
 */
export const WITH_EMPLOYEES_CONDITION = `status = 'valid' AND instr(coalesce(companions, companion_facts), '"personId"') > 0`;

/**
 * Migration 44: the valid stays with employee companions, by entry and exit. A save looked for the
 * person as someone's companion in every stay of the week before it, read row by row (14,132 stays in
 * that week on the 1-year bench data, 157 with an employee: 1.6 ms of a 3.9 ms stay save; SPEC §10's
 * data has about 2,250 a week); most stays have no employee with them. The query
 * repeats the condition word for word (SQLite uses a partial index only then). Not journaled: an index
 * changes no row.
 */
export function withEmployeesIndex(db: Db): void {
  db.exec(`CREATE INDEX server_room_stays_with_employees ON server_room_stays(entered_at, exited_at) WHERE ${WITH_EMPLOYEES_CONDITION}`);
}
