import type { Role } from '../../../../shared/domain/roles';
import type { MethodDef } from '../../../../shared/api/kit';
import type { LedgerAnomaly, LedgerDefinition, LedgerRecord } from '../../../../shared/ledgers/kit';
import type { HandlerContext } from '../../context';
import type { JournaledTable, Migration } from '../../store/migrations';
import type { Row } from '../../store/store';
import type { Paged } from '../../../../shared/api/schemas';
import type { MessageKey } from '../../../../shared/i18n';
import type { ListQuery } from './record-parts';
import type { SourceRecord } from '../../review/sources';
import type { SheetBody, SheetOptions } from '../../print/sheets';
import type { LabelTerm, ReviewFact } from '../../../../shared/api/review-contract';

// What the core registers of a ledger (ledgers/registry.ts) and what the monthly review reads of it:
// the record book (record-book.ts) makes one from a definition; a ledger adds its own parts.

export type AnyHandler = (ctx: HandlerContext, input: never) => unknown;

/** A ledger as the core registers it (ledgers/registry.ts): its contract part, handlers and migrations. */
export interface LedgerModule {
  definition: LedgerDefinition;
  contract: Record<string, MethodDef>;
  handlers: Record<string, AnyHandler>;
  migrations: Migration[];
  /**
   * Its part of the monthly review beyond the kit's: the month's own anomalies (a day without a
   * checklist); `records`, a month's records as the review lists them, for a ledger whose records the
   * kit does not read (`select`).
   */
  review?: {
    /**
     * Whose seal completes a month's review (the server-room book: the safety manager's own, Art.
     * 13(1)); without it, any reviewer's. A seal by another seals the month (its dispositions and
     * records) and leaves it due for this role (an insider probe: a site head's 確認 alone closed it).
     */
    completedBy?: 'safety_manager';
    /**
     * Its records are the own act of whoever writes them (an access-log check is made by the one who
     * records it, Art. 14(3)): a reviewer who wrote one of the month's may not sign the month, as the
     * signature would confirm their own act (Art. 9; an insider probe: a system administrator
     * designated for the access-log ledger sealed a month of his own checks).
     */
    writerActs?: boolean;
    monthItems?(ctx: ReadContext, siteId: string, month: string): MonthItem[];
    /**
     * Whose duty a month item names, by its code (the access-log check not made is the system
     * administrator's, Art. 14(3)): a reviewer who holds that role does not dispose of it (Art. 9).
     */
    monthDuty?: Partial<Record<string, Role>>;
    /**
     * SQL with @subject (a month item's subject), @person and @account: is the month item about the
     * reviewer (a door terminal's refused entry of their own person)? Not theirs to review (an insider probe).
     */
    monthInvolves?: string;
    records?(ctx: ReadContext, siteId: string, month: string): SourceRecord[];
    /** With `records`: its records by id, named as there (wherever they are now). */
    recordsById?(ctx: ReadContext, ids: readonly string[]): SourceRecord[];
    /**
     * A change to a register that loosens this ledger's rules (an asset's kind corrected to one that
     * needs no approval): judged on the register row before and after each change; what it returns
     * comes up in the review of the month it was made, to dispose of (review/change-notes.ts).
     */
    registerChange?: RegisterWatch | readonly RegisterWatch[];
    /**
     * The other records judged together with a row (a stay's overlap with another of the same
     * person): a correction of one can take the other's anomaly away, noted for the other's month too.
     */
    partners?(ctx: ReadContext, row: Row): Row[];
    /**
     * Rows of another table its rules read (the last-exit checklist's 「still open」 reads the stays,
     * the cabinets' sessions, the visits): an act on one of them that takes an anomaly of this
     * ledger's record away is noted for that record's month, as a correction of the record itself is.
     */
    judgedFrom?: readonly JudgedFrom[];
    /**
     * SQL over the table's row with the parameters @person (the reviewer's person id, or null) and
     * @account (their account id): did they take part in it (a stay's companion, a checkout's
     * approver)? Their items are not theirs to review.
     */
    involves?: string;
    /**
     * SQL over the table's row: true while the record is still open (a checkout out, a cabinet not
     * locked): its anomalies can arise with time after its month was signed (review/arisen-items.ts).
     */
    open?: string;
  };
  /** Its month on paper, for a ledger whose columns are its own rather than its fields' (print/sheets.ts). */
  print?: {
    body(env: ReadContext, siteId: string, month: string, opts: SheetOptions): SheetBody;
    /** A stored value of a column in the sheet's words, where the field's type does not say it (the server-room book's purpose code): for the corrections on paper. */
    changeValue?(env: ReadContext, column: string, value: unknown, row: Record<string, unknown>, lang: SheetOptions['lang']): string | null;
  };
}

/**
 * A register whose changes may loosen a ledger's rules, and how each is judged: `judge`, each update
 * (the row before and after); `judgeNew`, each new row (a grant).
 */
export interface RegisterWatch {
  table: JournaledTable;
  judge?(ctx: ReadContext, before: Row, after: Row): RegisterChange | readonly RegisterChange[] | null;
  /** `actor`: who wrote the new row (an account id; a person or the migration otherwise). */
  judgeNew?(ctx: ReadContext, row: Row, action: string, actor: string): RegisterChange | readonly RegisterChange[] | null;
}

/** A table another ledger's rules read, and what an update of one of its rows takes away there. */
export interface JudgedFrom {
  /** A core table or a kit ledger's. */
  table: string;
  /** The records of the ledger, and each anomaly they had, that the update from `before` to `after` took away. */
  gone(ctx: ReadContext, before: Row, after: Row): { row: Row; anomaly: LedgerAnomaly }[];
  /** The records of the ledger that the write (`before` null: a new row) gave an anomaly, or more of one: noted on a signed month as a change after its seal. */
  arisen?(ctx: ReadContext, before: Row | null, after: Row): Row[];
}

/** A register change that loosened a ledger's rules: the site it concerns, its code (`<i18n>.registerChanges.<code>`) and parameters. */
export interface RegisterChange {
  siteId: string;
  code: string;
  params: Record<string, string | number>;
}

/** An anomaly of a month rather than of a record (review/sources.ts). */
export interface MonthItem {
  subject: string;
  code: string;
  messageKey: string;
  params?: Record<string, string | number>;
  label: string;
  labelTerm?: LabelTerm;
  facts?: ReviewFact[];
  at: string | null;
  /** Not to be disposed of before this day (YYYY-MM-DD): a duty whose due day has not come (ReviewItem.waitingUntil). */
  waitingUntil?: string;
  /** Said for information: no disposition is asked before signing; one may be given (ReviewItem.informational). */
  informational?: boolean;
}

/** What reading records needs: the data, the settings and the time (a handler's context has them; so has printing's). */
export type ReadContext = Pick<HandlerContext, 'store' | 'settings' | 'now'>;

/**
 * What a ledger whose API is its own (the server-room book: stays with their names and companions
 * resolved) gives the record book besides its rules.
 */
export interface OwnApi<R> {
  /** Its records as the API returns them, from table rows (in their order). */
  present(ctx: ReadContext, rows: Row[]): R[];
  /** SQL on the ledger's table of the sorts that are not a field's column (a person's kana, a site's order). */
  sorts?: Record<string, string>;
  /** SQL on the ledger's table that orders records equal in the sort (default: their id). */
  tieBreak?: string;
  /**
   * Conditions (SQL on the ledger's table; `@search` is the LIKE pattern, escaped with \\) a search
   * matches beside its text fields; or, where they depend on who searches, the conditions for the caller.
   */
  search?: readonly string[] | ((ctx: HandlerContext) => readonly string[]);
  /** Its own messages where the kit's are general: a record not found, voided, erased. */
  messages?: { notFound?: MessageKey; voided?: MessageKey; erased?: MessageKey };
  /**
   * Its rules check the references and times of a new or corrected record themselves (`rules.check`,
   * with its own messages and in its own order): the book's checks of ref fields and past instants are skipped.
   */
  checksFields?: boolean;
  /** Its methods served by the record book's work under its own input (a list input of its own): they replace the book's. */
  handlers: Record<string, AnyHandler>;
}

/** The record book of one ledger, for its own methods: its records as the API gives them, read by a condition. */
export interface RecordBook<D extends LedgerDefinition, R = LedgerRecord<D>> extends LedgerModule {
  /** Records where `where` (SQL on the ledger's table, named parameters), in `order`, each with its names and anomalies. */
  select(ctx: ReadContext, where: string, params?: Record<string, string | number>, order?: string): R[];
  /** The anomalies of table rows as they are given (a row as it was before an act, too), by id; void rows have none. */
  judgeRows(ctx: ReadContext, rows: Row[]): Map<string, LedgerAnomaly[]>;
  /** One record (refused as not found for someone who keeps only their own records and this is not theirs). */
  get(ctx: HandlerContext, id: string): R;
  /** One record an act may still change: refused when voided, or when its personal data was erased (SPEC §8). Every act of a ledger's own (a sign-out, a return, a lock) reads its record so. */
  getLive(ctx: HandlerContext, id: string): R;
  /** A page of the list (the `<key>.list` method's work), for a ledger whose list input is its own. */
  list(ctx: HandlerContext, q: ListQuery): Paged<R>;
  /** Void a record with a reason (the `<key>.void` method's work). */
  voidRecord(ctx: HandlerContext, id: string, reason: string, version?: number): R;
  /** The person whose records alone the caller keeps, or null (keeps or reads the whole ledger). */
  ownPerson(ctx: HandlerContext, allowed: readonly Role[]): string | null;
}
