import type { Row, Store } from '../store/store';
import type { ReviewSource } from './sources';

// review.sign's check that the month has not changed since it was shown (the shown head): no record
// of the unit, and no disposition of it, written after; and no record the unit held then moved out.

/** More journal rows of the ledger's table after the shown head than this: the month is taken as changed (a head far back is no view of the month now). */
const CHANGED_SINCE_LIMIT = 1000;

/**
 * Has a record of the unit, or a disposition of it, a journal row after `seq`? A record of the unit
 * as it was shown that has moved out of it since (its site or its time corrected) counts too: its
 * latest journal row at `seq` is the record as it stood when the month was shown.
 * (Rows after it are few: a range of the journal's key.)
 */
export function changedSince(store: Store, src: ReviewSource, siteId: string, month: string, seq: number): boolean {
  const inUnit = store
    .stmt(
      // Two probes of journal_rows, each by its own EXISTS: as one OR, SQLite read the journal's key
      // from @seq on once the index over every row was gone (migration 43).
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM journal WHERE seq > @seq AND kind = 'row' AND entity = @table AND entity_id IN (SELECT id FROM ${src.table} WHERE ${src.monthWhere}))
         OR EXISTS (SELECT 1 FROM journal WHERE seq > @seq AND kind = 'row' AND entity = 'review_dispositions' AND entity_id IN (SELECT id FROM review_dispositions WHERE ledger = @ledger AND site_id = @siteId AND month = @month))`,
    )
    .get({ ...src.monthParams(month), siteId, month, seq, table: src.table, ledger: src.key });
  if (inUnit) return true;
  const later = store
    // +entity: the range of the journal's key after seq, not every row of the ledger's (journal_rows) — the review measured 40 ms against 0.01.
    .stmt(`SELECT DISTINCT entity_id AS id FROM journal WHERE seq > ? AND kind = 'row' AND +entity = ? LIMIT ${CHANGED_SINCE_LIMIT + 1}`)
    .pluck()
    .all(seq, src.table) as string[];
  if (later.length > CHANGED_SINCE_LIMIT) return true;
  // Each one's row as it stood at `seq` (its latest journal row then: one probe of journal_rows).
  const then = store.stmt(`SELECT after FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1`).pluck();
  for (const id of later) {
    const after = then.get(src.table, id, seq) as string | undefined;
    const was = after ? src.unitOf(JSON.parse(after) as Row) : null;
    if (was && was.siteId === siteId && was.month === month) return true;
  }
  return false;
}
