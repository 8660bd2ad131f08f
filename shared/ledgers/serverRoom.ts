import { z } from 'zod';
import { method } from '../api/kit';
import { filledText, id, instant, line, month, optionalMultilineText, optionalText, page, reason, secret, type Paged, msg } from '../api/schemas';
import { terminalContract } from './serverRoomTerminal';
import type { LedgerDefinition } from './kit';
import { shownVersion } from './kit';
import { ROLES } from '../domain/roles';

// SPEC §4.1 — サーバルーム入退記録簿 (Art. 13(1)): who entered the server room, when, why, with whom.
// One record is a stay: entered_at … exited_at (null while the person is inside).

/** A purpose from the site's configurable list; stays store the code. */
export interface ServerRoomPurpose {
  code: string;
  /** Label as the company wrote it (Japanese). The UI shows `serverRoom.purpose.<code>` instead while a default purpose keeps its default label (purposeCatalogKey). */
  label: string;
  /** A free-text note is required with this purpose (その他). */
  requiresNote: boolean;
  /** Retired purposes stay in the list so old records keep their label, but cannot be chosen. */
  active: boolean;
}

export const DEFAULT_PURPOSES: readonly ServerRoomPurpose[] = [
  { code: 'maintenance', label: '保守点検', requiresNote: false, active: true },
  { code: 'backup_media', label: 'バックアップ媒体交換', requiresNote: false, active: true },
  { code: 'incident', label: '障害対応', requiresNote: false, active: true },
  { code: 'equipment', label: '機器設置・撤去', requiresNote: false, active: true },
  { code: 'vendor_witness', label: '業者作業立会い', requiresNote: false, active: true },
  { code: 'other', label: 'その他', requiresNote: true, active: true },
];

/**
 * The catalog word of a purpose (`serverRoom.purpose.<code>`, in the screen's language) while it is a
 * default purpose with its default label; null for a company's own purpose and for a default one the
 * company relabelled, which is shown by its saved label (as on paper). No label given, or none found
 * (the label is the code itself: a list that never held the purpose), by its catalog word too.
 */
export function purposeCatalogKey(code: string, label?: string | null): string | null {
  const d = DEFAULT_PURPOSES.find((p) => p.code === code);
  return d && (label == null || label === d.label || label === code) ? `serverRoom.purpose.${code}` : null;
}

/** Per-site thresholds (SPEC §4: settings per site, with these defaults). */
export interface ServerRoomSiteSettings {
  /** Business hours on business days, "HH:MM" Japan time; an entry at `end` or later is outside. */
  businessHours: { start: string; end: string };
  /** A stay longer than this is an anomaly (exactly this long is not). */
  maxStayMinutes: number;
  /** An entry recorded more than this long after it happened is an anomaly. */
  lateRecordHours: number;
  purposes: ServerRoomPurpose[];
}

export const DEFAULT_SERVER_ROOM_SETTINGS: ServerRoomSiteSettings = {
  businessHours: { start: '08:00', end: '20:00' },
  maxStayMinutes: 240,
  lateRecordHours: 24,
  purposes: DEFAULT_PURPOSES.map((p) => ({ ...p })),
};

/**
 * Art. 13(1): whose seal completes a month of the book — the safety manager's; a site head's 確認 does
 * not do it for her (the review, and the retention counted from the month's sign-off).
 */
export const SERVER_ROOM_COMPLETED_BY = 'safety_manager';

/** The settings-table key of a site's server-room settings. */
export function serverRoomSettingsKey(siteId: string): `serverRoom.site.${string}` {
  return `serverRoom.site.${siteId}`;
}

// SPEC §4.1 anomalies. Message keys: serverRoom.anomaly.<code>.
export const SERVER_ROOM_ANOMALY_CODES = [
  'no_exit_by_end_of_day',
  'over_max_stay',
  'outside_business_hours',
  'not_authorized',
  'visitor_without_escort',
  'overlapping_stay',
  'late_record',
  'offline_delivery',
] as const;
export type ServerRoomAnomalyCode = (typeof SERVER_ROOM_ANOMALY_CODES)[number];

export interface ServerRoomAnomaly {
  code: ServerRoomAnomalyCode;
  /** Values for the message, e.g. { minutes: 262, max: 240 }. */
  params?: Record<string, string | number>;
}

/** Companions as stored (JSON in the stay row): employees by person id; visitors with their escort. */
export interface StoredCompanions {
  employees: { personId: string }[];
  visitors: { name: string; company: string; escortPersonId: string | null }[];
}

/** Companions as shown: names resolved from the people register. */
export interface Companions {
  employees: { personId: string; name: string }[];
  visitors: { name: string; company: string; escortPersonId: string | null; escortName: string | null }[];
}

export interface ServerRoomStay {
  id: string;
  siteId: string;
  siteName: string;
  personId: string;
  personName: string;
  personKana: string;
  employeeNo: string;
  /** ISO UTC instants; show them in Japan time. */
  enteredAt: string;
  exitedAt: string | null;
  purpose: string;
  purposeLabel: string;
  purposeNote: string | null;
  companions: Companions;
  itemsIn: string | null;
  itemsOut: string | null;
  notes: string | null;
  status: 'valid' | 'void';
  voidReason: string | null;
  /** When the entry was recorded (system clock), by whom (account id, or "person:<id>" at the door terminal), where. */
  recordedAt: string;
  recordedBy: string;
  recordedByName: string | null;
  station: string;
  /** The name an administrator gave the station, or null. */
  stationName: string | null;
  exitRecordedAt: string | null;
  /** Last amendment time, and how many amendments; the old values are in history.get('server_room_stays', id). */
  amendedAt: string | null;
  amendCount: number;
  /** Changed by every act on the stay, its exit too (its last journal entry's sequence number): sent back with a correction. */
  version: number;
  /** Added, amended or voided after its month was sealed (封印後修正, SPEC §5). */
  sealedChange: boolean;
  /** When its personal data (companions, purpose note, notes) was erased after the retention period (消去済), or null. */
  personalErasedAt: string | null;
  /** Those of its personal fields (companions, purposeNote, notes) that held a value when erased: 消去済, the others empty. */
  erasedFields: string[];
  /** Computed from the current values every time (never stored). Empty for voided stays. */
  anomalies: ServerRoomAnomaly[];
}

export interface ServerRoomInsideSite {
  siteId: string;
  siteName: string;
  /** Open stays at this site, oldest entry first (a stale one from an earlier day is included). */
  stays: ServerRoomStay[];
}

export interface MyServerRoom {
  /** The person linked to the signed-in account (accounts.person_id), or null. */
  person: { id: string; name: string; siteId: string; active: boolean; serverRoomAuthorized: boolean } | null;
  pinSet: boolean;
  pinLockedUntil: string | null;
  openStay: ServerRoomStay | null;
  /** The person's latest stays, newest first (at most 20). */
  recent: ServerRoomStay[];
}

export interface ServerRoomSettingsView extends ServerRoomSiteSettings {
  siteId: string;
  /** Nothing saved yet for this site: these are the defaults. */
  isDefault: boolean;
}

// ---- input schemas -------------------------------------------------------------------------

export const purposeCode = line().trim().regex(/^[a-z0-9_]{1,32}$/, msg('errors.field.invalid'));

const visitorInput = z
  .object({
    // A name and a company on paper: not a placeholder (a review: a companion ー of company - was taken).
    name: filledText(60),
    company: filledText(100),
    /** An employee escorting the visitor (Art. 8(2)); null records the visitor without escort, flagged as an anomaly. */
    escortPersonId: id.nullable(),
  })
  .strict();

export const companionsInput = z
  .object({
    employees: z.array(z.object({ personId: id }).strict()).max(20, msg('errors.field.too_long')).default([]),
    visitors: z.array(visitorInput).max(20, msg('errors.field.too_long')).default([]),
  })
  .strict();

export const stayFields = z
  .object({
    siteId: id,
    personId: id,
    enteredAt: instant,
    /** Omit or null for an open entry (the person is inside now). */
    exitedAt: instant.nullish(),
    purpose: purposeCode,
    purposeNote: optionalText(200),
    companions: companionsInput.default({ employees: [], visitors: [] }),
    itemsIn: optionalMultilineText(500),
    itemsOut: optionalMultilineText(500),
    notes: optionalMultilineText(1000),
  })
  .strict();
export type StayFields = z.output<typeof stayFields>;

const stayChanges = z
  .object({
    siteId: id,
    personId: id,
    enteredAt: instant,
    exitedAt: instant.nullable(),
    purpose: purposeCode,
    purposeNote: optionalText(200),
    companions: companionsInput,
    itemsIn: optionalMultilineText(500),
    itemsOut: optionalMultilineText(500),
    notes: optionalMultilineText(1000),
  })
  .partial()
  .strict();
export type StayChanges = z.output<typeof stayChanges>;

const purposeInput = z
  .object({ code: purposeCode, label: filledText(40), requiresNote: z.boolean().default(false), active: z.boolean().default(true) })
  .strict();

// Ranges and the time format are checked by the handler, so the message names the rule
// (serverRoom.errors.*); the schema only fixes the shape.
const timeOfDay = line().trim().max(5, msg('errors.field.too_long'));

export const SETTINGS_LIMITS = {
  maxStayMinutes: { min: 15, max: 1440 },
  lateRecordHours: { min: 1, max: 720 },
  purposes: { max: 30 },
} as const;

export const settingsChanges = z
  .object({
    businessHours: z.object({ start: timeOfDay, end: timeOfDay }).strict(),
    maxStayMinutes: z.number().int(),
    lateRecordHours: z.number().int(),
    purposes: z.array(purposeInput).max(100, msg('errors.field.too_long')),
  })
  .partial()
  .strict();


export const STAY_SORTS = ['enteredAt', 'person', 'site', 'recordedAt'] as const;

const desk = ['clerk', 'safety_manager'] as const;
const readers = ['clerk', 'site_head', 'safety_manager', 'sysadmin'] as const;

/**
 * The book as the ledger kit knows it (shared/ledgers/kit.ts): its table and fields, what dates a
 * stay and names its site (the monthly review's unit, retention), its personal fields (erasable
 * after the retention period, SPEC §8) and who keeps it. Its API is its own (stays with their names
 * and companions resolved, the door terminal): the contract below, registered with it in
 * shared/ledgers/index.ts.
 */
export const serverRoomDefinition = {
  key: 'serverRoom',
  table: 'server_room_stays',
  i18n: 'serverRoom',
  // SPEC §8 (APPI): visitors' names and companies (companions) and the free texts about the stay.
  personal: ['companions', 'purposeNote', 'notes'],
  fields: [
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'serverRoom.fields.site' },
    { key: 'personId', column: 'person_id', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: true, label: 'serverRoom.fields.person', defaultSelf: true },
    { key: 'enteredAt', column: 'entered_at', type: { kind: 'instant' }, required: true, label: 'serverRoom.fields.enteredAt', defaultNow: true, past: true },
    { key: 'exitedAt', column: 'exited_at', type: { kind: 'instant' }, required: false, label: 'serverRoom.fields.exitedAt', past: true },
    // A code of the site's purpose list, shown by its label (so not searched as text).
    { key: 'purpose', column: 'purpose', type: { kind: 'text', max: 32 }, required: true, label: 'serverRoom.fields.purpose', search: false },
    { key: 'purposeNote', column: 'purpose_note', type: { kind: 'text', max: 200 }, required: false, label: 'serverRoom.fields.purposeNote' },
    { key: 'companions', column: 'companions', type: { kind: 'json', schema: companionsInput }, required: true, label: 'serverRoom.fields.companions' },
    { key: 'itemsIn', column: 'items_in', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'serverRoom.fields.itemsIn' },
    { key: 'itemsOut', column: 'items_out', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'serverRoom.fields.itemsOut' },
    { key: 'notes', column: 'notes', type: { kind: 'text', max: 1000, multiline: true }, required: false, label: 'serverRoom.fields.notes', inList: false },
  ],
  timeField: 'enteredAt',
  siteField: 'siteId',
  sorts: ['enteredAt'],
  filters: [
    { key: 'personId', field: 'personId', kind: 'equals' },
    // "set": the person has left; "unset": still inside (the list's state closed / open).
    { key: 'exited', field: 'exitedAt', kind: 'presence' },
  ],
  anomalyCodes: SERVER_ROOM_ANOMALY_CODES,
  // Clerks and safety managers keep the book for everyone; anyone else records their own stays (SPEC §1).
  access: { read: readers, write: desk },
  own: { roles: ROLES, personField: 'personId' },
} as const satisfies LedgerDefinition;

export const serverRoomDeskContract = {
  /**
   * Paged from the store; each row carries its anomalies. Newest first by default.
   * `anomaliesOnly`: only the stays with an anomaly (the monthly review, Art. 13(1)), paged and
   * counted after the rules have judged the month — so it needs a month.
   */
  'serverRoom.list': method<Paged<ServerRoomStay>>()({
    input: page
      .extend({
        month: month.optional(),
        siteId: id.optional(),
        personId: id.optional(),
        state: z.enum(['open', 'closed', 'all']).default('all'),
        includeVoid: z.boolean().default(false),
        anomaliesOnly: z.boolean().default(false),
        search: line().trim().max(60, msg('errors.field.too_long')).optional(),
        sort: z.enum(STAY_SORTS).default('enteredAt'),
        desc: z.boolean().default(true),
      })
      .strict()
      .superRefine((q, ctx) => {
        if (q.anomaliesOnly && !q.month) ctx.addIssue({ code: 'custom', path: ['month'], ...msg('serverRoom.errors.anomalies_need_month') });
      }),
    access: readers,
    // A search over the whole history reads every stay: in the reader worker.
    inReader: true,
  }),
  'serverRoom.get': method<ServerRoomStay>()({ input: z.object({ id }).strict(), access: readers }),
  /**
   * A whole stay (with exitedAt) or an open entry. Clerks and safety managers record for anyone;
   * every other signed-in person only for the person linked to their own account (SPEC §1).
   */
  'serverRoom.record': method<ServerRoomStay>()({ input: stayFields, access: 'signedIn' }),
  /** Close an open stay; exitedAt defaults to now. Same rule as record: others' stays need clerk or safety manager. */
  'serverRoom.recordExit': method<ServerRoomStay>()({
    input: z.object({ id, exitedAt: instant.optional(), itemsOut: optionalMultilineText(500), notes: optionalMultilineText(1000) }).strict(),
    access: 'signedIn',
  }),
  /** SPEC §3: a correction with a reason; the old values stay in the history. */
  'serverRoom.amend': method<ServerRoomStay>()({ input: z.object({ id, changes: stayChanges, reason, version: shownVersion }).strict(), access: desk }),
  /** SPEC §3: a mistake is voided with a reason, never deleted. */
  'serverRoom.void': method<ServerRoomStay>()({ input: z.object({ id, reason, version: shownVersion }).strict(), access: desk }),
  /** Who is in the server room now, per site (every site, or one). */
  // Polled by the who-is-inside panels every 30 s: not the person's activity (idle lock).
  'serverRoom.inside': method<ServerRoomInsideSite[]>()({ input: z.object({ siteId: id.optional() }).strict(), access: readers, passive: true }),
  /** The signed-in person's own view: linked person, PIN state, open stay, recent stays. */
  'serverRoom.mine': method<MyServerRoom>()({ input: z.object({}).strict(), access: 'signedIn', passive: true }),
  /**
   * What a stay as typed in the form would be marked with (SPEC §4.1), before it is recorded; nothing
   * is stored. `id`: the stay being corrected. The visitors by their escorts only (no names are sent);
   * companion employees only from the book's keepers, as serverRoom.record takes them. Passive: the
   * form asks again each minute while it stays open, which is not the person's activity (a form left
   * open kept the desk from its idle lock, Art. 11(4)).
   */
  'serverRoom.preview': method<{ anomalies: ServerRoomAnomaly[] }>()({
    input: z
      .object({
        id: id.optional(),
        siteId: id,
        personId: id,
        enteredAt: instant,
        exitedAt: instant.nullish(),
        employees: z.array(id).max(20, msg('errors.field.too_long')).default([]),
        escorts: z.array(id.nullable()).max(20, msg('errors.field.too_long')).default([]),
      })
      .strict(),
    access: 'signedIn',
    passive: true,
  }),
  /** The site's purpose list, retired ones included (active: false). */
  'serverRoom.purposes': method<ServerRoomPurpose[]>()({ input: z.object({ siteId: id }).strict(), access: 'signedIn' }),
  'serverRoom.getSettings': method<ServerRoomSettingsView>()({ input: z.object({ siteId: id }).strict(), access: ['sysadmin', 'safety_manager'] }),
  'serverRoom.updateSettings': method<ServerRoomSettingsView>()({
    // Why, as every ledger's rule settings: the review shows the change with it.
    input: z.object({ siteId: id, changes: settingsChanges, reason }).strict(),
    access: ['sysadmin', 'safety_manager'],
    elevated: true,
  }),
  /** The signed-in person sets their own door-terminal PIN (SPEC §7), confirming with their password. */
  'me.setPin': method<{ pinSet: true }>()({
    input: z
      .object({
        password: secret(),
        pin: line().regex(/^\d{4,8}$/, msg('terminal.errors.pin_format')),
      })
      .strict(),
    access: 'signedIn',
  }),
  /** Clear a person's PIN (forgotten, or locked): they set a new one with me.setPin. */
  'serverRoom.clearPin': method<{ pinSet: false }>()({ input: z.object({ personId: id, reason }).strict(), access: desk }),
} as const;

export const serverRoomContract = {
  ...serverRoomDeskContract,
  ...terminalContract,
} as const;
