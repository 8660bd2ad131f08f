import { jstMonth, nextMonth } from '../../../shared/calendar';
import type { ReviewItem } from '../../../shared/api/review-contract';
import type { HandlerContext } from '../context';
import type { Row } from '../store/store';
import { termOf, type ReviewSource } from './sources';

/**
 * Anomalies of a record that arose after its month was signed, with time alone (a checkout still out
 * falls overdue, a cabinet still open goes past its day): an item of the first month after the
 * record's that is not signed, until someone disposes of it there. Found by an insider probe: a
 * laptop out since October, due in late November, was overdue from then on, but only inside the
 * signed October — no review ever showed it. Only records still open are asked (ReviewSource.open):
 * a record changed after its month was signed is a 封印後修正 of the month of the change.
 */
export function arisenItems(ctx: Pick<HandlerContext, 'store' | 'now'>, src: ReviewSource, siteId: string, month: string, read: Parameters<ReviewSource['records']>[0]): Omit<ReviewItem, 'disposition'>[] {
  if (!src.open) return [];
  const current = jstMonth(ctx.now);
  const sealed = (m: string) => !!ctx.store.stmt("SELECT 1 FROM seals WHERE ledger = ? AND site_id = ? AND month = ? AND status = 'sealed'").get(src.key, siteId, m);
  // The open condition as the ledger words it (a partial index of it, where there is one, needs it so).
  const rows = ctx.store.stmt(`SELECT * FROM ${src.table} WHERE status = 'valid' AND (${src.open})`).all() as Row[];
  const months = new Set<string>();
  /** The months whose open records fall to this month's review. */
  const targets = new Set<string>();
  for (const r of rows) {
    const unit = src.unitOf(r);
    if (!unit || unit.siteId !== siteId || unit.month >= month || !sealed(unit.month)) continue;
    // The first month after the record's that is not signed (and has ended).
    let target = nextMonth(unit.month);
    while (target < current && sealed(target)) target = nextMonth(target);
    if (target === month) {
      months.add(unit.month);
      targets.add(unit.month);
    }
  }
  // Disposed of in this month's review: still this month's item, whatever was signed and closed
  // since — its review and its paper keep what was decided (a review of the paper: once disposed of,
  // the item left this month's review, and once the month was signed, its paper).
  const here = new Set<string>();
  const recordRow = ctx.store.stmt(`SELECT * FROM ${src.table} WHERE id = ?`);
  for (const d of ctx.store.stmt('SELECT subject, code FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ?').all(src.key, siteId, month) as { subject: string; code: string }[]) {
    const row = recordRow.get(d.subject) as Row | undefined;
    const unit = row ? src.unitOf(row) : null;
    if (!unit || unit.siteId !== siteId || unit.month >= month) continue;
    here.add(`${d.subject}\n${d.code}`);
    months.add(unit.month);
  }
  const disposed = ctx.store.stmt('SELECT 1 FROM review_dispositions WHERE ledger = ? AND subject = ? AND code = ?');
  const out: Omit<ReviewItem, 'disposition'>[] = [];
  const open = new Set(rows.map((r) => String(r.id)));
  for (const m of [...months].sort())
    for (const r of src.records(read, siteId, m))
      if (r.status === 'valid')
        for (const a of r.anomalies)
          if (here.has(`${r.id}\n${a.code}`) || (open.has(r.id) && targets.has(m) && !disposed.get(src.key, r.id, a.code)))
            out.push({ subject: r.id, code: a.code, params: a.params, ...(a.facts ? { facts: a.facts } : {}), kind: 'record', messageKey: src.anomalyMessage(a.code), recordId: r.id, label: `${m}: ${r.label}`, ...termOf(r), at: r.at });
  return out;
}
