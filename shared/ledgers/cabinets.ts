import { z } from 'zod';
import { method } from '../api/kit';
import { id, instant, line, msg, optionalMultilineText } from '../api/schemas';
import type { Role } from '../domain/roles';
import { ledgerContract, type LedgerDefinition, type LedgerRecord } from './kit';

// SPEC §4.2 — the cabinets register and キャビネット開施錠記録簿 (Art. 4(3)), on the ledger kit.

const EVERYONE: readonly Role[] = ['staff', 'clerk', 'site_head', 'safety_manager', 'sysadmin'];
const READERS: readonly Role[] = ['clerk', 'site_head', 'safety_manager', 'sysadmin'];
const KEEPERS: readonly Role[] = ['clerk', 'safety_manager'];

export const CONTENT_CLASSES = ['personal', 'confidential', 'other'] as const;

/** The cabinets register: code, name, location, site, content class, key custodian. Retired cabinets are voided with a reason. */
export const cabinetsDefinition = {
  key: 'cabinets',
  table: 'cabinets',
  i18n: 'cabinets',
  fields: [
    { key: 'code', column: 'code', type: { kind: 'text', max: 20, verbatim: true, code: true }, required: true, label: 'cabinets.fields.code' },
    { key: 'name', column: 'name', type: { kind: 'text', max: 60 }, required: true, label: 'cabinets.fields.name' },
    { key: 'location', column: 'location', type: { kind: 'text', max: 100 }, required: true, label: 'cabinets.fields.location' },
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'cabinets.fields.site' },
    { key: 'contentClass', column: 'content_class', type: { kind: 'enum', values: CONTENT_CLASSES }, required: true, label: 'cabinets.fields.contentClass' },
    { key: 'custodianId', column: 'custodian_id', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: true, label: 'cabinets.fields.custodian', grants: true },
    { key: 'notes', column: 'notes', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'cabinets.fields.notes', inList: false },
  ],
  siteField: 'siteId',
  sorts: ['code', 'name', 'location'],
  anomalyCodes: [],
  // Everyone may read it: whoever opens a cabinet picks it from the register.
  access: { read: EVERYONE, write: KEEPERS },
} as const satisfies LedgerDefinition;

export type Cabinet = LedgerRecord<typeof cabinetsDefinition>;

/**
 * A period in which a person was authorized for a cabinet (SPEC §4.2): from `since` until `until`
 * (null: still), who granted and who ended it, and why. The list holds the current ones first, then
 * the ended ones, newest first: who could open the cabinet when, for the monthly review.
 */
export interface CabinetAuthorization {
  personId: string;
  name: string;
  employeeNo: string;
  since: string;
  until: string | null;
  grantedBy: string | null;
  reason: string | null;
  endedBy: string | null;
  endReason: string | null;
}

export const CABINET_ANOMALY_CODES = ['not_locked_by_end_of_day', 'open_too_long', 'not_authorized', 'outside_business_hours', 'locked_by_other', 'recorded_late'] as const;
export type CabinetAnomalyCode = (typeof CABINET_ANOMALY_CODES)[number];

const timeOfDay = line().regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg('cabinets.errors.time_of_day'));
const minutes = z.number(msg('errors.field.invalid')).int(msg('errors.field.invalid')).min(5, msg('cabinets.errors.max_open_range')).max(1440, msg('cabinets.errors.max_open_range'));

/** キャビネット開施錠記録簿: one open session per cabinet, from opening to locking. */
export const cabinetLogDefinition = {
  key: 'cabinetLog',
  table: 'cabinet_sessions',
  i18n: 'cabinets.log',
  fields: [
    { key: 'cabinetId', column: 'cabinet_id', type: { kind: 'ref', table: 'cabinets', nameColumn: 'name' }, required: true, label: 'cabinets.log.fields.cabinet', amendable: false },
    // The cabinet's site, set from the cabinet (a session belongs to the cabinet's site).
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'cabinets.log.fields.site', create: false, amendable: false, inList: false },
    { key: 'openedAt', column: 'opened_at', type: { kind: 'instant' }, required: true, label: 'cabinets.log.fields.openedAt', defaultNow: true, past: true },
    { key: 'openedBy', column: 'opened_by', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: true, label: 'cabinets.log.fields.openedBy', defaultSelf: true },
    { key: 'purpose', column: 'purpose', type: { kind: 'text', max: 100 }, required: true, label: 'cabinets.log.fields.purpose' },
    { key: 'lockedAt', column: 'locked_at', type: { kind: 'instant' }, required: false, label: 'cabinets.log.fields.lockedAt', past: true },
    { key: 'lockedBy', column: 'locked_by', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: false, label: 'cabinets.log.fields.lockedBy', at: 'lockedAt' },
    { key: 'notes', column: 'notes', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'cabinets.log.fields.notes', inList: false },
  ],
  timeField: 'openedAt',
  siteField: 'siteId',
  sorts: ['openedAt', 'lockedAt'],
  filters: [
    { key: 'cabinetId', field: 'cabinetId', kind: 'equals' },
    { key: 'personId', field: 'openedBy', kind: 'equals' },
    { key: 'locked', field: 'lockedAt', kind: 'presence' },
  ],
  anomalyCodes: CABINET_ANOMALY_CODES,
  informational: ['locked_by_other'],
  access: { read: READERS, write: KEEPERS },
  // Anyone opens and locks a cabinet they use themselves; clerks keep the log for everyone.
  own: { roles: ['staff'], personField: 'openedBy' },
  siteSettings: {
    schema: z.object({ businessStart: timeOfDay, businessEnd: timeOfDay, maxOpenMinutes: minutes }).strict(),
    defaults: { businessStart: '08:00', businessEnd: '20:00', maxOpenMinutes: 120 },
  },
} as const satisfies LedgerDefinition;

export type CabinetSession = LedgerRecord<typeof cabinetLogDefinition>;

/** Cabinets open now, per site, for the dashboard (every site, or one). */
export interface OpenCabinet {
  session: CabinetSession;
  cabinetCode: string;
}

export const cabinetsContract = {
  ...ledgerContract(cabinetsDefinition),
  /** Who may open the cabinet now (dated periods: granted from now, ended at now). */
  'cabinets.authorized': method<CabinetAuthorization[]>()({ input: z.object({ cabinetId: id }).strict(), access: EVERYONE }),
  /** Authorize a person for a cabinet from now, or end their authorization now, with a reason. */
  'cabinets.setAuthorized': method<CabinetAuthorization[]>()({
    input: z.object({ cabinetId: id, personId: id, authorized: z.boolean(), reason: optionalMultilineText(500) }).strict(),
    access: KEEPERS,
  }),
} as const;

export const cabinetLogContract = {
  ...ledgerContract(cabinetLogDefinition),
  /** Lock an open session (default: now, by the signed-in person); the opener locks their own, clerks anyone's. */
  'cabinetLog.lock': method<CabinetSession>()({ input: z.object({ id, lockedAt: instant.optional(), lockedBy: id.optional() }).strict(), access: EVERYONE }),
  /** Cabinets open now (every site, or one), oldest first. Polled by the dashboard: not the person's activity. */
  'cabinetLog.openNow': method<OpenCabinet[]>()({ input: z.object({ siteId: id.optional() }).strict(), access: EVERYONE, passive: true }),
} as const;

