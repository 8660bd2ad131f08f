import type { JournalAction } from '../../../../shared/domain/journal-actions';
import type { Migration } from '../../store/migrations';
import type { Settings, SettingValues } from '../../settings';

// A rule added to a ledger after offices kept records under the version before it judges the records
// written from the upgrade on; those written before are judged as that version did, so a month it
// saw signed stays as signed (a probe: a Saturday visit of a signed October gained an undisposed
// anomaly, printed under the same digest). The upgrade's instant is a setting, journaled.

/** The settings that say from when such a rule applies. */
export type RuleFromKey = {
  [K in keyof SettingValues]: K extends `${string}RuleFrom` ? K : never;
}[keyof SettingValues];

/** The migration that notes the instant: the upgrade's, or none for data made now (nothing in its journal but the migrations: the rule from the beginning). */
export function ruleFromMigration(version: number, name: string, key: RuleFromKey, action: JournalAction): Migration {
  return {
    version,
    name,
    backfill: (tx) => {
      const used = tx.stmt("SELECT 1 FROM journal WHERE actor <> 'migration' LIMIT 1").get() !== undefined;
      tx.insert('settings', { id: key, value: JSON.stringify(used ? tx.now : null) }, { action });
    },
  };
}

/** From when the rule applies (ms since the epoch; −∞ from the beginning), read once per rule context (a month's review judges thousands of records). */
export function ruleFromReader(key: RuleFromKey): (ctx: { settings: Settings }) => number {
  const read = new WeakMap<object, number>();
  return (ctx) => {
    let at = read.get(ctx);
    if (at === undefined) {
      const saved = ctx.settings.get(key);
      read.set(ctx, (at = typeof saved === 'string' ? Date.parse(saved) : -Infinity));
    }
    return at;
  };
}
