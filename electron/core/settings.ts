import type { Store, Tx } from './store/store';
import type { ServerRoomSiteSettings } from '../../shared/ledgers/serverRoom';
import { BACKUP_WARN_DAYS, type LastGoodRun } from '../../shared/domain/jobs';
import { DEFAULT_REVIEW_DUE_DAY } from '../../shared/api/review-contract';
import { DEFAULT_LAN_PORT, type LanListenerSetting } from '../../shared/api/lan-contract';
import type { JournalAction } from '../../shared/domain/journal-actions';
import { isVersioned, recordVersion, settingTimeline } from './setting-versions';

export interface SettingValues {
  'company.name': string;
  /** Art. 11(4): default 5 minutes, never more than 10. */
  'auth.idleLockMinutes': number;
  /** Art. 13(7): the dashboard warns when the last good backup is older than this (1..90 days). */
  'backup.warnAfterDays': number;
  /** The last good backup and verify: written by the job runner when one ends well (jobs/runner.ts). */
  'backup.lastGood': LastGoodRun | null;
  'verify.lastGood': LastGoodRun | null;
  /** SPEC §4.1 per-site server-room settings; read through ledgers/server-room/settings.ts (defaults when absent). */
  [serverRoomSite: `serverRoom.site.${string}`]: ServerRoomSiteSettings | undefined;
  /** A kit ledger's per-site settings (ledgers/kit/record-book.ts): what is saved, over its definition's defaults. */
  [ledgerSite: `${string}.site.${string}`]: object | undefined;
  /** SPEC §8 retention: years a ledger's personal data is kept (retention.ts; RETENTION_YEARS.default when absent). */
  [retentionYears: `retention.${string}.years`]: number | undefined;
  /** SPEC §5: the day of the next month a month's review is due by (1..28). */
  'review.dueDay': number;
  /** SPEC §6: the printed ledgers' stamp boxes, left to right, separated by 、. */
  'print.stampLabels': string;
  /** The first month whose review is due (YYYY-MM): months before it are not listed as due (set by migration 13). */
  'review.since': string | null;
  /** From when a visit is judged by the whole business day, its start and the calendar too (set by migration 37; visitors/migration.ts). */
  'visitors.hoursRuleFrom': string | null;
  /** From when a visitor slip written more than a day after its visit is marked recorded late (set by migration 51; visitors/migration.ts). */
  'visitors.lateRuleFrom': string | null;
  /** From when an anomaly found in the logs is an item of the review with its action written too (set by migration 42; access-log/migration.ts). */
  'accessLog.findingRuleFrom': string | null;
  /** SPEC §11: the LAN listener for stations — off until a system administrator turns it on, bound to one address. */
  'lan.listener': LanListenerSetting;
}

/** The stamp boxes of the paper forms as the product has them (a company names its own in the settings). */
export const DEFAULT_STAMP_LABELS = '担当、確認、責任者';

const DEFAULTS: SettingValues = {
  'company.name': '',
  'auth.idleLockMinutes': 5,
  'backup.warnAfterDays': BACKUP_WARN_DAYS.default,
  'backup.lastGood': null,
  'verify.lastGood': null,
  'review.dueDay': DEFAULT_REVIEW_DUE_DAY,
  'review.since': null,
  'visitors.hoursRuleFrom': null,
  'visitors.lateRuleFrom': null,
  'accessLog.findingRuleFrom': null,
  'print.stampLabels': DEFAULT_STAMP_LABELS,
  'lan.listener': { enabled: false, address: '', port: DEFAULT_LAN_PORT },
};

/** A setting's value before anyone saved one (the product's default). */
export function settingDefault<K extends keyof typeof DEFAULTS>(key: K): SettingValues[K] {
  return DEFAULTS[key];
}

/** Settings live in the journaled settings table, one JSON value per key. */
export class Settings {
  constructor(private readonly store: Store) {}

  get<K extends keyof SettingValues>(key: K): SettingValues[K] {
    const row = this.store.rowById('settings', key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as SettingValues[K]) : DEFAULTS[key];
  }

  /**
   * Save a value (journaled). `action` names the journal row: 'settings.set' for a setting someone
   * changed; a job's end records its last good run under the job's own action (data.backup, job.verify).
   */
  set<K extends keyof SettingValues>(tx: Tx, key: K, value: SettingValues[K], reason?: string, action: JournalAction = 'settings.set'): void {
    const exists = this.store.rowById('settings', key);
    const json = JSON.stringify(value);
    if (exists && exists.value === json) return;
    if (!exists) tx.insert('settings', { id: key, value: json }, { action, reason });
    else tx.update('settings', key, { value: json }, { action, reason });
    if (isVersioned(key)) recordVersion(this.store, tx, key, exists ? String(exists.value) : null, json, { action, reason });
  }

  /** A versioned setting (setting-versions.ts `isVersioned`) as it stood at a time; without `at`, as saved now. */
  getAt<K extends keyof SettingValues>(key: K, at?: string | Date): SettingValues[K] {
    return this.timeline(key, (saved) => saved ?? DEFAULTS[key])(at);
  }

  /**
   * A per-site rule setting as it was in force at a time (setting-versions.ts): `(at) => value`,
   * read once for many records; without `at`, as saved now.
   */
  timeline<K extends keyof SettingValues, T>(key: K, make: (saved: SettingValues[K] | undefined) => T): (at?: string | Date) => T {
    return settingTimeline(this.store, key, this.get(key), make as (saved: unknown) => T);
  }

  /** The timelines of one per-site setting, each site's read once per call: `(siteId, at) => value`. */
  siteTimelines<T>(keyOf: (siteId: string) => `${string}.site.${string}`, make: (saved: unknown) => T): (siteId: string, at?: string | Date) => T {
    const sites = new Map<string, (at?: string | Date) => T>();
    return (siteId, at) => {
      let v = sites.get(siteId);
      if (!v) sites.set(siteId, (v = this.timeline(keyOf(siteId), make)));
      return v(at);
    };
  }
}
