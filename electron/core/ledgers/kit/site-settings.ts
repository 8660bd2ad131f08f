import { DaichoError } from '../../../../shared/api/errors';
import { siteSettingsKey, type LedgerDefinition, type SiteSettingsView } from '../../../../shared/ledgers/kit';
import type { HandlerContext } from '../../context';
import type { Settings } from '../../settings';
import { calendarReader } from '../../site-calendar';
import type { ReadContext, RuleContext } from './record-book';

// A kit ledger's per-site settings (SPEC §4: the thresholds of its rules): what its rules see of them
// — as in force at a record's own time (setting-versions.ts) — and the methods that show and change them.

/** A site's settings as saved now: the saved ones over the definition's defaults, key by key. */
function siteValues(def: LedgerDefinition, settings: Settings, siteId: string): { values: Record<string, unknown>; isDefault: boolean } {
  const saved = settings.get(siteSettingsKey(def, siteId)) as Record<string, unknown> | undefined;
  return { values: { ...(def.siteSettings?.defaults ?? {}), ...(saved ?? {}) }, isDefault: !saved };
}

/** What a ledger's rules see besides the record: its sites' settings over time and their calendars, read once per call. */
export function ruleContext<D extends LedgerDefinition>(def: D, ctx: ReadContext): RuleContext<D> {
  const defaults = def.siteSettings?.defaults ?? {};
  const site = ctx.settings.siteTimelines((siteId) => siteSettingsKey(def, siteId), (saved) => ({ ...defaults, ...((saved as Record<string, unknown> | undefined) ?? {}) }));
  return {
    store: ctx.store, settings: ctx.settings, now: ctx.now,
    site: (siteId, at) => site(siteId, at) as Omit<SiteSettingsView<D>, 'siteId' | 'isDefault'>,
    calendar: calendarReader(ctx.settings),
  };
}

/**
 * A site setting's list of codes (the asset kinds that need an approval, the employee numbers who may
 * be representatives; `siteSettings.sets`) is a set: each once, in one order — a code given twice, or the same set in
 * another order, is the same setting (a probe: a kind saved twice was stored so).
 */
export function canonicalSets(def: LedgerDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const sets = def.siteSettings?.sets ?? {};
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => {
      if (!Object.hasOwn(sets, k) || !Array.isArray(v)) return [k, v];
      // Codes of a list of choices in the choices' order (as the form lists them); others sorted.
      const order = sets[k];
      const codes = [...new Set(v as string[])];
      return [k, order ? order.filter((o) => codes.includes(o)) : codes.sort()];
    }),
  );
}

/** `<key>.getSettings` and `<key>.updateSettings`: a site's settings, changed after the ledger's own check of the whole. */
export function siteSettingsHandlers(def: LedgerDefinition, checkSettings?: (values: Record<string, unknown>, ctx: HandlerContext) => void): Record<string, (ctx: HandlerContext, input: never) => unknown> {
  const mustGetSite = (ctx: HandlerContext, siteId: string) => {
    if (!ctx.store.rowById('sites', siteId)) throw new DaichoError('not_found', 'errors.not_found', 'siteId');
  };
  const view = (settings: Settings, siteId: string) => {
    const { values: v, isDefault } = siteValues(def, settings, siteId);
    return { ...v, siteId, isDefault };
  };
  return {
    [`${def.key}.getSettings`]: (ctx: HandlerContext, { siteId }: { siteId: string }) => {
      mustGetSite(ctx, siteId);
      return view(ctx.settings, siteId);
    },
    [`${def.key}.updateSettings`]: (ctx: HandlerContext, { siteId, changes, reason }: { siteId: string; changes: Record<string, unknown>; reason: string | null }) => {
      mustGetSite(ctx, siteId);
      const { values: current } = siteValues(def, ctx.settings, siteId);
      const next = { ...current, ...canonicalSets(def, changes) };
      // Nothing changed — also on a site still on the defaults, or a list only reordered: a change of rule
      // settings is a review item, an empty one is noise (a probe: 承認が必要な資産の種別 saved reversed
      // showed in the history as a change with nothing in it).
      if (JSON.stringify(canonicalSets(def, next)) === JSON.stringify(canonicalSets(def, current))) throw new DaichoError('invalid_input', 'errors.no_change', 'changes');
      checkSettings?.(next, ctx);
      ctx.store.write(ctx.actor(), (tx) => ctx.settings.set(tx, siteSettingsKey(def, siteId), next, reason ?? undefined));
      return view(ctx.settings, siteId);
    },
  };
}
