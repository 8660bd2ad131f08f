import { readsAlike } from '../../../../shared/search';
import { DaichoError } from '../../../../shared/api/errors';
import { isTimeOfDay, parseTimeOfDay } from '../../../../shared/calendar';
import {
  DEFAULT_SERVER_ROOM_SETTINGS,
  SETTINGS_LIMITS,
  serverRoomSettingsKey,
  type ServerRoomSiteSettings,
  type settingsChanges,
} from '../../../../shared/ledgers/serverRoom';
import type { Settings } from '../../settings';
import type { Store } from '../../store/store';
import type { z } from 'zod';

function clone(s: ServerRoomSiteSettings): ServerRoomSiteSettings {
  return { ...s, businessHours: { ...s.businessHours }, purposes: s.purposes.map((p) => ({ ...p })) };
}

/** A site's server-room settings: what is saved, each missing part filled from the defaults. */
export function siteSettings(settings: Settings, siteId: string): ServerRoomSiteSettings & { isDefault: boolean } {
  return withDefaults(settings.get(serverRoomSettingsKey(siteId)));
}

function withDefaults(saved: Partial<ServerRoomSiteSettings> | undefined): ServerRoomSiteSettings & { isDefault: boolean } {
  const d = clone(DEFAULT_SERVER_ROOM_SETTINGS);
  if (!saved) return { ...d, isDefault: true };
  return {
    businessHours: { ...d.businessHours, ...saved.businessHours },
    maxStayMinutes: saved.maxStayMinutes ?? d.maxStayMinutes,
    lateRecordHours: saved.lateRecordHours ?? d.lateRecordHours,
    purposes: saved.purposes?.length ? saved.purposes.map((p) => ({ ...p })) : d.purposes,
    isDefault: false,
  };
}

/**
 * Settings of several sites, read once per call: as in force at `at` (a stay's entry: the rules of
 * its own time, setting-versions.ts), or as saved now.
 */
export function settingsReader(settings: Settings): (siteId: string, at?: string | Date) => ServerRoomSiteSettings {
  return settings.siteTimelines(serverRoomSettingsKey, (saved) => withDefaults(saved as Partial<ServerRoomSiteSettings> | undefined));
}

export { siteCalendar } from '../../site-calendar';

/**
 * Apply a settings change after checking every rule, naming the field. Codes used by any stay
 * of the site cannot disappear from the purpose list (retire them with active: false instead).
 */
export function mergeSettings(
  store: Store,
  siteId: string,
  current: ServerRoomSiteSettings,
  changes: z.output<typeof settingsChanges>,
): ServerRoomSiteSettings {
  const next = clone(current);
  if (changes.businessHours) {
    const { start, end } = changes.businessHours;
    if (!isTimeOfDay(start)) throw new DaichoError('invalid_input', 'serverRoom.errors.time_of_day', 'changes.businessHours.start');
    if (!isTimeOfDay(end)) throw new DaichoError('invalid_input', 'serverRoom.errors.time_of_day', 'changes.businessHours.end');
    if (parseTimeOfDay(end) <= parseTimeOfDay(start)) throw new DaichoError('invalid_input', 'serverRoom.errors.hours_order', 'changes.businessHours.end');
    next.businessHours = { start, end };
  }
  if (changes.maxStayMinutes !== undefined) {
    const { min, max } = SETTINGS_LIMITS.maxStayMinutes;
    if (changes.maxStayMinutes < min || changes.maxStayMinutes > max)
      throw new DaichoError('invalid_input', 'serverRoom.errors.max_stay_range', 'changes.maxStayMinutes', { min, max });
    next.maxStayMinutes = changes.maxStayMinutes;
  }
  if (changes.lateRecordHours !== undefined) {
    const { min, max } = SETTINGS_LIMITS.lateRecordHours;
    if (changes.lateRecordHours < min || changes.lateRecordHours > max)
      throw new DaichoError('invalid_input', 'serverRoom.errors.late_record_range', 'changes.lateRecordHours', { min, max });
    next.lateRecordHours = changes.lateRecordHours;
  }
  if (changes.purposes) {
    const purposes = changes.purposes;
    if (purposes.length > SETTINGS_LIMITS.purposes.max)
      throw new DaichoError('invalid_input', 'serverRoom.errors.too_many_purposes', 'changes.purposes', { max: SETTINGS_LIMITS.purposes.max });
    const seen = new Set<string>();
    // One label for one purpose among those that can be chosen (the door's one-tap list shows labels): 保守点検 twice, or UPS点検 and ＵＰＳ点検, read as one.
    const labels = new Set<string>();
    purposes.forEach((p, i) => {
      if (seen.has(p.code)) throw new DaichoError('invalid_input', 'serverRoom.errors.purpose_duplicate', `changes.purposes.${i}.code`);
      seen.add(p.code);
      const label = readsAlike(p.label);
      if (p.active && labels.has(label)) throw new DaichoError('invalid_input', 'serverRoom.errors.purpose_label_twice', `changes.purposes.${i}.label`);
      if (p.active) labels.add(label);
    });
    if (!purposes.some((p) => p.active)) throw new DaichoError('invalid_input', 'serverRoom.errors.no_active_purpose', 'changes.purposes');
    const used = store
      .stmt('SELECT DISTINCT purpose FROM server_room_stays WHERE site_id = ?')
      .all(siteId) as { purpose: string }[];
    const missing = used.map((u) => u.purpose).find((code) => !seen.has(code));
    if (missing) throw new DaichoError('conflict', 'serverRoom.errors.purpose_in_use', 'changes.purposes', { code: missing });
    next.purposes = purposes.map((p) => ({ code: p.code, label: p.label, requiresNote: p.requiresNote, active: p.active }));
  }
  return next;
}
