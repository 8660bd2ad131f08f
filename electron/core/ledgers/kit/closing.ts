import { jstDayEnd } from '../../../../shared/calendar';
import type { LedgerAnomaly } from '../../../../shared/ledgers/kit';
import type { Row } from '../../store/store';

// When a record's closing (a stay's exit, a cabinet's lock, an asset's return, a visitor's
// sign-out) was recorded, beside the time it gives. The rules "not closed by the deadline" (SPEC
// §4: no exit by end of day, not locked by end of business day, overdue, no exit time) judge the
// book as it stood at the deadline: a closing recorded after it, with an earlier time, does not
// make the anomaly go. A record written whole after the deadline was never open on the book; the
// late-record rules judge it. Records from before the recording time was kept have none, and are
// judged by their times alone.

/** Was the record on the book and open at the deadline, its closing recorded after it with a time within it? */
export function openOnTheBookAtDeadline(r: { recordedAt: string; closedAt: string | null; closingRecordedAt: string | null | undefined }, deadline: number): boolean {
  return r.closedAt !== null && Date.parse(r.closedAt) <= deadline && Date.parse(r.recordedAt) < deadline && !!r.closingRecordedAt && Date.parse(r.closingRecordedAt) > deadline;
}

/** A ledger's closing (an exit, a lock, a return, a sign-out): its field, and the column keeping when it was recorded. */
export interface Closing {
  field: string;
  recordedColumn: string;
}

/**
 * The kit's `systemColumns` for a ledger that keeps when its closing was recorded: now, when a
 * record is added closed or a correction closes it; cleared when a correction opens it again;
 * otherwise as it was (a corrected time was still recorded when it first was). The same `closing`
 * is the kit rules' (a correction does not move it past when it was recorded: record-parts.ts afterRecorded).
 */
export function closingRecordedColumns({ field, recordedColumn: column }: Closing) {
  return (record: Partial<Record<string, unknown>>, ctx: { verb: 'add' | 'amend'; before: Record<string, unknown> | null; now: string }): Row => {
    const closed = (record[field] ?? null) !== null;
    if (ctx.verb === 'add' || !ctx.before) return { [column]: closed ? ctx.now : null };
    const was = (ctx.before[field] ?? null) !== null;
    if (!was && closed) return { [column]: ctx.now };
    if (was && !closed) return { [column]: null };
    return {};
  };
}

/**
 * Written more than 24 hours after its Japan day ended (a day late or more): a last-exit checklist,
 * a cabinet opening, a checkout. Found by an insider probe: an opening or a checkout dated back into
 * a time it was allowed (authorized then, no approval needed then) showed nothing; now the reviewer
 * sees it was typed in later. Records from before the recording time was kept have none.
 */
export function recordedLate(day: string, recordedAt: string | undefined): LedgerAnomaly | null {
  return recordedAt !== undefined && Date.parse(recordedAt) > jstDayEnd(day).getTime() + 24 * 3_600_000 ? { code: 'recorded_late' } : null;
}
