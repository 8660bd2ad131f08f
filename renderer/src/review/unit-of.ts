import { jstMonth } from '../../../shared/calendar';
import type { LedgerDefinition } from '../../../shared/ledgers/kit';

/**
 * The review unit a kit ledger's record is in, as the review puts it (review/sources.ts unitOf): its
 * month field's month (the access-log check's month, a last-exit checklist's business day), or its
 * time's Japan month; none for a register (a second probe: a checklist of 31 October exited after
 * midnight was put in November). Of a stored record, or of a form's values.
 */
export function kitUnitOf(def: LedgerDefinition, record: Record<string, unknown>): { ledger: string; siteId: string | null; month: string | null } {
  const field = def.fields.find((f) => f.key === (def.monthField ?? def.timeField));
  const value = field ? record[field.key] : undefined;
  // A form's value half typed is in no month yet.
  const month = typeof value !== 'string' ? null : field!.type.kind === 'instant' ? (Number.isNaN(Date.parse(value)) ? null : jstMonth(value)) : /^\d{4}-\d{2}/.test(value) ? value.slice(0, 7) : null;
  const siteId = def.siteField && typeof record[def.siteField] === 'string' ? (record[def.siteField] as string) : null;
  return { ledger: def.key, siteId, month };
}
