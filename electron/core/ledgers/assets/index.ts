import { saysNothing } from '../../../../shared/api/schemas';
import { addedNote } from '../../util/added-note';
import { siteFilter } from '../../auth/site-scope';
import { refuseOverlap, refuseTakenCode, touches } from '../kit/uniqueness';
import { DaichoError } from '../../../../shared/api/errors';
import { readsAlikeAs } from '../../../../shared/search';
import { rowsToJudge } from '../kit/code-index';
import { jstDate } from '../../../../shared/calendar';
import {
  assetsContract, assetsDefinition, checkoutsContract, checkoutsDefinition, SETTABLE_ASSET_STATES, type AssetKind, type AssetState, type CheckoutsNow,
  MAX_CHECKOUT_DAYS,
} from '../../../../shared/ledgers/assets';
import { siteSettingsKey } from '../../../../shared/ledgers/kit';
import type { Role } from '../../../../shared/domain/roles';
import { requireSession, type HandlerContext } from '../../context';
import { findAccountByLogin, getAccount, passwordNotOwn, rolesOf, type AccountRow } from '../../auth/accounts-repo';
import type { MessageKey } from '../../../../shared/i18n';
import { checkPassword, refuseUnknownLogin } from '../../auth/handlers';
import type { Settings } from '../../settings';
import type { Row, Store } from '../../store/store';
import { PREVIEW_APPROVER, recordBook, refuseFuture, sameRow } from '../kit/record-book';
import { assetsMigration, assetStateSinceMigration, checkoutReturnRecordedMigration, RETURN_CLOSING, RETURN_RECORDED_COLUMN, STATE_SINCE_COLUMN } from './migration';
import { activeCheckout, afterOut, alreadyOut, ASSETS, CHECKOUT_USE, CHECKOUTS, isBorrower, keeps, lossFacts, notAvailable, pastReturn, setAssetState, stateSince } from './checkout-rules';
import { closingRecordedColumns } from '../kit/closing';
import { checkoutAnomalies, isOut, suspendedWhileOut } from './rules';
import { personActiveAt, recordRegisterChange, registerPeriods, registerValueAt } from '../../setting-versions';

// SPEC §4.3 in the core: the assets register and the checkout record, on the ledger kit. The kit
// gives list, get, add, amend, void and history; this adds the rules, the second person's approval,
// the return and the loss report, and keeps each asset's state in step with its checkouts in the
// same act.

const APPROVERS: readonly Role[] = ['clerk', 'safety_manager'];
/** A checkout's notes at most (its field's own limit), the return's added under the checkout's. */
const NOTES_MAX = (checkoutsDefinition.fields.find((f) => f.key === 'notes')!.type as { max: number }).max;

function assetRow(store: Store, id: string, field = 'assetId'): Row {
  const row = store.rowById(ASSETS, id);
  if (!row) throw new DaichoError('not_found', 'errors.not_found', field);
  return row;
}

/** Does a checkout of this kind at this site need a second person's approval (the site's policy now)? */
function approvalRequired(settings: Settings, siteId: string, kind: string): boolean {
  const saved = settings.get(siteSettingsKey(checkoutsDefinition, siteId)) as { approvalKinds?: AssetKind[] } | undefined;
  return needsApproval(saved?.approvalKinds ?? checkoutsDefinition.siteSettings.defaults.approvalKinds, kind);
}

/**
 * Does a checkout of the asset at `at` need approval: its kind and site then, by the site's policy
 * then (setting-versions.ts) — as its anomaly rule judges it, so a paper slip typed in later is asked
 * what it needed then (the read-through).
 */
function approvalRequiredAt(settings: Settings, store: Store, asset: Row, at: string | Date): { required: boolean; siteId: string } {
  const id = String(asset.id);
  const siteId = registerValueAt(store, 'assets', 'site_id', id, String(asset.site_id), at);
  const kind = registerValueAt(store, 'assets', 'kind', id, String(asset.kind), at);
  const policy = settings.timeline(siteSettingsKey(checkoutsDefinition, siteId), (saved) => (saved as { approvalKinds?: AssetKind[] } | undefined)?.approvalKinds ?? checkoutsDefinition.siteSettings.defaults.approvalKinds);
  return { required: needsApproval(policy(at), kind), siteId };
}

/** Is a kind among a policy's kinds that need approval? */
function needsApproval(approvalKinds: readonly string[], kind: string): boolean {
  return approvalKinds.includes(kind);
}

export const assetsModule = recordBook(
  assetsDefinition,
  {
    // A new asset is in storage.
    derive: (_input, ctx) => (ctx.verb === 'add' ? { state: 'in_storage' as const } : {}),
    // Voided or moved while out, its checkout would point at nothing in use.
    inUse: (asset) => (asset.state === 'out' ? 'assets.errors.in_use' : null),
    // Since when it has been in its state: from its registration, and from each change of it.
    systemColumns: (record, ctx): Row => (ctx.verb === 'add' || !ctx.before || record.state !== ctx.before.state ? { [STATE_SINCE_COLUMN]: ctx.now } : {}),
    identity: ['assetTag', 'serial'],
    // Its kind and site as they stood at each checkout's time (setting-versions.ts): a correction does
    // not reach back to the checkouts before it (found by an insider probe: October's missing approval
    // gone by a November correction).
    alsoWrite: (tx, record, ctx) => {
      if (ctx.verb !== 'amend' || !ctx.before) return;
      const meta = { action: ctx.action, reason: ctx.reason ?? undefined };
      recordRegisterChange(ctx.store, tx, 'assets', 'kind', record.id, ctx.before.kind, record.kind, meta);
      recordRegisterChange(ctx.store, tx, 'assets', 'site_id', record.id, ctx.before.siteId, record.siteId, meta);
    },
    check: (r, ctx) => {
      if (touches(ctx.changed, ['assetTag'])) refuseTakenCode(ctx.store, { table: 'assets', column: 'asset_tag', code: r.assetTag, selfId: ctx.selfId, message: 'assets.errors.tag_taken', field: 'assetTag' });
      // One device, one entry: the same serial number on a second tag let one card be out to two people at once (a probe).
      if (touches(ctx.changed, ['serial', 'kind']) && r.serial) refuseTakenSerial(ctx.store, String(r.serial), String(r.kind), ctx.selfId);
      if (ctx.selfId !== null) {
        const before = assetRow(ctx.store, ctx.selfId, 'id');
        if (r.state !== before.state) {
          // 持出中 and 紛失 come from a checkout and a loss report; an asset out changes by its return. One
          // lost is found (保管中) or written off (廃棄) by a correction with its reason (a walk-through: it
          // stayed 紛失 for ever, told it was out).
          if (before.state === 'out') throw new DaichoError('conflict', 'assets.errors.state_while_out', 'state');
          if (!SETTABLE_ASSET_STATES.includes(r.state as AssetState)) throw new DaichoError('invalid_input', 'assets.errors.state_by_checkout', 'state');
        }
      }
    },
  },
  { migrations: [assetsMigration, checkoutReturnRecordedMigration, assetStateSinceMigration], contract: assetsContract },
);

/** A serial number already on a registered asset of the same kind (as a person reads it: SN-4711 is sn4711), named by its tag. */
function refuseTakenSerial(store: Store, serial: string, kind: string, selfId: string | null): void {
  const sameAs = readsAlikeAs(serial);
  const rows = rowsToJudge(store, { table: 'assets', column: 'serial', code: serial, select: 'id, asset_tag, serial', where: "status = 'valid' AND kind = ? AND serial IS NOT NULL", params: [kind] });
  const taken = rows.find((r) => r.id !== selfId && sameAs(r.serial));
  if (taken) throw new DaichoError('conflict', 'assets.errors.serial_taken', 'serial', { tag: String(taken.asset_tag) });
}

/**
 * A second person confirms, with their own password (SPEC §4.3): an approver of a checkout, or the
 * receiver of a return recorded by its borrower — an active clerk or safety manager other than the
 * borrower. The password is checked first (counted, journaled and locked like a sign-in): who may
 * confirm is said only to someone who knows that person's password, and an unknown or suspended
 * login id costs and says the same as a wrong password, so a borrower cannot probe which login ids
 * belong to clerks. Returns the confirming account.
 */
async function confirmSecondPerson(
  ctx: HandlerContext,
  cred: { loginId: string; password: string },
  borrowerId: string,
  as: { check: 'checkouts.approval' | 'checkouts.receipt'; field: string; passwordField: string; notAllowed: MessageKey; isBorrower: MessageKey },
): Promise<AccountRow> {
  let account = findAccountByLogin(ctx.store, cred.loginId);
  // A login id or password that is not right is said at the second person's password (it does not say which of the two).
  if (!account || account.status !== 'active') return refuseUnknownLogin(ctx, cred.loginId, account, cred.password, `${as.check}.fail`, ctx.actor(), as.passwordField);
  await checkPassword(ctx, account, cred.password, as.check, as.passwordField);
  // Read again after the password's wait, which the write follows at once: an account suspended, its
  // role or person changed meanwhile confirms nothing (an insider probe: a clerk suspended while their
  // password was checked still approved a laptop's checkout).
  account = getAccount(ctx.store, account.id);
  if (!account || account.status !== 'active') throw new DaichoError('conflict', 'assets.errors.approver_changed', as.field);
  if (!rolesOf(account).some((r) => APPROVERS.includes(r))) throw new DaichoError('invalid_input', as.notAllowed, as.field);
  // Someone other than the borrower: the account must say which person they are.
  if (!account.person_id) throw new DaichoError('invalid_input', 'assets.errors.approver_no_person', as.field);
  if (account.person_id === borrowerId) throw new DaichoError('invalid_input', as.isBorrower, as.field);
  // Someone still with the company (an insider probe: the account of a person who had left approved a
  // checkout; it can no longer sign in, and a receiver is refused so already).
  const person = ctx.store.rowById('people', account.person_id);
  if (!person || person.active !== 1) throw new DaichoError('invalid_input', 'errors.person_inactive', as.field, { name: String(person?.name ?? '') });
  const notOwn = passwordNotOwn(account, ctx.now);
  if (notOwn) throw new DaichoError('invalid_input', notOwn === 'temporary' ? 'assets.errors.approver_temporary_password' : 'assets.errors.approver_password_expired', as.field);
  return account;
}

async function approve(ctx: HandlerContext, approval: { approverLoginId: string; approverPassword: string }, borrowerId: string): Promise<string> {
  const field = 'approval.approverLoginId';
  return (await confirmSecondPerson(ctx, { loginId: approval.approverLoginId, password: approval.approverPassword }, borrowerId, {
    check: 'checkouts.approval', field, passwordField: 'approval.approverPassword', notAllowed: 'assets.errors.approver_not_allowed', isBorrower: 'assets.errors.approver_is_borrower',
  })).id;
}

export const checkoutsModule = recordBook(
  checkoutsDefinition,
  {
    derive: async (input, ctx) => {
      const asset = assetRow(ctx.store, String(input.assetId));
      // An amendment keeps the record's site (the asset may have moved since; a signed month stays as it was).
      // A return taken back by a correction (it never came back) takes its details with it: who received
      // it, in what condition, its data (an insider probe: the checkout out again still said 受領者 its
      // borrower, 破損, 消去済). The journal keeps them as they were.
      if (ctx.verb === 'amend') return ctx.before?.returnedAt && input.returnedAt == null ? { receivedBy: null, condition: null, dataHandling: null } : {};
      if (asset.status === 'void') throw new DaichoError('conflict', 'assets.errors.retired', 'assetId');
      const returned = pastReturn(input, ctx.handler);
      // An asset goes out only from storage, once at a time. A slip typed in with its return went out and
      // came back then: what the asset is now says nothing of it; its period must not meet another's (check).
      if (!returned && asset.state === 'out') throw alreadyOut(ctx.store, activeCheckout(ctx.store, String(asset.id)), 'assetId', keeps(ctx.handler));
      if (!returned && asset.state !== 'in_storage') throw notAvailable(String(asset.state), 'assetId');
      // Lost, in repair or disposed now: a slip of before that, not reaching into it (a review: a slip
      // dated after a laptop's loss recorded it out and back 異常なし, the laptop still 紛失).
      if (returned && asset.state !== 'in_storage' && asset.state !== 'out') {
        const since = stateSince(ctx.store, String(asset.id), String(asset.state));
        if (since !== null && Date.parse(returned.returnedAt) > Date.parse(since)) throw new DaichoError('conflict', 'assets.errors.slip_after_state', 'returnedAt', { state: `assets.values.state.${asset.state as AssetState}`, at: since });
      }
      const approval = input.approval as { approverLoginId: string; approverPassword: string } | undefined;
      // The asset's kind and site when it went out, by that site's policy then (a checkout typed in after the asset changed).
      const at = typeof input.checkedOutAt === 'string' ? input.checkedOutAt : ctx.now;
      const then = approvalRequiredAt(ctx.settings, ctx.store, asset, at);
      // And by the policy now: a checkout dated back to before approval was required still needs it
      // when it is written (an insider probe: a staff member dated theirs three days back, and no
      // approval was asked for).
      const required = then.required || approvalRequiredAt(ctx.settings, ctx.store, asset, ctx.now).required;
      // A preview takes the approval the save will ask for as given: its password is not sent, nor checked.
      if (ctx.preview) return { siteId: then.siteId, approvedBy: approval || required ? PREVIEW_APPROVER : null, ...returned };
      if (required && !approval) throw new DaichoError('invalid_input', 'assets.errors.approval_required', 'approval.approverLoginId');
      const approvedBy = approval ? await approve(ctx.handler, approval, String(input.borrowerId)) : null;
      return { siteId: then.siteId, approvedBy, ...returned };
    },
    check: (r, ctx) => {
      if (r.dueAt && r.checkedOutAt && Date.parse(r.dueAt) <= Date.parse(r.checkedOutAt)) throw new DaichoError('invalid_input', 'assets.errors.due_before_out', 'dueAt');
      // A checkout is for a while, not for ever: a due date in 9999 was never overdue (a bad-input probe).
      if (touches(ctx.changed, ['dueAt', 'checkedOutAt']) && r.dueAt && r.checkedOutAt && Date.parse(r.dueAt) > Date.parse(r.checkedOutAt) + MAX_CHECKOUT_DAYS * 86_400_000)
        throw new DaichoError('invalid_input', 'assets.errors.due_too_far', 'dueAt', { days: MAX_CHECKOUT_DAYS });
      // A checkout reported lost is not returned by a correction (an insider probe: "returned" before it
      // was lost, the asset still 紛失); a loss reported by mistake is voided, and the checkout recorded again.
      if (touches(ctx.changed, ['returnedAt']) && r.returnedAt && r.lostAt) throw new DaichoError('invalid_input', 'assets.errors.lost_not_returned', 'returnedAt');
      // Said at the time corrected (a probe: the checkout moved past its return, told at the untouched 返却日時).
      if (r.returnedAt && r.checkedOutAt && Date.parse(r.returnedAt) < Date.parse(r.checkedOutAt))
        throw touches(ctx.changed, ['checkedOutAt']) && !touches(ctx.changed, ['returnedAt'])
          ? new DaichoError('invalid_input', 'assets.errors.out_after_return', 'checkedOutAt')
          : new DaichoError('invalid_input', 'assets.errors.return_before_out', 'returnedAt');
      // Lost after it went out, as a return is (an insider probe: a lost laptop's checkout corrected to 09:30, its loss at 09:00).
      if (r.lostAt && r.checkedOutAt && Date.parse(r.lostAt) < Date.parse(r.checkedOutAt))
        throw touches(ctx.changed, ['checkedOutAt'])
          ? new DaichoError('invalid_input', 'assets.errors.out_after_loss', 'checkedOutAt')
          : new DaichoError('invalid_input', 'assets.errors.lost_before_out', 'lostAt');
      // A return's details belong to a return: not on a checkout still out.
      if (!r.returnedAt) for (const f of ['receivedBy', 'condition', 'dataHandling'] as const) if (r[f] != null && r[f] !== '' && touches(ctx.changed, [f])) throw new DaichoError('invalid_input', 'assets.errors.not_returned_yet', f);
      if (r.returnedAt && !r.receivedBy) throw new DaichoError('invalid_input', 'errors.field.required', 'receivedBy');
      // A return made by a correction says in what condition it came back, as the return does (an insider probe).
      if (touches(ctx.changed, ['returnedAt', 'condition']) && r.returnedAt && !r.condition) throw new DaichoError('invalid_input', 'errors.field.required_choice', 'condition');
      // Damaged or faulty, its notes say what is wrong — a slip typed in with its return, a correction of the condition —
      // as the return's do (checkouts.return; a review: the rule held at the return only).
      if (touches(ctx.changed, ['condition', 'notes']) && (r.condition === 'damaged' || r.condition === 'faulty') && (!r.notes || saysNothing(r.notes)))
        throw new DaichoError('invalid_input', 'assets.errors.condition_needs_notes', 'notes');
      // A correction that makes a returned checkout out again needs the asset back in storage, and free.
      if (ctx.selfId !== null && r.assetId && isOut({ returnedAt: r.returnedAt ?? null, lostAt: r.lostAt ?? null })) {
        const before = ctx.store.rowById(CHECKOUTS, ctx.selfId);
        if (before && !isOut({ returnedAt: (before.returned_at as string | null) ?? null, lostAt: (before.lost_at as string | null) ?? null })) {
          const asset = assetRow(ctx.store, r.assetId, 'returnedAt');
          const active = activeCheckout(ctx.store, r.assetId);
          if (active && active.id !== ctx.selfId) throw alreadyOut(ctx.store, active, 'returnedAt', false);
          // (Or in repair, where its return sent it: back damaged or faulty — alsoWrite.)
          if (asset.status === 'void' || (asset.state !== 'in_storage' && asset.state !== 'repair')) throw notAvailable(String(asset.state), 'returnedAt');
        }
      }
      // One asset out once at a time (a checkout typed in later, or corrected into another's time); a loss ends it too.
      if (touches(ctx.changed, ['assetId', 'checkedOutAt', 'returnedAt', 'lostAt']))
        refuseOverlap(ctx.store, CHECKOUT_USE, {
          thingId: r.assetId, from: r.checkedOutAt, until: r.returnedAt ?? r.lostAt ?? (ctx.selfId === null ? 'unknown' : null), selfId: ctx.selfId,
          // At the return time when only that was corrected (as the cabinets' lock time).
          field: touches(ctx.changed, ['assetId', 'checkedOutAt']) ? undefined : 'returnedAt',
        });
    },
    /**
     * The asset's state follows its checkout in the same act — but only when this checkout's own
     * state changes (out, lost, back), and only from the state this checkout gave it: correcting an
     * old, returned checkout's notes leaves the asset as it is now.
     */
    alsoWrite: (tx, record, ctx) => {
      const asset = tx.stmt('SELECT state, status FROM assets WHERE id = ?').get(record.assetId) as { state: string; status: string } | undefined;
      if (!asset) return;
      const phase = (c: Pick<typeof record, 'status' | 'returnedAt' | 'lostAt'> | null) => (c === null || c.status === 'void' ? 'none' : c.lostAt !== null ? 'lost' : c.returnedAt === null ? 'out' : 'back');
      const was = phase(ctx.before);
      const now = phase(record);
      if (was === now) return;
      // Checked again inside the transaction: another station may have taken it out (or a clerk sent it to repair) meanwhile.
      // (A return taken back that had sent it to 修理中 — back damaged — takes that with it: it never came back.)
      const returnedToRepair = was === 'back' && asset.state === 'repair';
      if (now === 'out') {
        if (asset.status === 'void' || (asset.state !== 'in_storage' && !returnedToRepair)) throw asset.state === 'out' ? alreadyOut(tx, activeCheckout(tx, record.assetId), 'assetId', false) : notAvailable(asset.state, 'assetId');
        setAssetState(tx, record.assetId, 'out', ctx);
      } else if (was === 'out' && asset.state === 'out') setAssetState(tx, record.assetId, now === 'lost' ? 'lost' : record.condition === 'damaged' || record.condition === 'faulty' ? 'repair' : 'in_storage', ctx);
      else if (was === 'lost' && now === 'none' && asset.state === 'lost') setAssetState(tx, record.assetId, 'in_storage', ctx); // a loss report voided as a mistake
    },
    // When the return was recorded (migration 18): with the time it gives, the book at the due time.
    systemColumns: closingRecordedColumns(RETURN_CLOSING),
    closing: RETURN_CLOSING,
    anomalies: (r, ctx, row) => {
      const asset = ctx.store.rowById(ASSETS, r.assetId);
      const borrower = ctx.store.rowById('people', r.borrowerId);
      // The approval policy in force when it went out, and the asset's kind then (setting-versions.ts).
      const kind = asset ? registerValueAt(ctx.store, 'assets', 'kind', r.assetId, String(asset.kind), r.checkedOutAt) : null;
      const approval = kind !== null && needsApproval(ctx.site(r.siteId, r.checkedOutAt).approvalKinds, kind);
      // Whether the borrower was suspended at any time while it was out (their active status, dated).
      const facts = { ...r, returnRecordedAt: row[RETURN_RECORDED_COLUMN] as string | null | undefined };
      const suspended = borrower !== undefined && suspendedWhileOut(facts, registerPeriods(ctx.store, 'people', 'active', r.borrowerId, borrower.active), ctx.now);
      const found = checkoutAnomalies(facts, { approvalRequired: approval, borrowerSuspended: suspended, now: ctx.now });
      // A loss says when and what happened where it is read: the review, the paper (a probe: 紛失 alone, its
      // reason only in the history). The reason is its report's, kept with the journal row that recorded it.
      return r.lostAt === null ? found : found.map((a) => (a.code === 'lost' ? { ...a, facts: lossFacts(ctx.store, r.id, r.lostAt!) } : a));
    },
  },
  { contract: checkoutsContract },
);

/**
 * Nobody corrects or voids a checkout they are the borrower of: another clerk does (an insider probe:
 * a clerk who had borrowed a laptop recorded its return by a correction, naming a colleague who never
 * confirmed it, and the asset was back in storage with nothing for the review; a void, or a later due
 * date, would hide a laptop not brought back as well).
 */
function refuseOwnCheckout(ctx: HandlerContext, id: string): void {
  const row = ctx.store.rowById(CHECKOUTS, id);
  if (row && isBorrower(ctx, String(row.borrower_id))) throw new DaichoError('forbidden', 'assets.errors.own_checkout', 'id');
}
for (const verb of ['amend', 'previewAmend', 'void'] as const) {
  const inner = checkoutsModule.handlers[`checkouts.${verb}`] as (ctx: HandlerContext, input: { id: string }) => unknown;
  checkoutsModule.handlers[`checkouts.${verb}`] = (ctx: HandlerContext, input: { id: string }) => {
    refuseOwnCheckout(ctx, input.id);
    return inner(ctx, input);
  };
}

/** The checkout, still out, that the caller may report lost (the borrower, or a clerk) or return (a clerk). */
function outCheckout(ctx: HandlerContext, id: string) {
  const c = checkoutsModule.getLive(ctx, id);
  if (!isOut(c)) throw new DaichoError('conflict', 'assets.errors.not_out', 'id');
  if (!keeps(ctx) && getAccount(ctx.store, requireSession(ctx).accountId)?.person_id !== c.borrowerId) throw new DaichoError('forbidden', 'assets.errors.return_own_only', 'id');
  return c;
}

/**
 * An asset register change that takes away the approval its checkouts need (SPEC §4.3): its kind (or
 * site) corrected to one the site's policy does not require approval for. Found by an insider probe:
 * a laptop registered again as その他 went out without approval, and nothing showed it. It comes up in
 * the checkouts' review of the asset's site for the month it was made (review/change-notes.ts).
 */
checkoutsModule.review = {
  // Took part in it: approved it going out (an account), received it back (a person). The borrower is the record's own person.
  involves: 'received_by = @person OR approved_by = @account',
  open: 'returned_at IS NULL AND lost_at IS NULL',
  registerChange: [
    {
      table: ASSETS,
      judge: (ctx, before, after) => {
        if (after.status !== 'valid') return null;
        const needed = approvalRequired(ctx.settings, String(before.site_id), String(before.kind));
        if (!needed || approvalRequired(ctx.settings, String(after.site_id), String(after.kind))) return null;
        return { siteId: String(after.site_id), code: 'approval_dropped', params: { asset: String(after.asset_tag), label: String(after.asset_tag) } };
      },
    },
    {
      // The same device registered again as a kind that needs no approval: its tag or its serial that of
      // another entry (voided, or still registered as another kind) that needed one (an insider probe
      // voided a laptop and registered its tag and serial again as その他; it went out unapproved, and
      // nothing showed it, where a correction of its kind would have).
      table: ASSETS,
      judgeNew: (ctx, row) => {
        if (row.status !== 'valid' || approvalRequired(ctx.settings, String(row.site_id), String(row.kind))) return null;
        // Tags and serials as the register's uniqueness reads them (PC001, ＰＣ－００１ are PC-001: insider probe 13).
        const tagAs = readsAlikeAs(String(row.asset_tag), true);
        const serialAs = typeof row.serial === 'string' && row.serial ? readsAlikeAs(row.serial) : () => false;
        const same = (ctx.store.stmt('SELECT id, asset_tag, serial, kind, site_id FROM assets WHERE id <> ?').all(row.id) as Row[]).filter((o) => tagAs(o.asset_tag) || serialAs(o.serial));
        return same.some((o) => approvalRequired(ctx.settings, String(o.site_id), String(o.kind)))
          ? { siteId: String(row.site_id), code: 'approval_dropped', params: { asset: String(row.asset_tag), label: String(row.asset_tag) } }
          : null;
      },
    },
    {
      // Out of storage by a correction of its state (修理中, 廃棄), not by a checkout: an asset whose
      // checkouts need approval left with none asked and nothing in the book (an insider probe).
      table: ASSETS,
      judge: (ctx, before, after) =>
        after.status === 'valid' && before.state === 'in_storage' && (after.state === 'repair' || after.state === 'disposed') && approvalRequired(ctx.settings, String(after.site_id), String(after.kind))
          ? { siteId: String(after.site_id), code: after.state === 'repair' ? 'asset_to_repair' : 'asset_disposed', params: { asset: String(after.asset_tag), label: String(after.asset_tag) } }
          : null,
    },
    {
      // A disposed asset brought back by a correction can go out again (an insider probe: nothing showed it).
      table: ASSETS,
      judge: (_ctx, before, after) =>
        after.status === 'valid' && before.state === 'disposed' && after.state !== 'disposed'
          ? { siteId: String(after.site_id), code: 'asset_revived', params: { asset: String(after.asset_tag), label: String(after.asset_tag) } }
          : null,
    },
  ],
};

/** Whether the form asks for an approval: by the policy at the checkout's time or now, as the add does (derive). */
checkoutsModule.handlers['checkouts.policy'] = (ctx: HandlerContext, { assetId, at }: { assetId: string; at?: string }) => {
  const asset = assetRow(ctx.store, assetId);
  return { approvalRequired: approvalRequiredAt(ctx.settings, ctx.store, asset, at ?? ctx.now).required || approvalRequiredAt(ctx.settings, ctx.store, asset, ctx.now).required };
};

checkoutsModule.handlers['checkouts.return'] = async (
  ctx: HandlerContext,
  input: { id: string; returnedAt?: string; receivedBy?: string; receiver?: { loginId: string; password: string }; condition: string; dataHandling: string | null; notes: string | null },
) => {
  const c = outCheckout(ctx, input.id);
  const read = ctx.store.rowById(CHECKOUTS, c.id)!;
  // The return's note is added under the checkout's, never in its place.
  const notes = addedNote(c.notes, input.notes, NOTES_MAX, 'notes', 'assets.errors.return_notes_too_long');
  // A clerk records the return naming who received it; a borrower recording their own has the
  // receiver confirm with their own password, and the receiver is then that person — a clerk who
  // borrowed too (an insider probe: a clerk named a colleague as receiver of their own laptop, and
  // the colleague never confirmed it).
  let receivedBy: string;
  const ownReturn = isBorrower(ctx, c.borrowerId);
  if (keeps(ctx) && !ownReturn && !input.receiver) {
    if (!input.receivedBy) throw new DaichoError('invalid_input', 'errors.field.required', 'receivedBy');
    receivedBy = input.receivedBy;
  } else {
    if (!input.receiver) throw new DaichoError('invalid_input', 'assets.errors.receiver_confirmation_required', 'receiver.loginId');
    const receiver = await confirmSecondPerson(ctx, input.receiver, c.borrowerId, {
      check: 'checkouts.receipt', field: 'receiver.loginId', passwordField: 'receiver.password', notAllowed: 'assets.errors.receiver_not_allowed', isBorrower: 'assets.errors.receiver_is_borrower',
    });
    receivedBy = receiver.person_id!;
    // The receiver's password took its time: the checkout must still be out, as it was (an insider
    // probe: a loss report, a void or a clerk's return recorded meanwhile, and this return on top).
    outCheckout(ctx, input.id);
    if (!sameRow(ctx.store.rowById(CHECKOUTS, c.id), read)) throw new DaichoError('conflict', 'errors.changed_meanwhile', 'id');
  }
  const receiver = ctx.store.rowById('people', receivedBy);
  if (!receiver) throw new DaichoError('not_found', 'errors.not_found', 'receivedBy');
  const at = input.returnedAt ? afterOut(new Date(input.returnedAt).toISOString(), c.checkedOutAt) : ctx.now.toISOString();
  if (Date.parse(at) < Date.parse(c.checkedOutAt)) throw new DaichoError('invalid_input', 'assets.errors.return_before_out', 'returnedAt');
  refuseFuture(ctx.now, at, 'returnedAt');
  // The receiver was active then, as anyone a record names (a probe: a suspended person received it).
  if (!personActiveAt(ctx.store, receivedBy, receiver.active, at)) throw new DaichoError('invalid_input', 'errors.person_inactive', input.receiver ? 'receiver.loginId' : 'receivedBy', { name: String(receiver.name) });
  // Its whole period now known: no other checkout of the asset inside it (a slip typed in after later ones).
  refuseOverlap(ctx.store, CHECKOUT_USE, { thingId: c.assetId, from: c.checkedOutAt, until: at, selfId: c.id, field: 'returnedAt' });
  const changes: Row = { returned_at: at, received_by: receivedBy, condition: input.condition, data_handling: input.dataHandling };
  if (notes !== null) changes.notes = notes;
  const action = 'checkouts.return';
  ctx.store.write(ctx.actor(), (tx) => {
    tx.update(CHECKOUTS, c.id, { ...changes, [RETURN_RECORDED_COLUMN]: tx.now }, { action });
    // Back damaged or faulty, it is 修理中 until someone puts it back in storage (a user probe: a laptop back with a
    // cracked screen was lent again at once); the return's notes are why.
    const back = input.condition === 'good' ? 'in_storage' : 'repair';
    if ((tx.stmt('SELECT state FROM assets WHERE id = ?').get(c.assetId) as { state: string }).state === 'out') setAssetState(tx, c.assetId, back, { action, reason: back === 'repair' ? input.notes : null });
  });
  return checkoutsModule.get(ctx, c.id);
};

checkoutsModule.handlers['checkouts.reportLoss'] = (ctx: HandlerContext, { id, lostAt, reason }: { id: string; lostAt?: string; reason: string }) => {
  const c = outCheckout(ctx, id);
  const at = lostAt ? afterOut(new Date(lostAt).toISOString(), c.checkedOutAt) : ctx.now.toISOString();
  if (Date.parse(at) < Date.parse(c.checkedOutAt)) throw new DaichoError('invalid_input', 'assets.errors.lost_before_out', 'lostAt');
  refuseFuture(ctx.now, at, 'lostAt');
  refuseOverlap(ctx.store, CHECKOUT_USE, { thingId: c.assetId, from: c.checkedOutAt, until: at, selfId: c.id, field: 'lostAt' });
  const action = 'checkouts.report_loss';
  ctx.store.write(ctx.actor(), (tx) => {
    tx.update(CHECKOUTS, c.id, { lost_at: at }, { action, reason });
    if ((tx.stmt('SELECT state FROM assets WHERE id = ?').get(c.assetId) as { state: string }).state === 'out') setAssetState(tx, c.assetId, 'lost', { action, reason });
  });
  return checkoutsModule.get(ctx, c.id);
};

checkoutsModule.handlers['checkouts.now'] = (ctx: HandlerContext, { siteId }: { siteId?: string }): CheckoutsNow => {
  const own = checkoutsModule.ownPerson(ctx, checkoutsDefinition.access.read);
  const where = ["status = 'valid'", 'returned_at IS NULL', 'lost_at IS NULL'];
  const params: Record<string, string> = {};
  const sites = siteFilter(ctx, siteId);
  if (sites) {
    where.push(sites.where);
    Object.assign(params, sites.params);
  }
  if (own !== null) {
    where.push('borrower_id = @own');
    params.own = own;
  }
  const out = checkoutsModule.select(ctx, where.join(' AND '), params, 'due_at, id');
  const today = jstDate(ctx.now);
  return {
    out,
    dueToday: out.filter((c) => jstDate(c.dueAt) === today && Date.parse(c.dueAt) >= ctx.now.getTime()).length,
    overdue: out.filter((c) => Date.parse(c.dueAt) < ctx.now.getTime()).length,
  };
};
