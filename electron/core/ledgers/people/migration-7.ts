import { randomUUID } from 'node:crypto';
import type { SchemaChange } from '../../store/schema-changes';
import type { Tx } from '../../store/store';
import { AUTHORIZATIONS_SQL, AUTHORIZATIONS_TABLE, type AuthorizationRow } from './authorizations';
import { DOOR_CREDENTIALS_SQL, DOOR_CREDENTIALS_TABLE } from '../server-room/door-credentials';
import { AUTHORIZATION_CHANGES_TABLE } from '../server-room/authorization';

// Migration 7 (issue 8 item 4): the server room's data out of `people`. Server-room authorizations
// become dated periods (`authorizations`), the door-terminal card and PIN (with its lockout
// counters) a row of `door_credentials`; then what nothing reads any more is dropped: the five
// columns of `people` and migration 5's `server_room_authorization_changes`. All declared
// (store/schema-changes.ts) and journaled, so that every older record still verifies.

/** `people` as it is after migration 7: every column as before, less the five moved out (store/schema-changes.ts `rebuild`). */
const PEOPLE_SQL = `CREATE TABLE people (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kana TEXT NOT NULL,
  employee_no TEXT NOT NULL UNIQUE,
  department TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  station TEXT NOT NULL
)`;

export const MIGRATION_7_CHANGES: readonly SchemaChange[] = [
  { op: 'create_table', table: AUTHORIZATIONS_TABLE, sql: AUTHORIZATIONS_SQL },
  { op: 'create_table', table: DOOR_CREDENTIALS_TABLE, sql: DOOR_CREDENTIALS_SQL },
];

/** After the backfill: what it moved, dropped. card_no is UNIQUE, which SQLite's DROP COLUMN refuses: the table is rebuilt for it. */
export const MIGRATION_7_DROPS: readonly SchemaChange[] = [
  { op: 'drop_table', table: AUTHORIZATION_CHANGES_TABLE },
  { op: 'drop_column', table: 'people', column: 'server_room_authorized' },
  { op: 'drop_column', table: 'people', column: 'pin_hash' },
  { op: 'drop_column', table: 'people', column: 'pin_failed_count' },
  { op: 'drop_column', table: 'people', column: 'pin_locked_until' },
  { op: 'drop_column', table: 'people', column: 'card_no', rebuild: PEOPLE_SQL },
];

interface ChangeRow {
  person_id: string;
  authorized: number;
  at: string;
  recorded_by: string;
  reason: string | null;
}

/**
 * Each person's authorization changes, in the order recorded, as periods: a grant opens one (granted
 * by whoever recorded it), the next revoke closes it. The reason is the amendment's that made the
 * change (the people row journaled with it: same record, time and writer), when there was one.
 */
function periodsFromChanges(tx: Tx): Omit<AuthorizationRow, 'id'>[] {
  const changes = tx
    .stmt(
      `SELECT c.person_id, c.authorized, c.at, c.recorded_by,
         (SELECT j.reason FROM journal j WHERE j.entity = 'people' AND j.entity_id = c.person_id AND j.kind = 'row' AND j.at = c.at AND j.actor = c.recorded_by
          ORDER BY j.seq DESC LIMIT 1) AS reason
       FROM ${AUTHORIZATION_CHANGES_TABLE} c ORDER BY c.person_id, c.at, c.rowid`,
    )
    .all() as ChangeRow[];
  const periods: Omit<AuthorizationRow, 'id'>[] = [];
  const open = new Map<string, Omit<AuthorizationRow, 'id'>>();
  for (const c of changes) {
    const current = open.get(c.person_id);
    if (c.authorized === 1 && !current) {
      const p: Omit<AuthorizationRow, 'id'> = {
        person_id: c.person_id, area: 'server_room', valid_from: c.at, valid_to: null, granted_by: c.recorded_by, granted_at: c.at, reason: c.reason,
        ended_by: null, ended_at: null, end_reason: null,
      };
      periods.push(p);
      open.set(c.person_id, p);
    } else if (c.authorized === 0 && current) {
      Object.assign(current, { valid_to: c.at, ended_by: c.recorded_by, ended_at: c.at, end_reason: c.reason });
      open.delete(c.person_id);
    }
  }
  return periods;
}

/** Migration 7's backfill, through the one write path: authorization periods and door credentials, from what `people` and migration 5's table hold. */
export function moveServerRoomDataOutOfPeople(tx: Tx): void {
  const periods = periodsFromChanges(tx);
  // The register's own value has the last word: were it ever out of step with its changes (it never
  // should be), the period is opened or closed at the migration, so the app goes on as it was.
  const people = tx.stmt('SELECT id, server_room_authorized AS authorized FROM people ORDER BY rowid').all() as { id: string; authorized: number }[];
  for (const p of people) {
    const open = periods.find((x) => x.person_id === p.id && x.valid_to === null);
    if (p.authorized === 1 && !open)
      periods.push({
        person_id: p.id, area: 'server_room', valid_from: tx.now, valid_to: null, granted_by: 'migration', granted_at: tx.now, reason: null,
        ended_by: null, ended_at: null, end_reason: null,
      });
    if (p.authorized !== 1 && open) Object.assign(open, { valid_to: tx.now, ended_by: 'migration', ended_at: tx.now });
  }
  for (const p of periods) tx.insert(AUTHORIZATIONS_TABLE, { id: randomUUID(), ...p }, { action: 'migration.authorization' });

  const credentials = tx
    .stmt(
      `SELECT id, card_no, pin_hash, pin_failed_count, pin_locked_until FROM people
       WHERE card_no IS NOT NULL OR pin_hash IS NOT NULL OR pin_failed_count <> 0 OR pin_locked_until IS NOT NULL ORDER BY rowid`,
    )
    .all() as { id: string; card_no: string | null; pin_hash: string | null; pin_failed_count: number; pin_locked_until: string | null }[];
  for (const c of credentials)
    tx.insert(
      DOOR_CREDENTIALS_TABLE,
      { id: randomUUID(), person_id: c.id, card_no: c.card_no, pin_hash: c.pin_hash, pin_failed_count: c.pin_failed_count, pin_locked_until: c.pin_locked_until },
      { action: 'migration.door_credential' },
    );
}
