import type { Db } from '../store/database';
import { ERASURE_ROWS } from '../retention-rules';
import { personalFieldsOf } from './journal-form';
import type { Snapshot } from './verify-parts';

// The tables check's reading of each row's mark of erasure (verify-parts.ts checkTables): only an
// erasure row (personal.erase) may mark a record erased, and an erased record stays so, its personal
// fields empty. An insider probe: an erasure journaled as 'visitors.amend', of a record still in its
// period, was never held to the erasure rules and verified; a made-up name put back on an erased
// record was counted as erased.

/** The mark of a record's erasure (store.ts erasePersonal sets it, and empties its personal fields). */
export const ERASED_COLUMN = 'personal_erased_at';

/** SQL of a row's erasure state for daicho_latest_seq: 0 not marked erased, 1 marked (its personal fields empty), 2 marked and holding a personal value. */
export function markedSql(table: string, names: readonly string[]): string {
  if (!names.includes(ERASED_COLUMN)) return '0';
  const personal = personalFieldsOf(table).filter((f) => names.includes(f));
  const holds = personal.length === 0 ? '0' : personal.length === 1 ? `${personal[0]} IS NOT NULL` : `coalesce(${personal.join(', ')}) IS NOT NULL`;
  return `CASE WHEN ${ERASED_COLUMN} IS NULL THEN 0 WHEN ${holds} THEN 2 ELSE 1 END`;
}

/**
 * The ids of the records an erasure row (personal.erase) erased, by table: read once per connection
 * and journal head (each part of the tables asks; a journal changed under the same head, not rehashed
 * to it, is named by the chain).
 */
const erasedCache = new WeakMap<Db, { head: string; byTable: Map<string, Set<string>> }>();
export function erasedRecords(db: Db, snap: Snapshot): Map<string, Set<string>> {
  const head = `${snap.head}:${String(db.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(snap.head))}`;
  const cached = erasedCache.get(db);
  if (cached && cached.head === head) return cached.byTable;
  const byTable = new Map<string, Set<string>>();
  const rows = db
    .prepare(`SELECT entity, entity_id FROM journal WHERE ${ERASURE_ROWS} AND action = 'personal.erase' AND kind = 'row' AND seq BETWEEN 1 AND ?`)
    .raw(true)
    .all(snap.head) as [unknown, unknown][];
  for (const [entity, id] of rows) {
    const t = String(entity);
    let ids = byTable.get(t);
    if (!ids) byTable.set(t, (ids = new Set()));
    ids.add(String(id));
  }
  erasedCache.set(db, { head, byTable });
  return byTable;
}

/** A row whose mark of erasure says otherwise than the journal: its record's latest seq (0: none), its state (markedSql), whether an erasure row erased it. */
export interface MisMarked {
  seq: number;
  state: number;
  erased: boolean;
}

/** What is wrong with a row whose mark of erasure says otherwise than the journal. */
export function misMarkedProblem(table: string, id: string, mark: MisMarked): string {
  if (!mark.erased)
    return mark.state === 2
      ? `${table} row ${id} is marked erased (消去済) with no erasure of it in the journal, and holds personal data (changed outside Daicho)`
      : `${table} row ${id} is marked erased (消去済) with no erasure of it in the journal: its personal data was taken away outside a retention erasure (changed outside Daicho)`;
  return mark.state === 0
    ? `${table} row ${id} was erased, and is no longer marked erased (changed outside Daicho)`
    : `${table} row ${id} was erased, and holds personal data again (changed outside Daicho)`;
}
