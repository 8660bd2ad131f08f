import type { SettingChange } from '../../shared/api/core-contract';
import type { HandlerContext } from './context';
import type { JournalRow } from './journal/journal';
import { resolveHistory } from './journal/history';
import { readObject } from './journal/verify-json';
import { actorNamer } from './record-history';
import { stationNamer } from './stations';
import { MIGRATION_ACTOR } from './store/schema-changes';
import { settingDefault } from './settings';
import { RETENTION_YEARS } from '../../shared/api/retention-contract';
import { DEFAULT_SERVER_ROOM_SETTINGS } from '../../shared/ledgers/serverRoom';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';

// Every change of a setting someone made, from the journal (the per-ledger settings pages and the
// retention period say their reason is kept in the history: this is where it is read). A display
// only: no rule reads it.

const GENERAL = ['company.name', 'auth.idleLockMinutes', 'backup.warnAfterDays', 'review.dueDay', 'print.stampLabels', 'lan.listener'] as const;

/** What a settings key is, for people; null for the values the app keeps for itself (the last good backup, a migration's instants). */
function settingOf(key: string, siteName: (id: string) => string | null): SettingChange['setting'] | null {
  if ((GENERAL as readonly string[]).includes(key)) return { kind: 'general', key: key as (typeof GENERAL)[number] };
  const retention = /^retention\.([A-Za-z]+)\.years$/.exec(key);
  if (retention) return { kind: 'retention', ledger: retention[1] };
  const site = /^([A-Za-z]+)\.site\.(.+)$/.exec(key);
  if (site) return { kind: 'site', ledger: site[1], siteId: site[2], siteName: siteName(site[2]) };
  return null;
}

/**
 * What a setting was before anyone saved it: the product's default (a ledger's site settings, its
 * definition's; a business calendar, no days) — so the first change reads "5分 → 3分", not from nothing.
 */
function defaultOf(s: SettingChange['setting']): unknown {
  if (s.kind === 'general') return settingDefault(s.key);
  if (s.kind === 'retention') return RETENTION_YEARS.default;
  if (s.kind === 'station' || s.kind === 'lanStation') return null;
  return siteSettingsDefaults(s.ledger);
}

/** A ledger's site settings before anyone saved them (the server-room book's own, a business calendar's none, a kit ledger's definition's). */
export function siteSettingsDefaults(ledger: string): Record<string, unknown> | null {
  if (ledger === 'serverRoom') return DEFAULT_SERVER_ROOM_SETTINGS as unknown as Record<string, unknown>;
  if (ledger === 'calendar') return { companyHolidays: [], workedHolidays: [] };
  return (LEDGER_DEFINITIONS.find((d) => d.key === ledger)?.siteSettings?.defaults as Record<string, unknown> | undefined) ?? null;
}

/** A settings row's value: its JSON read back (as stored when it is not JSON). */
export function valueOf(row: Record<string, unknown> | null): unknown {
  if (row === null || typeof row.value !== 'string') return null;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return row.value;
  }
}

export function settingsHistory(ctx: HandlerContext): SettingChange[] {
  // Not the rows every backup and verify write (their last good run: thousands over the years, read and parsed for nothing).
  const rows = ctx.store
    .stmt("SELECT * FROM journal WHERE kind = 'row' AND entity = 'settings' AND entity_id NOT IN ('backup.lastGood', 'verify.lastGood') ORDER BY seq")
    .all() as JournalRow[];
  const nameOf = actorNamer(ctx.store);
  const stationName = stationNamer(ctx.store);
  const siteName = (id: string) => (ctx.store.rowById('sites', id)?.name as string | undefined) ?? null;
  // A shorter retention period's approval: an event of the same write (retention.ts setYears), just before it.
  const approval = ctx.store.stmt(
    "SELECT after FROM journal WHERE kind = 'event' AND entity = 'settings' AND entity_id = ? AND action = 'retention.shorten.approved' AND seq < ? AND at = ? ORDER BY seq DESC LIMIT 1",
  );
  const out: SettingChange[] = [];
  for (const { row, before, after } of resolveHistory(ctx.store, rows)) {
    const setting = row.entity_id === null || row.actor === MIGRATION_ACTOR.actor ? null : settingOf(row.entity_id, siteName);
    if (!setting) continue;
    const change: SettingChange = {
      seq: row.seq, at: row.at, actor: row.actor, actorName: nameOf(row.actor), station: row.station, stationName: stationName(row.station, row.at, row.seq),
      setting, before: before === null ? defaultOf(setting) : valueOf(before), after: valueOf(after), reason: row.reason,
    };
    if (setting.kind === 'retention') {
      const approved = readObject((approval.get(row.entity_id, row.seq, row.at) as { after: string } | undefined)?.after);
      if (typeof approved?.approvedBy === 'string') change.approvedByName = nameOf(approved.approvedBy) ?? approved.approvedBy;
    }
    out.push(change);
  }
  // A station's name: what every list and history shows for the acts written from it (a probe: two
  // stations' names swapped, listed nowhere). Its rows' before is the one before (resolveHistory).
  const stationRows = ctx.store.stmt("SELECT * FROM journal WHERE kind = 'row' AND entity = 'stations' ORDER BY seq").all() as JournalRow[];
  for (const { row, before, after } of resolveHistory(ctx.store, stationRows)) {
    const was = (before?.name as string | null | undefined) || null;
    const name = (after?.name as string | null | undefined) || null;
    if (row.action !== 'stations.rename' || before === null || was === name || row.entity_id === null) continue;
    out.push({
      seq: row.seq, at: row.at, actor: row.actor, actorName: nameOf(row.actor), station: row.station, stationName: stationName(row.station, row.at, row.seq),
      setting: { kind: 'station', stationId: row.entity_id }, before: was, after: name, reason: row.reason,
    });
  }
  // A station of the office LAN enrolled, or revoked with the administrator's reason (a review: the
  // reason was journaled, but no history showed it; the LAN page lists each station only as it is now).
  const lanRows = ctx.store.stmt("SELECT * FROM journal WHERE kind = 'row' AND entity = 'lan_stations' ORDER BY seq").all() as JournalRow[];
  for (const { row, before, after } of resolveHistory(ctx.store, lanRows)) {
    if (row.entity_id === null || (row.action !== 'stations.enroll' && row.action !== 'stations.revoke')) continue;
    const revoked = row.action === 'stations.revoke';
    const name = after?.name ?? before?.name;
    out.push({
      seq: row.seq, at: row.at, actor: row.actor, actorName: nameOf(row.actor), station: row.station, stationName: stationName(row.station, row.at, row.seq),
      setting: { kind: 'lanStation', stationId: row.entity_id, name: typeof name === 'string' ? name : row.entity_id },
      before: revoked ? 'enrolled' : null, after: revoked ? 'revoked' : 'enrolled', reason: row.reason,
    });
  }
  return out.sort((a, b) => b.seq - a.seq);
}
