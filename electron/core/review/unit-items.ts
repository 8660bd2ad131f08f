import type { DispositionInfo, ReviewItem } from '../../../shared/api/review-contract';
import { getAccount } from '../auth/accounts-repo';
import type { ReadContext } from '../ledgers/kit/record-book';
import type { Store } from '../store/store';
import { sealsOf, standing } from './seal';
import { termOf, type ReviewSource, type SourceRecord } from './sources';
import { clockItems } from './clock-items';
import { carriedDecidedAt, carriedItems } from './carried-items';
import { clearedItems } from './change-notes';
import { arisenItems } from './arisen-items';
import { lastChanged } from './journal-reads';
import { selfDisposed } from './own-items';
import { sealedChangeItems } from './sealed-change-items';

// SPEC §5: the items of one ledger × site × month to dispose of — each record's anomalies, the month's
// own, the clock's, changes to sealed months, anomalies a correction took away, register changes,
// what arose after the month and what was carried in — with their dispositions. The review lists
// them; the month's paper prints every one (print/sheets.ts).

export interface DispositionRow {
  id: string;
  ledger: string;
  site_id: string;
  month: string;
  subject: string;
  code: string;
  disposition: DispositionInfo['disposition'];
  explanation: string | null;
  cause: string | null;
  action: string | null;
  decided_by: string;
  decided_at: string;
}

/** A unit's items before their dispositions, but for those carried in from the month before. */
function baseItems(ctx: ReadContext, src: ReviewSource, siteId: string, month: string, records: readonly SourceRecord[]) {
  const head: Omit<ReviewItem, 'disposition'>[] = [];
  for (const r of records)
    if (r.status === 'valid')
      for (const a of r.anomalies) head.push({ subject: r.id, code: a.code, params: a.params, ...(a.facts ? { facts: a.facts } : {}), kind: 'record', messageKey: src.anomalyMessage(a.code), recordId: r.id, label: r.label, ...termOf(r), at: r.at });
  for (const m of src.monthItems?.(ctx, siteId, month) ?? []) head.push({ ...m, kind: 'month', recordId: null });
  head.push(...clockItems(ctx.store, month));
  const tail: Omit<ReviewItem, 'disposition'>[] = [];
  // Changes made this month to months already sealed (封印後修正).
  tail.push(...sealedChangeItems(ctx, src, siteId, month));
  tail.push(...clearedItems(ctx.store, src, siteId, month, new Map(records.map((r) => [r.id, r])), (ids) => src.recordsById(ctx, ids)));
  tail.push(...arisenItems(ctx, src, siteId, month, ctx));
  return { head, tail };
}

/** Every item of a unit to dispose of, with its disposition: the review's, and its paper's (print/sheets.ts). */
export function itemsOf(ctx: ReadContext, src: ReviewSource, siteId: string, month: string, records: ReturnType<ReviewSource['records']>): ReviewItem[] {
  const { head, tail } = baseItems(ctx, src, siteId, month, records);
  const earlier = (m: string) => {
    const rs = src.records(ctx, siteId, m);
    const b = baseItems(ctx, src, siteId, m, rs);
    return { items: [...b.head, ...b.tail], records: rs };
  };
  const items = [...head, ...carriedItems(ctx.store, src, siteId, month, earlier), ...tail];
  const decided = new Map(
    (ctx.store.stmt('SELECT * FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ?').all(src.key, siteId, month) as DispositionRow[]).map((d) => [`${d.subject}\n${d.code}`, d]),
  );
  // A disposition decided before its record changed (corrected, or closed: a lock, a return, an exit
  // recorded later) was for the record as it was, and one of a 要対応 carried in decided again since
  // (carriedDecidedAt): shown, and to be decided again. In a sealed month the dispositions stand as
  // sealed (a later change is its 封印後修正, reviewed in the month it was made).
  const sealed = standing(ctx.store, sealsOf(ctx.store, src.key, siteId, month));
  const changedAt = lastChanged(ctx.store, src.table, [...new Set(items.filter((it) => it.kind === 'record' && decided.has(`${it.subject}\n${it.code}`)).map((it) => it.subject))]);
  const info = (it: Omit<ReviewItem, 'disposition'>): Omit<ReviewItem, 'disposition'> => (it.kind === 'record' && src.informational?.includes(it.code) ? { ...it, informational: true } : it);
  // Answered by the one it is about (a lone safety manager's own stay): 自己点検.
  const self = selfDisposed(ctx, src, items.flatMap((it) => {
    const d = decided.get(`${it.subject}\n${it.code}`);
    return d ? [{ ...it, decidedBy: d.decided_by }] : [];
  }));
  const infoOf = (it: Omit<ReviewItem, 'disposition'>, d: DispositionRow) => ({ ...dispositionInfo(ctx.store, d), ...(self.has(`${it.subject}\n${it.code}`) ? { selfReview: true } : {}) });
  return items.map(info).map((it) => {
    const d = decided.get(`${it.subject}\n${it.code}`);
    const changed = !d ? undefined : it.kind === 'record' ? changedAt.get(it.subject) : it.kind === 'carried' && !sealed ? carriedDecidedAt(ctx.store, it.subject) : undefined;
    // Sealed: it stands, said to be for the record as it was (the paper says so too: print/record-notes.ts).
    if (d && changed && changed > d.decided_at) return sealed ? { ...it, disposition: infoOf(it, d), beforeSealedChange: true } : { ...it, disposition: null, outdated: infoOf(it, d) };
    return { ...it, disposition: d ? infoOf(it, d) : null };
  });
}

export function dispositionInfo(store: Store, d: DispositionRow): DispositionInfo {
  return {
    id: d.id, disposition: d.disposition, explanation: d.explanation, cause: d.cause, action: d.action, decidedBy: d.decided_by,
    decidedByName: getAccount(store, d.decided_by)?.display_name ?? d.decided_by, decidedAt: d.decided_at,
  };
}

