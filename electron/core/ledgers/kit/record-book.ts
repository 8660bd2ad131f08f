import { DaichoError } from '../../../../shared/api/errors';
import type { MethodDef } from '../../../../shared/api/kit';
import type { Paged } from '../../../../shared/api/schemas';
import type { BusinessCalendar } from '../../../../shared/calendar';
import { ruleContext, siteSettingsHandlers } from './site-settings';
import {
  defaultSort, ledgerContract, previewsAnomalies, type FieldDef, type LedgerAnomaly, type LedgerDefinition, type LedgerRecord, type SiteSettingsView,
} from '../../../../shared/ledgers/kit';
import type { HandlerContext } from '../../context';
import type { Role } from '../../../../shared/domain/roles';
import { historyOf } from '../../record-history';
import { erasedColumns } from '../../journal/history';
import { recordVersions } from '../../review/journal-reads';
import { sealedChangeIds } from '../../review/sealed-marks';
import { namedColumnOf, namesAt, personActiveAt, recordRegisterChange, type NAMED_REGISTER } from '../../setting-versions';
import type { JournaledTable, Migration } from '../../store/migrations';
import type { Row, Store, Tx } from '../../store/store';
import { getAccount } from '../../auth/accounts-repo';
import { requireSession } from '../../context';
import type { Settings } from '../../settings';
import type { JournalAction, KitAction } from '../../../../shared/domain/journal-actions';
import type { MessageKey } from '../../../../shared/i18n';
import type { AnyHandler, OwnApi, ReadContext, RecordBook } from './ledger-module';
import { afterRecorded, checkDefinition, pastFieldsOf, oldestRecordYears, refuseFuture, refuseStale, refuseTooOld, sameRow, toColumn, toValue, type ListQuery } from './record-parts';
import type { Closing } from './closing';
import { listSql, pageOf, refSearches, type ListShape } from './record-list';
import { deriveSayingAll, fieldRefusals, isOwnRecord, refuseOwnRecord, sayingWith, together } from './saying';

// The record book (issue 8): list, get, add, amend with a reason, void with a reason, and history,
// for any ledger from its definition (shared/ledgers/kit.ts). A ledger's folder adds only its own
// rules (anomalies, checks across records) and its special methods.

/** What a ledger's rules see besides the record. */
export interface RuleContext<D extends LedgerDefinition = LedgerDefinition> {
  store: Store;
  settings: Settings;
  now: Date;
  /**
   * A site's settings of this ledger (its definition's defaults where nothing is saved), read once
   * per call, as in force at `at`: a record is judged by the rules of its own time (when it
   * happened, setting-versions.ts); a write's own checks by those of `now`.
   */
  site(siteId: string, at: string | Date): Omit<SiteSettingsView<D>, 'siteId' | 'isDefault'>;
  /** A site's business calendar, each day as it stood when that day began (site-calendar.ts), read once per call. */
  calendar(siteId: string): BusinessCalendar;
}

/**
 * What a record's check is given: the record's own id (null for a new one), the fields the write changes,
 * and whether the signed-in keeper is a party to another record of the book (`ownRecord`, by its id): a
 * refusal pointing at a record to correct instead does not point at one she may not correct.
 */
export type CheckContext<D extends LedgerDefinition = LedgerDefinition> = RuleContext<D> & { selfId: string | null; changed: ReadonlySet<string> | 'all'; ownRecord(id: string): boolean };

export type RecordValues<D extends LedgerDefinition> = Omit<LedgerRecord<D>, 'anomalies'>;

export type WriteVerb = 'add' | 'amend' | 'void';

/**
 * What a derive is given besides the input. `preview`: a new record's form asks what it would be
 * marked with (`<key>.preview`): nothing is written, and no second person's password is checked — an
 * approval is taken as given where the save would ask for one (PREVIEW_APPROVER).
 */
export type DeriveContext<D extends LedgerDefinition> = RuleContext<D> & { handler: HandlerContext; verb: 'add' | 'amend'; before?: RecordValues<D>; preview?: boolean };

/** The approver a preview stands in for the one the save will ask for. */
export const PREVIEW_APPROVER = 'preview';

export interface LedgerRules<D extends LedgerDefinition> {
  /**
   * The record's anomalies (pure of the record and the settings; SPEC §4). The table row beside it
   * has the columns the ledger keeps itself (`systemColumns`: when a lock was recorded).
   */
  anomalies?(record: RecordValues<D>, ctx: RuleContext<D>, row: Row): LedgerAnomaly[];
  /**
   * Instead of `anomalies`: the anomalies of several records judged together, by id (a stay that
   * overlaps another of the same person, SPEC §4.1), from their table rows. Voided records have none,
   * and are given too: a voided row stands for its record, which the rules do not read again from the store.
   */
  anomaliesOfRows?(rows: Row[], ctx: RuleContext<D>): Map<string, LedgerAnomaly[]>;
  /**
   * The values of fields the input does not give (`create: false`): a cabinet's site from the
   * cabinet, an approval from the approver's password. Given the input of a new record (with its
   * `createExtra`), or an amended record's values; may be async (a password check). Throw a
   * DaichoError to refuse.
   */
  derive?(input: Record<string, unknown>, ctx: DeriveContext<D>): Partial<RecordValues<D>> | Promise<Partial<RecordValues<D>>>;
  /** Checks of a new or amended record beyond its fields' own (throw a DaichoError). */
  check?(record: Partial<RecordValues<D>>, ctx: CheckContext<D>): void;
  /**
   * Columns beside the fields that the ledger keeps itself, written in the same act (when a stay's
   * exit was recorded): given the record as it will be, and as it was (null for a new one).
   */
  systemColumns?(record: Partial<RecordValues<D>>, ctx: { verb: 'add' | 'amend'; before: RecordValues<D> | null; now: string }): Row;
  /**
   * The field that closes a record later (an exit, a lock, a return) and the column keeping when that was
   * recorded (kit/closing.ts): a correction does not move it past then (record-parts.ts afterRecorded).
   */
  closing?: Closing;
  /**
   * What uses this register entry now (a guest card lent, a cabinet open, an asset out), as the
   * message that says so, or null: until that ends it is not voided, nor moved to another site (an
   * insider probe: a lent card voided and its number registered again while a visitor held it).
   */
  inUse?(record: RecordValues<D>, ctx: RuleContext<D>): MessageKey | null;
  /**
   * The fields that say which thing it is (an asset's tag and serial, a card's number, a cabinet's
   * code): like its site, not changed while it is in use (an insider probe: a lent card renumbered
   * G-99, a new card registered as G-01 and lent too, two visitors held G-01 and no review said so).
   */
  identity?: readonly string[];
  /** The people a record names as parties beside its person (a stay's companions, its visitors' escorts): none of them corrects or voids it (saying.ts). */
  parties?(row: Row): readonly string[];
  /** Checks of a site's settings as a whole, once merged (an end after a start), before they are saved. */
  checkSettings?(values: Record<string, unknown>, ctx: HandlerContext): void;
  /**
   * What else changes in the same act, in the same transaction (an asset's state with its
   * checkout): written with the record's action and reason.
   */
  alsoWrite?(tx: Tx, record: RecordValues<D>, ctx: RuleContext<D> & { verb: WriteVerb; before: RecordValues<D> | null; action: JournalAction; reason: string | null; actor: string }): void;
}

// Its types for ledgers are in ledger-module.ts; its helpers (values and columns, a definition's check) in
// record-parts.ts; a list's SQL and page in record-list.ts; refusals said together in saying.ts.
export type { AnyHandler, LedgerModule, MonthItem, OwnApi, ReadContext, RecordBook, RegisterChange, RegisterWatch } from './ledger-module';
export type { ListQuery } from './record-parts';
export { checkDefinition, ledgerTableMigration, readAgain, refuseFuture, sameRow } from './record-parts';

/**
 * A ledger's module: the record book's handlers from its definition, with its rules; its own
 * methods (`methods`: their contract parts and handlers, e.g. locking a cabinet) beside them; and its
 * migrations. `contract`: the ledger's contract part as shared/ says it (so that the typed client
 * and the dispatcher use the same objects); by default, derived from the definition here.
 */
export function recordBook<const D extends LedgerDefinition, R = LedgerRecord<D>>(
  def: D,
  rules: LedgerRules<D> = {},
  extra: { migrations?: Migration[]; contract?: Record<string, MethodDef>; handlers?: Record<string, AnyHandler>; own?: OwnApi<R> } = {},
): RecordBook<D, R> {
  checkDefinition(def, Object.keys(extra.own?.sorts ?? {}), rules.closing?.field);
  const messages: Record<'notFound' | 'voided' | 'erased', MessageKey> = { notFound: 'errors.not_found', voided: 'errors.voided', erased: 'ledgerKit.errors.erased', ...extra.own?.messages };
  const table = def.table as JournaledTable; // a kit table: journaled, declared by its create_table change
  const byKey = new Map(def.fields.map((f) => [f.key, f]));
  const byColumn = new Map(def.fields.map((f) => [f.column, f]));
  const timeCol = byKey.get(defaultSort(def))!.column;
  const siteCol = def.siteField ? byKey.get(def.siteField)?.column : undefined;
  const monthField = def.monthField ? byKey.get(def.monthField) : undefined;
  const textCols = def.fields.filter((f) => f.type.kind === 'text' && f.search !== false).map((f) => f.column);
  const sortCol = (key: string): string => {
    const own = extra.own?.sorts;
    if (own && Object.hasOwn(own, key)) return own[key];
    const f = byKey.get(key);
    // The contract's enum of sorts lets no other key through: one here is a programming error.
    if (!f || !def.sorts.includes(key)) throw new Error(`ledger ${def.key}: no sort ${key}`);
    return f.column;
  };
  const ruleCtx = (ctx: ReadContext): RuleContext<D> => ruleContext(def, ctx);
  const checkCtx = (ctx: HandlerContext, rc: RuleContext<D>, selfId: string | null, changed: ReadonlySet<string> | 'all'): CheckContext<D> => ({
    ...rc, selfId, changed,
    ownRecord: (id) => {
      const row = ctx.store.rowById(table, id);
      return !!row && isOwnRecord(ctx, row, personCol, rules.parties);
    },
  });

  const values = (row: Row): RecordValues<D> => {
    const out: Record<string, unknown> = {
      id: row.id, status: row.status, voidReason: row.void_reason, recordedAt: row.recorded_at, recordedBy: row.recorded_by,
      station: row.station, amendedAt: row.amended_at, amendCount: row.amend_count,
    };
    for (const f of def.fields) out[f.key] = toValue(f, row[f.column]);
    return out as RecordValues<D>;
  };
  /**
   * Ref fields shown by a name: one query per field and page (the ids of the page's rows). A register's
   * name is the one it had at the record's time, where the register keeps its names' versions.
   */
  const named = def.fields.filter((f): f is FieldDef & { type: { kind: 'ref'; table: string; nameColumn: string } } => f.type.kind === 'ref' && !!f.type.nameColumn);
  const timeColumn = def.timeField ? byKey.get(def.timeField)!.column : undefined;
  const namesOf = (ctx: ReadContext, rows: Row[]): Map<string, (row: Row) => string | null> => {
    const out = new Map<string, (row: Row) => string | null>();
    for (const f of named) {
      const ids = [...new Set(rows.map((r) => r[f.column]).filter((v): v is string => typeof v === 'string'))];
      // One record (a save's read-back) by its key; a page by the list of its ids.
      const found =
        ids.length === 0
          ? []
          : ids.length === 1
            ? (ctx.store.stmt(`SELECT id, ${f.type.nameColumn} AS name FROM ${f.type.table} WHERE id = ?`).all(ids[0]) as { id: string; name: string }[])
            : (ctx.store.stmt(`SELECT id, ${f.type.nameColumn} AS name FROM ${f.type.table} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { id: string; name: string }[]);
      const current = new Map(found.map((r) => [r.id, r.name]));
      // The same cabinet is named as it was at each record's time, where its register keeps its names' versions.
      const at = namedColumnOf(f.type.table) === f.type.nameColumn && timeColumn ? namesAt(ctx.store, f.type.table as keyof typeof NAMED_REGISTER, current) : null;
      // As at its own act's time where it has one (a checkout's receiver at its return), else at the record's.
      const atColumn = (f.at && def.fields.find((g) => g.key === f.at)?.column) || timeColumn;
      out.set(f.key, (row) => {
        const id = row[f.column];
        if (typeof id !== 'string') return null;
        const when = typeof row[atColumn!] === 'string' ? (row[atColumn!] as string) : typeof row[timeColumn!] === 'string' ? (row[timeColumn!] as string) : undefined;
        return (at ? at(id, when) : current.get(id)) ?? null;
      });
    }
    return out;
  };
  /** The anomalies of valid records, by id (those with none are left out). */
  const judge = (rows: Row[], rc: RuleContext<D>): Map<string, LedgerAnomaly[]> => {
    // Judged together, voided rows too: they have none, and stand for themselves (not for the row in
    // the store: a record just written is judged away by a voided copy, review/change-notes.ts).
    if (rules.anomaliesOfRows) return rules.anomaliesOfRows(rows, rc);
    const valid = rows.filter((r) => r.status === 'valid');
    const out = new Map<string, LedgerAnomaly[]>();
    if (rules.anomalies)
      for (const r of valid) {
        const a = rules.anomalies(values(r), rc, r);
        if (a.length > 0) out.set(String(r.id), a);
      }
    return out;
  };
  const toRecords = (ctx: ReadContext, rows: Row[], rc: RuleContext<D> = ruleCtx(ctx)): LedgerRecord<D>[] => {
    const names = namesOf(ctx, rows);
    const ids = rows.map((r) => String(r.id));
    const sealed = sealedChangeIds(ctx.store, ids);
    const versions = recordVersions(ctx.store, table, ids);
    const judged = judge(rows, rc);
    return rows.map((row) => {
      const v = values(row);
      const anomalies = judged.get(String(row.id)) ?? [];
      const refNames = Object.fromEntries(named.map((f) => [f.key, names.get(f.key)!(row)]));
      const erasedAt = (row.personal_erased_at as string | null | undefined) ?? null;
      const erasedFields = erasedAt ? erasedColumns(ctx.store, table, String(row.id)).map((c) => def.fields.find((f) => f.column === c)?.key ?? c) : [];
      return { ...v, names: refNames, anomalies, sealedChange: sealed.has(String(row.id)), version: versions.get(String(row.id)) ?? 0, personalErasedAt: erasedAt, erasedFields } as LedgerRecord<D>;
    });
  };
  /** The API's records: the kit's, or the ledger's own. */
  const present = (ctx: ReadContext, rows: Row[], rc?: RuleContext<D>): R[] => (extra.own ? extra.own.present(ctx, rows) : (toRecords(ctx, rows, rc) as R[]));
  const toRecord = (ctx: ReadContext, row: Row): R => present(ctx, [row])[0];
  /**
   * The person whose records alone the caller keeps (`def.own`), or null when the caller keeps or
   * reads the whole ledger. A caller in an own role whose account has no person keeps none: '' (no
   * record's person), so their lists are empty and adding is refused.
   */
  const ownPerson = (ctx: HandlerContext, allowed: readonly Role[]): string | null => {
    if (!def.own) return null;
    const session = requireSession(ctx);
    if (session.roles.some((r) => allowed.includes(r))) return null;
    return getAccount(ctx.store, session.accountId)?.person_id ?? '';
  };
  const personCol = def.own ? byKey.get(def.own.personField)!.column : undefined;
  const mustGet = (ctx: HandlerContext, id: string): Row => {
    const row = ctx.store.rowById(table, id);
    if (!row) throw new DaichoError('not_found', messages.notFound, 'id');
    // Someone who keeps only their own records is told nothing of others' (not even that they exist).
    const own = ownPerson(ctx, def.access.read);
    if (own !== null && row[personCol!] !== own) throw new DaichoError('not_found', messages.notFound, 'id');
    // Nor is a site head of another site's records (auth/site-scope.ts).
    if (ctx.readableSites && siteCol && !ctx.readableSites.includes(String(row[siteCol]))) throw new DaichoError('not_found', messages.notFound, 'id');
    return row;
  };
  const actionOf = (verb: WriteVerb): KitAction => `${def.key}.${verb}`;
  /** Every ref a record names must exist (a site, a person). */
  const timeKey = def.timeField;
  /**
   * Each ref names a row that exists; a person named in a record was active at the time of their act
   * (its `at` field; else the record's time). An insider probe: a visitor's host and escort were a
   * suspended person, accepted without a word; a second one named a person who had left as a
   * session's locker, judged at its opening. `changed`: the keys a correction changes (null: a new
   * record, every ref): a ref is asked again when it, its act's time or the record's time changes.
   */
  const checkRefs = (ctx: HandlerContext, record: Record<string, unknown>, changed: ReadonlySet<string> | null) => {
    const timeOf = (key: string | undefined) => (key && typeof record[key] === 'string' ? (record[key] as string) : undefined);
    for (const f of def.fields) {
      const v = record[f.key];
      if (f.type.kind !== 'ref' || typeof v !== 'string') continue;
      if (changed && !changed.has(f.key) && !(timeKey && changed.has(timeKey)) && !(f.at && changed.has(f.at))) continue;
      const row = ctx.store.rowById(f.type.table as JournaledTable, v);
      if (!row) throw new DaichoError('not_found', 'errors.not_found', f.key);
      const when = timeOf(f.at) ?? timeOf(timeKey) ?? ctx.now;
      if (f.type.table === 'people' && !personActiveAt(ctx.store, v, row.active, when)) throw new DaichoError('invalid_input', 'errors.person_inactive', f.key, { name: String(row.name) });
    }
  };
  const pastFields = pastFieldsOf(def);
  /** The record's own time (its month, day or instant): not absurdly far back (record-parts.ts refuseTooOld). */
  const ownTimeFields = [...new Set([def.monthField, def.timeField].filter((k): k is string => k !== undefined))];
  /**
   * The people a record names and its times not ahead of now: every field's refusal together, to be
   * said with the ledger's own (a walk-through: a checkout ahead of now, due before it went out and
   * with no approver took three saves to hear of all three). Null when all hold.
   */
  const checkNamesAndTimes = (ctx: HandlerContext, record: Record<string, unknown>, changed: ReadonlySet<string> | null, values: Record<string, unknown>): DaichoError | null =>
    fieldRefusals([
      () => checkRefs(ctx, record, changed),
      ...pastFields.map((f) => () => {
        const v = values[f.key];
        if (typeof v === 'string') refuseFuture(ctx.now, v, f.key);
      }),
      ...ownTimeFields.map((key) => () => {
        const v = values[key];
        if (typeof v === 'string') refuseTooOld(ctx.now, v, key, ownPerson(ctx, def.access.write) !== null, oldestRecordYears(ctx.settings, def.key));
      }),
    ]);
  const columns = (input: Record<string, unknown>): Row => {
    const out: Row = {};
    for (const f of def.fields) if (f.key in input) out[f.column] = toColumn(f, input[f.key]);
    return out;
  };
  /** An own-records keeper records (and previews) only for themselves. */
  const refuseOthers = (ctx: HandlerContext, input: Record<string, unknown>) => {
    const own = ownPerson(ctx, def.access.write);
    if (own === '') throw new DaichoError('forbidden', 'errors.no_linked_person', def.own!.personField);
    if (own !== null && input[def.own!.personField] !== own) throw new DaichoError('forbidden', 'errors.own_only', def.own!.personField);
  };
  /** A new record's fields from the add's input. */
  const createFields = (input: Record<string, unknown>) => Object.fromEntries(def.fields.filter((f) => f.create !== false).map((f) => [f.key, input[f.key]]));
  /** A new record's table row as the add writes it (and the preview judges it), by `who` at `now`. */
  const newRow = (id: string, record: Record<string, unknown>, who: { actor: string; station: string | null }, now: string): Row => ({
    id, ...columns(record), ...rules.systemColumns?.(record as Partial<RecordValues<D>>, { verb: 'add', before: null, now }),
    status: 'valid', void_reason: null, recorded_at: now, recorded_by: who.actor, station: who.station, amended_at: null, amend_count: 0,
  });

  const shape: ListShape = { def, byKey, timeCol, siteCol, monthField, textCols, refSearches: refSearches(def), personCol, sortCol, tieBreak: extra.own?.tieBreak };
  const list = (ctx: HandlerContext, q: ListQuery): Paged<R> => {
    const ownSearch = extra.own?.search;
    const sql = listSql(shape, q, {
      ownPerson: ownPerson(ctx, def.access.read), readableSites: ctx.readableSites, now: ctx.now,
      search: typeof ownSearch === 'function' ? ownSearch(ctx) : (ownSearch ?? []),
    });
    if (q.anomaliesOnly) {
      // Anomalies are computed, never stored: the filtered records are judged, then paged.
      const rc = ruleCtx(ctx);
      const all = ctx.store.stmt(`SELECT * FROM ${table}${sql.where}${sql.order}`).all(sql.params) as Row[];
      const judged = judge(all, rc);
      const flagged = all.filter((r) => (judged.get(String(r.id))?.length ?? 0) > 0);
      return { rows: present(ctx, flagged.slice(q.page * q.pageSize, (q.page + 1) * q.pageSize), rc), total: flagged.length, page: q.page, pageSize: q.pageSize };
    }
    const { rows, total } = pageOf(ctx.store, table, sql, q);
    return { rows: present(ctx, rows), total, page: q.page, pageSize: q.pageSize };
  };

  /** A record that may still change: not voided, its personal data not erased. */
  const live = (ctx: HandlerContext, id: string): Row => {
    const row = mustGet(ctx, id);
    if (row.status === 'void') throw new DaichoError('conflict', messages.voided, 'id');
    // Its personal data was erased after the retention period: the record stays as it is (SPEC §8).
    if (row.personal_erased_at) throw new DaichoError('conflict', messages.erased, 'id');
    return row;
  };

  const voidRecord = (ctx: HandlerContext, id: string, reason: string, version?: number): R => {
    // A record whose personal data was erased may still be voided (a duplicate found late): its status is not personal data.
    const before = mustGet(ctx, id);
    if (before.status === 'void') throw new DaichoError('conflict', messages.voided, 'id');
    refuseOwnRecord(ctx, before, personCol, rules.parties);
    // Voided from a screen shown before another act on it (a correction that made it right): refused (insider probe 10).
    refuseStale(ctx.store, table, before, version);
    const rc = ruleCtx(ctx);
    const busy = rules.inUse?.(values(before), rc);
    if (busy) throw new DaichoError('conflict', busy, 'id');
    const voider = ctx.actor();
    const { after } = ctx.store.write(voider, (tx) => {
      const out = tx.update(table, id, { status: 'void', void_reason: reason }, { action: actionOf('void'), reason });
      rules.alsoWrite?.(tx, values(out.after), { ...rc, verb: 'void', before: values(before), action: actionOf('void'), reason, actor: voider.actor });
      return out;
    });
    return toRecord(ctx, after);
  };

  /** What a correction writes over the record's row at `now`: its changed columns, the rules' own, and the correction's count. */
  const amendedColumns = (p: Pick<PreparedAmend, 'before' | 'prior' | 'next' | 'changed'>, now: string): Row => ({
    ...p.changed, ...rules.systemColumns?.(p.next, { verb: 'amend', before: p.prior, now }), amended_at: now, amend_count: Number(p.before.amend_count) + 1,
  });
  /**
   * A preview's answer: someone who keeps only their own records is not told through it what the facts under an
   * anomaly name (a review: a staff member's checklist previews listed every visitor and stay of any day, and wrote nothing).
   */
  const previewOf = (ctx: HandlerContext, anomalies: LedgerAnomaly[]) => ({ anomalies: ownPerson(ctx, def.access.read) === null ? anomalies : anomalies.map(({ facts: _facts, ...a }) => a) });
  /** A correction checked and derived: the record read, its values before and after, the columns it changes. */
  type PreparedAmend = { before: Row; prior: RecordValues<D>; next: Partial<RecordValues<D>>; changed: Row; rc: RuleContext<D> };
  /**
   * A correction as the amend writes it — checked, derived (a preview's second person taken as given), its
   * changed columns — up to the write, which is the amend's alone: the preview of a correction judges the same.
   * `then` runs at once after the last check, in the same turn (nothing can act on the record in between).
   */
  const prepareAmend = async <T>(ctx: HandlerContext, id: string, changes: Record<string, unknown>, version: number | undefined, preview: boolean, then: (p: PreparedAmend) => T): Promise<T> => {
    const before = live(ctx, id);
    refuseOwnRecord(ctx, before, personCol, rules.parties);
    // Made from a screen some act has changed since: it would write over that act unseen (shownVersion).
    refuseStale(ctx.store, table, before, version);
    // A new time asks again of everyone the record names (of an act's person, its act's new time).
    const early = together(
      extra.own?.checksFields ? null : checkNamesAndTimes(ctx, { ...values(before), ...changes }, new Set(Object.keys(changes)), changes),
      // Nor says it happened after it was written down (every ledger's, its own field checks or not).
      afterRecorded(ctx.now, pastFields, rules.closing, before, changes),
    );
    const rc = ruleCtx(ctx);
    const prior = values(before);
    const merged = { ...prior, ...changes } as Record<string, unknown>;
    const typed = new Set(def.fields.filter((f) => f.key in changes).map((f) => f.key));
    // Only a derive waits; without one, the record read above is the one written (a review of this change:
    // a wait here let a void, or a second correction, in between, and the correction was written over it).
    const derived = rules.derive
      ? await sayingWith(early, () => deriveSayingAll(rules.derive!(merged, { ...rc, handler: ctx, verb: 'amend', before: prior, preview }), () => rules.check?.(merged as Partial<RecordValues<D>>, checkCtx(ctx, rc, id, typed))))
      : {};
    // The derive may have waited (a second person's password): the record must still be as it was
    // read, or this correction would be judged on what another act has changed since (an insider
    // probe: a return recorded meanwhile was overwritten; a void, then this correction of it).
    if (rules.derive && !sameRow(live(ctx, id), before)) throw new DaichoError('conflict', 'errors.changed_meanwhile', 'id');
    const cols = columns({ ...changes, ...derived });
    // A structured value is compared as a value (its text may be of an older form).
    const stored = (c: string) => {
      const f = byColumn.get(c);
      return f?.type.kind === 'json' && typeof before[c] === 'string' ? toColumn(f, toValue(f, before[c] as string)) : before[c];
    };
    const changed = Object.fromEntries(Object.entries(cols).filter(([c, v]) => stored(c) !== v));
    if (Object.keys(changed).length === 0) throw new DaichoError('invalid_input', 'errors.no_change', 'changes');
    const next = { ...merged, ...derived } as Partial<RecordValues<D>>;
    // (A missing identifier filled in is no other thing: a serial noted while its laptop is out.)
    const held = def.fields.find((f) => f.column in changed && (f.key === def.siteField || (rules.identity?.includes(f.key) && before[f.column] != null)));
    if (held) {
      const busy = rules.inUse?.(prior, rc);
      if (busy) throw new DaichoError('conflict', busy, held.key);
    }
    sayingWith(early, () => rules.check?.(next, checkCtx(ctx, rc, id, new Set(def.fields.filter((f) => f.column in changed).map((f) => f.key)))));
    if (early) throw early;
    return then({ before, prior, next, changed, rc });
  };

  const handlers: Record<string, AnyHandler> = {
    [`${def.key}.list`]: (ctx, q: ListQuery) => list(ctx, q),

    [`${def.key}.get`]: (ctx, { id }: { id: string }) => toRecord(ctx, mustGet(ctx, id)),

    [`${def.key}.add`]: async (ctx, input: Record<string, unknown>) => {
      refuseOthers(ctx, input);
      const early = extra.own?.checksFields ? null : checkNamesAndTimes(ctx, input, null, input);
      const rc = ruleCtx(ctx);
      const fields = createFields(input);
      // Only a derive waits (a second person's password); without one, nothing runs between the checks and the write.
      const derived = rules.derive
        ? await sayingWith(early, () => deriveSayingAll(rules.derive!(input, { ...rc, handler: ctx, verb: 'add' }), () => rules.check?.(fields as Partial<RecordValues<D>>, checkCtx(ctx, rc, null, 'all'))))
        : {};
      const record = { ...fields, ...derived } as Record<string, unknown>;
      sayingWith(early, () => rules.check?.(record as Partial<RecordValues<D>>, checkCtx(ctx, rc, null, 'all')));
      if (early) throw early;
      const who = ctx.actor();
      const id = ctx.store.newId();
      const row = ctx.store.write(who, (tx) => {
        const r = tx.insert(table, newRow(id, record, who, tx.now), { action: actionOf('add') });
        rules.alsoWrite?.(tx, values(r), { ...rc, verb: 'add', before: null, action: actionOf('add'), reason: null, actor: who.actor });
        return r;
      });
      return toRecord(ctx, row);
    },

    // The record as the add would write it, judged and not written: its time, site and settings as the add's.
    ...(previewsAnomalies(def) && !extra.own
      ? {
          [`${def.key}.preview`]: async (ctx: HandlerContext, input: Record<string, unknown>) => {
            refuseOthers(ctx, input);
            const early = checkNamesAndTimes(ctx, input, null, input);
            if (early) throw early;
            const rc = ruleCtx(ctx);
            const record = { ...createFields(input), ...(await rules.derive?.(input, { ...rc, handler: ctx, verb: 'add', preview: true })) } as Record<string, unknown>;
            rules.check?.(record as Partial<RecordValues<D>>, checkCtx(ctx, rc, null, 'all'));
            const id = 'preview';
            return previewOf(ctx, judge([newRow(id, record, ctx.actor(), ctx.now.toISOString())], rc).get(id) ?? []);
          },
          // A correction as typed, judged as the amend would leave the record, and not written.
          [`${def.key}.previewAmend`]: (ctx: HandlerContext, { id, changes }: { id: string; changes: Record<string, unknown> }) =>
            // (What alsoWrite may still refuse inside the write — the asset out again meanwhile — only the save says.)
            prepareAmend(ctx, id, changes, undefined, true, (p) => previewOf(ctx, judge([{ ...p.before, ...amendedColumns(p, ctx.now.toISOString()) }], p.rc).get(id) ?? [])),
        }
      : {}),

    [`${def.key}.amend`]: (ctx, { id, changes, reason, version }: { id: string; changes: Record<string, unknown>; reason: string; version?: number }) =>
      prepareAmend(ctx, id, changes, version, false, ({ before, prior, next, changed, rc }) => {
        const amender = ctx.actor();
        const { after } = ctx.store.write(amender, (tx) => {
          const out = tx.update(table, id, amendedColumns({ before, prior, next, changed }, tx.now), { action: actionOf('amend'), reason });
          // A register's name that other records are shown by: their own time's name stays theirs (setting-versions.ts NAMED_REGISTER).
          const nameColumn = namedColumnOf(table);
          if (nameColumn && out.before[nameColumn] !== out.after[nameColumn])
            recordRegisterChange(ctx.store, tx, table as keyof typeof NAMED_REGISTER, nameColumn, id, out.before[nameColumn], out.after[nameColumn], { action: actionOf('amend'), reason });
          rules.alsoWrite?.(tx, values(out.after), { ...rc, verb: 'amend', before: prior, action: actionOf('amend'), reason, actor: amender.actor });
          return out;
        });
        return toRecord(ctx, after);
      }),

    [`${def.key}.void`]: (ctx, { id, reason, version }: { id: string; reason: string; version?: number }) => voidRecord(ctx, id, reason, version),

    [`${def.key}.history`]: (ctx, { id }: { id: string }) => {
      mustGet(ctx, id);
      const entries = historyOf(ctx, table, id);
      // A site head reads what happened while the record was at their sites: a register moved to
      // theirs brings no acts of another site's ledger with it (a probe: a guest card moved to Osaka
      // showed the head office visit's loss report, with the visitor's name).
      const sites = ctx.readableSites;
      if (!sites || !siteCol) return entries;
      return entries.filter((e) => sites.includes(String((e.after ?? e.before)?.[siteCol])));
    },
  };

  if (def.siteSettings) Object.assign(handlers, siteSettingsHandlers(def, rules.checkSettings));

  for (const [name, h] of Object.entries(extra.handlers ?? {})) {
    if (name in handlers) throw new Error(`ledger ${def.key}: ${name} is the record book's own`);
    handlers[name] = h;
  }
  // A ledger whose API is its own serves the book's work under its own inputs (its contract says which methods it has).
  for (const [name, h] of Object.entries(extra.own?.handlers ?? {})) {
    if (!extra.contract || !(name in extra.contract)) throw new Error(`ledger ${def.key}: ${name} is not in its contract`);
    handlers[name] = h;
  }
  const contract = extra.contract ?? (ledgerContract(def) as unknown as Record<string, MethodDef>);
  return {
    definition: def,
    contract,
    handlers,
    migrations: extra.migrations ?? [],
    select: (ctx, where, params = {}, order = `${timeCol}, id`) => present(ctx, ctx.store.stmt(`SELECT * FROM ${table} WHERE ${where} ORDER BY ${order}`).all(params) as Row[]),
    judgeRows: (ctx, rows) => judge(rows, ruleCtx(ctx)),
    get: (ctx, id) => toRecord(ctx, mustGet(ctx, id)),
    getLive: (ctx, id) => toRecord(ctx, live(ctx, id)),
    list,
    voidRecord,
    ownPerson,
  };
}
