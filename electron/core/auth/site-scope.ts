import { jstDate } from '../../../shared/calendar';
import type { Store } from '../store/store';
import type { Session } from './sessions';

// Art. 10(5) (least privilege) and AccountInfo.siteIds ("a site head reviews and sees only these"):
// a site head reads the ledgers of their own sites, and of the sites they are designated to review
// today — not every site's visitors, stays and checkouts (two probes read the head office's as the
// Osaka head). A role that spans the sites (clerk, safety manager, administrator) reads them all; a
// staff member's reads are their own records already (the kit's own-records rule). The scope is of
// reading the ledgers: the registers stay readable, and a site head's own records at another site
// (their stay in the head office's server room) are still theirs to write.

/** The ledgers, by the prefix of their methods (and the review's keys). */
const LEDGERS = new Set(['serverRoom', 'cabinetLog', 'checkouts', 'visitors', 'lastExit', 'accessLog']);

/** Is a ledger's reading kept to a site head's sites (the ledgers are; the registers stay readable at every site)? */
export function siteScoped(ledger: string): boolean {
  return LEDGERS.has(ledger);
}
const READS = /\.(list|get|history|inside|now|openNow|unchecked|missing|warnings)$/;

/**
 * Registers whose history holds a ledger's acts (a guest card's: when it was lent, lost with the
 * visitor's name; an asset's: who took it out, why it was lost), read as that ledger (an insider
 * probe: the Osaka head read the head office's through them, the ledgers themselves closed to them).
 */
const HISTORY_OF: Readonly<Record<string, string>> = { guestCards: 'visitors', assets: 'checkouts' };

/**
 * The ledger a method reads, for the scope: its prefix for a ledger's reads, the ledger asked for by
 * print and export ('' for a month's bundle of every ledger), or null when it reads no ledger.
 */
export function ledgerRead(method: string, input: unknown): string | null {
  if (method.startsWith('print.')) {
    const ledger = (input as { ledger?: unknown; bundle?: unknown } | null)?.ledger;
    return typeof ledger === 'string' && (input as { bundle?: unknown }).bundle !== true ? ledger : '';
  }
  const prefix = method.slice(0, method.indexOf('.'));
  if (method === `${prefix}.history` && HISTORY_OF[prefix]) return HISTORY_OF[prefix];
  return LEDGERS.has(prefix) && READS.test(method) ? prefix : null;
}

/**
 * The sites a desk session may read a ledger of, or null for all of them: a site head's own sites,
 * and the sites they are designated to review that ledger at today (a designation for the access-log
 * checks opens those, not the site's visitors: a probe).
 */
export function readableSites(store: Pick<Store, 'stmt'>, session: Pick<Session, 'kind' | 'accountId' | 'roles'>, now: Date, ledger: string): string[] | null {
  if (session.kind !== 'desk' || !session.roles.includes('site_head')) return null;
  if (session.roles.some((r) => r === 'clerk' || r === 'safety_manager' || r === 'sysadmin')) return null;
  const own = store.stmt('SELECT site_ids FROM accounts WHERE id = ?').get(session.accountId) as { site_ids: string | null } | undefined;
  const today = jstDate(now);
  const designated = store
    .stmt("SELECT ledgers, site_ids FROM reviewer_designations WHERE account_id = ? AND status = 'valid' AND valid_from <= ? AND valid_to >= ?")
    .all(session.accountId, today, today) as { ledgers: string; site_ids: string }[];
  const forLedger = designated.filter((d) => (JSON.parse(d.ledgers) as string[]).includes(ledger));
  const ids = [own?.site_ids, ...forLedger.map((d) => d.site_ids)].flatMap((s) => (s ? (JSON.parse(s) as string[]) : []));
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
