import { DaichoError } from '../../../../shared/api/errors';
import type { ReviewFact } from '../../../../shared/api/review-contract';
import { toMinute } from '../../../../shared/calendar';
import type { JournalAction } from '../../../../shared/domain/journal-actions';
import type { Role } from '../../../../shared/domain/roles';
import { assetsDefinition, checkoutsDefinition, type AssetState, type CONDITIONS } from '../../../../shared/ledgers/assets';
import { getAccount } from '../../auth/accounts-repo';
import { requireSession, type HandlerContext } from '../../context';
import type { JournaledTable } from '../../store/migrations';
import type { Row, Store, Tx } from '../../store/store';
import type { ExclusiveUse } from '../kit/uniqueness';
import { STATE_SINCE_COLUMN } from './migration';

// The checkout record's rules that its acts share (index.ts): who keeps the record, an asset's state
// in step with its checkouts, since when it is in it, and a return's or loss's time and facts.

export const KEEPERS: readonly Role[] = ['clerk', 'safety_manager'];

// Kit tables: journaled, declared by their create_table changes (migration.ts).
export const ASSETS = assetsDefinition.table as JournaledTable;
export const CHECKOUTS = checkoutsDefinition.table as JournaledTable;

export function notAvailable(state: string, field: string): DaichoError {
  // Parameters are data: the screen shows the state's label and the time in its own language.
  return new DaichoError('conflict', 'assets.errors.not_available', field, { state: `assets.values.state.${state as AssetState}` });
}

/**
 * The asset is out in another checkout: said with whose and until when to those who keep the record
 * (`named`); to anyone else, that it is out, no more — an insider probe: a staff member, who reads no
 * checkout but his own, learned who had each laptop out and when it was due from the refusals.
 */
export function alreadyOut(store: Pick<Store, 'stmt'>, active: Row | undefined, field: string, named: boolean): DaichoError {
  if (!named) return new DaichoError('conflict', 'assets.errors.already_out_unnamed', field);
  const who = active ? (store.stmt('SELECT name FROM people WHERE id = ?').get(active.borrower_id) as { name: string } | undefined)?.name : undefined;
  return new DaichoError('conflict', 'assets.errors.already_out', field, { name: who ?? '', due: active ? String(active.due_at) : '' });
}

/** The checkout holding the asset out now, if any. */
export function activeCheckout(store: Pick<Store, 'stmt'>, assetId: string): Row | undefined {
  return store.stmt("SELECT * FROM asset_checkouts WHERE asset_id = ? AND returned_at IS NULL AND lost_at IS NULL AND status = 'valid'").get(assetId) as Row | undefined;
}

/** Set the asset's state in the same act as its checkout (with the act's action and reason), when it differs, and since when. */
export function setAssetState(tx: Tx, assetId: string, state: AssetState, meta: { action: JournalAction; reason: string | null }): void {
  const asset = tx.stmt('SELECT state FROM assets WHERE id = ?').get(assetId) as { state: string } | undefined;
  if (!asset || asset.state === state) return;
  tx.update(ASSETS, assetId, { state, [STATE_SINCE_COLUMN]: tx.now, amended_at: tx.now }, { action: meta.action, reason: meta.reason ?? undefined });
}

export function keeps(ctx: HandlerContext): boolean {
  return requireSession(ctx).roles.some((r) => KEEPERS.includes(r));
}

/** An asset is out in one checkout at a time: until its return, or its loss report. */
export const CHECKOUT_USE: ExclusiveUse = { table: CHECKOUTS, thing: 'asset_id', start: 'checked_out_at', end: 'coalesce(returned_at, lost_at)', message: 'assets.errors.period_overlaps', field: 'checkedOutAt' };

/** When a checkout's asset was lost, and what its report said happened. */
export function lossFacts(store: Store, id: string, lostAt: string): ReviewFact[] {
  const reason = store
    .stmt("SELECT reason FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? AND action = 'checkouts.report_loss' ORDER BY seq DESC LIMIT 1")
    .pluck()
    .get(CHECKOUTS, id) as string | null | undefined;
  return [{ term: 'lostAt', values: [{ at: lostAt }] }, ...(reason ? [{ term: 'lossReason' as const, values: [{ text: reason }] }] : [])];
}

/** Is the caller's account that of the checkout's borrower (the person it is linked to). */
export function isBorrower(ctx: HandlerContext, borrowerId: string): boolean {
  const person = getAccount(ctx.store, requireSession(ctx).accountId)?.person_id;
  return !!person && person === borrowerId;
}

/** Since when the asset has been in the state it is in now: lost, since its loss; else since the write that put it there (migration 47). */
export function stateSince(store: Store, id: string, state: string): string | null {
  const lost = state === 'lost' ? (store.stmt("SELECT max(lost_at) FROM asset_checkouts WHERE asset_id = ? AND status = 'valid'").pluck().get(id) as string | null) : null;
  return lost ?? (store.stmt(`SELECT ${STATE_SINCE_COLUMN} FROM ${ASSETS} WHERE id = ?`).pluck().get(id) as string | null) ?? null;
}

/**
 * A new checkout typed in with its return (a paper slip of a checkout long over): its return as a clerk
 * records one — naming who received it, in what condition, what was done with its data. Only a keeper
 * does, and not of their own checkout (a borrower's return is confirmed by its receiver's password, in
 * checkouts.return). Null for a checkout going out now.
 */
export function pastReturn(input: Record<string, unknown>, ctx: HandlerContext): { returnedAt: string; receivedBy: string; condition: (typeof CONDITIONS)[number]; dataHandling: string | null } | null {
  const given = (['returnedAt', 'receivedBy', 'condition', 'dataHandling'] as const).filter((k) => input[k] != null && input[k] !== '');
  if (given.length === 0) return null;
  if (!keeps(ctx) || isBorrower(ctx, String(input.borrowerId))) throw new DaichoError('forbidden', 'assets.errors.return_with_slip_keepers', given[0]);
  if (typeof input.returnedAt !== 'string') throw new DaichoError('invalid_input', 'errors.field.required', 'returnedAt');
  if (typeof input.receivedBy !== 'string') throw new DaichoError('invalid_input', 'errors.field.required', 'receivedBy');
  if (typeof input.condition !== 'string') throw new DaichoError('invalid_input', 'errors.field.required_choice', 'condition');
  const out = typeof input.checkedOutAt === 'string' ? input.checkedOutAt : null;
  const returnedAt = out ? afterOut(new Date(input.returnedAt).toISOString(), out) : input.returnedAt;
  return { returnedAt, receivedBy: input.receivedBy, condition: input.condition as (typeof CONDITIONS)[number], dataHandling: typeof input.dataHandling === 'string' ? input.dataHandling : null };
}

/**
 * A time typed (to the minute) for a checkout's return or loss: in the minute it went out — its time
 * kept to the second when a caller gave it so — it is that time, not before it (a loss reported in the
 * minute of its checkout, at the dialog's time, was refused as before it).
 */
export function afterOut(typed: string, out: string): string {
  return Date.parse(typed) < Date.parse(out) && toMinute(typed) === toMinute(out) ? out : typed;
}
