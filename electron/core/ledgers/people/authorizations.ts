import type { Store, Tx } from '../../store/store';
import { DaichoError } from '../../../../shared/api/errors';
import type { JournalAction } from '../../../../shared/domain/journal-actions';
import { personBehind } from '../kit/saying';

// What a person is authorized for, as dated periods (issue 8 item 4; SPEC §4.1 "server-room
// authorization", §4.2 a cabinet's "authorized people"): one row per period, in force from
// `valid_from` (inclusive) until `valid_to` (exclusive; null: open-ended), with who granted it and
// who ended it. Granting opens a period from now; ending closes the open one at now. Rules judge an
// act by the period in force when it happened; the register's current value is "has an open period".
// Journaled (every grant and end is a row change in the chain); business rules read this table,
// never the journal.

export const AUTHORIZATIONS_TABLE = 'authorizations';

/**
 * Refused when the acting account is the person's own (its linked person): a grant to oneself — but
 * for the safety manager, on whose say entry is granted (Art. 4(2)): hers is hers to grant. And when no
 * person stands behind the account (personBehind): nothing would tell a grant to its holder.
 */
export function refuseSelfGrant(store: Pick<Store, 'stmt'>, actor: string, personId: string, field: string): void {
  const self = personBehind(store, actor, field);
  const roles = self === personId ? (store.stmt('SELECT roles FROM accounts WHERE id = ?').pluck().get(actor) as string) : null;
  if (roles !== null && !grantsEntry(roles)) throw new DaichoError('forbidden', 'errors.self_grant', field);
}

/** Does an account of these roles (the accounts row's JSON) grant entry by its own say (the safety manager, Art. 4(2))? */
export const grantsEntry = (roles: string): boolean => (JSON.parse(roles) as string[]).includes('safety_manager');

/**
 * What a period authorizes: the server room, or one cabinet (SPEC §4.2: `cabinet:<its id>`), or
 * being one cabinet's key custodian (`custodian:<its id>`: the custodian opens it without an
 * authorization — dated too, so a later change of custodian does not reach back).
 */
export type AuthorizationArea = 'server_room' | `cabinet:${string}` | `custodian:${string}`;

export function cabinetArea(cabinetId: string): AuthorizationArea {
  return `cabinet:${cabinetId}`;
}

export function custodianArea(cabinetId: string): AuthorizationArea {
  return `custodian:${cabinetId}`;
}

/** Created by migration 7 (store/migrations.ts). */
export const AUTHORIZATIONS_SQL = `CREATE TABLE ${AUTHORIZATIONS_TABLE} (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  area TEXT NOT NULL,                       -- what it authorizes: 'server_room', 'cabinet:<id>' (later also 'custodian:<id>')
  valid_from TEXT NOT NULL,                 -- ISO instant, in force from (inclusive)
  valid_to TEXT,                            -- ISO instant, in force until (exclusive); null: open-ended
  granted_by TEXT NOT NULL,                 -- account id (history carried over: whoever recorded it)
  granted_at TEXT NOT NULL,                 -- when the grant was recorded
  reason TEXT,                              -- why it was granted, when said
  ended_by TEXT,                            -- account id that ended it (null while open)
  ended_at TEXT,                            -- when the end was recorded
  end_reason TEXT,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX ${AUTHORIZATIONS_TABLE}_person ON ${AUTHORIZATIONS_TABLE}(person_id, area, valid_from);
CREATE UNIQUE INDEX ${AUTHORIZATIONS_TABLE}_open ON ${AUTHORIZATIONS_TABLE}(person_id, area) WHERE valid_to IS NULL;`;

export interface AuthorizationRow {
  id: string;
  person_id: string;
  area: string;
  valid_from: string;
  valid_to: string | null;
  granted_by: string;
  granted_at: string;
  reason: string | null;
  ended_by: string | null;
  ended_at: string | null;
  end_reason: string | null;
}

/** SQL for "authorized now" (an open period) of the person whose id is the SQL `personId`, as 0/1. */
export function authorizedNowSql(personId: string, area: 'server_room'): string {
  return `EXISTS (SELECT 1 FROM ${AUTHORIZATIONS_TABLE} az WHERE az.person_id = ${personId} AND az.area = '${area}' AND az.valid_to IS NULL)`;
}

export function openAuthorization(store: Pick<Store, 'stmt'>, personId: string, area: AuthorizationArea): AuthorizationRow | undefined {
  return store.stmt(`SELECT * FROM ${AUTHORIZATIONS_TABLE} WHERE person_id = ? AND area = ? AND valid_to IS NULL`).get(personId, area) as AuthorizationRow | undefined;
}

/**
 * Make the person authorized or not from now: open a period, or close the open one (nothing when it
 * is so already). Written in the caller's transaction, under the caller's action and reason, so that
 * the person's history shows one change (ledgers/people/history.ts).
 */
export function setAuthorized(
  store: Store,
  tx: Tx,
  personId: string,
  area: AuthorizationArea,
  authorized: boolean,
  meta: { by: string; action: JournalAction; reason: string | null; from?: string; until?: string; field?: string },
): void {
  const open = openAuthorization(tx, personId, area);
  if (authorized && !open) {
    // Nobody grants themselves entry (SPEC §2, Art. 4, 6: entry is granted on the safety manager's say,
    // and nobody raises their own powers alone): not the server room, a cabinet, or its key. An insider
    // probe: a clerk linked to his own person authorized himself, and his next stay was not flagged.
    // (A past custodian's closed period, written with `until`, grants nothing now.)
    if (meta.until === undefined) refuseSelfGrant(store, meta.by, personId, meta.field ?? 'personId');
    tx.insert(
      AUTHORIZATIONS_TABLE,
      {
        id: store.newId(), person_id: personId, area, valid_from: meta.from ?? tx.now, valid_to: meta.until ?? null, granted_by: meta.by, granted_at: tx.now, reason: meta.reason,
        ended_by: null, ended_at: null, end_reason: null,
      },
      { action: meta.action, reason: meta.reason },
    );
  } else if (!authorized && open) {
    // Ended by an account a person stands behind (one without would end a colleague's unseen, and its own alike).
    personBehind(store, meta.by, meta.field ?? 'personId');
    tx.update(AUTHORIZATIONS_TABLE, open.id, { valid_to: tx.now, ended_by: meta.by, ended_at: tx.now, end_reason: meta.reason }, { action: meta.action, reason: meta.reason });
  }
}

/**
 * Was the person authorized for the area at that instant (a period in force: from inclusive, to
 * exclusive)? Acts are recorded to the minute (a form's time), so a period counts from the minute it
 * was granted in: authorized at 10:01:45, an opening recorded at 10:01 is authorized.
 */
export function authorizedAt(store: Pick<Store, 'stmt'>, personId: string, area: AuthorizationArea, at: string): boolean {
  return authorizedDuring(store, personId, area, at, at);
}

/** Was the person authorized for the area at some instant from `from` to `until` (a period in force then, as authorizedAt reads one)? */
export function authorizedDuring(store: Pick<Store, 'stmt'>, personId: string, area: AuthorizationArea, from: string, until: string): boolean {
  return !!store
    .stmt(`SELECT 1 FROM ${AUTHORIZATIONS_TABLE} WHERE person_id = ? AND area = ? AND substr(valid_from, 1, 16) <= substr(?, 1, 16) AND (valid_to IS NULL OR valid_to > ?) LIMIT 1`)
    .get(personId, area, new Date(until).toISOString(), new Date(from).toISOString());
}

/** The open periods of an area (who is authorized now), oldest first. */
export function openAuthorizations(store: Pick<Store, 'stmt'>, area: AuthorizationArea): AuthorizationRow[] {
  return store.stmt(`SELECT * FROM ${AUTHORIZATIONS_TABLE} WHERE area = ? AND valid_to IS NULL ORDER BY valid_from`).all(area) as AuthorizationRow[];
}
