import { contract, type Input, type MethodName, type Output } from '../../../shared/api/contract';
import type { ApiResult } from '../../../shared/api/errors';
import { askReauth, signedOut, updateSession, useApp, waitForUnlock } from '../state/app';
import { call } from './client';

let lastServerContact = Date.now();

/**
 * When the server last restarted this session's idle clock: on each call that is not a background
 * refresh (a `passive` method, such as a dashboard panel's poll, leaves the clock as it is).
 */
export function lastContact(): number {
  return lastServerContact;
}

/**
 * The client as the screens use it: a call refused because the screen is locked or because admin
 * work needs the password again waits for the person to enter it, then runs once more; a session
 * that has ended goes back to the sign-in screen.
 */
export async function api<M extends MethodName>(method: M, input: Input<M>): Promise<ApiResult<Output<M>>> {
  let result = await send(method, input);
  if (result.ok) return result;
  switch (result.error.code) {
    case 'session_locked':
      if (await waitForUnlock()) result = await send(method, input);
      break;
    case 'reauth_required':
      if (await askReauth()) result = await send(method, input);
      break;
    case 'not_signed_in':
      if (useApp.getState().phase === 'signedIn') signedOut({ messageKey: 'auth.signIn.sessionEnded', tone: 'info' });
      break;
    case 'password_change_required':
      await refreshSession();
      break;
    case 'forbidden':
      // The account changed since the screen last asked (linked to a person, or its roles): the screens
      // then offer what the core now allows, without waiting for the next sign-in.
      void refreshSession();
      break;
  }
  return result;
}

async function send<M extends MethodName>(method: M, input: Input<M>): Promise<ApiResult<Output<M>>> {
  const result = await call(method, input);
  // A panel's poll must not stand in for the heartbeat: the core does not count it as activity.
  // (A method this build's contract does not list — a ledger added by a plugin — counts, as the core counts it.)
  const passive = (contract as Readonly<Record<string, { passive?: boolean } | undefined>>)[method]?.passive === true;
  if ((result.ok || result.error.code !== 'internal') && !passive) lastServerContact = Date.now();
  return result;
}

/** Ask the server who is signed in and bring the screen in line with it. */
export async function refreshSession(): Promise<void> {
  const r = await send('auth.session', {});
  if (!r.ok) return;
  // An answer to a heartbeat sent before the screen locked does not unlock it: only the password does
  // (a race seen in CI: the lock screen came, then went with the late answer).
  if (r.value && !r.value.locked && useApp.getState().locked) useApp.setState({ session: r.value });
  else if (r.value) updateSession(r.value);
  else if (useApp.getState().phase === 'signedIn') signedOut({ messageKey: 'auth.signIn.sessionEnded', tone: 'info' });
}
