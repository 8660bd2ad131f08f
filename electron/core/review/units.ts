import { jstMonth, jstMonthRange } from '../../../shared/calendar';
import type { LedgerDefinition } from '../../../shared/ledgers/kit';
import { LEDGER_DEFINITIONS } from '../../../shared/ledgers';

// What one review unit (a ledger's records of one site and month) is, as plain data: its table and
// the SQL that selects the unit's rows. The monthly review reads a month by it (review/sources.ts);
// verify reads it to find records added to a sealed month (journal/verify-seals.ts) — in worker
// threads too, so it depends on nothing but the ledgers' definitions.

/** How a unit's month is matched: an instant in the month (Japan), a YYYY-MM value, or a YYYY-MM-DD date. */
export type UnitKind = 'instant' | 'month' | 'date';

export interface UnitRule {
  table: string;
  /** SQL on the table with @siteId and @start/@end (instant) or @month. */
  where: string;
  kind: UnitKind;
  /** The columns of its site and of its month (or time), as a row's journal form names them. */
  siteColumn: string;
  monthColumn: string;
}

/** A kit ledger's unit: its site field, and its month field (or its time field). */
export function kitUnitRule(def: LedgerDefinition): UnitRule | null {
  if (!def.timeField || !def.siteField) return null;
  const field = (key: string) => def.fields.find((f) => f.key === key)!;
  const siteCol = field(def.siteField).column;
  const monthField = field(def.monthField ?? def.timeField);
  const col = monthField.column;
  const kind: UnitKind = monthField.type.kind === 'month' ? 'month' : monthField.type.kind === 'date' ? 'date' : 'instant';
  const where = kind === 'month' ? `${siteCol} = @siteId AND ${col} = @month` : kind === 'date' ? `${siteCol} = @siteId AND ${col} LIKE @month || '-%'` : `${siteCol} = @siteId AND ${col} >= @start AND ${col} < @end`;
  return { table: def.table, where, kind, siteColumn: siteCol, monthColumn: col };
}

/** Is a row (a table row, or its journal form) of the unit? Without the columns (a form older than them): taken to be. */
export function rowInUnit(rule: UnitRule, row: Record<string, unknown>, siteId: string, month: string): boolean {
  const site = row[rule.siteColumn];
  const v = row[rule.monthColumn];
  if (site === undefined || v === undefined) return true;
  if (site !== siteId || typeof v !== 'string') return false;
  if (rule.kind === 'month') return v === month;
  if (rule.kind === 'date') return v.startsWith(`${month}-`);
  // As the unit's SQL compares it (text against the month's ends): a time written in another form
  // (an offset, insider probe 12) is of the unit the app's lists and review put it in.
  const { start, end } = unitParams('instant', month);
  return v >= start && v < end;
}

/** The parameters of a unit's SQL for a month. */
export function unitParams(kind: UnitKind, month: string): Record<string, string> {
  if (kind !== 'instant') return { month };
  const { start, end } = jstMonthRange(month);
  return { start: start.toISOString(), end: end.toISOString() };
}

/** Every reviewed ledger of the app by its key (each with a time and a site field: the server-room book, a stay by the month it was entered in). */
export const UNIT_RULES: Readonly<Record<string, UnitRule>> = Object.fromEntries(
  LEDGER_DEFINITIONS.flatMap((d) => {
    const rule = kitUnitRule(d);
    return rule ? [[d.key, rule]] : [];
  }),
);

/**
 * Has the unit anything to review: a record (valid or voided), or an anomaly a correction took away
 * from one (a record moved out of it, or voided)? Two index probes. A ledger without a unit rule: yes.
 */
export function unitHasRecords(store: { stmt(sql: string): { get(...params: unknown[]): unknown } }, ledger: string, siteId: string, month: string): boolean {
  const rule = UNIT_RULES[ledger];
  if (!rule) return true;
  if (store.stmt(`SELECT 1 AS found FROM ${rule.table} WHERE ${rule.where} LIMIT 1`).get({ siteId, ...unitParams(rule.kind, month) }) !== undefined) return true;
  return store.stmt('SELECT 1 AS found FROM cleared_anomalies WHERE ledger = ? AND site_id = ? AND month = ? LIMIT 1').get(ledger, siteId, month) !== undefined;
}

/**
 * The month of the earliest record of any reviewed ledger (a voided one too: its voiding is reviewed), or null when there is none (the
 * first month to review goes back to it: records entered for a month before the setup are reviewed
 * too). One index probe per ledger.
 */
export function firstRecordMonth(query: (sql: string) => { get(): unknown }): string | null {
  let first: string | null = null;
  for (const d of LEDGER_DEFINITIONS) {
    const rule = kitUnitRule(d);
    if (!rule) continue;
    const col = d.fields.find((f) => f.key === (d.monthField ?? d.timeField))!.column;
    const m = (query(`SELECT min(${col}) AS m FROM ${d.table}`).get() as { m: string | null } | undefined)?.m ?? null;
    if (m === null) continue;
    const month = rule.kind === 'instant' ? jstMonth(new Date(m)) : m.slice(0, 7);
    if (first === null || month < first) first = month;
  }
  return first;
}
