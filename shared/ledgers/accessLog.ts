import { z } from 'zod';
import { method } from '../api/kit';
import { id, month, msg } from '../api/schemas';
import type { Role } from '../domain/roles';
import { ledgerContract, type LedgerDefinition, type LedgerRecord } from './kit';

// SPEC §4.6 — the systems register and アクセスログ確認記録 (Art. 14(3)), on the ledger kit: every
// month the system administrator checks each system's access logs of the month before.

const READERS: readonly Role[] = ['sysadmin', 'safety_manager', 'site_head'];
const ADMINS: readonly Role[] = ['sysadmin'];

export const SYSTEM_KINDS = ['server', 'cloud', 'network', 'other'] as const;

/** The systems whose access logs are checked: servers, cloud services, network devices. */
export const systemsDefinition = {
  key: 'systems',
  table: 'log_systems',
  i18n: 'accessLog.systems',
  fields: [
    { key: 'code', column: 'code', type: { kind: 'text', max: 20, verbatim: true, code: true }, required: true, label: 'accessLog.systems.fields.code' },
    { key: 'name', column: 'name', type: { kind: 'text', max: 60 }, required: true, label: 'accessLog.systems.fields.name' },
    { key: 'kind', column: 'kind', type: { kind: 'enum', values: SYSTEM_KINDS }, required: true, label: 'accessLog.systems.fields.kind' },
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'accessLog.systems.fields.site' },
    { key: 'logLocation', column: 'log_location', type: { kind: 'text', max: 100, verbatim: true }, required: true, label: 'accessLog.systems.fields.logLocation' },
    { key: 'retentionMonths', column: 'retention_months', type: { kind: 'integer', min: 1, max: 120 }, required: true, label: 'accessLog.systems.fields.retentionMonths' },
    { key: 'notes', column: 'notes', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'accessLog.systems.fields.notes', inList: false },
  ],
  siteField: 'siteId',
  sorts: ['code', 'name', 'kind'],
  filters: [{ key: 'kind', field: 'kind', kind: 'equals' }],
  anomalyCodes: [],
  access: { read: READERS, write: ADMINS },
} as const satisfies LedgerDefinition;

export type LogSystem = LedgerRecord<typeof systemsDefinition>;

export const ACCESS_LOG_ANOMALY_CODES = ['logs_incomplete', 'not_stored_safely', 'anomaly_without_action', 'anomaly_found', 'checked_late'] as const;
export type AccessLogAnomalyCode = (typeof ACCESS_LOG_ANOMALY_CODES)[number];

/** One check: a system's access logs of one month (SPEC §4.6). One per system and month. */
export const accessLogDefinition = {
  key: 'accessLog',
  table: 'access_log_checks',
  i18n: 'accessLog',
  fields: [
    { key: 'systemId', column: 'system_id', type: { kind: 'ref', table: 'log_systems', nameColumn: 'name' }, required: true, label: 'accessLog.fields.system', amendable: false },
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'accessLog.fields.site', create: false, amendable: false, inList: false },
    { key: 'month', column: 'month', type: { kind: 'month' }, required: true, label: 'accessLog.fields.month', amendable: false },
    { key: 'checkedAt', column: 'checked_at', type: { kind: 'instant' }, required: true, label: 'accessLog.fields.checkedAt', defaultNow: true, past: true },
    { key: 'logsComplete', column: 'logs_complete', type: { kind: 'boolean' }, required: true, label: 'accessLog.fields.logsComplete' },
    { key: 'storedSafely', column: 'stored_safely', type: { kind: 'boolean' }, required: true, label: 'accessLog.fields.storedSafely' },
    { key: 'anomalyFound', column: 'anomaly_found', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'accessLog.fields.anomalyFound' },
    { key: 'actionTaken', column: 'action_taken', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'accessLog.fields.actionTaken' },
  ],
  timeField: 'checkedAt',
  monthField: 'month',
  siteField: 'siteId',
  sorts: ['checkedAt', 'month'],
  filters: [{ key: 'systemId', field: 'systemId', kind: 'equals' }],
  anomalyCodes: ACCESS_LOG_ANOMALY_CODES,
  access: { read: READERS, write: ADMINS },
  siteSettings: {
    // The day of the next month by which a month's logs are to be checked (SPEC §5's review day by default).
    schema: z.object({ dueDay: z.number(msg('errors.field.invalid')).int(msg('errors.field.invalid')).min(1, msg('accessLog.errors.due_day_range')).max(28, msg('accessLog.errors.due_day_range')) }).strict(),
    defaults: { dueDay: 10 },
  },
} as const satisfies LedgerDefinition;

export type AccessLogCheck = LedgerRecord<typeof accessLogDefinition>;

/** A system not yet checked for a month, and by when it is due. */
export interface UncheckedSystem {
  systemId: string;
  code: string;
  name: string;
  siteId: string;
  siteName: string;
  month: string;
  /** The due day, "YYYY-MM-DD" (Japan). */
  due: string;
  overdue: boolean;
}

export const systemsContract = {
  ...ledgerContract(systemsDefinition),
} as const;

export const accessLogContract = {
  ...ledgerContract(accessLogDefinition),
  /** The systems in use not yet checked for a month (default: last month), for the dashboard. Polled: not the person's activity. */
  'accessLog.unchecked': method<{ month: string; systems: UncheckedSystem[] }>()({ input: z.object({ month: month.optional(), siteId: id.optional() }).strict(), access: READERS, passive: true }),
} as const;
