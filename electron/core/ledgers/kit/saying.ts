import { DaichoError } from '../../../../shared/api/errors';
import { getAccount } from '../../auth/accounts-repo';
import { requireSession, type HandlerContext } from '../../context';
import type { Row } from '../../store/store';

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
 * Nobody corrects or voids a record they are a party to (the person of a stay, a cabinet opened, a checklist;
 * a stay's companion or a visitor's escort, `parties`): another keeper does. Found by an insider probe: a clerk
 * moved her own 入室許可なし stay onto an authorized colleague, and voided her own in a signed month (the
 * checkouts refused it already: assets.errors.own_checkout); then one who had gone in as a companion corrected
 * the stay he was named on.
 */
export function refuseOwnRecord(ctx: HandlerContext, before: Row, personColumn: string | undefined, parties?: (row: Row) => readonly string[]): void {
  if (isOwnRecord(ctx, before, personColumn, parties)) throw new DaichoError('forbidden', 'errors.own_record', 'id');
}

/** Is the signed-in keeper a party to this record (its person, or one of its `parties`)? Then another keeper corrects it. */
export function isOwnRecord(ctx: HandlerContext, row: Row, personColumn: string | undefined, parties?: (row: Row) => readonly string[]): boolean {
  if (!personColumn && !parties) return false;
  const person = getAccount(ctx.store, requireSession(ctx).accountId)?.person_id;
  if (!person) return false;
  return (!!personColumn && row[personColumn] === person) || !!parties?.(row).includes(person);
}
