import { DaichoError } from '../../../../shared/api/errors';
import { requireSession, type HandlerContext } from '../../context';
import type { Row, Store } from '../../store/store';

// The record book's refusals (record-book.ts): those found at several steps of one save are said together.

/**
 * Runs each check; the refusals of input at a field are said together (a refusal of another kind is
 * thrown as it is). Null when all hold.
 */
export function fieldRefusals(checks: (() => void)[]): DaichoError | null {
  let found: DaichoError | null = null;
  for (const check of checks) {
    try {
      check();
    } catch (e) {
      if (!(e instanceof DaichoError) || e.fieldIssues().length === 0) throw e;
      found = found ? DaichoError.together(found, e) : e;
    }
  }
  return found;
}

/** Two steps' refusals (either may be null) said together, the first's first. */
export function together(first: DaichoError | null, second: DaichoError | null): DaichoError | null {
  return first && second ? DaichoError.together(first, second) : (first ?? second);
}

/**
 * A step after `early`'s refusals were found: its own refusal is said with them. A step that returns
 * a promise is followed; one that does not is not waited for (between a record read and its write
 * nothing else may run: a second correction in that gap was written over the first).
 */
export function sayingWith<T>(early: DaichoError | null, step: () => T): T {
  const said = (e: unknown) => (early && e instanceof DaichoError ? DaichoError.together(early, e) : e);
  try {
    const out = step();
    return (out instanceof Promise ? out.catch((e: unknown) => Promise.reject(said(e))) : out) as T;
  } catch (e) {
    throw said(e);
  }
}

/**
 * A record's derived values (a second person's approval, the site of its asset). When the derive
 * refuses the input at a field, the record's own check runs on what was typed, and a refusal of
 * another field is said with it (a walk-through: a checkout without its approval was told of the
 * approval, and of its due date before it went out only on the next try). The check's other errors
 * (a reference it could not read without the derived values) are not said: the derive's refusal is.
 */
export async function deriveSayingAll<T>(deriving: T | Promise<T>, checkTyped: () => void): Promise<T> {
  try {
    return await deriving;
  } catch (e) {
    if (!(e instanceof DaichoError) || e.fieldIssues().length === 0) throw e;
    try {
      checkTyped();
    } catch (c) {
      if (c instanceof DaichoError) throw DaichoError.together(e, c);
    }
    throw e;
  }
}

/**
 * The person of the people register behind the acting account, for the acts whose honesty rests on
 * "not your own" (correcting or voiding a record, granting or ending an authorization or a cabinet's
 * key, disposing of a review item): refused (errors.no_person_behind) when it has none, for those rules
 * compare people and would find nothing to refuse. An insider probe: an administrator alone made a clerk
 * account no person stands behind (a link needs the safety manager's approval, a role alone does not),
 * signed in as it, voided his own stay and gave himself a cabinet. A safety manager's account is made
 * only on a safety manager's approval (or at setup): hers, without a person, is null (nothing to compare).
 */
export function personBehind(store: Pick<Store, 'stmt'>, accountId: string, field = 'id'): string | null {
  const account = store.stmt('SELECT person_id, roles FROM accounts WHERE id = ?').get(accountId) as PersonBehindFacts | undefined;
  if (noPersonBehind(account)) throw new DaichoError('forbidden', 'errors.no_person_behind', field);
  return account?.person_id ?? null;
}

/** The account's columns personBehind reads (an accounts row has them). */
export interface PersonBehindFacts {
  person_id: string | null;
  /** JSON array of the roles. */
  roles: string;
}

/**
 * personBehind's rule alone: would it refuse this account (none, or no person linked and no safety
 * manager)? Told to the renderer as it is (SessionInfo.noPersonBehind, AccountInfo.noPersonBehind,
 * ReviewDetail.noPersonBehind), so that a screen offers none of what the core refuses, with no copy of the rule.
 */
export function noPersonBehind(account: PersonBehindFacts | undefined): boolean {
  if (account?.person_id) return false;
  return !account || !(JSON.parse(account.roles) as string[]).includes('safety_manager');
}

/**
 * Nobody corrects or voids a record they are a party to (the person of a stay, a cabinet opened, a checklist;
 * a stay's companion or a visitor's escort, `parties`): another keeper does. Found by an insider probe: a clerk
 * moved her own 入室許可なし stay onto an authorized colleague, and voided her own in a signed month (the
 * checkouts refused it already: assets.errors.own_checkout); then one who had gone in as a companion corrected
 * the stay he was named on. An account no person stands behind corrects none (personBehind).
 */
export function refuseOwnRecord(ctx: HandlerContext, before: Row, personColumn: string | undefined, parties?: (row: Row) => readonly string[]): void {
  if (!personColumn && !parties) return;
  // An account no person stands behind is refused here (personBehind), not passed as "not its own"; its person, read once, is asked the rest.
  const person = personBehind(ctx.store, requireSession(ctx).accountId);
  if (isPartyTo(before, person, personColumn, parties)) throw new DaichoError('forbidden', 'errors.own_record', 'id');
}

/** Is the signed-in keeper a party to this record (its person, or one of its `parties`)? Then another keeper corrects it. */
export function isOwnRecord(ctx: HandlerContext, row: Row, personColumn: string | undefined, parties?: (row: Row) => readonly string[]): boolean {
  if (!personColumn && !parties) return false;
  const person = (ctx.store.stmt('SELECT person_id FROM accounts WHERE id = ?').get(requireSession(ctx).accountId) as { person_id: string | null } | undefined)?.person_id;
  return isPartyTo(row, person ?? null, personColumn, parties);
}

/** Is `person` the record's person, or one of its `parties`? No person is no party. */
function isPartyTo(row: Row, person: string | null, personColumn: string | undefined, parties?: (row: Row) => readonly string[]): boolean {
  if (!person) return false;
  return (!!personColumn && row[personColumn] === person) || !!parties?.(row).includes(person);
}
