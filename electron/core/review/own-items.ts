import type { ReviewItem, SignerRole } from '../../../shared/api/review-contract';
import type { HandlerContext } from '../context';
import type { ReviewSource } from './sources';
import { approversFor } from '../auth/account-rules';
import { getAccount, rolesOf, type AccountRow } from '../auth/accounts-repo';
import { capacity, scopeOfAccount, type Scope } from './scope';

/**
 * The items a reviewer may not dispose of (Art. 9: nobody reviews themselves): those about a record
 * of their own (their stay, their checkout), one they took part in (a stay they went in with, a checkout they approved), one
 * they wrote or changed themselves (an access-log check they recorded), and those their own act
 * brought about (an anomaly they took away, a change after the month was signed). Found by an
 * insider probe: a designated clerk signed off their own change to a signed month; a system
 * administrator, their own access-log checks; a site head, a stay they escorted. A safety manager
 * disposes of their own only when no other safety manager could (a lone one has nobody to hand them
 * to); with another, that one does (found by an insider probe: one of two safety managers disposed
 * of her own 封印後修正). A few queries for the whole unit, not one an item.
 */
export function ownItems(
  ctx: Pick<HandlerContext, 'store'>,
  src: ReviewSource,
  items: readonly Pick<ReviewItem, 'subject' | 'recordId' | 'kind' | 'code'>[],
  scope: { account: { id: string; person_id: string | null }; roles: readonly string[] },
  role: SignerRole,
  evenAlone = false,
): Set<string> {
  const out = new Set<string>();
  if (!evenAlone && role === 'safety_manager' && approversFor(ctx.store, scope.account.id).length === 0) return out;
  // Who they are in the journal: their account, and their person where an act was theirs without it
  // (a door terminal records `person:<id>`: their exit there took an anomaly away — an insider probe).
  const personId = scope.account.person_id;
  const selves = JSON.stringify(personId ? [scope.account.id, `person:${personId}`] : [scope.account.id]);
  // A month's item that names a duty of theirs (a system administrator reviewing the access-log
  // checks: a system not checked is his own miss — an insider probe disposed of it and signed).
  for (const i of items) {
    const duty = i.kind === 'month' ? src.monthDuty?.[i.code] : undefined;
    if (duty && scope.roles.includes(duty)) out.add(i.subject);
  }
  // A month item about them (their door entry refused), and a clock anomaly of their own write: the clock was wrong when they wrote.
  if (src.monthInvolves && personId) {
    const about = ctx.store.stmt(`SELECT ${src.monthInvolves} AS about`);
    for (const i of items) if (i.kind === 'month' && (about.get({ subject: i.subject, person: personId, account: scope.account.id }) as { about: number }).about) out.add(i.subject);
  }
  const clocks = items.filter((i) => i.kind === 'month' && i.subject.startsWith('clock:')).map((i) => Number(i.subject.slice('clock:'.length)));
  if (clocks.length > 0)
    for (const r of ctx.store.stmt("SELECT seq FROM journal WHERE seq IN (SELECT value FROM json_each(?)) AND actor IN (SELECT value FROM json_each(?))").all(JSON.stringify(clocks), selves) as { seq: number }[])
      out.add(`clock:${r.seq}`);
  const recordIds = [...new Set(items.map((i) => i.recordId).filter((id): id is string => !!id))];
  if (personId && src.personColumn && recordIds.length > 0) {
    const mine = new Set(
      (ctx.store.stmt(`SELECT id FROM ${src.table} WHERE id IN (SELECT value FROM json_each(?)) AND ${src.personColumn} = ?`).all(JSON.stringify(recordIds), personId) as { id: string }[]).map((r) => r.id),
    );
    for (const i of items) if (i.recordId && mine.has(i.recordId)) out.add(i.subject);
  }
  if (recordIds.length > 0) {
    const ids = JSON.stringify(recordIds);
    // Written or changed by them: any journal row of the record under their account.
    // (Not a retention erasure: an approved act on old months, not a change of what the record says.)
    const wrote = ctx.store
      .stmt("SELECT DISTINCT entity_id AS id FROM journal WHERE kind = 'row' AND entity = ? AND entity_id IN (SELECT value FROM json_each(?)) AND actor IN (SELECT value FROM json_each(?)) AND action <> 'personal.erase'")
      .all(src.table, ids, selves) as { id: string }[];
    // Taken part in (a companion of a stay, the approver of a checkout).
    const partOf = src.involves
      ? (ctx.store.stmt(`SELECT id FROM ${src.table} WHERE id IN (SELECT value FROM json_each(@ids)) AND (${src.involves})`).all({ ids, person: personId, account: scope.account.id }) as { id: string }[])
      : [];
    const theirs = new Set([...wrote, ...partOf].map((r) => r.id));
    for (const i of items) if (i.recordId && theirs.has(i.recordId)) out.add(i.subject);
  }
  const changes = items.filter((i) => i.kind === 'sealed_change').map((i) => i.subject.slice('change:'.length));
  if (changes.length > 0)
    for (const r of ctx.store.stmt('SELECT id FROM sealed_changes WHERE id IN (SELECT value FROM json_each(?)) AND changed_by IN (SELECT value FROM json_each(?))').all(JSON.stringify(changes), selves) as { id: string }[])
      out.add(`change:${r.id}`);
  const cleared = items.filter((i) => i.kind === 'cleared' || i.kind === 'register_change').map((i) => i.subject.slice('cleared:'.length));
  if (cleared.length > 0) {
    for (const r of ctx.store.stmt('SELECT id FROM cleared_anomalies WHERE id IN (SELECT value FROM json_each(?)) AND changed_by IN (SELECT value FROM json_each(?))').all(JSON.stringify(cleared), selves) as { id: string }[])
      out.add(`cleared:${r.id}`);
    // A grant to themselves (an authorization of their own person), or a change that made them a
    // cabinet's custodian (an insider probe), whoever made it.
    if (personId)
      for (const r of ctx.store
        .stmt(
          `SELECT c.id FROM cleared_anomalies c WHERE c.id IN (SELECT value FROM json_each(@ids)) AND (
             EXISTS (SELECT 1 FROM authorizations a WHERE a.id = c.record_id AND a.person_id = @person) OR json_extract(c.params, '$.custodianId') = @person)`,
        )
        .all({ ids: JSON.stringify(cleared), person: personId }) as { id: string }[])
        out.add(`cleared:${r.id}`);
  }
  return out;
}

/**
 * The disposed items whose disposition was decided by someone they are about (`${subject}\n${code}`):
 * a lone safety manager's answer to her own stay, which nobody else could give (a walk-through found
 * it on screen and paper like any other). Marked 自己点検 where the disposition is shown.
 */
export function selfDisposed(
  ctx: Pick<HandlerContext, 'store'>,
  src: ReviewSource,
  items: readonly (Pick<ReviewItem, 'subject' | 'recordId' | 'kind' | 'code'> & { decidedBy: string })[],
): Set<string> {
  const out = new Set<string>();
  const byDecider = new Map<string, typeof items[number][]>();
  for (const i of items) byDecider.set(i.decidedBy, [...(byDecider.get(i.decidedBy) ?? []), i]);
  for (const [decider, group] of byDecider) {
    const account = getAccount(ctx.store, decider);
    if (!account) continue;
    const own = ownItems(ctx, src, group, { account, roles: rolesOf(account) }, 'safety_manager', true);
    for (const i of group) if (own.has(i.subject)) out.add(`${i.subject}\n${i.code}`);
  }
  return out;
}

/**
 * The unit's reviewers other than the safety managers (its site's heads, those designated for it
 * today), each with the capacity they review it in: whom the safety manager's answer is waited on
 * by, for an item about their own record (Art. 9). Active accounts only.
 */
export function otherReviewers(ctx: HandlerContext, ledger: string, siteId: string, callerId: string): { scope: Scope; role: SignerRole }[] {
  const out: { scope: Scope; role: SignerRole }[] = [];
  for (const a of ctx.store.stmt("SELECT * FROM accounts WHERE status = 'active' AND id <> ?").all(callerId) as AccountRow[]) {
    const roles = rolesOf(a);
    if (roles.includes('safety_manager')) continue;
    const scope = scopeOfAccount(ctx, a, roles);
    const role = capacity(scope, ledger, siteId);
    if (role) out.push({ scope, role });
  }
  return out;
}

/**
 * The items of an open unit that only the safety manager can answer: still without a disposition,
 * asking one, and about the own record of every other reviewer of the unit (a site head's own stay),
 * or answered by her before a correction made the answer outdated.
 * Without a mark, she was not told that the site head waited on her (a walk-through).
 */
export function waitingOnManager(
  ctx: HandlerContext, src: ReviewSource, siteId: string, items: readonly ReviewItem[], caller: { scope: Scope; own: ReadonlySet<string> },
  others = otherReviewers(ctx, src.key, siteId, caller.scope.account.id),
): ReviewItem[] {
  const open = items.filter((i) => !i.disposition && !i.waitingUntil && !i.informational && !caller.own.has(i.subject));
  if (open.length === 0) return [];
  if (others.length === 0) return [];
  const owns = others.map((o) => ownItems(ctx, src, open, o.scope, o.role));
  // …or her own answer, outdated by a correction since: hers to decide again, not theirs (review.ts answeredByOther).
  return open.filter((i) => owns.every((own) => own.has(i.subject)) || i.outdated?.decidedBy === caller.scope.account.id);
}
