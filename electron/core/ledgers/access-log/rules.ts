import { jstDayEnd, nextMonth, previousMonth } from '../../../../shared/calendar';
import type { LedgerAnomaly } from '../../../../shared/ledgers/kit';

// SPEC §4.6 anomaly rules of the access-log check record, as pure functions (Japan time): any "no",
// an anomaly found without the action taken, and a check made after the due day.

export interface CheckFacts {
  month: string;
  checkedAt: string;
  logsComplete: boolean;
  storedSafely: boolean;
  anomalyFound: string | null;
  actionTaken: string | null;
  /** When the check was written in the record (its date is typed, so a late one could be dated in time). */
  recordedAt?: string;
  /** When it was last written (recorded or corrected): an anomaly with its action is the review's from `findingRuleFrom` on. */
  writtenAt?: string;
}

export { nextMonth, previousMonth };

/** The day a month's logs are due to be checked by: the due day of the month after it, "YYYY-MM-DD". */
export function dueDate(month: string, dueDay: number): string {
  return `${nextMonth(month)}-${String(dueDay).padStart(2, '0')}`;
}

/** Has the due day passed at `now` (checked by the end of the due day is in time)? */
export function pastDue(month: string, dueDay: number, now: Date | string): boolean {
  return new Date(now).getTime() >= jstDayEnd(dueDate(month, dueDay)).getTime();
}

export function logsIncomplete(c: CheckFacts): LedgerAnomaly | null {
  return c.logsComplete ? null : { code: 'logs_incomplete' };
}

export function notStoredSafely(c: CheckFacts): LedgerAnomaly | null {
  return c.storedSafely ? null : { code: 'not_stored_safely' };
}

/**
 * An anomaly found in the logs: always an item of the month's review, with what was found (a
 * walk-through: the item said only that an anomaly had no action) and the action written beside it.
 * Without an action it is `anomaly_without_action` (SPEC §4.6). With one it is `anomaly_found`: the
 * safety manager judges the action, not a list of words that say nothing (insider probe 13 wrote
 * 調査中 and 確認中 as actions; a word list refuses those, but not every way of saying nothing).
 */
export function anomalyInLogs(c: CheckFacts, findingRuleFrom: number = -Infinity): LedgerAnomaly | null {
  const found = c.anomalyFound?.trim();
  if (!found) return null;
  const action = c.actionTaken?.trim();
  if (!action) return { code: 'anomaly_without_action', params: { detail: found } };
  // Written before the rule (migration 42): judged as its version did, so a month it saw signed stays as signed.
  if (c.writtenAt !== undefined && Date.parse(c.writtenAt) < findingRuleFrom) return null;
  return { code: 'anomaly_found', params: { detail: found }, facts: [{ term: 'actionTaken', values: [{ text: action }] }] };
}

/**
 * Checked after the due day (the 10th of the next month by default) — or written in the record after
 * it with a date within it: the record had no check by the due day (as kit/closing.ts judges closings).
 */
export function checkedLate(c: CheckFacts, dueDay: number): LedgerAnomaly | null {
  if (pastDue(c.month, dueDay, c.checkedAt)) return { code: 'checked_late', params: { due: dueDate(c.month, dueDay) } };
  return c.recordedAt !== undefined && pastDue(c.month, dueDay, c.recordedAt) ? { code: 'checked_late', params: { due: dueDate(c.month, dueDay), recordedLate: 1 } } : null;
}

export function checkAnomalies(c: CheckFacts, dueDay: number, findingRuleFrom?: number): LedgerAnomaly[] {
  return [logsIncomplete(c), notStoredSafely(c), anomalyInLogs(c, findingRuleFrom), checkedLate(c, dueDay)].filter((a): a is LedgerAnomaly => a !== null);
}
