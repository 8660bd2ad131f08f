import { DaichoError } from '../../../../shared/api/errors';
import { jstDate, jstMonth, previousMonth } from '../../../../shared/calendar';
import { retentionCutoff, retentionYears } from '../../retention-rules';
import type { Settings } from '../../settings';
import { defaultSort, ledgerTableSql, RECORD_COLUMNS, type FieldDef, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import { canonicalJson } from '../../journal/canonical';
import { recordVersions } from '../../review/journal-reads';
import { fieldRefusals } from './saying';
import type { Closing } from './closing';
import type { Migration } from '../../store/migrations';
import type { Row, Store } from '../../store/store';

// The record book's parts that stand alone (record-book.ts): a record's values to and from its
// columns, a row read again, a time in the future (or after it was recorded) refused, and a definition checked when registered.

/**
 * For a ledger's `own.present`: the rows read again by id with what its records show (`select`, a
 * SELECT whose FROM has the ledger's table; `idColumn`, its id there), in one query, in the rows' order.
 */
export function readAgain<T extends { id: string }>(store: Pick<Store, 'stmt'>, rows: Row[], select: string, idColumn: string): T[] {
  if (rows.length === 0) return [];
  const found = store.stmt(`${select} WHERE ${idColumn} IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rows.map((r) => r.id))) as T[];
  const byId = new Map(found.map((r) => [r.id, r]));
  return rows.map((r) => byId.get(String(r.id))!);
}

/** The migration that makes a ledger's table, declared so verify knows it (a create_table change). */
export function ledgerTableMigration(def: LedgerDefinition, version: number): Migration {
  return { version, name: `${def.key}-table`, changes: [{ op: 'create_table', table: def.table, sql: ledgerTableSql(def) }] };
}

export function toValue(f: FieldDef, v: string | number | null | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (f.type.kind === 'json') return JSON.parse(String(v));
  return f.type.kind === 'boolean' ? v === 1 : v;
}

export function toColumn(f: FieldDef, v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  // A structured value as canonical JSON (sorted keys): the same value is the same text, so "no change" holds.
  if (f.type.kind === 'json') return canonicalJson(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  // Instants are stored in one form (UTC, ISO 8601), so that months and sorts compare as text.
  if (f.type.kind === 'instant') return new Date(v as string).toISOString();
  return v as string | number;
}

/**
 * Is a record's row still as it was read, every column? An act that waits (a second person's
 * password) checks this before it writes, so that it is not judged on what another act has changed
 * meanwhile (an insider probe: a return and a loss report at once left a checkout both).
 */
export function sameRow(now: Row | undefined, read: Row): boolean {
  return !!now && Object.keys(now).length === Object.keys(read).length && Object.keys(read).every((c) => now[c] === read[c]);
}

/**
 * A correction or a void made from a screen that some act has changed since is refused: it would
 * write over that act unseen. The screen sends the record's `version` as it showed it (the journal's
 * last act on the row: a correction, and as well a close such as a return, an exit or a lock). Not
 * given (the CLI, a test): the record as it is. (The amendCount a screen sent before did not move
 * on a close, and is no longer taken: insider probe 10.)
 */
export function refuseStale(store: Store, table: string, row: Row, version: number | undefined): void {
  const id = String(row.id);
  if (version !== undefined && version !== (recordVersions(store, table, [id]).get(id) ?? 0)) throw new DaichoError('conflict', 'errors.changed_meanwhile', 'id');
}

/**
 * A time of something that happened is not later than now, with five minutes' grace for the PCs'
 * clocks: the record book's `past` fields, and a ledger's own methods (a lock, a return, a sign-out).
 */
export function refuseFuture(now: Date, at: string, field: string): void {
  if (Date.parse(at) > now.getTime() + CLOCK_GRACE_MS) throw new DaichoError('invalid_input', 'errors.field.future', field);
}

/** How far ahead of the clock a time of something that happened may be: the PCs' clocks differ a little. */
export const CLOCK_GRACE_MS = 5 * 60_000;

/** A definition's times of what happened (its `past` instant fields): never in the future, nor after they were written down. */
export function pastFieldsOf(def: LedgerDefinition): FieldDef[] {
  return def.fields.filter((f) => f.past && f.type.kind === 'instant');
}

/**
 * A correction's times of what happened (the `past` fields it changes) not later than when they were
 * written down, with the same grace as `refuseFuture`: the record's own time not after the record was
 * (`recorded_at`), a closing (an exit, a lock, a return, a sign-out) not after its closing was
 * (`closing.recordedColumn`). An insider probe: a stay recorded on 11/05, corrected to enter on 12/01,
 * then claimed to be written before it happened, and nothing noticed. A time ahead of now is left to
 * `refuseFuture` (its own words); a closing this correction makes, or one recorded before its recording
 * time was kept, has no bound here. Each field's refusal together; null when all hold.
 */
export function afterRecorded(now: Date, pastFields: readonly FieldDef[], closing: Closing | undefined, before: Row, changes: Record<string, unknown>): DaichoError | null {
  return fieldRefusals(
    pastFields.map((f) => () => {
      const at = changes[f.key];
      const closes = closing?.field === f.key;
      const recordedAt = closes ? (before[f.column] == null ? null : before[closing.recordedColumn]) : before.recorded_at;
      if (typeof at !== 'string' || typeof recordedAt !== 'string') return;
      const t = Date.parse(at);
      if (t > now.getTime() + CLOCK_GRACE_MS || t <= Date.parse(recordedAt) + CLOCK_GRACE_MS) return;
      throw new DaichoError('invalid_input', closes ? 'errors.field.after_closing_recorded' : 'errors.field.after_recorded', f.key, { recordedAt: new Date(recordedAt).toISOString() });
    }),
  );
}

/**
 * How many years back a ledger's records may be dated: its retention period (SPEC §8; a setting of 1–30
 * years, 5 by default) — a record older than that is past what the company keeps. The access-log
 * check's months go back as far as a system keeps its logs (up to 120 months: its own rule).
 */
export function oldestRecordYears(settings: Pick<Settings, 'get'>, ledger: string): number {
  const years = retentionYears(settings, ledger);
  return ledger === 'accessLog' ? Math.max(years, MAX_LOG_RETENTION_YEARS) : years;
}
const MAX_LOG_RETENTION_YEARS = 10;

/**
 * A record's own time (an instant, a day or a month) not absurdly far back. An insider probe dated
 * a staff member's checkouts, cabinet sessions and stays to 2000–2005, before anything was
 * registered, and each put an overdue month on the safety manager's list. None from before the
 * first month the ledger's retention keeps (`years` back, whole months as retention counts them:
 * retention-rules.ts retentionCutoff); and someone who keeps only their own records (`ownOnly`) types
 * nothing dated before last month began — older paper records are the desk's to type in.
 */
export function refuseTooOld(now: Date, at: string, field: string, ownOnly: boolean, years: number): void {
  const day = /^\d{4}-\d{2}$/.test(at) ? `${at}-01` : /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : Number.isNaN(Date.parse(at)) ? null : jstDate(at);
  if (day === null) return; // not a time: the field's own schema says so
  if (day < jstDate(retentionCutoff(now, years))) throw new DaichoError('invalid_input', 'errors.field.too_old', field, { years });
  if (ownOnly && day < `${previousMonth(jstMonth(now))}-01`) throw new DaichoError('invalid_input', 'errors.field.too_old_own', field);
}

/** A definition that cannot work is a programming error, found when the ledger is registered (`closingField`: its rules' closing). */
export function checkDefinition(def: LedgerDefinition, ownSorts: readonly string[] = [], closingField?: string): void {
  const fail = (what: string) => {
    throw new Error(`ledger ${def.key}: ${what}`);
  };
  const keys = new Set<string>();
  const columns = new Set<string>(RECORD_COLUMNS);
  for (const f of def.fields) {
    if (keys.has(f.key)) fail(`field ${f.key} is defined twice`);
    if (columns.has(f.column)) fail(`column ${f.column} is taken (the record book's own, or another field's)`);
    if (!/^[a-z][a-z0-9_]*$/.test(f.column)) fail(`column ${f.column} is not a plain SQL name`);
    if (f.type.kind === 'ref' && f.type.nameColumn !== undefined && !/^[a-z][a-z0-9_]*$/.test(f.type.nameColumn)) fail(`nameColumn ${f.type.nameColumn} is not a plain SQL name`);
    keys.add(f.key);
    columns.add(f.column);
  }
  if (!/^[a-z][a-z0-9_]*$/.test(def.table)) fail(`table ${def.table} is not a plain SQL name`);
  if (def.monthField !== undefined) {
    const m = def.fields.find((f) => f.key === def.monthField);
    if ((m?.type.kind !== 'month' && m?.type.kind !== 'date') || !m.required || !def.timeField) fail(`monthField ${def.monthField} must be a required month or date field of a ledger with a timeField`);
  }
  if (def.timeField !== undefined) {
    const time = def.fields.find((f) => f.key === def.timeField);
    if (time?.type.kind !== 'instant' || !time.required) fail(`timeField ${def.timeField} must be a required instant field`);
  }
  // A time of something that happened was written down with the record, or with its closing: a correction knows when (afterRecorded).
  for (const f of def.fields) if (f.past && f.key !== def.timeField && f.key !== closingField) fail(`past field ${f.key} is neither its timeField nor its closing (rules.closing)`);
  for (const f of def.fields) {
    if (f.at === undefined) continue;
    if (f.type.kind !== 'ref' || f.type.table !== 'people') fail(`field ${f.key}: only a ref to people has an act's time (at)`);
    if (def.fields.find((g) => g.key === f.at)?.type.kind !== 'instant') fail(`field ${f.key}: at ${f.at} must be an instant field`);
  }
  for (const f of def.fields) {
    if (f.listUnder === undefined) continue;
    const host = def.fields.find((g) => g.key === f.listUnder);
    if (!host || host.inList === false || host.listUnder !== undefined) fail(`field ${f.key}: listUnder ${f.listUnder} must be a field the list shows as a column`);
  }
  for (const f of def.filters ?? []) if (!keys.has(f.field)) fail(`filter ${f.key} names no field (${f.field})`);
  if (def.own) {
    const person = def.fields.find((f) => f.key === def.own!.personField);
    if (person?.type.kind !== 'ref' || person.type.table !== 'people' || !person.required) fail(`own.personField ${def.own.personField} must be a required ref to people`);
  }
  if (def.siteField !== undefined) {
    const site = def.fields.find((f) => f.key === def.siteField);
    if (site?.type.kind !== 'ref' || site.type.table !== 'sites') fail(`siteField ${def.siteField} must be a ref to sites`);
  }
  for (const s of def.sorts) if (!keys.has(s)) fail(`sort ${s} is not a field`);
  if (!def.sorts.includes(defaultSort(def))) fail(`sorts must include ${defaultSort(def)}, the list's order when none is asked for`);
  for (const s of ownSorts) if (keys.has(s)) fail(`sort ${s} is a field's: its column sorts it`);
}

/** A list's query, as the kit's list input has it (shared/ledgers/kit.ts listSchema): the definition's filters by their keys beside these. */
export interface ListQuery {
  page: number;
  pageSize: number;
  siteId?: string;
  month?: string;
  status: 'valid' | 'void' | 'all';
  anomaliesOnly: boolean;
  sort: string;
  desc: boolean;
  search?: string;
  [filter: string]: string | number | boolean | undefined;
}
