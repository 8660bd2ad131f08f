import { randomBytes } from 'node:crypto';
import type { Role } from '../../../shared/domain/roles';
import { SignInThrottle } from './guessing';

export interface Session {
  token: string;
  kind: 'desk' | 'terminal';
  accountId: string;
  roles: Role[];
  station: string;
  /** The station (transport level) it was issued through: LAN calls must come through the same one. */
  via?: string;
  lastActivity: number; // ms
  locked: boolean;
  mustChangePassword: boolean;
  /** Desk sessions: when the holder's password was last set (Art. 17(2): the dispatcher asks for a change once it is six months old). */
  passwordChangedAt?: string;
  elevatedUntil: number | null; // ms
  /** Terminal sessions only: the site whose server-room door this station serves (SPEC §7). */
  siteId?: string;
  /** The device the session was signed in from (its proof's id): the holder's own lock lane there. */
  deviceId?: string | null;
  /** A password check of this session is running: a second one at once is refused (no queue of guesses). */
  checking?: boolean;
}

/** Admin work is allowed for this long after re-entering the password (Art. 16(6)). */
export const ELEVATION_MS = 10 * 60 * 1000;

/** Card numbers refused as someone else's (SessionStore.cardGuesses): a few free a day, then a wait doubling from 1 s to 15 min. */
export const CARD_GUESS_LIMITS = { freeFailures: 3, windowMs: 24 * 60 * 60_000, maxDelayMs: 15 * 60_000 };

/**
 * In-memory sessions: a token per signed-in window or browser tab. Nothing here is stored; the card
 * waits are rebuilt after a restart from the refusals the journal keeps (ledgers/people/card-waits.ts).
 */

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /**
   * Failed sign-ins for login ids that do not exist, counted like real ones, so the lock message
   * appears for both and never reveals whether an account exists.
   */
  readonly unknownLoginFailures = new Map<string, { count: number; lockedUntil: number }>();
  /** Failed password checks per client, across accounts (issue 6 point 10). */
  readonly throttle = new SignInThrottle();
  /**
   * Card numbers refused as someone else's, per account (ledgers/people/handlers.ts): each refusal
   * confirms a guessed card whole, and cards issued in a batch share all but a few characters beside
   * the last four the register shows. A clerk typing a taken card is told; one trying card after card waits.
   */
  readonly cardGuesses = new SignInThrottle(CARD_GUESS_LIMITS);

  /** Keep an unknown id's count; the oldest are forgotten first, so random ids cannot fill memory. */
  noteUnknownLogin(key: string, value: { count: number; lockedUntil: number }): void {
    this.unknownLoginFailures.delete(key);
    this.unknownLoginFailures.set(key, value);
    if (this.unknownLoginFailures.size > 10_000) this.unknownLoginFailures.delete(this.unknownLoginFailures.keys().next().value!);
  }

  create(s: Omit<Session, 'token'>): Session {
    const token = randomBytes(32).toString('base64url');
    const session = { ...s, token };
    this.sessions.set(token, session);
    return session;
  }

  get(token: string | null | undefined): Session | null {
    return token ? (this.sessions.get(token) ?? null) : null;
  }

  delete(token: string): void {
    this.sessions.delete(token);
  }

  /** End every session that matches. */
  deleteWhere(match: (s: Session) => boolean): void {
    for (const [t, s] of this.sessions) if (match(s)) this.sessions.delete(t);
  }

  /** Sign out every session of an account (suspension, role change), or only those of one kind, but one. */
  deleteAccount(accountId: string, kind?: Session['kind'], exceptToken?: string): void {
    for (const [t, s] of this.sessions) if (s.accountId === accountId && (!kind || s.kind === kind) && t !== exceptToken) this.sessions.delete(t);
  }
}
