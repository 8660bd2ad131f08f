import { jstDate, jstMonth, jstMonthRange } from '../../../../shared/calendar';
import type { LedgerAnomaly } from '../../../../shared/ledgers/kit';
import type { ReviewFact } from '../../../../shared/api/review-contract';
import { openOnTheBookAtDeadline, recordedLate } from '../kit/closing';

// SPEC §4.3 anomaly rules of the checkout record, as pure functions: no store, no clock — the
// caller passes the checkout, whether its kind needs approval, whether the borrower is still
// active, and now. Months are Japan months.

export interface CheckoutFacts {
  borrowerId: string;
  checkedOutAt: string;
  dueAt: string;
  approvedBy: string | null;
  returnedAt: string | null;
  receivedBy: string | null;
  lostAt: string | null;
  /** When the checkout was recorded, and its return (checkouts from before migration 18 have no return time recorded). */
  recordedAt?: string;
  returnRecordedAt?: string | null;
  /** The condition it came back in (good, damaged, faulty), what was done with its data, and the checkout's notes. */
  condition?: string | null;
  dataHandling?: string | null;
  notes?: string | null;
}

const t = (v: string | Date) => (v instanceof Date ? v.getTime() : Date.parse(v));

/** Still out (not returned, not reported lost). */
export function isOut(c: Pick<CheckoutFacts, 'returnedAt' | 'lostAt'>): boolean {
  return c.returnedAt === null && c.lostAt === null;
}

/**
 * Overdue: still out after the due time, or returned after it, or out on the book at the due time
 * with its return recorded afterwards (kit/closing.ts; counted to when it was recorded). Due
 * exactly now is not overdue.
 */
export function overdue(c: CheckoutFacts, now: Date | string): LedgerAnomaly | null {
  if (c.lostAt !== null) return null; // a loss is its own anomaly
  const due = t(c.dueAt);
  const end = c.returnedAt ? t(c.returnedAt) : t(now);
  // When it was due and when it came back, beside the anomaly in the review (a walk-through: only its checkout time was there to judge by).
  const facts: ReviewFact[] = [{ term: 'dueAt', values: [{ at: c.dueAt }] }, ...(c.returnedAt ? [{ term: 'returnedAt' as const, values: [{ at: c.returnedAt }] }] : [])];
  if (end > due) return { code: 'overdue', params: { hours: Math.floor((end - due) / 3_600_000), open: c.returnedAt === null ? 1 : 0 }, facts };
  if (c.recordedAt === undefined || !openOnTheBookAtDeadline({ recordedAt: c.recordedAt, closedAt: c.returnedAt, closingRecordedAt: c.returnRecordedAt }, due)) return null;
  return { code: 'overdue', params: { hours: Math.floor((t(c.returnRecordedAt!) - due) / 3_600_000), open: 0, recordedLate: 1 }, facts };
}

/**
 * Still out at the end of the (Japan) month it went out in: not back by then, or back after it, or
 * out on the book when the month ended with its return recorded afterwards (kit/closing.ts).
 */
export function outAtMonthEnd(c: CheckoutFacts, now: Date | string): LedgerAnomaly | null {
  if (c.lostAt !== null) return null;
  const month = jstMonth(c.checkedOutAt);
  const end = jstMonthRange(month).end.getTime();
  const out = c.returnedAt === null ? t(now) >= end : t(c.returnedAt) > end;
  if (out) return { code: 'out_at_month_end', params: { month } };
  const onTheBook = c.recordedAt !== undefined && openOnTheBookAtDeadline({ recordedAt: c.recordedAt, closedAt: c.returnedAt, closingRecordedAt: c.returnRecordedAt }, end);
  return onTheBook ? { code: 'out_at_month_end', params: { month, recordedLate: 1 } } : null;
}

/** Its kind needs a second person's approval, and it has none. */
export function missingApproval(c: CheckoutFacts, approvalRequired: boolean): LedgerAnomaly | null {
  return approvalRequired && c.approvedBy === null ? { code: 'missing_approval' } : null;
}

/** Received back by the borrower themselves. */
export function receiverIsBorrower(c: CheckoutFacts): LedgerAnomaly | null {
  return c.receivedBy !== null && c.receivedBy === c.borrowerId ? { code: 'receiver_is_borrower' } : null;
}

/**
 * The borrower was suspended (not active in the register) while the asset was out: at some time from
 * its checkout to its return, its loss report, or now. A past fact: making them active again, or the
 * return, does not take it away.
 */
export function borrowerInactive(suspendedWhileOut: boolean): LedgerAnomaly | null {
  return suspendedWhileOut ? { code: 'borrower_inactive' } : null;
}

/**
 * Was any period in which the borrower was not active (`active` 0, periods oldest first) within the
 * checkout's time out — until its return, or until the return was recorded when that was later (the
 * book showed it out until then: a return typed in later and dated back does not take it away,
 * kit/closing.ts), its loss report, or now?
 */
export function suspendedWhileOut(c: Pick<CheckoutFacts, 'checkedOutAt' | 'returnedAt' | 'lostAt' | 'returnRecordedAt'>, active: readonly { from: number; value: unknown }[], now: Date | string): boolean {
  const start = t(c.checkedOutAt);
  const closed = c.returnedAt ?? c.lostAt;
  const recorded = c.returnedAt !== null && c.returnRecordedAt ? t(c.returnRecordedAt) : -Infinity;
  const end = closed === null ? t(now) : Math.max(t(closed), recorded);
  return active.some((p, i) => p.value === 0 && p.from <= end && (active[i + 1]?.from ?? Infinity) > start);
}

/**
 * Came back damaged or not working (a walk-through: a laptop returned 破損あり was on no list, in no
 * review and on no paper; only its history said so). A device that may hold personal data and came back
 * broken is for the safety manager to see.
 */
export function returnedNotGood(c: CheckoutFacts): LedgerAnomaly | null {
  if (c.returnedAt === null || (c.condition !== 'damaged' && c.condition !== 'faulty')) return null;
  // When it came back, what was done with its data and the checkout's notes (the return's are written into
  // them), under it (a user probe: the review said 返却時に破損あり and nothing more; the return was only in the record's history).
  const facts: ReviewFact[] = [{ term: 'returnedAt', values: [{ at: c.returnedAt }] }];
  if (c.dataHandling) facts.push({ term: 'dataHandling', values: [{ text: c.dataHandling }] });
  if (c.notes) facts.push({ term: 'notes', values: [{ text: c.notes }] });
  return { code: c.condition === 'damaged' ? 'returned_damaged' : 'returned_faulty', facts };
}

/** Reported lost. */
export function lost(c: CheckoutFacts): LedgerAnomaly | null {
  return c.lostAt !== null ? { code: 'lost' } : null;
}

export function checkoutAnomalies(c: CheckoutFacts, inputs: { approvalRequired: boolean; borrowerSuspended: boolean; now: Date | string }): LedgerAnomaly[] {
  return [
    lost(c),
    overdue(c, inputs.now),
    outAtMonthEnd(c, inputs.now),
    missingApproval(c, inputs.approvalRequired),
    receiverIsBorrower(c),
    borrowerInactive(inputs.borrowerSuspended),
    recordedLate(jstDate(c.checkedOutAt), c.recordedAt),
    returnedNotGood(c),
  ].filter((a): a is LedgerAnomaly => a !== null);
}
