import { call } from '../api/client';
import { signedOut, useApp } from '../state/app';

/** Sign out (journaled by the core) and go back to the sign-in screen. */
export async function signOut(): Promise<void> {
  await call('auth.signOut', {});
  signedOut({ messageKey: 'auth.signIn.signedOut', tone: 'info' });
}

/** Lock the screen now (idle timeout or by hand): the core refuses everything but unlock. */
export async function lockScreen(): Promise<void> {
  if (useApp.getState().locked) return;
  useApp.setState({ locked: true });
  await call('auth.lock', {});
}
