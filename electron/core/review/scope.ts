import { jstDate } from '../../../shared/calendar';
import type { SignerRole } from '../../../shared/api/review-contract';
import { requireSession, type HandlerContext } from '../context';
import { getAccount, rolesOf, type AccountRow } from '../auth/accounts-repo';

// SPEC §5: who reviews a unit, and as what — the safety manager (all), a site head (their sites), a
// designated reviewer (what the designation covers, on the day).

/** What the caller may review, as of today (Japan). */
export interface Scope {
  account: AccountRow;
  roles: ReturnType<typeof rolesOf>;
  siteIds: string[];
  designations: { ledgers: string[]; siteIds: string[] }[];
}

export function scopeOf(ctx: HandlerContext): Scope {
  const session = requireSession(ctx);
  return scopeOfAccount(ctx, getAccount(ctx.store, session.accountId)!, session.roles as ReturnType<typeof rolesOf>);
}

export function scopeOfAccount(ctx: HandlerContext, account: AccountRow, roles: ReturnType<typeof rolesOf>): Scope {
  const today = jstDate(ctx.now);
  const rows = ctx.store
    .stmt("SELECT ledgers, site_ids FROM reviewer_designations WHERE account_id = ? AND status = 'valid' AND valid_from <= ? AND valid_to >= ?")
    .all(account.id, today, today) as { ledgers: string; site_ids: string }[];
  return {
    account,
    roles,
    siteIds: roles.includes('site_head') ? (JSON.parse(account.site_ids) as string[]) : [],
    designations: rows.map((r) => ({ ledgers: JSON.parse(r.ledgers) as string[], siteIds: JSON.parse(r.site_ids) as string[] })),
  };
}

/** In what capacity the caller reviews this unit, or null when they may not (SPEC §5). */
export function capacity(scope: Scope, ledger: string, siteId: string): SignerRole | null {
  if (scope.roles.includes('safety_manager')) return 'safety_manager';
  if (scope.siteIds.includes(siteId)) return 'site_head';
  if (scope.designations.some((d) => d.ledgers.includes(ledger) && d.siteIds.includes(siteId))) return 'designated';
  return null;
}
