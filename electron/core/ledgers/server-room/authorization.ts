import { randomUUID } from 'node:crypto';
import type { Store, Tx } from '../../store/store';
import { AUTHORIZATIONS_TABLE } from '../people/authorizations';
import type { AuthorizationPeriod, PersonAuthorization } from './anomalies';

// SPEC §4.1 "person not authorized" is judged at the time of entry, from the person's server-room
// authorization periods (ledgers/people/authorizations.ts; issue 7: business rules never read the
// journal).

/** Migration 5's table of changes of people.server_room_authorized; dropped by migration 7, whose backfill made periods of it. */
export const AUTHORIZATION_CHANGES_TABLE = 'server_room_authorization_changes';

/** Each person's server-room authorization periods, in the order they began, and when the person was registered. */
export function loadAuthorization(store: Store, personIds: string[]): Map<string, PersonAuthorization> {
  const out = new Map<string, { registeredAt: string; periods: AuthorizationPeriod[] }>();
  if (personIds.length === 0) return out;
  const rows = store
    .stmt(
      `SELECT p.id, p.created_at, a.valid_from, a.valid_to FROM people p
       LEFT JOIN ${AUTHORIZATIONS_TABLE} a ON a.person_id = p.id AND a.area = 'server_room'
       WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id, a.valid_from, a.rowid`,
    )
    .all(JSON.stringify(personIds)) as { id: string; created_at: string; valid_from: string | null; valid_to: string | null }[];
  for (const r of rows) {
    let person = out.get(r.id);
    if (!person) {
      person = { registeredAt: r.created_at, periods: [] };
      out.set(r.id, person);
    }
    if (r.valid_from !== null) person.periods.push({ validFrom: r.valid_from, validTo: r.valid_to });
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
