import { jstMonth } from '../../../shared/calendar';
import type { LedgerDefinition } from '../../../shared/ledgers/kit';

/** The review unit a kit ledger's record is in: its month field (the access-log checks'), or its time's Japan month; none for a register. */
export function kitUnitOf(def: LedgerDefinition, record: Record<string, unknown>): { ledger: string; siteId: string | null; month: string | null } {
  const monthField = def.fields.find((f) => f.type.kind === 'month');
  const at = def.timeField ? record[def.timeField] : undefined;
  const month = monthField && typeof record[monthField.key] === 'string' ? (record[monthField.key] as string) : typeof at === 'string' ? jstMonth(at) : null;
  const siteId = def.siteField && typeof record[def.siteField] === 'string' ? (record[def.siteField] as string) : null;
  return { ledger: def.key, siteId, month };
}
