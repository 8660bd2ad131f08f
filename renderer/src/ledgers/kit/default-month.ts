import type { LedgerDefinition } from '../../../../shared/ledgers/kit';
import { previousMonth } from '../../../../shared/calendar';
import { currentMonth } from '../../lib/japan-time';

/**
 * The month a list opens on, and a new record's month: this month — or, for a ledger whose records
 * are of a month checked after it ends (the access-log checks, by the month checked), last month,
 * the one being checked now.
 */
export function defaultMonth(def: LedgerDefinition): string {
  const m = def.monthField ? def.fields.find((f) => f.key === def.monthField) : undefined;
  return m?.type.kind === 'month' ? previousMonth(currentMonth()) : currentMonth();
}
