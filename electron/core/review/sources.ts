import { jstDate, jstMonth } from '../../../shared/calendar';
import type { LedgerAnomaly, LedgerDefinition } from '../../../shared/ledgers/kit';
import { anomalyKey, firstText, ownNames, refNames } from '../../../shared/ledgers/kit';
import type { LedgerModule, MonthItem, ReadContext, RecordBook } from '../ledgers/kit/record-book';
import { kitUnitRule, unitParams } from './units';
import type { Row } from '../store/store';
import type { LabelTerm } from '../../../shared/api/review-contract';

// What the monthly review (SPEC §5) reads of each ledger dated by a month and kept per site: the
// month's records with their anomalies, the month's own anomalies, and how a row's month is known
// (for the seal and for changes made after it). Every registered ledger with a time and a site field
// is a source, without more code; one whose records the kit does not read (the server-room book's
// stays) lists its month itself (its module's `review.records`).

export interface SourceRecord {
  id: string;
  at: string;
  status: 'valid' | 'void';
  label: string;
  /** A word of `label` the catalog has in each language (a default purpose): the screen says it in its own. */
  labelTerm?: LabelTerm;
  anomalies: LedgerAnomaly[];
  amendCount: number;
}

export interface ReviewSource {
  key: string;
  table: string;
  /** The catalog key of its title. */
  titleKey: string;
  /** Its anomalies' catalog key. */
  anomalyMessage(code: string): string;
  /** The SQL (named parameters @siteId, @start, @end, @month) that selects one site's records of one month. */
  monthWhere: string;
  monthParams(month: string): Record<string, string>;
  /** A table row's site and month (for a change after a seal), or null when it has none. */
  unitOf(row: Row): { siteId: string; month: string } | null;
  records(ctx: ReadContext, siteId: string, month: string): SourceRecord[];
  /** Records by id, named as `records` names them, whatever their site and month now. */
  recordsById(ctx: ReadContext, ids: readonly string[]): SourceRecord[];
  /** The column naming the person a record is about (whose own it is: a stay's person, a checkout's borrower), if any. */
  personColumn?: string;
  /** SQL over the table's row: true while the record is still open (LedgerModule.review.open). */
  open?: string;
  /** SQL over the table's row with the parameters @person and @account: true when the reviewer took part in it (LedgerModule.review.involves). */
  involves?: string;
  /** The anomalies of a table row as it is given (as it was before an act, too); none for a void one. */
  anomaliesOfRow(ctx: ReadContext, row: Row): LedgerAnomaly[];
  /** The anomalies of rows judged together, as they are given (a stay beside another as it was before an act). */
  anomaliesOfRows(ctx: ReadContext, rows: Row[]): Map<string, LedgerAnomaly[]>;
  /** The other records judged together with a row (LedgerModule.review.partners). */
  partners?(ctx: ReadContext, row: Row): Row[];
  monthItems?(ctx: ReadContext, siteId: string, month: string): MonthItem[];
  /** Whose duty a month item names, by code (LedgerModule.review.monthDuty). */
  monthDuty?: NonNullable<LedgerModule['review']>['monthDuty'];
  /** Its records are their writer's own act (LedgerModule.review.writerActs). */
  writerActs?: boolean;
  /** Its anomalies said for information: no disposition asked (LedgerDefinition.informational). */
  informational?: readonly string[];
  /** Whose seal completes a month's review (LedgerModule.review.completedBy). */
  completedBy?: NonNullable<LedgerModule['review']>['completedBy'];
  /** SQL: is a month item about the reviewer (LedgerModule.review.monthInvolves)? */
  monthInvolves?: string;
  /** Register changes that loosen its rules (LedgerModule.review.registerChange), and their catalog keys. */
  registerChange?: NonNullable<LedgerModule['review']>['registerChange'];
  registerChangeMessage(code: string): string;
  /** Other tables its rules read (LedgerModule.review.judgedFrom). */
  judgedFrom?: NonNullable<LedgerModule['review']>['judgedFrom'];
}

/** A kit ledger's source: its month by its monthField (a month or a business day) or its timeField. */
function kitSource(m: LedgerModule): ReviewSource | null {
  const def = m.definition;
  const book = m as Partial<RecordBook<LedgerDefinition>>;
  const rule = kitUnitRule(def);
  const own = m.review?.records;
  if (!rule || (!own && !book.select)) return null;
  const select = book.select!;
  const field = (key: string) => def.fields.find((f) => f.key === key)!;
  const siteCol = field(def.siteField!).column;
  const col = field(def.monthField ?? def.timeField!).column;
  const kind = rule.kind;
  const monthWhere = rule.where;
  const timeCol = field(def.timeField!).column;
  if (own && !m.review?.recordsById) throw new Error(`${def.key}: review.records without review.recordsById`);
  const sourceRecords = (ctx: ReadContext, where: string, params: Record<string, string>): SourceRecord[] =>
    select(ctx, where, params, `${timeCol}, id`).map((r) => ({
      id: r.id, at: String(r[def.timeField!]), status: r.status, label: labelOf(def, r), anomalies: r.anomalies, amendCount: r.amendCount,
    }));
  return {
    key: def.key,
    table: def.table,
    titleKey: `${def.i18n}.title`,
    anomalyMessage: (code) => anomalyKey(def, code),
    monthWhere,
    monthParams: (month) => unitParams(kind, month),
    unitOf: (row) => {
      const site = row[siteCol];
      const v = row[col];
      if (typeof site !== 'string' || typeof v !== 'string') return null;
      return { siteId: site, month: kind === 'instant' ? jstMonth(new Date(v)) : v.slice(0, 7) };
    },
    records: own ?? ((ctx, siteId, month) => sourceRecords(ctx, monthWhere, { siteId, ...unitParams(kind, month) })),
    recordsById: m.review?.recordsById ?? ((ctx, ids) => sourceRecords(ctx, 'id IN (SELECT value FROM json_each(@ids))', { ids: JSON.stringify(ids) })),
    monthItems: m.review?.monthItems,
    monthDuty: m.review?.monthDuty,
    completedBy: m.review?.completedBy,
    writerActs: m.review?.writerActs,
    informational: def.informational,
    monthInvolves: m.review?.monthInvolves,
    registerChange: m.review?.registerChange,
    registerChangeMessage: (code) => `${def.i18n}.registerChanges.${code}`,
    personColumn: def.own ? field(def.own.personField).column : undefined,
    anomaliesOfRow: (ctx, row) => book.judgeRows?.(ctx, [row]).get(String(row.id)) ?? [],
    anomaliesOfRows: (ctx, rows) => book.judgeRows?.(ctx, rows) ?? new Map(),
    partners: m.review?.partners,
    judgedFrom: m.review?.judgedFrom,
    involves: m.review?.involves,
    open: m.review?.open,
  };
}

/**
 * A few words naming a kit record: as the ledger's screens name it where its definition says how (a
 * visitor by name and company; a walk-through: the review named a slip by its host, without the
 * company), else the names of what it refers to (not its site), then its first text.
 */
function labelOf(def: LedgerDefinition, r: Record<string, unknown> & { names: Record<string, string | null> }): string {
  const own = ownNames(def, r);
  if (own.length > 0) return own.join(' / ');
  const text = firstText(def, r);
  const parts = [...refNames(def, r), ...(text !== null ? [text] : [])];
  return parts.join(' / ') || (def.monthField ? String(r[def.monthField]) : '');
}

/** Every review source of the app with these kit ledgers, in the order the ledgers are registered. */
export function reviewSources(modules: readonly LedgerModule[]): ReviewSource[] {
  return modules.map(kitSource).filter((s): s is ReviewSource => s !== null);
}

/** A label's catalog word, carried wherever the label is (an item of a record, a record carried or cleared). */
export const termOf = (r: { labelTerm?: LabelTerm } | undefined): { labelTerm?: LabelTerm } => (r?.labelTerm ? { labelTerm: r.labelTerm } : {});

/** The Japan day of an instant (for per-day counts). */
export const dayOf = (at: string) => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : jstDate(at));
