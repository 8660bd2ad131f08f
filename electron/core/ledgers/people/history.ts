import { MIGRATION_ACTOR } from '../../store/schema-changes';
import type { Store } from '../../store/store';
import { resolveHistory, type ResolvedRow } from '../../journal/history';
import type { JournalRow } from '../../journal/journal';
import { AUTHORIZATIONS_TABLE } from './authorizations';
import { DOOR_CREDENTIALS_TABLE } from '../server-room/door-credentials';

// A person's history as the register shows it (SPEC §3): one record, though since migration 7 its
// card and PIN are a row of `door_credentials` and its server-room authorization rows of
// `authorizations`. Each version is the person as a whole — the people row with `card_no`, the PIN
// columns and `server_room_authorized` (0/1) as they were then, the same shape the journal's people
// rows had before migration 7 — so a history spanning the migration reads as one.

const CREDENTIAL_DEFAULTS: Record<string, string | number | null> = { card_no: null, pin_hash: null, pin_failed_count: 0, pin_locked_until: null };

type Values = Record<string, unknown>;

/** Rows written by one act: the same moment, writer, station, action and reason, each about another record. */
function sameAct(a: JournalRow, b: JournalRow): boolean {
  return a.at === b.at && a.actor === b.actor && a.station === b.station && a.action === b.action && a.reason === b.reason;
}

/**
 * The person's journal rows and those of their credential and authorization periods, oldest first,
 * folded into versions of the whole person. Rows of one act (people.add writes the person, the card
 * and the first period) are one version; rows the migration wrote only moved what was there (no
 * version of their own); events (refusals at the door, and those a door terminal kept offline) are kept as they are.
 */
export function personHistory(store: Store, personId: string): ResolvedRow[] {
  const ids = (table: string, where = '') => (store.stmt(`SELECT id FROM ${table} WHERE person_id = ?${where}`).all(personId) as { id: string }[]).map((r) => r.id);
  const rows = [
    ...store.history('people', personId),
    ...ids(DOOR_CREDENTIALS_TABLE).flatMap((id) => store.history(DOOR_CREDENTIALS_TABLE, id)),
    // The register's own authorization (the server room's); a cabinet's is in the cabinet's history.
    ...ids(AUTHORIZATIONS_TABLE, " AND area = 'server_room'").flatMap((id) => store.history(AUTHORIZATIONS_TABLE, id)),
    // Refused at a door terminal while it was offline, as the host's own refusals are events of the person (a second probe).
    ...ids('door_refusals').flatMap((id) => store.history('door_refusals', id)),
  ].sort((a, b) => a.seq - b.seq);

  let person: Values | null = null;
  let credential: Values | null = null;
  const periods = new Map<string, Values>();
  const whole = (): Values => {
    const p = person ?? {};
    const out: Values = { ...p };
    for (const [k, d] of Object.entries(CREDENTIAL_DEFAULTS)) out[k] = credential ? credential[k] : k in p ? p[k] : d;
    out.server_room_authorized =
      periods.size > 0 ? ([...periods.values()].some((a) => a.area === 'server_room' && a.valid_to === null) ? 1 : 0) : (p.server_room_authorized ?? 0);
    return out;
  };

  const out: ResolvedRow[] = [];
  let group: { entry: ResolvedRow; last: JournalRow; records: Set<string> } | null = null;
  for (const r of resolveHistory(store, rows)) {
    if (r.row.kind !== 'row' || r.row.entity_id === null || r.row.entity === 'door_refusals') {
      out.push(r);
      group = null;
      continue;
    }
    const before = person === null ? null : whole();
    if (r.after) {
      if (r.row.entity === 'people') person = r.after;
      else if (r.row.entity === DOOR_CREDENTIALS_TABLE) credential = r.after;
      else periods.set(r.row.entity_id, r.after);
    }
    const after = whole();
    const record = `${r.row.entity}\u0000${r.row.entity_id}`;
    if (r.row.actor === MIGRATION_ACTOR.actor) {
      group = null; // moved, not changed
    } else if (group && sameAct(group.last, r.row) && !group.records.has(record)) {
      group.entry.after = after;
      group.entry.erased.push(...r.erased);
      group.last = r.row;
      group.records.add(record);
    } else {
      group = { entry: { row: r.row, before, after, erased: [...r.erased] }, last: r.row, records: new Set([record]) };
      out.push(group.entry);
    }
  }
  return out;
}
