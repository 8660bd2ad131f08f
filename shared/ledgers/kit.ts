import { z } from 'zod';
import { method, type MethodDef } from '../api/kit';
import { codeText, formatOrRequired, id, optionalCodeText, instant, line, month, msg, plainDate, multilineText, optionalMultilineText, optionalText, optionalVerbatimText, page, reason, isPlaceholder, text, verbatimText, type Paged } from '../api/schemas';
import type { HistoryEntry } from '../domain/session';
import type { Role } from '../domain/roles';
import type { ReviewFact } from '../api/review-contract';

// The ledger kit (issue 8, DESIGN rule 4 "a ledger is a module"): one definition per ledger, from
// which the API's schemas (one source of limits for the form and the core), the list input, the
// record's type and the columns of its table are derived. The core's record book
// (electron/core/ledgers/kit/record-book.ts) serves list, get, add, amend, void and history from it.

/** What a field holds. Texts have a maximum length; every text is checked like the rest of the contract. */
export type FieldType =
  /**
   * `verbatim`: a code, a number or a path, kept as typed (no half-width kana made full-width); one line.
   * `code`: a code the company gives (a register's), in A–Z, kana, kanji, 0–9 and marks only (schemas.ts codeText).
   */
  | { kind: 'text'; max: number; multiline?: boolean; verbatim?: boolean; code?: boolean }
  | { kind: 'instant' }
  /** A Japan month, "YYYY-MM" (the month a monthly check is about). */
  | { kind: 'month' }
  /** A Japan calendar day, "YYYY-MM-DD" (the business day a checklist is for). */
  | { kind: 'date' }
  | { kind: 'enum'; values: readonly [string, ...string[]] }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  /**
   * A structured value (a checklist's items), checked by its own schema and kept as canonical JSON
   * text. Its control on a form is the ledger's own (a record-form addition); lists show it as the
   * ledger says (a column may leave it out with inList: false).
   */
  | { kind: 'json'; schema: z.ZodType }
  /** The id of a row of another table (a site, a person); shown by its `nameColumn` when given. */
  | { kind: 'ref'; table: string; nameColumn?: string };

export interface FieldDef {
  /** Its name in the API (camelCase). */
  key: string;
  /** Its column in the ledger's table (snake_case). */
  column: string;
  type: FieldType;
  required: boolean;
  /** The i18n key of its label (forms, list columns, history, CSV and print). */
  label: string;
  /** Whether an amendment may change it (default true). */
  amendable?: boolean;
  /**
   * An enum's values a correction may set; the others come from the ledger's own acts (an asset's
   * 持出中 and 紛失, from a checkout and a loss report) and are offered only as the value it has.
   */
  settable?: readonly string[];
  /** Whether the list shows it as a column (default true); a long note is read in the record's history and on paper. */
  inList?: boolean;
  /**
   * Not a column of its own but a line under another listed field's value (its key), with its label:
   * what the rules ask a record to say, shown without widening the list (a walk-through: the visitors'
   * list hid 立入区域 and 同行社員, the checkouts' 目的 and 承認者). Only where it has a value.
   */
  listUnder?: string;
  /** A short text's list column width in em, where its values run long (a company's name); default 7.5 (or its heading's). */
  listEm?: number;
  /** Whether the printed month shows it (default: as the list does): what the rules ask a record to say is on paper. */
  inPrint?: boolean;
  /**
   * Whether a new record's input has it (default true). False: the ledger's rules set it (a
   * cabinet's site, from the cabinet; an approval, from the approver's password; a return).
   */
  create?: boolean;
  /** A form offers "now" (an instant) or today (a date) for a new record, or the signed-in person (a ref to people). */
  defaultNow?: boolean;
  /**
   * A date offered as today is still the day before until this hour (Japan time): a business day's
   * last exit at 01:30 is that day's (a walk-through: the checklist offered the new day).
   */
  dayTurnsAt?: number;
  defaultSelf?: boolean;
  /** An instant of something that happened: not later than now (a few minutes' grace for the PCs' clocks). */
  past?: boolean;
  /**
   * A person's act with its own time (a ref to people): the instant field it happened at (a lock's
   * locker at its lockedAt, a return's receiver at its returnedAt). The person must have been active
   * then; without it, at the record's time (its timeField).
   */
  at?: string;
  /** Whether the list's search looks in it (a text field; default true): a code the screens show by a label is not searched. */
  search?: boolean;
  /**
   * Setting it is a grant (a cabinet's key custodian: people/authorizations.ts), which an account no
   * person stands behind may not make (errors.no_person_behind): a form does not offer such an account
   * a new record that must set it, and says why.
   */
  grants?: boolean;
}

/**
 * A list filter beside the kit's own (site, month, status): `equals` one value of a field (a person,
 * a cabinet), `presence` of an optional field ("set": returned / locked; "unset": still out), or
 * `due`, an instant field against now ("overdue": before now; "today": later today, Japan time).
 * Its label is `<i18n>.filters.<key>.label` when the catalog has one, else its field's.
 */
export type ListFilter =
  | { key: string; field: string; kind: 'equals' }
  | { key: string; field: string; kind: 'presence' }
  /** `open`: the fields that close the record (a return, a loss report); a closed record is neither overdue nor due. */
  | { key: string; field: string; kind: 'due'; open: readonly string[] };

/** The values of a `due` filter. */
export const DUE_FILTER_VALUES = ['overdue', 'today'] as const;

export interface LedgerDefinition {
  /** The prefix of its API methods: `<key>.list`, `<key>.add`... */
  key: string;
  /** Its journaled table: the fields' columns and the record book's own (see RECORD_COLUMNS). */
  table: string;
  /** The i18n namespace of its labels and messages. */
  i18n: string;
  fields: readonly FieldDef[];
  /** The key of the instant field a record is dated by (month filter, default sort); a register has none. */
  /** The fields that name a record in messages (a visitor by name and company); else its first names of refs. */
  nameFields?: readonly string[];
  timeField?: string;
  /** The key of the ref field naming the record's site, if it has one (site filter). */
  siteField?: string;
  /**
   * The key of the field whose month a record belongs to in the monthly review and on paper (a
   * month or date field: the month checked, the business day), when it is not the timeField's.
   */
  monthField?: string;
  /** The keys a list may be sorted by. */
  sorts: readonly [string, ...string[]];
  /** The codes of its anomaly rules (message keys `<i18n>.anomaly.<code>`). */
  anomalyCodes: readonly string[];
  /**
   * Those of them said for information (SPEC §4.2: a cabinet locked by another than its opener): in the
   * review and on paper like any other, but no disposition is asked before the month is signed (one
   * may still be given).
   */
  informational?: readonly string[];
  /**
   * Who reads it; who adds, amends and voids its records; who reads a record's history, where that
   * is fewer than its readers (a register whose history holds another ledger's acts: an asset's
   * shows who took it out and why it was lost, which staff may not read — an insider probe).
   */
  access: { read: readonly Role[]; write: readonly Role[]; history?: readonly Role[] };
  /**
   * Who keeps only their own records (SPEC §4.3: an employee records their own checkout): these
   * roles list, read and add records whose `personField` is the person of their account, and no
   * others; amend and void stay with `access.write`.
   */
  own?: { roles: readonly Role[]; personField: string };
  /** Its filters beside the kit's own. */
  filters?: readonly ListFilter[];
  /** Input a new record takes beside its fields, for its rules (an approver's password), never stored as given. */
  createExtra?: Record<string, z.ZodType>;
  /**
   * Per-site settings (thresholds of its anomaly rules, SPEC §4): their schema (every key with its
   * limits) and defaults. Saved under the setting `<key>.site.<siteId>`; a site without saved
   * settings uses the defaults; a saved one overrides them key by key. `sets`: the settings that are
   * sets of codes (each once, in one order: kit/site-settings.ts canonicalSets; the same set in another
   * order is no change), each with its choices in the order the form lists them, or null for free codes (sorted).
   */
  siteSettings?: { schema: z.ZodObject; defaults: Record<string, unknown>; sets?: Readonly<Record<string, readonly string[] | null>> };
  /**
   * The keys of its fields that hold personal data (a visitor's name), erasable after the retention
   * period (SPEC §8): the journal commits to them by a salted digest (journal/journal-form.ts). Its
   * table has the columns `personal_salt` and `personal_erased_at`. Append only: a field once listed
   * stays listed (the journal form of its records depends on it).
   */
  personal?: readonly string[];
}

/** The columns every ledger table has beside its fields, written by the record book only. */
export const RECORD_COLUMNS = ['id', 'status', 'void_reason', 'recorded_at', 'recorded_by', 'station', 'amended_at', 'amend_count'] as const;

type ValueOf<T extends FieldType> = T extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : T extends { kind: 'integer' }
    ? number
    : T extends { kind: 'boolean' }
      ? boolean
      : T extends { kind: 'json'; schema: infer S extends z.ZodType }
        ? z.output<S>
        : string;

type FieldValues<D extends LedgerDefinition> = {
  [F in D['fields'][number] as F['key']]: F['required'] extends true ? ValueOf<F['type']> : ValueOf<F['type']> | null;
};

export interface LedgerAnomaly {
  code: string;
  /** Values for the message, e.g. { minutes: 262, max: 240 }. */
  params?: Record<string, string | number>;
  /** What the review shows under it, in the screen's words (the last-exit checklist's items not OK, each with its remark). */
  facts?: ReviewFact[];
}

/** A record as the API returns it: its fields and what the record book keeps about it. */
export type LedgerRecord<D extends LedgerDefinition> = FieldValues<D> & {
  id: string;
  status: 'valid' | 'void';
  voidReason: string | null;
  /** When it was recorded (system clock), by whom (account id), where (station). */
  recordedAt: string;
  recordedBy: string;
  station: string;
  amendedAt: string | null;
  amendCount: number;
  /** Changed by every act on the record (its last journal entry's sequence number): sent back with a correction. */
  version: number;
  /** Added, amended or voided after its month was sealed (封印後修正, SPEC §5). */
  sealedChange: boolean;
  /** The names of the rows its ref fields point to (by field key), for those with a `nameColumn`. */
  names: Record<string, string | null>;
  /** From the ledger's rules, computed from the current values every time (never stored). Empty for voided records. */
  anomalies: LedgerAnomaly[];
  /** When its personal fields were erased after the retention period (they read null, shown 消去済), or null. */
  personalErasedAt: string | null;
  /** Those of its personal fields (by key) that held a value when erased: 消去済, the others empty. */
  erasedFields: string[];
};

/** A real calendar day "YYYY-MM-DD" (not 2026-02-30). */
const calendarDate = plainDate;

/** The input schema of one field. */
export function fieldSchema(f: FieldDef): z.ZodType {
  const t = f.type;
  switch (t.kind) {
    case 'text':
      // A field that must be filled in is not filled by a word that says nothing (-, なし, ・): an
      // insider probe recorded a checkout's 目的 as -, its 持出先 as なし, a visitor named ・ of company -.
      return f.required
        ? (t.multiline ? multilineText(t.max) : t.code ? codeText(t.max) : t.verbatim ? verbatimText(t.max) : text(t.max)).refine((v) => !isPlaceholder(v), msg('errors.field.placeholder'))
        : t.multiline
          ? optionalMultilineText(t.max)
          : t.code
            ? optionalCodeText(t.max)
            : t.verbatim
              ? optionalVerbatimText(t.max)
              : optionalText(t.max);
    case 'instant':
      return f.required ? instant : instant.nullish().transform((v) => v ?? null);
    case 'month':
      return f.required ? month : month.nullish().transform((v) => v ?? null);
    case 'date':
      return f.required ? calendarDate : calendarDate.nullish().transform((v) => v ?? null);
    case 'enum': {
      // Nothing chosen is "choose one" (the field shows 選んでください), not a wrong format.
      const e = z.enum(t.values as [string, ...string[]], formatOrRequired('errors.field.invalid'));
      return f.required ? e : e.nullish().transform((v) => v ?? null);
    }
    case 'integer': {
      const n = z.number(formatOrRequired('errors.field.invalid')).int(msg('errors.field.invalid')).min(t.min, msg('errors.field.invalid')).max(t.max, msg('errors.field.invalid'));
      return f.required ? n : n.nullish().transform((v) => v ?? null);
    }
    case 'boolean':
      return f.required ? z.boolean() : z.boolean().nullish().transform((v) => v ?? null);
    case 'json':
      return f.required ? t.schema : t.schema.nullish().transform((v) => v ?? null);
    case 'ref':
      return f.required ? id : id.nullish().transform((v) => v ?? null);
  }
}

/** The fields of a new record (strict: an unknown key is refused). */
export function createSchema(def: LedgerDefinition) {
  return z.object({ ...Object.fromEntries(def.fields.filter((f) => f.create !== false).map((f) => [f.key, fieldSchema(f)])), ...def.createExtra }).strict();
}

/** The key a list sorts by when none is asked for: the time field, or a register's first sort. */
export function defaultSort(def: LedgerDefinition): string {
  return def.timeField ?? def.sorts[0];
}

/** Who may list and read a ledger (its readers, and those who keep their own records). */
export function readers(def: LedgerDefinition): readonly Role[] {
  return [...new Set([...def.access.read, ...(def.own?.roles ?? [])])];
}

/** An amendment: the record, the fields it changes (amendable ones only), and the reason. */
export function amendSchema(def: LedgerDefinition) {
  return z.object({ id, changes: changesSchema(def), reason, version: shownVersion }).strict();
}

/** A correction's changed fields (each optional). */
function changesSchema(def: LedgerDefinition) {
  return z.object(Object.fromEntries(def.fields.filter((f) => f.amendable !== false).map((f) => [f.key, fieldSchema(f).optional()]))).strict();
}

/** A correction as typed, for its preview (`<key>.previewAmend`): the record and its changes, without the reason. */
export function previewAmendSchema(def: LedgerDefinition) {
  return z.object({ id, changes: changesSchema(def) }).strict();
}

/**
 * The version of the record a correction or a void was made from, as shown (its `version`, the last
 * act on it). Refused when another act came in between, which this one would silently write over
 * (insider probes: two clerks corrected one visitor's company from the same screen, and the first
 * was lost; a return recorded meanwhile was written over; a record voided after it was corrected).
 * Optional: a caller without a screen (the CLI, a test) acts on the record as it is.
 */
export const shownVersion = z.number(msg('errors.field.invalid')).int(msg('errors.field.invalid')).min(0, msg('errors.field.invalid')).optional();

export const LIST_STATUSES = ['valid', 'void', 'all'] as const;

/** Who reads and changes a ledger's per-site settings (as the server-room book's). */
const SETTINGS_ACCESS: readonly Role[] = ['sysadmin', 'safety_manager'];

/** The list's input: paging, site, month, status, anomalies only, sort. */
export function listSchema(def: LedgerDefinition) {
  const filterSchema = (f: ListFilter) =>
    f.kind === 'presence' ? z.enum(['set', 'unset'], msg('errors.field.invalid')) : f.kind === 'due' ? z.enum(DUE_FILTER_VALUES, msg('errors.field.invalid')) : line().max(100, msg('errors.field.too_long'));
  return page
    .extend({
      siteId: id.optional(),
      month: month.optional(),
      status: z.enum(LIST_STATUSES).default('valid'),
      anomaliesOnly: z.boolean().default(false),
      sort: z.enum(def.sorts as [string, ...string[]]).default(defaultSort(def)),
      desc: z.boolean().default(def.timeField !== undefined),
      search: line().trim().max(60, msg('errors.field.too_long')).optional(),
      ...Object.fromEntries((def.filters ?? []).map((f) => [f.key, filterSchema(f).optional()])),
    })
    .strict()
    // Anomalies are computed, not stored: "anomalies only" judges one month's records at a time.
    .refine((q) => !q.anomaliesOnly || q.month !== undefined, { path: ['month'], ...msg('errors.field.required') });
}

/** A site's settings as the API returns them. */
export type SiteSettingsView<D extends LedgerDefinition> = (D['siteSettings'] extends { defaults: infer T } ? T : Record<string, never>) & {
  siteId: string;
  /** Nothing saved yet for this site: these are the defaults. */
  isDefault: boolean;
};

/** The setting that holds a site's settings of a ledger. */
export function siteSettingsKey(def: Pick<LedgerDefinition, 'key'>, siteId: string): `${string}.site.${string}` {
  return `${def.key}.site.${siteId}`;
}

type SettingsMethods<D extends LedgerDefinition> = D extends { siteSettings: object }
  ? { [K in `${D['key']}.getSettings` | `${D['key']}.updateSettings`]: MethodDef<z.ZodType, SiteSettingsView<D>> }
  : unknown;

type Methods<D extends LedgerDefinition> = SettingsMethods<D> & {
  [K in `${D['key']}.list`]: MethodDef<ReturnType<typeof listSchema>, Paged<LedgerRecord<D>>>;
} & {
  [K in `${D['key']}.get` | `${D['key']}.void`]: MethodDef<z.ZodType, LedgerRecord<D>>;
} & {
  [K in `${D['key']}.add` | `${D['key']}.amend`]: MethodDef<z.ZodType, LedgerRecord<D>>;
} & {
  [K in `${D['key']}.history`]: MethodDef<z.ZodType, HistoryEntry[]>;
} & {
  /** Only where the ledger has anomalies (`previewsAnomalies`). */
  [K in `${D['key']}.preview` | `${D['key']}.previewAmend`]: MethodDef<z.ZodType, { anomalies: LedgerAnomaly[] }>;
};

/**
 * Does the ledger say, before a new record is saved, what it would be marked with (`<key>.preview`):
 * those with anomalies (a cabinet opened outside business hours, a slip typed days late), as the
 * server-room book's form does (a user probe: the kit's forms said nothing until after the save).
 */
export function previewsAnomalies(def: Pick<LedgerDefinition, 'anomalyCodes'>): boolean {
  return def.anomalyCodes.length > 0;
}

/** The ledger's part of the API contract, derived from its definition. */
export function ledgerContract<const D extends LedgerDefinition>(def: D): Methods<D> {
  const read = readers(def);
  const write = def.access.write;
  const add = [...new Set([...write, ...(def.own?.roles ?? [])])];
  return {
    // A search over the whole history reads every record: in the reader worker. Passive: a panel
    // polls it (the guest cards out), and the person's own paging is carried by the heartbeat.
    [`${def.key}.list`]: method<Paged<LedgerRecord<D>>>()({ input: listSchema(def), access: read, inReader: true, passive: true }),
    [`${def.key}.get`]: method<LedgerRecord<D>>()({ input: z.object({ id }).strict(), access: read }),
    [`${def.key}.add`]: method<LedgerRecord<D>>()({ input: createSchema(def), access: add }),
    [`${def.key}.amend`]: method<LedgerRecord<D>>()({ input: amendSchema(def), access: write }),
    [`${def.key}.void`]: method<LedgerRecord<D>>()({ input: z.object({ id, reason, version: shownVersion }).strict(), access: write }),
    [`${def.key}.history`]: method<HistoryEntry[]>()({ input: z.object({ id }).strict(), access: def.access.history ?? read }),
    // What a new record as typed would be marked with; nothing is stored, and a second person's password is not asked (nor sent).
    // Passive: the form asks again each minute while it stays open, which is not the person's activity (the idle lock, Art. 11(4)).
    // And a correction as typed (a user probe: a lock time corrected past the limit said nothing until saved).
    ...(previewsAnomalies(def)
      ? {
          [`${def.key}.preview`]: method<{ anomalies: LedgerAnomaly[] }>()({ input: createSchema(def), access: add, passive: true }),
          [`${def.key}.previewAmend`]: method<{ anomalies: LedgerAnomaly[] }>()({ input: previewAmendSchema(def), access: write, passive: true }),
        }
      : {}),
    ...(def.siteSettings
      ? {
          [`${def.key}.getSettings`]: method<SiteSettingsView<D>>()({ input: z.object({ siteId: id }).strict(), access: SETTINGS_ACCESS }),
          // Thresholds decide what the monthly review sees: an administrator's act, with the password again, and
          // why — the review shows the change with it (a carried note: a rule changed with no reason given).
          [`${def.key}.updateSettings`]: method<SiteSettingsView<D>>()({
            input: z.object({ siteId: id, changes: def.siteSettings.schema.partial().strict(), reason }).strict(),
            access: SETTINGS_ACCESS,
            elevated: true,
          }),
        }
      : {}),
  } as unknown as Methods<D>;
}

/** A column of the ledger as lists, history, CSV and print show it: the record's key, its label, what it holds. */
export interface LedgerColumn {
  key: string;
  column: string;
  label: string;
  type: FieldType;
}

/** The ledger's columns in the order of its definition (a voided record is shown struck through, not as a column). */
export function ledgerColumns(def: LedgerDefinition): LedgerColumn[] {
  return def.fields.map((f) => ({ key: f.key, column: f.column, label: f.label, type: f.type }));
}

/** A record as the screens and the review see it: its fields by key, and its refs' names. */
type NamedRecord = Record<string, unknown> & { names?: Record<string, string | null> };

/**
 * The names of what a record refers to (人事書類庫, 山田 太郎), not its site, in the order of its
 * fields: how a record is named in buttons, histories and the review (renderer record-words.ts,
 * core review/sources.ts), at most `max` of them.
 */
export function refNames(def: LedgerDefinition, r: NamedRecord, max = 2): string[] {
  return def.fields
    .filter((f) => f.type.kind === 'ref' && f.key !== def.siteField && f.inList !== false)
    .map((f) => r.names?.[f.key])
    .filter((n): n is string => !!n)
    .slice(0, max);
}

/** The value of the ledger's first required text field (a register's code: C-01, PC-001; a purpose), or null. */
export function firstText(def: LedgerDefinition, r: NamedRecord): string | null {
  const text = def.fields.find((f) => f.type.kind === 'text' && f.required);
  return text && typeof r[text.key] === 'string' ? (r[text.key] as string) : null;
}

/** The words of the fields a record is named by (its definition's `nameFields`: a visitor's name and company), those given. */
export function ownNames(def: LedgerDefinition, r: NamedRecord): string[] {
  return (def.nameFields ?? []).map((key) => r[key]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The message key of an enum field's value: `<i18n>.values.<field>.<value>`. */
export function enumLabelKey(def: Pick<LedgerDefinition, 'i18n'>, field: string, value: string): string {
  return `${def.i18n}.values.${field}.${value}`;
}

/** The message key of an anomaly: `<i18n>.anomaly.<code>`. */
export function anomalyKey(def: Pick<LedgerDefinition, 'i18n'>, code: string): string {
  return `${def.i18n}.anomaly.${code}`;
}

/** The SQL column type and constraint of a field (for the ledger's create_table migration). */
function columnSql(f: FieldDef): string {
  const t = f.type;
  const notNull = f.required ? ' NOT NULL' : '';
  switch (t.kind) {
    case 'integer':
      return `${f.column} INTEGER${notNull} CHECK (${f.column} IS NULL OR ${f.column} BETWEEN ${t.min} AND ${t.max})`;
    case 'boolean':
      return `${f.column} INTEGER${notNull} CHECK (${f.column} IS NULL OR ${f.column} IN (0, 1))`;
    case 'enum':
      return `${f.column} TEXT${notNull} CHECK (${f.column} IS NULL OR ${f.column} IN (${t.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}))`;
    case 'ref':
      return `${f.column} TEXT${notNull} REFERENCES ${t.table}(id)`;
    default:
      return `${f.column} TEXT${notNull}`;
  }
}

/** CREATE TABLE (and its time index) for a ledger's table: its fields and the record book's columns. */
export function ledgerTableSql(def: LedgerDefinition): string {
  const time = def.fields.find((f) => f.key === (def.timeField ?? def.sorts[0]));
  if (!time) throw new Error(`${def.key}: timeField ${def.timeField} is not a field`);
  const cols = [
    'id TEXT PRIMARY KEY',
    ...def.fields.map(columnSql),
    "status TEXT NOT NULL CHECK (status IN ('valid', 'void'))",
    'void_reason TEXT',
    'recorded_at TEXT NOT NULL',
    'recorded_by TEXT NOT NULL',
    'station TEXT NOT NULL',
    'amended_at TEXT',
    'amend_count INTEGER NOT NULL DEFAULT 0',
  ];
  // The time index, and one per ref field (filters by a person, a cabinet; "is it out now").
  const indexes = [
    `CREATE INDEX ${def.table}_time ON ${def.table}(${time.column});`,
    ...def.fields.filter((f) => f.type.kind === 'ref' && f !== time).map((f) => `CREATE INDEX ${def.table}_${f.column} ON ${def.table}(${f.column});`),
  ];
  return `CREATE TABLE ${def.table} (\n  ${cols.join(',\n  ')}\n);\n${indexes.join('\n')}`;
}
