import type { Migration } from './store/migrations';
import type { Store, Tx } from './store/store';
import type { JournalAction } from '../../shared/domain/journal-actions';

/**
 * A site's rule settings over time (SPEC §4: business hours, maximum durations, due days, the
 * approval policy, the business calendar). Every record is judged by the rules in force at its own
 * time: raising the maximum stay in November leaves October's long stays long, and a company
 * holiday typed in after the day leaves that day's missing checklist for the review to dispose of.
 *
 * Each change of a versioned setting adds a row, in force from when it was made (the write's own
 * time: nobody chooses it). The first change of a key since versions were kept adds, before it, the
 * value it had until then — version 0, in force from the beginning (null: the defaults).
 */
export const SETTING_VERSIONS_SQL = `CREATE TABLE setting_versions (
  id TEXT PRIMARY KEY,                   -- key#version
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,          -- ISO instant it is in force from; '' for version 0
  value TEXT                             -- JSON, as in settings.value; null: the defaults
);
CREATE UNIQUE INDEX setting_versions_key ON setting_versions(key, version);`;

export const SETTING_VERSIONS_MIGRATION: Migration = {
  version: 24,
  name: 'setting-versions',
  changes: [{ op: 'create_table', table: 'setting_versions', sql: SETTING_VERSIONS_SQL }],
  backfill: backfillVersions,
};

/**
 * Migration 25: the register values that rules read (VERSIONED_REGISTER), versioned from the journal
 * for records corrected before it — none of these columns is personal data, so the journal rows have
 * each value as it was written, and when.
 */
export const REGISTER_VERSIONS_MIGRATION: Migration = {
  version: 25,
  name: 'register-versions',
  backfill: (tx) => backfillRegisterVersions(tx, VERSIONED_REGISTER),
};

/**
 * Migration 34: the settings paper is headed by (PAPER_SETTINGS), versioned from the journal for
 * changes made before they were versioned, so that a company renamed before the upgrade does not
 * head a month signed before the rename either. Versions kept since (a change after they became
 * versioned, whose version 0 is the value just before it, in force from the beginning) are put right
 * in place: every change the journal holds is a version, in force from its write.
 */
export const PAPER_SETTING_VERSIONS_MIGRATION: Migration = {
  version: 34,
  name: 'paper-setting-versions',
  backfill: (tx) => backfillSettingVersions(tx, PAPER_SETTINGS),
};

/**
 * Migration 39: the review's due day (review.dueDay), versioned from the journal the same way: a
 * month's review is due by the day in force when the month ended, so that a change on 20 November
 * does not take October's review, due on the 10th, off the overdue list (an insider probe).
 */
export const REVIEW_DUE_DAY_VERSIONS_MIGRATION: Migration = {
  version: 39,
  name: 'review-due-day-versions',
  backfill: (tx) => backfillSettingVersions(tx, RULE_SETTINGS),
};

/** Every change of these settings the journal holds as a version, in force from its write; versions kept since put right in place. */
function backfillSettingVersions(tx: Tx, keys: readonly string[]): void {
  const meta = { action: 'settings.versions.backfill' as const };
  for (const key of keys) {
    const wanted = settingChanges(tx, 'entity_id = ?', key).get(key);
    if (!wanted) continue;
    const kept = new Map((tx.stmt('SELECT id, effective_from, value FROM setting_versions WHERE key = ?').all(key) as { id: string; effective_from: string; value: string | null }[]).map((r) => [r.id, r]));
    wanted.forEach((v, i) => {
      const id = `${key}#${i}`;
      const row = { effective_from: v.at, value: v.value };
      const old = kept.get(id);
      if (!old) tx.insert('setting_versions', { id, key, version: i, ...row }, meta);
      else if (old.effective_from !== row.effective_from || old.value !== row.value) tx.update('setting_versions', id, row, meta);
    });
  }
}

/**
 * Migration 32: the names other ledgers' records are shown by (NAMED_REGISTER as it was then),
 * versioned from the journal the same way. Its list is its own, as a migration's is: people's names,
 * named since (migration 40), are that migration's to backfill.
 */
export const REGISTER_NAME_VERSIONS_MIGRATION: Migration = {
  version: 32,
  name: 'register-name-versions',
  backfill: (tx) => backfillRegisterVersions(tx, { cabinets: ['name'], assets: ['asset_tag'], guest_cards: ['number'], log_systems: ['name'] }),
};

/**
 * Migration 40: people's names, versioned from the journal the same way (NAMED_REGISTER): a stay, a
 * visit's host, a checkout's borrower read, on screen and on paper, with the name their person had
 * when it was written. Found by an insider probe: 木村 三郎, not authorized, entered in October; after
 * October was signed, the register renamed him as his authorized colleague, and the signed month's
 * book and paper named the colleague, with nothing in any review. People hold no personal fields that
 * the retention period erases, so the journal has every name as it was.
 */
export const PEOPLE_NAME_VERSIONS_MIGRATION: Migration = {
  version: 40,
  name: 'people-name-versions',
  backfill: (tx) => backfillRegisterVersions(tx, { people: ['name'] }),
};

function backfillRegisterVersions(tx: Tx, register: Readonly<Record<string, readonly string[]>>): void {
  const meta = { action: 'settings.versions.backfill' as const };
  for (const [table, columns] of Object.entries(register) as [VersionedTable, readonly string[]][]) {
    for (const column of columns) {
      const rows = tx
        .stmt(`SELECT entity_id AS id, at, json_extract(after, '$.' || ?) AS value FROM journal WHERE entity = ? AND kind = 'row' ORDER BY seq`)
        .all(column, table) as { id: string; at: string; value: unknown }[];
      const values = new Map<string, { at: string; value: unknown }[]>();
      for (const r of rows) {
        if (r.value === null) continue;
        const list = values.get(r.id) ?? [];
        if (list.at(-1)?.value !== r.value) list.push({ at: r.at, value: r.value });
        values.set(r.id, list);
      }
      for (const [id, list] of values) {
        if (list.length < 2) continue; // never changed: its value now is its value then
        const key = registerKey(table, column, id);
        // Versions already kept are not made again (a backfill that ran before, or changes kept since).
        if (tx.stmt('SELECT 1 FROM setting_versions WHERE key = ? LIMIT 1').get(key)) continue;
        list.forEach((v, i) => tx.insert('setting_versions', { id: `${key}#${i}`, key, version: i, effective_from: i === 0 ? '' : v.at, value: JSON.stringify(v.value) }, meta));
      }
    }
  }
}

/**
 * Migration 24's backfill: the versions of every per-site setting changed before it, from the
 * settings rows of the journal (their value and time; settings hold no personal data, so the journal
 * has them as they were), so that a change made before the upgrade does not reach back either.
 */
function backfillVersions(tx: Tx): void {
  const meta = { action: 'settings.versions.backfill' as const };
  for (const [key, list] of settingChanges(tx, "entity_id LIKE '%.site.%'")) {
    list.forEach((v, i) => tx.insert('setting_versions', { id: `${key}#${i}`, key, version: i, effective_from: v.at, value: v.value }, meta));
  }
}

/**
 * Versioned settings' versions as the journal's settings rows have them (`where`: which keys): for
 * each key changed, the defaults in force from the beginning (version 0: null, ''), then each value
 * it was saved with, in force from its write (settings hold no personal data, so the journal has
 * them as they were). Saving the same value again writes nothing (Settings.set).
 */
function settingChanges(tx: Tx, where: string, ...params: unknown[]): Map<string, { at: string; value: string | null }[]> {
  const rows = tx
    .stmt(`SELECT entity_id AS key, at, json_extract(after, '$.value') AS value FROM journal WHERE entity = 'settings' AND kind = 'row' AND ${where} ORDER BY seq`)
    .all(...params) as { key: string; at: string; value: string | null }[];
  const versions = new Map<string, { at: string; value: string | null }[]>();
  for (const r of rows) {
    if (!isVersioned(r.key) || typeof r.value !== 'string') continue;
    const list = versions.get(r.key) ?? [{ at: '', value: null }];
    if (list.at(-1)!.value !== r.value) list.push({ at: r.at, value: r.value });
    versions.set(r.key, list);
  }
  return versions;
}

/**
 * The settings a month's paper is headed by: read as they stood when the month was signed, so that a
 * later change does not reach back under the seal (an insider probe: a new company name and two stamp
 * boxes in place of three on October's signed paper, its 確認 seal in the 担当 box).
 */
export const PAPER_SETTINGS = ['company.name', 'print.stampLabels'] as const;

/** Company-wide settings rules read by a month (the review's due day: in force when the month ended). */
export const RULE_SETTINGS = ['review.dueDay'] as const;

/** Settings that anomaly rules read (every per-site setting: `<ledger>.site.<id>`, `calendar.site.<id>`; RULE_SETTINGS), and those paper is headed by. */
export function isVersioned(key: string): boolean {
  return (key.includes('.site.') && !key.startsWith(REGISTER_PREFIX)) || (PAPER_SETTINGS as readonly string[]).includes(key) || (RULE_SETTINGS as readonly string[]).includes(key);
}

/**
 * Register values that anomaly rules read are versioned here too, so that a correction of the
 * register does not reach back either: an asset's kind (does its checkout need approval), a system's,
 * a cabinet's and an asset's site (whose record it is, by whose rules), whether a person was active (a
 * borrower suspended while an asset was out). Found by insider probes: an asset's kind corrected in
 * November took October's missing approvals away; a borrower made active again took the anomaly
 * away. Keyed `register/<table>/<column>/<id>`; the value is JSON.
 */
const REGISTER_PREFIX = 'register/';
/** The register values versioned, by table: each column is read as it stood at a record's time. */
export const VERSIONED_REGISTER = { assets: ['kind', 'site_id'], cabinets: ['site_id'], log_systems: ['site_id'], people: ['active'] } as const satisfies Record<string, readonly string[]>;
/**
 * The register columns other ledgers' records are named by (a session's cabinet, a checkout's asset,
 * a visit's card, a check's system), versioned the same way: a record reads, on screen and on paper,
 * as it did when it was written. Found by an insider probe: two cabinets' codes and names swapped after
 * October was signed, and October's paper named the other cabinet under the same seal. People's
 * names too (migration 40): the people register has no field the retention period erases, and its
 * journal rows hold each name as written. A visitor's name is not a register's: personal data, erased
 * in place, never copied. Should the register's names become erasable, their versions here are erased with them.
 */
export const NAMED_REGISTER = { cabinets: 'name', assets: 'asset_tag', guest_cards: 'number', log_systems: 'name', people: 'name' } as const satisfies Record<string, string>;
type VersionedTable = keyof typeof VERSIONED_REGISTER | keyof typeof NAMED_REGISTER;

/** The column a register's records are named by in other ledgers, when it is versioned (NAMED_REGISTER). */
export const namedColumnOf = (table: string): string | undefined => (Object.hasOwn(NAMED_REGISTER, table) ? NAMED_REGISTER[table as keyof typeof NAMED_REGISTER] : undefined);

/**
 * Register records' names as they stood at given times: `(id, at) => name`, each record's versions
 * read once, and only for the ids that ever changed (one query for the page's ids).
 */
export function namesAt(store: Pick<Store, 'stmt'>, table: keyof typeof NAMED_REGISTER, current: ReadonlyMap<string, string>): (id: string, at: string | undefined) => string | undefined {
  const column = NAMED_REGISTER[table];
  const keys = [...current.keys()].map((id) => registerKey(table, column, id));
  const rows = keys.length === 0 ? [] : (store.stmt('SELECT key, effective_from, value FROM setting_versions WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key, version').all(JSON.stringify(keys)) as { key: string; effective_from: string; value: string | null }[]);
  const versions = new Map<string, { from: number; value: string }[]>();
  for (const r of rows) {
    const id = r.key.slice(r.key.lastIndexOf('/') + 1);
    const value = r.value === null ? undefined : (JSON.parse(r.value) as unknown);
    const list = versions.get(id) ?? [];
    list.push({ from: r.effective_from === '' ? -Infinity : Date.parse(r.effective_from), value: typeof value === 'string' ? value : (current.get(id) ?? '') });
    versions.set(id, list);
  }
  return (id, at) => {
    const list = versions.get(id);
    const t = at === undefined ? NaN : Date.parse(at);
    return !list || Number.isNaN(t) ? current.get(id) : inForceAt(list, t);
  };
}

export function registerKey(table: VersionedTable, column: string, id: string): string {
  return `${REGISTER_PREFIX}${table}/${column}/${id}`;
}

/** Note a register value's change (its record's correction calls this in the same write), as a setting's. */
export function recordRegisterChange(store: Store, tx: Tx, table: VersionedTable, column: string, id: string, before: unknown, after: unknown, meta: { action: JournalAction; reason?: string }): void {
  if (before === after) return;
  recordVersion(store, tx, registerKey(table, column, id), JSON.stringify(before), JSON.stringify(after), meta);
}

/** A register value as it stood at a time (`current`: as it is now, when it never changed since versions were kept). */
export function registerValueAt(store: Store, table: VersionedTable, column: string, id: string, current: string, at: string | Date): string {
  return settingTimeline(store, registerKey(table, column, id), current, (saved) => (typeof saved === 'string' ? saved : current))(at);
}

/** A register value's periods, oldest first, each in force from `from` (ms; -Infinity for the first) until the next one's. */
export function registerPeriods(store: Store, table: VersionedTable, column: string, id: string, current: unknown): { from: number; value: unknown }[] {
  const versions = versionsOf(store, registerKey(table, column, id));
  return versions.length === 0 ? [{ from: -Infinity, value: current }] : versions;
}

/** Was the person active (not deactivated in the people register) at `at`? Their status now where none is dated. */
export function personActiveAt(store: Store, personId: string, currentActive: unknown, at: string | Date): boolean {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const periods = registerPeriods(store, 'people', 'active', personId, currentActive);
  return inForceAt(periods, t) !== 0;
}

/** A key's versions, oldest first: each in force from `from` (ms; -Infinity for version 0), its saved value (undefined: the defaults). */
function versionsOf(store: Store, key: string): { from: number; value: unknown }[] {
  const rows = store.stmt('SELECT effective_from, value FROM setting_versions WHERE key = ? ORDER BY version').all(key) as { effective_from: string; value: string | null }[];
  return rows.map((r) => ({ from: r.effective_from === '' ? -Infinity : Date.parse(r.effective_from), value: r.value === null ? undefined : JSON.parse(r.value) }));
}

/**
 * Note a versioned setting's change in `setting_versions` (Settings.set calls this in the same write),
 * in force from the write's own time. A clock set back dates it back too, as it dates every record
 * written then: the store journals the clock anomaly first, the dashboard warns of it, and the review
 * of the month then being kept lists it (review/clock-items.ts).
 */
export function recordVersion(store: Store, tx: Tx, key: string, before: string | null, after: string, meta: { action: JournalAction; reason?: string }): void {
  const last = store.stmt('SELECT max(version) AS v FROM setting_versions WHERE key = ?').get(key) as { v: number | null };
  const from = tx.now;
  let version = last.v ?? -1;
  if (version < 0) tx.insert('setting_versions', { id: `${key}#0`, key, version: (version = 0), effective_from: '', value: before }, meta);
  version++;
  tx.insert('setting_versions', { id: `${key}#${version}`, key, version, effective_from: from, value: after }, meta);
}

/**
 * A setting as it was in force at given times: `(at) => value`, its versions read once (a month's
 * review asks for thousands of records). Without `at`, or when the key never changed since versions
 * were kept, the value saved now. `make` turns the saved JSON (undefined: nothing saved) into what
 * the rules use, once a version.
 */
export function settingTimeline<T>(store: Store, key: string, current: unknown, make: (saved: unknown) => T): (at?: string | Date) => T {
  const now = make(current);
  const versions = versionsOf(store, key).map((v) => ({ from: v.from, value: make(v.value) }));
  if (versions.length === 0) return () => now;
  return (at) => {
    if (at === undefined) return now;
    const t = at instanceof Date ? at.getTime() : Date.parse(at);
    if (Number.isNaN(t)) return now;
    return inForceAt(versions, t);
  };
}

/** The value of versions (oldest first, each in force from `from`) at time `t` (ms); the first before them all. */
function inForceAt<T>(versions: readonly { from: number; value: T }[], t: number): T {
  for (let i = versions.length - 1; i > 0; i--) if (versions[i].from <= t) return versions[i].value;
  return versions[0].value;
}
