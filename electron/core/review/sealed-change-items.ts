import { jstMonthRange } from '../../../shared/calendar';
import type { ReviewFact, ReviewItem } from '../../../shared/api/review-contract';
import { LEDGER_DEFINITIONS } from '../../../shared/ledgers';
import { resolveHistory } from '../journal/history';
import type { ReadContext } from '../ledgers/kit/record-book';
import type { JournaledTable } from '../store/migrations';
import type { Row } from '../store/store';
import { termOf, type ReviewSource } from './sources';
import { ACCEPT_ROW } from '../outside-rules';

// Changes made in a month to records of months already sealed (封印後修正, SPEC §5), as items of the
// month they were made in: each names its record as the review names it elsewhere (a walk-through:
// the item said only 「令和8年10月：目的の選択誤り」, not whose record nor what was changed), with the
// fields a correction changed and its reason. The record's history (linked) has the values.

interface SealedChangeRow {
  id: string;
  month: string;
  record_id: string;
  action: string;
  reason: string | null;
  changed_at: string;
}

export function sealedChangeItems(ctx: ReadContext, src: ReviewSource, siteId: string, month: string): Omit<ReviewItem, 'disposition'>[] {
  const { start, end } = jstMonthRange(month);
  const changes = ctx.store
    .stmt('SELECT * FROM sealed_changes WHERE ledger = ? AND site_id = ? AND changed_at >= ? AND changed_at < ? ORDER BY changed_at, id')
    .all(src.key, siteId, start.toISOString(), end.toISOString()) as SealedChangeRow[];
  if (changes.length === 0) return [];
  // The changed records, read once each by id: one a correction moved out of its sealed month is named
  // too — while it is still of this site: one moved to another site is named by its month alone, as
  // what it is now is that site's to read (insider probe 12: the head office's review named an Osaka record).
  const here = [...new Set(changes.map((c) => c.record_id))].filter((id) => {
    const row = ctx.store.stmt(`SELECT * FROM ${src.table} WHERE id = ?`).get(id) as Row | undefined;
    return !!row && src.unitOf(row)?.siteId === siteId;
  });
  const records = new Map(src.recordsById(ctx, here).map((r) => [r.id, r]));
  const def = LEDGER_DEFINITIONS.find((d) => d.key === src.key);
  const fieldLabel = new Map((def?.fields ?? []).map((f) => [f.column, f.label]));
  const timeColumn = def?.fields.find((f) => f.key === def.timeField)?.column;
  return changes.map((c) => {
    const record = records.get(c.record_id);
    const facts: ReviewFact[] = [];
    // A correction's fields, and a record accepted as found (outside-rules.ts ACCEPT_ROW): its row holds what
    // the history had before it, so its changes read alike (an insider probe: an acceptance into a signed
    // month, its exit moved and its items out emptied, was an item with no field and no time).
    const change = c.action.endsWith('.amend') || c.action === ACCEPT_ROW ? changedFields(ctx, src.table, c, fieldLabel, timeColumn) : { fields: [], time: null };
    if (change.fields.length > 0) facts.push({ term: 'changedFields', values: change.fields.map((key) => ({ key })) });
    // The time that places it in its month, before and after: a record moved into a sealed month and one
    // moved out read alike without it (a probe: two items the same words, opposite moves).
    if (change.time) facts.push({ term: 'timeBefore', values: [{ at: change.time.before }] }, { term: 'timeAfter', values: [{ at: change.time.after }] });
    if (c.reason) facts.push({ term: 'changeReason', values: [{ text: c.reason }] });
    return {
      subject: `change:${c.id}`, code: 'sealed_change', kind: 'sealed_change', messageKey: 'review.items.sealed_change', params: { action: c.action, month: c.month },
      recordId: c.record_id, label: record ? `${c.month}: ${record.label}` : c.month, ...termOf(record), ...(facts.length > 0 ? { facts } : {}), at: c.changed_at,
    };
  });
}

/**
 * The catalog keys of the fields a correction changed (its bookkeeping columns are no field): from its
 * journal row (the same act, at the same instant); and the record's own time, before and after, when that changed.
 */
function changedFields(
  ctx: ReadContext,
  table: string,
  c: SealedChangeRow,
  fieldLabel: Map<string, string>,
  timeColumn: string | undefined,
): { fields: string[]; time: { before: string; after: string } | null } {
  const history = resolveHistory(ctx.store, ctx.store.history(table as JournaledTable, c.record_id));
  const act = history.findLast((h) => h.row.action === c.action && h.row.at === c.changed_at);
  if (!act?.before || !act.after) return { fields: [], time: null };
  const { before, after } = act;
  const changed = Object.keys(after).filter((col) => fieldLabel.has(col) && JSON.stringify(before[col] ?? null) !== JSON.stringify(after[col] ?? null));
  const [was, now] = timeColumn ? [before[timeColumn], after[timeColumn]] : [null, null];
  const time = timeColumn && changed.includes(timeColumn) && typeof was === 'string' && typeof now === 'string' ? { before: was, after: now } : null;
  return { fields: changed.map((col) => fieldLabel.get(col)!), time };
}
