import { DaichoError } from '../../../../shared/api/errors';
import { PIN_LOCK_MINUTES, PIN_MAX_FAILURES } from '../../../../shared/ledgers/serverRoomTerminal';
import type { Handlers, HandlerContext } from '../../context';
import { requireSession } from '../../context';
import { getAccount } from '../../auth/accounts-repo';
import { checkPassword } from '../../auth/handlers';
import { decoyHash, hashSecret, verifySecret } from '../../auth/passwords';
import { checkWithLockout } from '../../auth/attempts';
import type { Actor } from '../../store/store';
import { easyPin } from '../../../../shared/ledgers/serverRoomTerminal';
import { credentialOf, DOOR_CREDENTIALS_TABLE, writeCredential } from './door-credentials';

// SPEC §7: employee number + PIN (4–8 digits, set by the person, stored hashed) identifies a person
// at the door terminal. 5 wrong PINs lock that person's PIN for 15 minutes; every failure and lock
// is a journaled update of the person's door credential (pin_failed_count, pin_locked_until).

/** A person as the door sees them: with their door credential (null columns when they have none). */
export interface PinPersonRow {
  id: string;
  name: string;
  employee_no: string;
  active: number;
  server_room_authorized: number;
  credential_id: string | null;
  pin_hash: string | null;
  pin_failed_count: number | null;
  pin_locked_until: string | null;
}

const LOCK_MS = PIN_LOCK_MINUTES * 60_000;

export function pinLocked(): DaichoError {
  return new DaichoError('account_locked', 'terminal.errors.pin_locked', 'pin', { minutes: PIN_LOCK_MINUTES });
}

/** Check a PIN, counting failures; throws the refusal after journaling it. */
export async function checkPin(ctx: HandlerContext, who: Actor, person: PinPersonRow, pin: string): Promise<void> {
  if (!person.pin_hash || !person.credential_id) {
    // Kept as evidence, but answered as a wrong PIN, in its time, counted and locked as an unknown
    // number's (a probe: 「PINが設定されていません」 told a real number from one no one has; most
    // people have no PIN). The wrong PIN's words say how to set one.
    if (!unknownEmployeeLocked(ctx.sessions, person.employee_no, ctx.now.getTime())) await verifySecret(pin, await decoyHash());
    ctx.store.write(who, (tx) => tx.event('terminal.refused_no_pin', 'people', person.id));
    throw failUnknownEmployee(ctx.sessions, person.employee_no, ctx.now.getTime());
  }
  const hash = person.pin_hash;
  const result = await checkWithLockout(
    ctx,
    who,
    {
      table: DOOR_CREDENTIALS_TABLE, id: person.credential_id, failedColumn: 'pin_failed_count', lockedColumn: 'pin_locked_until', maxFailures: PIN_MAX_FAILURES, lockMs: LOCK_MS,
      actions: { fail: 'terminal.pin_fail', lock: 'terminal.pin_lock', reset: 'terminal.pin_reset_failures', refusedLocked: 'terminal.refused_pin_locked' },
    },
    () => verifySecret(pin, hash),
  );
  if (result === 'ok') return;
  throw result === 'failed' ? new DaichoError('bad_credentials', 'terminal.errors.bad_pin', 'pin') : pinLocked();
}

/**
 * Easy-to-guess PINs are refused: one digit repeated, a straight run up or down, or digits of the
 * employee number (printed on badges and lists): any run of them, or the number padded with zeros
 * (an insider probe: 2019 of 20190042, 0042 of E42; only its last digits were refused).
 */
export function weakPin(pin: string, employeeNo: string): boolean {
  const digits = employeeNo.replace(/\D/g, '');
  const bare = (s: string) => s.replace(/^0+/, '');
  return easyPin(pin) || (digits !== '' && (digits.includes(pin) || bare(pin) === bare(digits)));
}

export const pinHandlers: Pick<Handlers, 'me.setPin' | 'serverRoom.clearPin'> = {
  'me.setPin': async (ctx, { password, pin }) => {
    const account = getAccount(ctx.store, requireSession(ctx).accountId);
    if (!account || account.status !== 'active') throw new DaichoError('not_signed_in', 'errors.not_signed_in');
    if (!account.person_id) throw new DaichoError('conflict', 'serverRoom.errors.no_linked_person');
    const person = ctx.store.rowById('people', account.person_id) as { id: string; employee_no: string } | undefined;
    if (!person) throw new DaichoError('conflict', 'serverRoom.errors.no_linked_person');
    await checkPassword(ctx, account, password, 'me.set_pin');
    if (weakPin(pin, person.employee_no)) throw new DaichoError('invalid_input', 'terminal.errors.pin_weak', 'pin');
    const hash = await hashSecret(pin);
    ctx.store.write(ctx.actor(), (tx) => {
      // Again inside the act, after the password check and the hash: the account still active and still
      // this person's (an insider probe: unlinked meanwhile — which clears the person's PIN — the PIN
      // was written after the clearing, and opened the door as the person).
      const now = getAccount(ctx.store, account.id);
      if (!now || now.status !== 'active') throw new DaichoError('not_signed_in', 'errors.not_signed_in');
      if (now.person_id !== person.id) throw new DaichoError('conflict', 'errors.changed_meanwhile');
      writeCredential(ctx.store, tx, person.id, { pin_hash: hash, pin_failed_count: 0, pin_locked_until: null }, { action: 'me.set_pin' });
    });
    return { pinSet: true };
  },

  'serverRoom.clearPin': (ctx, { personId, reason }) => {
    if (!ctx.store.rowById('people', personId)) throw new DaichoError('not_found', 'serverRoom.errors.person', 'personId');
    const credential = credentialOf(ctx.store, personId);
    if (!credential || (!credential.pin_hash && !credential.pin_locked_until && credential.pin_failed_count === 0))
      throw new DaichoError('invalid_input', 'errors.no_change', 'personId');
    ctx.store.write(ctx.actor(), (tx) =>
      tx.update(DOOR_CREDENTIALS_TABLE, credential.id, { pin_hash: null, pin_failed_count: 0, pin_locked_until: null }, { action: 'serverRoom.clear_pin', reason }),
    );
    return { pinSet: false };
  },
};

/**
 * An employee number no one has fails as a wrong PIN does, and locks as a person's PIN does after as
 * many tries (a probe: a real number locked after five, an unknown one never did, so the lock told
 * which numbers are real; SPEC §2). Kept in memory per host: it journals nothing of its own (the
 * refusal is journaled), and nothing to lock is stored for a number no one has.
 */
const unknownNumbers = new WeakMap<object, Map<string, { failures: number; until: number }>>();

/**
 * Is this number, one no one has (or whose person has no PIN), locked now (failUnknownEmployee)? Asked
 * before any PIN check is timed: a locked person's PIN is refused without one, and so is this (a
 * review: the decoy check made the locked answer slower, which told the numbers apart again).
 */
export function unknownEmployeeLocked(owner: object, employeeNo: string, now: number): boolean {
  return (unknownNumbers.get(owner)?.get(employeeNo.toUpperCase())?.until ?? 0) > now;
}

export function failUnknownEmployee(owner: object, employeeNo: string, now: number): DaichoError {
  let book = unknownNumbers.get(owner);
  if (!book) unknownNumbers.set(owner, (book = new Map()));
  const key = employeeNo.toUpperCase();
  const tries = book.get(key) ?? { failures: 0, until: 0 };
  if (tries.until > now) return pinLocked();
  // A lock that ran out starts the count again, as a person's does.
  if (tries.until !== 0) Object.assign(tries, { failures: 0, until: 0 });
  tries.failures++;
  if (tries.failures >= PIN_MAX_FAILURES) tries.until = now + LOCK_MS;
  // Kept small: a guesser walking through numbers does not grow it without bound. The oldest go first
  // (a review: clearing it all took the running locks away, and with them what hid the real numbers).
  book.delete(key);
  for (const old of book.keys()) {
    if (book.size < 10_000) break;
    book.delete(old);
  }
  book.set(key, tries);
  return tries.until > now ? pinLocked() : new DaichoError('bad_credentials', 'terminal.errors.bad_pin', 'pin');
}

