import type { Row, Store } from '../store/store';
import { getAccount } from '../auth/accounts-repo';
import type { ReviewSource } from './sources';

// SPEC §5: a correction to a sealed month is marked 封印後修正 in lists and on paper. A correction of
// a record's time or site moves it out of its month: the sealed month's list and paper no longer hold
// it, so they say where it went — when, by whom, why, and which site and month it is a record of now
// (an insider probe: the sealed paper had simply lost a row, its seal and digest unchanged).

export interface MovedOut {
  recordId: string;
  changedAt: string;
  changedByName: string | null;
  reason: string | null;
  /** The site and month the record is of now (null: it has none, e.g. a time taken out). */
  now: { siteId: string; siteName: string; month: string } | null;
}

/** The records a sealed change took out of this unit, and not back into it, oldest change first. */
export function movedOutOf(store: Store, src: ReviewSource, siteId: string, month: string): MovedOut[] {
  const rows = store
    .stmt(
      `SELECT record_id, max(changed_at) AS changed_at, changed_by, reason FROM sealed_changes
       WHERE ledger = @ledger AND site_id = @siteId AND month = @month AND record_id NOT IN (SELECT id FROM ${src.table} WHERE ${src.monthWhere})
       GROUP BY record_id ORDER BY changed_at, min(rowid)`,
    )
    .all({ ...src.monthParams(month), ledger: src.key, siteId, month }) as { record_id: string; changed_at: string; changed_by: string; reason: string | null }[];
  return rows.map((r) => {
    const row = store.stmt(`SELECT * FROM ${src.table} WHERE id = ?`).get(r.record_id) as Row | undefined;
    const unit = row ? src.unitOf(row) : null;
    const site = unit ? store.rowById('sites', unit.siteId) : undefined;
    return {
      recordId: r.record_id, changedAt: r.changed_at, changedByName: getAccount(store, r.changed_by)?.display_name ?? null, reason: r.reason,
      now: unit ? { siteId: unit.siteId, siteName: String(site?.name ?? ''), month: unit.month } : null,
    };
  });
}
