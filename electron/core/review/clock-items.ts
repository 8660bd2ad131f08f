import { jstMonthRange } from '../../../shared/calendar';
import type { ReviewItem } from '../../../shared/api/review-contract';
import type { Store } from '../store/store';

// SPEC §8: a write whose clock was more than 5 minutes behind the journal's last time is journaled as
// a clock anomaly (store.ts) and goes ahead with the wrong clock's time — and so does what takes effect
// from it: a rule setting's version, an authorization's start or end, a system's retirement. Found by
// an insider probe: the clock turned back, an authorization granted, the clock put right, and a past
// stay was authorized. Which clock was right cannot be told from inside, so the anomaly is an item of
// the review of every ledger and site in the month the journal had reached — the month being kept
// then, never one already sealed — to check the records and the changes of that time.

/**
 * The clock anomalies, each with the time the journal had reached: the row before it (the store
 * journals the anomaly right after the head it compared with) — times and sequence numbers only, no
 * JSON read. Migration 21's partial index: the journal's few clock.anomaly rows.
 */
const CLOCK_ANOMALIES = `SELECT a.seq, a.at, p.at AS last FROM journal a JOIN journal p ON p.seq = a.seq - 1
  WHERE a.action = 'clock.anomaly' AND a.kind = 'event' ORDER BY a.seq`;

export function clockItems(store: Store, month: string): Omit<ReviewItem, 'disposition'>[] {
  const { start, end } = jstMonthRange(month);
  const inMonth = (iso: string) => Date.parse(iso) >= start.getTime() && Date.parse(iso) < end.getTime();
  return (store.stmt(CLOCK_ANOMALIES).all() as { seq: number; at: string; last: string }[])
    .filter((r) => inMonth(r.last))
    .map((r) => ({
      subject: `clock:${r.seq}`, code: 'clock_anomaly', kind: 'month' as const, messageKey: 'review.items.clock_anomaly',
      params: { clockAt: r.at, lastAt: r.last }, recordId: null, label: '', at: r.at,
    }));
}
