import type { Store } from '../store/store';

/** The records of these that were added, amended or voided after their month was sealed (封印後修正), for a list's marks. */
export function sealedChangeIds(store: Store, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const rows = store.stmt('SELECT DISTINCT record_id FROM sealed_changes WHERE record_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { record_id: string }[];
  return new Set(rows.map((r) => r.record_id));
}
