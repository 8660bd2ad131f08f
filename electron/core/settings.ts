import type { Store, Tx } from './store/store';
import type { ServerRoomSiteSettings } from '../../shared/ledgers/serverRoom';

export interface SettingValues {
  'company.name': string;
  /** Art. 11(4): default 5 minutes, never more than 10. */
  'auth.idleLockMinutes': number;
  /** SPEC §4.1 per-site server-room settings; read through ledgers/server-room/settings.ts (defaults when absent). */
  [serverRoomSite: `serverRoom.site.${string}`]: ServerRoomSiteSettings | undefined;
}

const DEFAULTS: SettingValues = {
  'company.name': '',
  'auth.idleLockMinutes': 5,
};

/** Settings live in the journaled settings table, one JSON value per key. */
export class Settings {
  constructor(private readonly store: Store) {}

  get<K extends keyof SettingValues>(key: K): SettingValues[K] {
    const row = this.store.rowById('settings', key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as SettingValues[K]) : DEFAULTS[key];
  }

  set<K extends keyof SettingValues>(tx: Tx, key: K, value: SettingValues[K], reason?: string): void {
    const exists = this.store.rowById('settings', key);
    const json = JSON.stringify(value);
    if (!exists) tx.insert('settings', { id: key, value: json }, { action: 'settings.set', reason });
    else if (exists.value !== json) tx.update('settings', key, { value: json }, { action: 'settings.set', reason });
  }
}
