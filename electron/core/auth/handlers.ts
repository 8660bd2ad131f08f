import type { PasswordCheck } from '../../../shared/domain/password-checks';
import { DaichoError, waitParams } from '../../../shared/api/errors';
import { requireSession, type HandlerContext, type Handlers } from '../context';
import { ELEVATION_MS } from './sessions';
import { decoyHash, hashSecret, verifySecret } from './passwords';
import { refuseReused, retirePassword } from './password-history';
import { openSigningKey } from '../review/keys';
import { checkWithLockout } from './attempts';
import { acknowledgeNotices } from './notices';
import type { Actor } from '../store/store';
import { passwordExpired, passwordProblem, tooCloseToOld } from '../../../shared/domain/password-policy';
import { findAccountByLogin, getAccount, rolesOf, toSessionInfo, type AccountRow } from './accounts-repo';
import type { JournalAction } from '../../../shared/domain/journal-actions';

/** SPEC §2: 5 failed sign-ins lock the account for 15 minutes. */
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;

function badCredentials(field?: string): DaichoError {
  return new DaichoError('bad_credentials', 'auth.errors.bad_credentials', field);
}
function lockedError(): DaichoError {
  return new DaichoError('account_locked', 'auth.errors.account_locked', undefined, { minutes: LOCK_MS / 60_000 });
}

/**
 * Whose attempt this is, for the lock (issue 6 point 10): from one device that has signed in to the
 * account before (its proof, or the account's own desk session there) — that device's lane — or
 * from anywhere else ("other"). The lanes lock apart: a guesser elsewhere cannot keep the holder
 * locked out of their own PC, and a device locks only itself.
 */
export type AttemptLane = { kind: 'device'; device: string } | { kind: 'other' };

function laneOf(ctx: HandlerContext, row: AccountRow): AttemptLane {
  const s = ctx.session;
  // A door terminal's session is not its starter's own: a passer-by types there.
  if (s?.kind === 'desk' && s.accountId === row.id) return { kind: 'device', device: s.deviceId ?? `session:${s.token.slice(0, 16)}` };
  if (ctx.device.id && ctx.device.accounts.has(row.id)) return { kind: 'device', device: ctx.device.id };
  return { kind: 'other' };
}

/** Attempts from unknown devices wait their turn when the same client has failed too often, whatever accounts it named. */
function assertNotThrottled(ctx: HandlerContext, lane: AttemptLane): void {
  if (lane.kind === 'device') return;
  const wait = ctx.sessions.throttle.waitFor(ctx.client, ctx.now.getTime());
  if (wait > 0) throw new DaichoError('too_many_attempts', 'auth.errors.too_many_attempts', undefined, waitParams(wait));
}

/** One password check at a time per session: a session cannot queue up guesses or hold every check slot. */
export async function oneCheckPerSession<T>(ctx: HandlerContext, check: () => Promise<T>): Promise<T> {
  const s = ctx.session;
  if (!s) return check();
  if (s.checking) throw new DaichoError('too_many_attempts', 'auth.errors.busy');
  s.checking = true;
  try {
    return await check();
  } finally {
    s.checking = false;
  }
}

/**
 * Check a password for an account, counting failures and locking after MAX_FAILURES in the
 * attempt's lane. Every failure and lock is journaled (SPEC §2).
 */
/** `field`: where a wrong password is said (a second person's password in a form of its own: an approval, a receipt). */
export async function checkPassword(ctx: HandlerContext, row: AccountRow, password: string, action: PasswordCheck, field?: string): Promise<void> {
  const lane = laneOf(ctx, row);
  assertNotThrottled(ctx, lane);
  const actions = { fail: `${action}.fail`, lock: 'auth.lock', reset: `${action}.reset_failures`, refusedLocked: `${action}.refused_locked` } as const;
  const guardId = lane.kind === 'device' ? `${row.id}:${lane.device}` : row.id;
  const result = await oneCheckPerSession(ctx, () =>
    checkWithLockout(
      ctx,
      ctx.actor(),
      lane.kind === 'other'
        ? { table: 'accounts', id: row.id, failedColumn: 'failed_count', lockedColumn: 'locked_until', maxFailures: MAX_FAILURES, lockMs: LOCK_MS, actions }
        : {
            table: 'known_device_guards', id: guardId, failedColumn: 'failed_count', lockedColumn: 'locked_until', maxFailures: MAX_FAILURES, lockMs: LOCK_MS,
            actions: { ...actions, lock: 'auth.lock_known_device' },
            create: { row: { id: guardId, account_id: row.id, device: lane.device, failed_count: 0, locked_until: null }, action: `${action}.fail.guard` },
          },
      // The holder's own device waits its turn for a check; strangers are refused when too many wait.
      () => verifySecret(password, row.password_hash, { queue: lane.kind === 'device' }),
    ),
  );
  if (result === 'ok') return;
  if (lane.kind === 'other' && result !== 'refused_locked') ctx.sessions.throttle.fail(ctx.client, ctx.now.getTime());
  // A lock of the holder's own device lane ends the account's desk sessions on that device (a door
  // terminal it started keeps running); a lock by strangers' guesses throws nobody out.
  if (result === 'locked' && lane.kind === 'device') ctx.sessions.deleteWhere((x) => x.kind === 'desk' && x.accountId === row.id && (x.deviceId ?? `session:${x.token.slice(0, 16)}`) === lane.device);
  throw result === 'failed' ? badCredentials(field) : lockedError();
}

/**
 * A login id that names no account (or a suspended one) costs the same time and says the same
 * thing as a wrong password. What was typed is journaled only when it is an existing login id:
 * people type passwords into the wrong field (issue 6 point 7).
 */
export async function refuseUnknownLogin(
  ctx: HandlerContext,
  loginId: string,
  row: AccountRow | undefined,
  password: string,
  action: JournalAction,
  who: Actor,
  field?: string,
): Promise<never> {
  assertNotThrottled(ctx, { kind: 'other' });
  await oneCheckPerSession(ctx, async () => verifySecret(password, await decoyHash()));
  ctx.sessions.throttle.fail(ctx.client, ctx.now.getTime());
  ctx.store.write(who, (tx) => tx.event(action, 'accounts', row?.id ?? null, row ? { loginId: row.login_id, suspended: true } : { unknownLoginId: true }));
  const key = loginId.toLowerCase();
  const t = ctx.sessions.unknownLoginFailures.get(key) ?? { count: 0, lockedUntil: 0 };
  if (t.lockedUntil > ctx.now.getTime()) throw lockedError();
  t.count++;
  if (t.count >= MAX_FAILURES) {
    ctx.sessions.noteUnknownLogin(key, { count: 0, lockedUntil: ctx.now.getTime() + LOCK_MS });
    throw lockedError();
  }
  ctx.sessions.noteUnknownLogin(key, t);
  throw badCredentials(field);
}

/**
 * Art. 17(2) in a session kept open: a password that reached its six months while its holder stayed
 * signed in (only idle-locked) must be changed before more work, as at a sign-in (an insider probe: an
 * administrator unlocked and elevated seven months on and administered accounts with it). Judged at
 * each unlock, elevation and session read (the window's heartbeat).
 */
function expireIfDue(s: NonNullable<HandlerContext['session']>, row: AccountRow, now: Date): void {
  if (s.kind === 'desk' && !s.mustChangePassword && passwordExpired(row.password_changed_at, now)) s.mustChangePassword = true;
}

/**
 * An administrator's or safety manager's session kept open after their person left, another holding
 * the role: refused at the next unlock or elevation, as a sign-in is (a review: the sign-in rule alone
 * left the departed administrator's open session working).
 */
function refuseDeparted(ctx: HandlerContext, row: AccountRow): void {
  const person = row.person_id ? ctx.store.rowById('people', row.person_id) : undefined;
  if (!person || person.active === 1 || lastOfTheirRole(ctx, row)) return;
  ctx.sessions.deleteAccount(row.id, 'desk');
  throw new DaichoError('forbidden', 'auth.errors.person_left');
}

/** Is the account the only active one left holding one of its privileged roles (nobody else could put a mistake right)? */
function lastOfTheirRole(ctx: HandlerContext, row: AccountRow): boolean {
  const privileged = rolesOf(row).filter((r) => r === 'sysadmin' || r === 'safety_manager');
  if (privileged.length === 0) return false;
  const others = (ctx.store.stmt("SELECT * FROM accounts WHERE status = 'active' AND id <> ?").all(row.id) as AccountRow[]).filter((a) => {
    const p = a.person_id ? ctx.store.rowById('people', a.person_id) : undefined;
    return !p || p.active === 1;
  });
  return privileged.some((r) => !others.some((a) => rolesOf(a).includes(r)));
}

function currentAccount(ctx: HandlerContext): AccountRow {
  const row = getAccount(ctx.store, requireSession(ctx).accountId);
  if (!row || row.status !== 'active') throw new DaichoError('not_signed_in', 'errors.not_signed_in');
  return row;
}

export const authHandlers: Pick<
  Handlers,
  'auth.session' | 'auth.signIn' | 'auth.signOut' | 'auth.lock' | 'auth.unlock' | 'auth.changePassword' | 'auth.elevate' | 'auth.acknowledgeNotices'
> = {
  'auth.session': (ctx) => {
    const s = ctx.session;
    if (!s || s.kind !== 'desk') return null;
    const row = getAccount(ctx.store, s.accountId);
    if (row) expireIfDue(s, row, ctx.now);
    return row ? toSessionInfo(s, row, ctx) : null;
  },

  'auth.signIn': async (ctx, { loginId, password }) => {
    const row = findAccountByLogin(ctx.store, loginId);
    const station = ctx.station;
    if (!row || row.status !== 'active') return refuseUnknownLogin(ctx, loginId, row, password, 'auth.signin.fail', { actor: 'anonymous', station });
    const actorCtx = { ...ctx, actor: () => ({ actor: row.id, station }) };
    await checkPassword(actorCtx, row, password, 'auth.signin');
    // A person who has left signs in no more through an account linked to them (a probe: the account
    // set PINs and kept the register as a clerk after its person left). An administrator's or a safety
    // manager's account is not shut out so (nobody would be left to put a mistake right).
    // Art. 16(5): an administrator's or a safety manager's too, once another active account holds each
    // of those roles of theirs (an insider probe: the departed administrator kept administering beside another).
    const person = row.person_id ? ctx.store.rowById('people', row.person_id) : undefined;
    if (person && person.active !== 1 && !lastOfTheirRole(ctx, row)) {
      ctx.store.write({ actor: row.id, station }, (tx) => tx.event('auth.signin.refused_left', 'accounts', row.id, { personId: row.person_id }));
      throw new DaichoError('forbidden', 'auth.errors.person_left');
    }
    // Art. 17(2): a password older than 6 months, or reset by an admin, must be changed now.
    const mustChange = row.must_change_password === 1 || passwordExpired(row.password_changed_at, ctx.now);
    const deviceId = ctx.rememberDevice(row.id);
    const session = ctx.sessions.create({
      kind: 'desk',
      deviceId,
      accountId: row.id,
      roles: rolesOf(row),
      station,
      lastActivity: ctx.now.getTime(),
      locked: false,
      mustChangePassword: mustChange,
      passwordChangedAt: row.password_changed_at,
      elevatedUntil: null,
    });
    ctx.store.write({ actor: row.id, station }, (tx) => tx.event('auth.signin', 'accounts', row.id, { mustChange }));
    ctx.setSessionToken(session.token);
    return toSessionInfo(session, row, ctx);
  },

  'auth.signOut': (ctx) => {
    const s = requireSession(ctx);
    ctx.store.write(ctx.actor(), (tx) => tx.event('auth.signout', 'accounts', s.accountId));
    ctx.sessions.delete(s.token);
    ctx.setSessionToken(null);
    return null;
  },

  'auth.lock': (ctx) => {
    const s = requireSession(ctx);
    if (!s.locked) {
      s.locked = true;
      ctx.store.write(ctx.actor(), (tx) => tx.event('auth.idle_lock', 'accounts', s.accountId));
    }
    return null;
  },

  'auth.unlock': async (ctx, { password }) => {
    const s = requireSession(ctx);
    const row = currentAccount(ctx);
    await checkPassword(ctx, row, password, 'auth.unlock');
    refuseDeparted(ctx, row);
    expireIfDue(s, row, ctx.now);
    s.locked = false;
    s.lastActivity = ctx.now.getTime();
    ctx.store.write(ctx.actor(), (tx) => tx.event('auth.unlock', 'accounts', s.accountId));
    return toSessionInfo(s, row, ctx);
  },

  'auth.changePassword': async (ctx, { currentPassword, newPassword }) => {
    const s = requireSession(ctx);
    if (s.locked) throw new DaichoError('session_locked', 'errors.session_locked');
    const row = currentAccount(ctx);
    await checkPassword(ctx, row, currentPassword, 'auth.change_password');
    const problem = passwordProblem(newPassword, row.login_id, row.display_name);
    if (problem) throw new DaichoError('invalid_input', problem, 'newPassword');
    // Art. 17(2): not the current one, nor one of the 4 before it (a temporary one set by an administrator
    // was not the holder's: those before the reset are what count).
    await refuseReused(ctx.store, row.id, row.password_hash, newPassword);
    // Nor the current one with a little changed (3752x after 3752: an insider probe) — also a temporary
    // one, which the administrator who set it knows.
    if (tooCloseToOld(newPassword, currentPassword)) throw new DaichoError('invalid_input', 'auth.errors.password_too_close', 'newPassword');
    const hash = await hashSecret(newPassword);
    // The holder's signing key (SPEC §5) goes with their password: re-wrapped under the new one, or
    // made now when they have none (a reset revoked it).
    const afterReset = row.must_change_password === 1 && !!ctx.store.stmt("SELECT 1 FROM account_notices WHERE account_id = ? AND kind = 'password_reset' LIMIT 1").get(row.id);
    const signing = await openSigningKey(ctx.store, row.id, currentPassword, newPassword, { afterReset });
    ctx.store.write(ctx.actor(), (tx) => {
      // Its password as it is now, inside the act: another change may have come during the waits.
      const was = getAccount(ctx.store, row.id)!;
      if (was.password_hash !== row.password_hash) throw new DaichoError('conflict', 'errors.changed_meanwhile');
      if (was.must_change_password !== 1) retirePassword(tx, row.id, was.password_hash, 'auth.change_password');
      tx.update(
        'accounts',
        row.id,
        { password_hash: hash, password_changed_at: ctx.now.toISOString(), must_change_password: 0 },
        { action: 'auth.change_password' },
      );
      signing.plan(tx);
    });
    s.mustChangePassword = false;
    s.passwordChangedAt = ctx.now.toISOString();
    // Whoever else was signed in as this account (elsewhere, or with the old password) is signed out.
    ctx.sessions.deleteAccount(row.id, 'desk', s.token);
    return toSessionInfo(s, getAccount(ctx.store, row.id)!, ctx);
  },

  'auth.elevate': async (ctx, { password }) => {
    const s = requireSession(ctx);
    const row = currentAccount(ctx);
    await checkPassword(ctx, row, password, 'auth.elevate');
    refuseDeparted(ctx, row);
    expireIfDue(s, row, ctx.now);
    s.elevatedUntil = ctx.now.getTime() + ELEVATION_MS;
    ctx.store.write(ctx.actor(), (tx) => tx.event('auth.elevate', 'accounts', s.accountId));
    return toSessionInfo(s, row, ctx);
  },

  'auth.acknowledgeNotices': (ctx, { ids }) => {
    const s = requireSession(ctx);
    const row = currentAccount(ctx);
    // Whoever knows a password set by someone else (often the one who set it) cannot make the notices
    // go away: they stay until the holder has set their own password.
    if (s.mustChangePassword) throw new DaichoError('password_change_required', 'auth.errors.notices_after_password');
    // Nor whoever sits at the holder's locked screen (an insider probe: a notice of her approval used, read away in her name).
    if (s.locked) throw new DaichoError('session_locked', 'errors.session_locked');
    ctx.store.write(ctx.actor(), (tx) => acknowledgeNotices(ctx.store, tx, row.id, ids));
    return toSessionInfo(s, row, ctx);
  },
};
