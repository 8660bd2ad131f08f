import { jstDate } from '../../../shared/calendar';
import type { Store } from '../store/store';
import type { Session } from './sessions';

// Art. 10(5) (least privilege) and AccountInfo.siteIds ("a site head reviews and sees only these"):
// a site head reads the ledgers of their own sites, and of the sites they are designated to review
// today — not every site's visitors, stays and checkouts (two probes read the head office's as the
// Osaka head). A role that spans the sites (clerk, safety manager, administrator) reads them all; a
// staff member's reads are their own records already (the kit's own-records rule).

/** The sites a desk session may read the ledgers of, or null for all of them. */
export function readableSites(store: Pick<Store, 'stmt'>, session: Pick<Session, 'kind' | 'accountId' | 'roles'>, now: Date): string[] | null {
  if (session.kind !== 'desk' || !session.roles.includes('site_head')) return null;
  if (session.roles.some((r) => r === 'clerk' || r === 'safety_manager' || r === 'sysadmin')) return null;
  const own = store.stmt('SELECT site_ids FROM accounts WHERE id = ?').get(session.accountId) as { site_ids: string | null } | undefined;
  const today = jstDate(now);
  const designated = store
    .stmt("SELECT site_ids FROM reviewer_designations WHERE account_id = ? AND status = 'valid' AND valid_from <= ? AND valid_to >= ?")
    .all(session.accountId, today, today) as { site_ids: string }[];
  const ids = [own?.site_ids, ...designated.map((d) => d.site_ids)].flatMap((s) => (s ? (JSON.parse(s) as string[]) : []));
  return [...new Set(ids)];
}

/** Does a method's input take a site (a top-level `siteId`)? */
export function takesSite(input: unknown): boolean {
  const shape = (input as { shape?: Record<string, unknown> } | null)?.shape;
  return !!shape && Object.prototype.hasOwnProperty.call(shape, 'siteId');
}

/** The SQL that keeps a list to one site, or to the caller's readable sites when none is named (null: every site). */
export function siteFilter(ctx: { readableSites?: string[] | null }, siteId: string | undefined, column = 'site_id'): { where: string; params: Record<string, string> } | null {
  if (siteId) return { where: `${column} = @siteId`, params: { siteId } };
  if (ctx.readableSites) return { where: `${column} IN (SELECT value FROM json_each(@readableSites))`, params: { readableSites: JSON.stringify(ctx.readableSites) } };
  return null;
}
