import { create } from 'zustand';
import type { SessionInfo } from '../../../shared/domain/session';
import type { MessageKey } from '../../../shared/i18n';
import { clearFlash } from './flash';

/** A message shown on the sign-in screen after leaving the app (key + params). */
export interface Notice {
  messageKey: MessageKey;
  params?: Record<string, string | number>;
  tone: 'info' | 'error';
}

export type Phase = 'loading' | 'unreachable' | 'setup' | 'signedOut' | 'signedIn';

interface AppState {
  phase: Phase;
  session: SessionInfo | null;
  companyName: string;
  notice: Notice | null;
  /** The idle-lock overlay is shown (the server session is locked). */
  locked: boolean;
  /** The re-authentication prompt (auth.elevate) is shown. */
  reauthOpen: boolean;
}

export const useApp = create<AppState>()(() => ({
  phase: 'loading',
  session: null,
  companyName: '',
  notice: null,
  locked: false,
  reauthOpen: false,
}));

export function signedIn(session: SessionInfo): void {
  useApp.setState({ phase: 'signedIn', session, locked: session.locked, notice: null });
}

export function updateSession(session: SessionInfo): void {
  const now = useApp.getState();
  // The same answer again (a refresh on each page change, AppShell) re-renders nothing.
  if (now.locked === session.locked && JSON.stringify(now.session) === JSON.stringify(session)) return;
  useApp.setState({ session, locked: session.locked });
}

/** Where the review keeps a disposition typed and not saved, for the tab (ReviewPage); cleared at sign-out. */
export const REVIEW_DRAFT_PREFIX = 'daicho.review-draft/';

/** Back to the sign-in screen; waiting calls give up. */
export function signedOut(notice: Notice | null): void {
  // Nothing said to the one who signed out is shown to the next (a walk-through: their visitor's name was).
  clearFlash();
  // …nor what they typed and did not save (a review's dispositions kept for the tab: ReviewPage).
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(REVIEW_DRAFT_PREFIX)) sessionStorage.removeItem(key);
  useApp.setState({ phase: 'signedOut', session: null, locked: false, reauthOpen: false, notice });
  settleUnlock(false);
  settleReauth(false);
}

// Calls refused because the session is locked, or needs re-authentication, wait here and are
// retried once the person has entered the password.
let unlockWaiters: ((ok: boolean) => void)[] = [];
let reauthWaiters: ((ok: boolean) => void)[] = [];

export function waitForUnlock(): Promise<boolean> {
  useApp.setState({ locked: true });
  return new Promise((resolve) => unlockWaiters.push(resolve));
}

export function settleUnlock(ok: boolean): void {
  const waiting = unlockWaiters;
  unlockWaiters = [];
  waiting.forEach((w) => w(ok));
}

export function askReauth(): Promise<boolean> {
  useApp.setState({ reauthOpen: true });
  return new Promise((resolve) => reauthWaiters.push(resolve));
}

export function settleReauth(ok: boolean): void {
  const waiting = reauthWaiters;
  reauthWaiters = [];
  useApp.setState({ reauthOpen: false });
  waiting.forEach((w) => w(ok));
}

/** Is admin work allowed now without asking for the password again? */
export function isElevated(session: SessionInfo | null, now = Date.now()): boolean {
  return !!session?.elevatedUntil && Date.parse(session.elevatedUntil) > now;
}
