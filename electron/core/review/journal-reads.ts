import type { Store } from '../store/store';

// What the review reads of the journal's rows — their sequence numbers, hashes and times, never their
// JSON: the rows a seal covers, and when a record last changed.

/**
 * When each of these records last changed (its latest journal row's time), by id: one query. The
 * retention period's erasure of its personal values and an upgrade's migration are not changes of
 * what it says (a disposition decided before either still stands: retention-anomalies.test.ts).
 */
export function lastChanged(store: Store, table: string, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = store
    .stmt("SELECT entity_id AS id, max(at) AS at FROM journal WHERE kind = 'row' AND entity = ? AND entity_id IN (SELECT value FROM json_each(?)) AND action <> 'personal.erase' AND actor <> 'migration' GROUP BY entity_id")
    .all(table, JSON.stringify(ids)) as { id: string; at: string }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}

/** The latest journal row (sequence number and hash) of each of these records. */
export function latestRows(store: Store, table: string, ids: readonly string[]): [number, string][] {
  if (ids.length === 0) return [];
  const rows = store
    .stmt("SELECT max(seq) AS seq, hash FROM journal WHERE kind = 'row' AND entity = ? AND entity_id IN (SELECT value FROM json_each(?)) GROUP BY entity_id")
    .all(table, JSON.stringify(ids)) as { seq: number; hash: string }[];
  return rows.map((r) => [r.seq, r.hash] as [number, string]).sort((a, b) => a[0] - b[0]);
}

/**
 * Each record's version: the journal sequence number of the last act on its row (an add, a
 * correction, a close such as a return or an exit, a void, an erasure), by id. A screen sends back
 * the version it showed with a correction, which is refused if any act came in between (an insider
 * probe: a return recorded meanwhile, then a correction from the screen opened before it wrote its
 * own return time over it). One query per page, on the journal's (entity, entity_id, seq) index.
 */
export function recordVersions(store: Store, table: string, ids: readonly string[]): Map<string, number> {
  if (ids.length === 0) return new Map();
  const rows = store
    .stmt("SELECT entity_id AS id, max(seq) AS v FROM journal WHERE kind = 'row' AND entity = ? AND entity_id IN (SELECT value FROM json_each(?)) GROUP BY entity_id")
    .all(table, JSON.stringify(ids)) as { id: string; v: number }[];
  return new Map(rows.map((r) => [r.id, r.v]));
}
