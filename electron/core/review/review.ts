import { sign } from 'node:crypto';
import { jstDate, jstMonth, jstMonthRange, nextMonth, previousMonth } from '../../../shared/calendar';
import { DaichoError } from '../../../shared/api/errors';
import type { reviewContract } from '../../../shared/api/review-contract';
import type { DesignationInfo, Meaning, ReviewDetail, ReviewItem, ReviewUnit, SignerRole, SigningKeyInfo } from '../../../shared/api/review-contract';
import { requireSession, type HandlerContext, type Handlers } from '../context';
import { readableSites } from '../auth/site-scope';
import { getAccount, passwordNotOwn, rolesOf, toAccountInfo, type AccountRow } from '../auth/accounts-repo';
import { checkPassword } from '../auth/handlers';
import { addNotice } from '../auth/notices';
import type { Store, Tx } from '../store/store';
import type { Settings } from '../settings';
import { openSigningKey } from './keys';
import { completed, fingerprint, membersDigest, REOPENER_ROLE, reopenStatement, sealsOf, sealStands, sealStatement, standing, type SealRow } from './seal';
import { sealHolds, sealInfo } from './seal-info';
import { REOPEN_KEY_COLUMN, REOPEN_SIGNATURE_COLUMN } from './migration';
import { dayOf, termOf, type ReviewSource } from './sources';
import { noteClearedAnomalies, noteJudgedFrom, noteRegisterChange, noteSealedChange, noteSettingChange } from './change-notes';
import { otherReviewers, ownItems, selfDisposed, waitingOnManager } from './own-items';
import { noPersonBehind, personBehind } from '../ledgers/kit/saying';
import { capacity, scopeOf, type Scope } from './scope';
import { approversFor } from '../auth/account-rules';
import { changedSince } from './changed-since';
import { movedOutOf } from './moved-out';
import { latestRows } from './journal-reads';
import { dispositionInfo, itemsOf, type DispositionRow } from './unit-items';
import { firstRecordMonth, unitHasRecords } from './units';

// SPEC §5 (issue 11): the monthly review of each ledger × site × month. Who reviews: the safety
// manager (all), a site head (their sites), a designated reviewer (what the designation covers, on
// the day). Every anomaly gets a disposition; then the reviewer signs with their own key, sealing
// the month's record rows, its dispositions and the journal head. Changes to a sealed month are
// noted (sealed_changes) and come up in the next month's review.

export type ReviewMethodName = keyof typeof reviewContract;


interface DesignationRow {
  id: string;
  account_id: string;
  ledgers: string;
  site_ids: string;
  valid_from: string;
  valid_to: string;
  status: 'valid' | 'void';
  void_reason: string | null;
  recorded_by: string;
  recorded_at: string;
}

/** Is a unit's item asked "is it about you" of the reviewer's person (a stay, a checkout, an authorization)? Then a reviewer no person stands behind disposes of none (personBehind). */
const comparesPeople = (src: ReviewSource) => !!(src.personColumn || src.involves || src.monthInvolves);

/** 承認 is the safety manager's; everyone else signs as 確認. */
const meaningsOf = (role: SignerRole): Meaning[] => (role === 'safety_manager' ? ['approve', 'confirm'] : ['confirm']);

/** A month's review is due by the due day in force when the month ended: a later change does not move a due day already set (an insider probe). */
const dueOn = (settings: HandlerContext['settings'], month: string) => `${nextMonth(month)}-${String(settings.getAt('review.dueDay', jstMonthRange(month).end)).padStart(2, '0')}`;

export interface ReviewModule {
  handlers: Handlers<ReviewMethodName>;
  /** Notes every change to a sealed month, and every anomaly a correction or a void takes away, in the same act (Store.watchRows). */
  watch(store: Store, settings: Settings): void;
}

export function reviewModule(sources: readonly ReviewSource[]): ReviewModule {
  const byKey = new Map(sources.map((s) => [s.key, s]));
  const sourceOf = (ledger: string, field = 'ledger') => {
    const s = byKey.get(ledger);
    if (!s) throw new DaichoError('invalid_input', 'review.errors.unknown_ledger', field);
    return s;
  };
  const sites = (store: Store) => store.stmt('SELECT id, name FROM sites ORDER BY sort_order').all() as { id: string; name: string }[];
  const siteName = (store: Store, id: string, field = 'siteId') => {
    const s = store.rowById('sites', id);
    if (!s) throw new DaichoError('not_found', 'errors.not_found', field);
    return String(s.name);
  };
  const mustEnd = (ctx: HandlerContext, month: string) => {
    if (month >= jstMonth(ctx.now)) throw new DaichoError('invalid_input', 'review.errors.month_not_ended', 'month');
  };
  const mustReview = (ctx: HandlerContext, ledger: string, siteId: string): { scope: Scope; role: SignerRole } => {
    const scope = scopeOf(ctx);
    const role = capacity(scope, ledger, siteId);
    if (!role) throw new DaichoError('forbidden', 'review.errors.not_reviewer', 'siteId');
    return { scope, role };
  };

  const unitOf = (ctx: HandlerContext, src: ReviewSource, site: { id: string; name: string }, month: string, undisposed: number | null, waiting: number | null = null, waitsOnYou = 0, byOthers = 0): ReviewUnit => {
    const seals = sealsOf(ctx.store, src.key, site.id, month);
    const due = dueOn(ctx.settings, month);
    const holding = new Map(seals.map((s) => [s.id, sealHolds(ctx.store, s)]));
    // Sealed by a seal whose signature holds, as everywhere in the review (standing): one made or copied
    // outside the app leaves the month open. One whose sealed rows were changed since still seals it, and
    // shows as not verified (SealInfo.verified, the full check; verify names it).
    // Complete under the seal of the role its ledger names (ReviewSource.completedBy), else under any.
    const sealed = standing(ctx.store, seals);
    const done = sealed && completed(ctx.store, seals, src.completedBy);
    const records = (ctx.store.stmt(`SELECT count(*) AS n FROM ${src.table} WHERE ${src.monthWhere}`).get({ siteId: site.id, ...src.monthParams(month) }) as { n: number }).n;
    return {
      ledger: src.key, siteId: site.id, siteName: site.name, month, dueOn: due, state: sealed ? 'sealed' : 'open', awaiting: sealed && !done ? (src.completedBy ?? null) : null,
      overdue: !done && jstDate(ctx.now) > due, records,
      undisposed, waiting, ...(waitsOnYou > 0 ? { waitsOnYou } : {}), ...(byOthers > 0 ? { byOthers } : {}), seals: seals.map((s) => sealInfo(ctx.store, s, holding.get(s.id)!)),
    };
  };

  const detail = (ctx: HandlerContext, ledger: string, siteId: string, month: string): ReviewDetail => {
    const src = sourceOf(ledger);
    const name = siteName(ctx.store, siteId);
    const scope = scopeOf(ctx);
    const role = capacity(scope, ledger, siteId);
    if (!role) throw new DaichoError('forbidden', 'review.errors.not_reviewer', 'siteId');
    const records = src.records(ctx, siteId, month);
    const all = itemsOf(ctx, src, siteId, month, records);
    const own = ownItems(ctx, src, all, scope, role);
    const sealedNow = standing(ctx.store, sealsOf(ctx.store, ledger, siteId, month));
    const onYou = new Set(role === 'safety_manager' && !sealedNow ? waitingOnManager(ctx, src, siteId, all, { scope, own }) : []);
    const items = all
      .map((it) => (own.has(it.subject) ? { ...it, aboutReviewer: true } : onYou.has(it) ? { ...it, waitsOnYou: true } : it))
      .map((it) => (answeredByOther(it, scope.account.id, role) ? { ...it, answeredByOther: true } : it));
    const ownRecords = ownRecordCount(ctx, src, records, scope, role);
    const changed = new Set(
      (ctx.store.stmt('SELECT DISTINCT record_id FROM sealed_changes WHERE ledger = ? AND site_id = ? AND month = ?').all(ledger, siteId, month) as { record_id: string }[]).map((r) => r.record_id),
    );
    const perDay = new Map<string, number>();
    for (const r of records) if (r.status === 'valid') perDay.set(dayOf(r.at), (perDay.get(dayOf(r.at)) ?? 0) + 1);
    const unit = unitOf(ctx, src, { id: siteId, name }, month, items.filter((i) => !i.disposition && !i.waitingUntil && !i.informational).length, null, items.filter((i) => i.waitsOnYou).length);
    const mine = sealsOf(ctx.store, ledger, siteId, month).some((s) => s.signer_id === scope.account.id && sealStands((sql) => ctx.store.stmt(sql), s));
    return {
      unit,
      counts: {
        total: records.length, valid: records.filter((r) => r.status === 'valid').length, void: records.filter((r) => r.status === 'void').length,
        withAnomalies: records.filter((r) => r.status === 'valid' && r.anomalies.length > 0).length,
      },
      perDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count })),
      items,
      // The records to look at: those with an anomaly, corrected, voided or changed after a seal (the
      // rest are counted above and listed in the ledger itself, filtered to the month and site).
      records: records
        .filter((r) => (r.status === 'valid' && r.anomalies.length > 0) || r.status === 'void' || r.amendCount > 0 || changed.has(r.id))
        .map((r) => ({ id: r.id, at: r.at, status: r.status, label: r.label, ...termOf(r), anomalyCodes: r.anomalies.map((a) => a.code), amendCount: r.amendCount, sealedChange: changed.has(r.id) })),
      movedOut: changed.size > 0 ? movedOutOf(ctx.store, src, siteId, month) : [],
      mayReview: true,
      // Answered and signed once the month has ended (mustEnd): not offered before (a probe: typed in, then refused).
      signAs: month < jstMonth(ctx.now) ? { name: scope.account.display_name, role, meanings: meaningsOf(role) } : null,
      opensOn: month < jstMonth(ctx.now) ? null : `${nextMonth(month)}-01`,
      signedByCaller: mine,
      ownRecords,
      mayReopen: scope.roles.includes('safety_manager'),
      // Told as review.dispose refuses it, by the same rule, so that no disposition is offered to be refused.
      noPersonBehind: comparesPeople(src) && noPersonBehind(scope.account),
      shownHead: ctx.store.journalHead().seq,
    };
  };

  /** The units to review: one month's (with what is left to dispose of in each), or every unit still due. */
  const unitList = (ctx: HandlerContext, month: string | undefined, due: boolean | undefined): ReviewUnit[] => {
    const scope = scopeOf(ctx);
    const current = jstMonth(ctx.now);
    const months: string[] = [];
    // From the first month to review (the setup's); before it, only the units with records entered since (from the paper book).
    const set = ctx.settings.get('review.since') ?? previousMonth(current);
    if (due) {
      // …or an earlier month a record was in, or an anomaly was taken away from (a record of it voided, or moved out of it).
      const cleared = (ctx.store.stmt('SELECT min(month) AS m FROM cleared_anomalies').get() as { m: string | null }).m;
      const first = [firstRecordMonth((sql) => ctx.store.stmt(sql)), cleared].filter((m): m is string => m !== null).sort()[0] ?? null;
      const since = first !== null && first < set ? first : set;
      for (let m = since; m < current; m = nextMonth(m)) months.push(m);
    } else months.push(month ?? previousMonth(current));
    const out: ReviewUnit[] = [];
    const siteList = sites(ctx.store);
    // The other reviewers of each ledger and site, read once for the list (a review: once a unit was slow at scale).
    const othersOf = new Map<string, ReturnType<typeof otherReviewers>>();
    const others = (ledger: string, siteId: string) => othersOf.get(`${ledger}\n${siteId}`) ?? othersOf.set(`${ledger}\n${siteId}`, otherReviewers(ctx, ledger, siteId, scope.account.id)).get(`${ledger}\n${siteId}`)!;
    for (const m of months)
      for (const src of sources)
        for (const site of siteList) {
          if (!capacity(scope, src.key, site.id)) continue;
          if (due && m < set && !unitHasRecords(ctx.store, src.key, site.id, m)) continue;
          // Due until complete; a sealed one awaiting a role's seal (the server-room book) is due for that role only.
          const seals = sealsOf(ctx.store, src.key, site.id, m);
          if (due && (completed(ctx.store, seals, src.completedBy) || (standing(ctx.store, seals) && capacity(scope, src.key, site.id) !== src.completedBy))) continue;
          // Nor is a month of the reviewer's own checks, which another signs (a walk-through: the designated
          // administrator was shown, as his to sign, the month his own checks made).
          if (due && src.writerActs && ownRecordCount(ctx, src, src.records(ctx, site.id, m), scope, capacity(scope, src.key, site.id)!) > 0) continue;
          // One month's list counts what is left to dispose of in each open unit; the due list of many months does not.
          // (A check not due yet is nothing to do yet: counted apart, so that 0 is not read as nothing left, a walk-through.)
          const role = capacity(scope, src.key, site.id);
          const unsealed = m < current && !standing(ctx.store, seals);
          // (The due list reads a unit's items only where another reviewer may wait on the safety manager.)
          const items = unsealed && (!due || (role === 'safety_manager' && others(src.key, site.id).length > 0)) ? itemsOf(ctx, src, site.id, m, src.records(ctx, site.id, m)) : null;
          const open = !due && items ? items.filter((i) => !i.disposition && !i.informational) : null;
          // What a site head waits on the safety manager for (an item about the head's own record), in both lists.
          const own = items ? ownItems(ctx, src, items, scope, role!) : null;
          const onYou = items && role === 'safety_manager' && others(src.key, site.id).length > 0 ? waitingOnManager(ctx, src, site.id, items, { scope, own: own! }, others(src.key, site.id)).length : 0;
          // …and, in one month's list, what the reviewer waits on another for (a probe: the site head's list
          // counted his own stay's anomaly as his to answer; only its page said the safety manager answers it).
          const byOthers = open && own ? open.filter((i) => (own.has(i.subject) || answeredByOther(i, scope.account.id, role!)) && !i.waitingUntil).length : 0;
          const unit = unitOf(ctx, src, site, m, open && open.filter((i) => !i.waitingUntil).length, open && open.filter((i) => i.waitingUntil).length, onYou, byOthers);
          // Items this account cannot answer at all (no person behind it, as review.dispose refuses): said on the list, not only on the page.
          // (The due list counts none: a unit's items are read for such an account alone, which is rare.)
          if (comparesPeople(src) && noPersonBehind(scope.account)) {
            const left = due ? (unsealed ? (items ?? itemsOf(ctx, src, site.id, m, src.records(ctx, site.id, m))).filter((i) => !i.disposition && !i.informational && !i.waitingUntil).length : 0) : unit.undisposed;
            if (left) unit.noPersonBehind = true;
          }
          out.push(unit);
        }
    return due ? out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || (b.waitsOnYou ?? 0) - (a.waitsOnYou ?? 0)) : out;
  };

  const handlers: Handlers<ReviewMethodName> = {
    // Both in the reader worker (the contract's inReader): a busy month is tens of milliseconds of reads and rules.
    'review.list': (ctx, { month, due }) => unitList(ctx, month, due),
    'review.get': (ctx, { ledger, siteId, month }) => detail(ctx, ledger, siteId, month),
    'review.sealedMonth': (ctx, { ledger, siteId, month }) => {
      if (readableSites(ctx.store, requireSession(ctx), ctx.now, sourceOf(ledger).key)?.includes(siteId) === false) throw new DaichoError('forbidden', 'errors.site_not_yours', 'siteId');
      return { sealed: standing(ctx.store, sealsOf(ctx.store, ledger, siteId, month)) }; // a site head's own sites only (a review)
    },

    'review.dispose': (ctx, input) => {
      const src = sourceOf(input.ledger);
      siteName(ctx.store, input.siteId);
      const reviewer = mustReview(ctx, input.ledger, input.siteId);
      mustEnd(ctx, input.month);
      if (standing(ctx.store, sealsOf(ctx.store, input.ledger, input.siteId, input.month))) throw new DaichoError('conflict', 'review.errors.sealed', 'month');
      if (input.disposition === 'no_issue' && !input.explanation) throw new DaichoError('invalid_input', 'review.errors.explanation_required', 'explanation');
      if (input.disposition !== 'no_issue') {
        if (!input.cause) throw new DaichoError('invalid_input', 'review.errors.cause_required', 'cause');
        if (!input.action) throw new DaichoError('invalid_input', 'review.errors.action_required', 'action');
      }
      const existing = ctx.store
        .stmt('SELECT * FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ? AND subject = ? AND code = ?')
        .get(input.ledger, input.siteId, input.month, input.subject, input.code) as DispositionRow | undefined;
      // A 要対応 is carried into the next month's review: one already signed would hold a new one unasked, and one carried there is under its seal (probes).
      if ((existing?.disposition === 'follow_up' || input.disposition === 'follow_up') && standing(ctx.store, sealsOf(ctx.store, input.ledger, input.siteId, nextMonth(input.month))))
        throw new DaichoError('conflict', existing?.disposition === 'follow_up' ? 'review.errors.next_month_holds_follow_up' : 'review.errors.next_month_sealed', 'disposition');
      const items = itemsOf(ctx, src, input.siteId, input.month, src.records(ctx, input.siteId, input.month));
      const item = items.find((i) => i.subject === input.subject && i.code === input.code);
      if (!item) throw new DaichoError('not_found', 'review.errors.unknown_item', 'subject');
      if (item.waitingUntil) throw new DaichoError('conflict', 'review.errors.waiting', 'subject', { due: item.waitingUntil });
      // Whether it is about them is asked of their person (a stay, a checkout, an authorization): a reviewer no person stands behind disposes of none such (kit/saying.ts personBehind).
      if (comparesPeople(src)) personBehind(ctx.store, reviewer.scope.account.id, 'subject');
      if (ownItems(ctx, src, [item], reviewer.scope, reviewer.role).size > 0) throw new DaichoError('forbidden', 'review.errors.own_record', 'subject');
      if (answeredByOther(item, reviewer.scope.account.id, reviewer.role))
        throw new DaichoError('forbidden', 'review.errors.answered_by_other', 'disposition', { name: (item.disposition ?? item.outdated)!.decidedByName });
      const values = { disposition: input.disposition, explanation: input.explanation, cause: input.cause, action: input.action };
      // The same disposition again is no change — unless the record was corrected since (it is decided again for the record as it is now).
      if (existing && !item.outdated && (['disposition', 'explanation', 'cause', 'action'] as const).every((k) => existing[k] === values[k])) throw new DaichoError('invalid_input', 'errors.no_change', 'disposition');
      const who = ctx.actor();
      const row = ctx.store.write(who, (tx) =>
        existing
          ? tx.update('review_dispositions', existing.id, { ...values, decided_by: who.actor, decided_at: tx.now }, { action: 'review.dispose' }).after
          : tx.insert(
              'review_dispositions',
              { id: ctx.store.newId(), ledger: input.ledger, site_id: input.siteId, month: input.month, subject: input.subject, code: input.code, ...values, decided_by: who.actor, decided_at: tx.now },
              { action: 'review.dispose' },
            ),
      ) as unknown as DispositionRow;
      const self = selfDisposed(ctx, src, [{ ...item, decidedBy: row.decided_by }]).size > 0;
      return { ...item, disposition: { ...dispositionInfo(ctx.store, row), ...(self ? { selfReview: true } : {}) } };
    },

    'review.sign': async (ctx, { ledger, siteId, month, password, meaning, shownHead }) => {
      const src = sourceOf(ledger);
      siteName(ctx.store, siteId);
      const { scope, role } = mustReview(ctx, ledger, siteId);
      mustEnd(ctx, month);
      if (!meaningsOf(role).includes(meaning)) throw new DaichoError('invalid_input', 'review.errors.meaning_not_allowed', 'meaning');
      const account = scope.account;
      const { key, stillOwn } = await ownSigningKey(ctx, account, password, 'review.sign');
      ctx.store.write(ctx.actor(), (tx) => {
        // Judged again inside the act: nothing can come between the check and the seal. The password
        // checked is still the account's own, the caller still reviews this unit in the same capacity…
        stillOwn();
        if (capacity(scopeOf(ctx), ledger, siteId) !== role) throw new DaichoError('forbidden', 'review.errors.not_reviewer', 'siteId');
        // …and the month is as the reviewer was shown it.
        if (changedSince(ctx.store, src, siteId, month, shownHead)) throw new DaichoError('conflict', 'review.errors.changed_since_shown', 'month');
        const seals = sealsOf(ctx.store, ledger, siteId, month);
        if (seals.some((s) => s.signer_id === account.id && sealStands((sql) => ctx.store.stmt(sql), s))) throw new DaichoError('conflict', 'review.errors.already_signed', 'month');
        const records = src.records(ctx, siteId, month);
        // Art. 9: a signature confirms every record of the month, and nobody confirms their own (an
        // insider probe: a system administrator designated for the access-log checks sealed a month
        // of his own checks, which raised no item to refuse him at).
        const own = ownRecordCount(ctx, src, records, scope, role);
        if (own > 0) throw new DaichoError('forbidden', 'review.errors.own_records_sign', 'month', { count: own });
        // Those said for information ask for none (SPEC §4.2).
        const undisposed = itemsOf(ctx, src, siteId, month, records).filter((i) => !i.disposition && !i.informational);
        const waiting = undisposed.map((i) => i.waitingUntil).filter((d): d is string => !!d).sort();
        if (waiting.length > 0) throw new DaichoError('conflict', 'review.errors.waiting_sign', 'month', { count: waiting.length, due: waiting[waiting.length - 1] });
        const open = undisposed.length;
        if (open > 0) throw new DaichoError('conflict', 'review.errors.undisposed', 'month', { count: open });
        key.plan(tx);
        writeSeal(ctx.store, tx, {
          src, siteId, month, recordIds: records.map((r) => r.id), key, role, meaning, signerId: account.id, signerName: account.display_name,
        });
      });
      return detail(ctx, ledger, siteId, month);
    },

    // SPEC §5: taking a seal back is the safety manager's own act, signed with their own key like a
    // seal (migration 20): someone holding the database key cannot reopen a seal in their name.
    'review.reopen': async (ctx, { sealId, reason, password }) => {
      const seal = ctx.store.rowById('seals', sealId) as unknown as SealRow | undefined;
      if (!seal) throw new DaichoError('not_found', 'errors.not_found', 'sealId');
      if (seal.status !== 'sealed') throw new DaichoError('conflict', 'review.errors.already_reopened', 'sealId');
      const account = getAccount(ctx.store, requireSession(ctx).accountId)!;
      const { key, stillOwn } = await ownSigningKey(ctx, account, password, 'review.reopen');
      ctx.store.write(ctx.actor(), (tx) => {
        stillOwn();
        if (!rolesOf(getAccount(ctx.store, account.id)!).includes(REOPENER_ROLE)) throw new DaichoError('forbidden', 'errors.forbidden', 'sealId');
        const current = ctx.store.rowById('seals', sealId) as unknown as SealRow;
        if (current.status !== 'sealed') throw new DaichoError('conflict', 'review.errors.already_reopened', 'sealId');
        key.plan(tx);
        const statement = reopenStatement({ id: sealId, signature: current.signature, reopenedAt: tx.now, reopenedBy: account.id, reason, keyId: key.keyId });
        tx.update(
          'seals',
          sealId,
          { status: 'reopened', reopened_at: tx.now, reopened_by: account.id, reopen_reason: reason, [REOPEN_KEY_COLUMN]: key.keyId, [REOPEN_SIGNATURE_COLUMN]: sign(null, statement, key.key).toString('base64') },
          { action: 'review.reopen', reason },
        );
        // The signer whose seal it was is told at their next sign-in (found by an insider probe: the
        // safety manager reopened a site head's 確認 and signed the month again alone, unseen by them).
        if (current.signer_id !== account.id)
          addNotice(ctx.store, tx, {
            accountId: current.signer_id, kind: 'seal_reopened', actorId: account.id, reason,
            detail: { ledger: current.ledger, siteName: siteName(ctx.store, current.site_id, 'sealId'), month: current.month, meaning: current.meaning },
          });
      });
      return detail(ctx, seal.ledger, seal.site_id, seal.month);
    },

    'designations.list': (ctx) =>
      (ctx.store.stmt('SELECT * FROM reviewer_designations ORDER BY recorded_at DESC, id').all() as DesignationRow[]).map((r) => designationInfo(ctx.store, r)),

    'designations.add': (ctx, input) => {
      const acc = getAccount(ctx.store, input.accountId);
      if (!acc || acc.status !== 'active') throw new DaichoError('not_found', 'errors.not_found', 'accountId');
      for (const l of input.ledgers) sourceOf(l, 'ledgers');
      for (const s of input.siteIds) siteName(ctx.store, s, 'siteIds');
      // Not oneself (the safety manager reviews every unit already: a designation of her own says nothing
      // but that she chose herself), nor a second designation over one in force for the same ledger and
      // site (an insider probe: both were stored; which one a cancellation ended could not be told).
      if (input.accountId === requireSession(ctx).accountId) throw new DaichoError('forbidden', 'review.errors.designation_self', 'accountId');
      const overlapping = () => {
        const rows = ctx.store
          .stmt("SELECT ledgers, site_ids, valid_from, valid_to FROM reviewer_designations WHERE account_id = ? AND status = 'valid' AND valid_from <= ? AND valid_to >= ?")
          .all(input.accountId, input.validTo, input.validFrom) as { ledgers: string; site_ids: string; valid_from: string; valid_to: string }[];
        const hit = rows.find((r) => (JSON.parse(r.ledgers) as string[]).some((l) => input.ledgers.includes(l)) && (JSON.parse(r.site_ids) as string[]).some((s) => input.siteIds.includes(s)));
        if (hit) throw new DaichoError('conflict', 'review.errors.designation_overlap', 'validFrom', { from: hit.valid_from, to: hit.valid_to });
      };
      overlapping();
      const who = ctx.actor();
      const row = ctx.store.write(who, (tx) => {
        overlapping(); // again inside the act: two at once do not both pass
        return tx.insert(
          'reviewer_designations',
          {
            id: ctx.store.newId(), account_id: input.accountId, ledgers: JSON.stringify([...new Set(input.ledgers)]), site_ids: JSON.stringify([...new Set(input.siteIds)]),
            valid_from: input.validFrom, valid_to: input.validTo, status: 'valid', void_reason: null, recorded_by: who.actor, recorded_at: tx.now,
          },
          { action: 'designations.add' },
        );
      });
      return designationInfo(ctx.store, row as unknown as DesignationRow);
    },

    'designations.void': (ctx, { id, reason }) => {
      const row = ctx.store.rowById('reviewer_designations', id) as unknown as DesignationRow | undefined;
      if (!row) throw new DaichoError('not_found', 'errors.not_found', 'id');
      if (row.status === 'void') throw new DaichoError('conflict', 'errors.voided', 'id');
      const { after } = ctx.store.write(ctx.actor(), (tx) => tx.update('reviewer_designations', id, { status: 'void', void_reason: reason }, { action: 'designations.void', reason }));
      return designationInfo(ctx.store, after as unknown as DesignationRow);
    },

    'signingKeys.list': (ctx): SigningKeyInfo[] => {
      const rows = ctx.store
        .stmt('SELECT k.*, (SELECT count(*) FROM seals s WHERE s.key_id = k.id) AS seals FROM signing_keys k ORDER BY k.created_at DESC, k.id')
        .all() as { id: string; account_id: string; public_key: string; created_at: string; revoked_at: string | null; revoked_by: string | null; revoke_reason: string | null; seals: number }[];
      const name = (id: string | null) => (id ? (getAccount(ctx.store, id)?.display_name ?? id) : null);
      return rows.map((k) => ({
        id: k.id, accountId: k.account_id, accountName: name(k.account_id)!, fingerprint: fingerprint(k.public_key), createdAt: k.created_at, revokedAt: k.revoked_at,
        revokedByName: name(k.revoked_by), revokeReason: k.revoke_reason, seals: k.seals,
      }));
    },

    'accounts.setSites': (ctx, { id, siteIds, reason }) => {
      const acc = getAccount(ctx.store, id);
      if (!acc) throw new DaichoError('not_found', 'errors.not_found', 'id');
      if (id === requireSession(ctx).accountId) throw new DaichoError('forbidden', 'review.errors.sites_self', 'id');
      if (siteIds.length > 0 && !rolesOf(acc).includes('site_head')) throw new DaichoError('invalid_input', 'review.errors.not_site_head', 'siteIds');
      for (const s of siteIds) siteName(ctx.store, s, 'siteIds');
      const next = JSON.stringify([...new Set(siteIds)].sort());
      if (next === acc.site_ids) throw new DaichoError('invalid_input', 'errors.no_change', 'siteIds');
      ctx.store.write(ctx.actor(), (tx) => tx.update('accounts', id, { site_ids: next }, { action: 'accounts.set_sites', reason }));
      return toAccountInfo(getAccount(ctx.store, id)!);
    },
  };

  return {
    handlers,
    watch: (store, settings) => {
      for (const src of sources) {
        store.watchRows(src.table, (tx, ch) => noteSealedChange(store, tx, src, ch));
        store.watchRows(src.table, (tx, ch) => noteClearedAnomalies(store, settings, tx, src, ch));
        for (const w of src.registerChange === undefined ? [] : Array.isArray(src.registerChange) ? src.registerChange : [src.registerChange])
          store.watchRows(w.table, (tx, ch) => noteRegisterChange(store, settings, tx, src, w, ch));
        store.watchRows('setting_versions', (tx, ch) => noteSettingChange(store, tx, src, ch));
        for (const w of src.judgedFrom ?? []) store.watchRows(w.table, (tx, ch) => noteJudgedFrom(store, settings, tx, src, w, ch));
      }
    },
  };
}

function designationInfo(store: Store, r: DesignationRow): DesignationInfo {
  const name = (id: string) => getAccount(store, id)?.display_name ?? id;
  return {
    id: r.id, accountId: r.account_id, accountName: name(r.account_id), ledgers: JSON.parse(r.ledgers) as string[], siteIds: JSON.parse(r.site_ids) as string[],
    validFrom: r.valid_from, validTo: r.valid_to, status: r.status, voidReason: r.void_reason, recordedByName: name(r.recorded_by), recordedAt: r.recorded_at,
  };
}

/**
 * The holder's own signing key for an act they sign (a seal, a reopening), opened with their password
 * checked again; `stillOwn()`, inside the act, refuses if the account changed meanwhile (its password,
 * a reset, a suspension). A password someone else set is not the holder's: no signature with it (SPEC §5).
 */
async function ownSigningKey(ctx: HandlerContext, account: AccountRow, password: string, check: 'review.sign' | 'review.reopen') {
  const notOwn = passwordNotOwn(account, ctx.now);
  if (notOwn) throw new DaichoError('forbidden', notOwn === 'temporary' ? 'review.errors.no_password_own' : 'review.errors.password_expired', 'password');
  await checkPassword(ctx, account, password, check);
  const key = await openSigningKey(ctx.store, account.id, password);
  const stillOwn = () => {
    const now = getAccount(ctx.store, account.id)!;
    if (now.password_hash !== account.password_hash || passwordNotOwn(now, ctx.now) !== null || now.status !== 'active') throw new DaichoError('conflict', 'review.errors.account_changed', 'password');
  };
  return { key, stillOwn };
}

/** The seal itself: the member rows and the head, signed (inside the write, after every check). */
function writeSeal(
  store: Store,
  tx: Tx,
  s: { src: ReviewSource; siteId: string; month: string; recordIds: string[]; key: { keyId: string; key: Parameters<typeof sign>[2] }; role: SignerRole; meaning: Meaning; signerId: string; signerName: string },
): void {
  const dispositionIds = (store.stmt('SELECT id FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ?').all(s.src.key, s.siteId, s.month) as { id: string }[]).map((r) => r.id);
  const records = latestRows(store, s.src.table, s.recordIds);
  const dispositions = latestRows(store, 'review_dispositions', dispositionIds);
  const head = store.journalHead();
  const unsigned = {
    id: store.newId(), ledger: s.src.key, site_id: s.siteId, month: s.month, head_seq: head.seq, head_hash: head.hash,
    digest: membersDigest({ ledger: s.src.key, siteId: s.siteId, month: s.month }, { records, dispositions }),
    signer_id: s.signerId, signer_name: s.signerName, signer_role: s.role, meaning: s.meaning, signed_at: tx.now, key_id: s.key.keyId,
  };
  const signature = sign(null, sealStatement(unsigned), s.key.key).toString('base64');
  tx.insert(
    'seals',
    { ...unsigned, members: JSON.stringify({ records: records.map((r) => r[0]), dispositions: dispositions.map((r) => r[0]) }), signature, status: 'sealed', reopened_at: null, reopened_by: null, reopen_reason: null },
    { action: 'review.sign' },
  );
}

/**
 * How many of the month's records are the reviewer's own act, in a ledger whose records are their
 * writer's (ReviewSource.writerActs: an access-log check they recorded); none for a lone safety
 * manager (nobody else could sign). While there are any, they may not sign the month (Art. 9).
 */
function ownRecordCount(ctx: HandlerContext, src: ReviewSource, records: readonly { id: string }[], scope: Parameters<typeof ownItems>[3], role: SignerRole): number {
  if (!src.writerActs || records.length === 0) return 0;
  if (role === 'safety_manager' && approversFor(ctx.store, scope.account.id).length === 0) return 0;
  const selves = scope.account.person_id ? [scope.account.id, `person:${scope.account.person_id}`] : [scope.account.id];
  return (
    ctx.store
      .stmt("SELECT count(DISTINCT entity_id) AS n FROM journal WHERE kind = 'row' AND entity = ? AND entity_id IN (SELECT value FROM json_each(?)) AND actor IN (SELECT value FROM json_each(?)) AND action <> 'personal.erase'")
      .get(src.table, JSON.stringify(records.map((r) => r.id)), JSON.stringify(selves)) as { n: number }
  ).n;
}

/**
 * An answer another reviewer recorded, which this one may not replace: only its author and the safety
 * manager (the approver) may change it (an insider probe: a site head replaced the safety manager's
 * 要対応 with 問題なし, which dropped it from the next month, and signed). One decided before its record
 * changed (outdated) is decided again by them too: else a correction of the record, by a clerk or at
 * the door, would hand it to anyone (a review).
 */
function answeredByOther(item: Pick<ReviewItem, 'disposition' | 'outdated'>, accountId: string, role: SignerRole): boolean {
  const answer = item.disposition ?? item.outdated;
  return !!answer && answer.decidedBy !== accountId && role !== 'safety_manager';
}
