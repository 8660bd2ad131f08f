import { jstMonth, jstMonthRange } from '../../shared/calendar';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';

// SPEC §8 retention, as pure rules shared by the erasure itself (retention.ts) and verify
// (journal/verify-erasures.ts), which checks every erasure in the journal against them.

/** The first instant whose month is still kept: records before it are past the period. */
export function retentionCutoff(now: Date, years: number): Date {
  const [y, m] = jstMonth(now).split('-').map(Number);
  return jstMonthRange(`${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}`).start;
}

/** Records signed off (and written, and last corrected) before this instant are past the period. */
export function signedCutoff(now: Date, years: number): string {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString();
}

/** Each table with personal fields, and the column whose Japan month is its record's month (its time field). */
export const RETENTION_TIME_COLUMNS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(LEDGER_DEFINITIONS.filter((d) => d.personal?.length && d.timeField).map((d) => [d.table, d.fields.find((f) => f.key === d.timeField)!.column])),
  // A door terminal's delivered records, erased with the server-room book (retention.ts).
  door_deliveries: 'occurred_at',
};

/**
 * The migration with which an erasure also asks that the record was written and last corrected
 * before the period (retention.ts pastSql): verify holds the erasures after it to that rule, and
 * those before it (made by the older rule) to the others only.
 */
export const WRITTEN_RULE_MIGRATION = 27;

/**
 * The journal rows verify reads for the erasures (journal/verify-erasures.ts): few, found by
 * migration 27's partial index, whose condition this is word for word (SQLite uses it only then).
 */
export const ERASURE_ROWS = `action IN ('retention.erase.start', 'retention.erase.done', 'personal.erase', 'schema.migrate')`;
