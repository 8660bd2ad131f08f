import { randomUUID } from 'node:crypto';
import type { Store, Tx } from '../../store/store';
import type { AuthorizationChange } from './anomalies';

// SPEC §4.1 "person not authorized" is judged at the time of entry: each change of a person's
// server-room authorization is a row of its own (issue 7: business rules never read the journal).

export const AUTHORIZATION_CHANGES_TABLE = 'server_room_authorization_changes';

/** Record a change of people.server_room_authorized, in the same transaction as the change. */
export function recordAuthorizationChange(store: Store, tx: Tx, personId: string, authorized: boolean, recordedBy: string): void {
  tx.insert(
    AUTHORIZATION_CHANGES_TABLE,
    { id: store.newId(), person_id: personId, authorized: authorized ? 1 : 0, at: tx.now, recorded_by: recordedBy },
    { action: 'serverRoom.authorization' },
  );
}

/** Each person's authorization over time, in the order recorded. */
export function loadAuthorization(store: Store, personIds: string[]): Map<string, AuthorizationChange[]> {
  const out = new Map<string, AuthorizationChange[]>();
  if (personIds.length === 0) return out;
  const rows = store
    .stmt(`SELECT person_id AS id, at, authorized FROM ${AUTHORIZATION_CHANGES_TABLE} WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY person_id, at, rowid`)
    .all(JSON.stringify(personIds)) as { id: string; at: string; authorized: number }[];
  for (const r of rows) {
    const list = out.get(r.id) ?? [];
    const authorized = r.authorized === 1;
    if (list.length === 0 || list[list.length - 1].authorized !== authorized) list.push({ at: r.at, authorized });
    out.set(r.id, list);
  }
  return out;
}

/**
 * Migration 5's backfill: the changes so far, from the people rows of the journal (the last time a
 * migration reads the journal's JSON), written through the one write path.
 */
export function backfillAuthorizationChanges(tx: Tx): void {
  const rows = tx
    .stmt(
      `SELECT entity_id AS id, at, actor, json_extract(after, '$.server_room_authorized') AS authorized FROM journal
       WHERE entity = 'people' AND kind = 'row' ORDER BY seq`,
    )
    .all() as { id: string; at: string; actor: string; authorized: number | null }[];
  const last = new Map<string, boolean>();
  for (const r of rows) {
    const authorized = r.authorized === 1;
    if (last.get(r.id) === authorized) continue;
    last.set(r.id, authorized);
    tx.insert(
      AUTHORIZATION_CHANGES_TABLE,
      { id: randomUUID(), person_id: r.id, authorized: authorized ? 1 : 0, at: r.at, recorded_by: r.actor },
      { action: 'serverRoom.authorization.backfill' },
    );
  }
}
