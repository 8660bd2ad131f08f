import type { MethodName, Contract } from '../../shared/api/contract';
import type { ParsedInputOf, OutputOf } from '../../shared/api/kit';
import type { Session, SessionStore } from './auth/sessions';
import type { Actor, Store } from './store/store';
import type { Settings } from './settings';
import type { DeviceProof } from './auth/guessing';
import type { JobRunner } from './jobs/runner';
import type { LanService } from './lan/service';

/** What a handler gets besides its (already validated and authorized) input. */
export interface HandlerContext {
  store: Store;
  settings: Settings;
  sessions: SessionStore;
  /** Long jobs (verify, backup). */
  jobs: JobRunner;
  /** The office LAN (SPEC §11): the listener, pairing, enrolled stations. */
  lan: LanService;
  /** The caller's session; null only for public methods called without one. */
  session: Session | null;
  /** The sites whose ledgers the caller may read (a site head's: auth/site-scope.ts), or null/absent for all. */
  readableSites?: string[] | null;
  /** The station the call came from (desk PC name, "browser", "terminal:<id>"). */
  station: string;
  now: Date;
  /** Who to write on journal rows for this call. */
  actor(): Actor;
  /** Replace the caller's session token (sign-in) or clear it (sign-out, with null). */
  setSessionToken(token: string | null): void;
  /** Issues a new recovery code for the database key (setup). */
  issueRecoveryCode(): Promise<string>;
  /** True when the code is this data's recovery code. */
  checkRecoveryCode(code: string): Promise<boolean>;
  /** Who guessing is slowed for: a proven device (by its first account), else the caller's address. */
  client: string;
  /** What the caller's device proves (its proof checked): its id, and the accounts it has signed in to. */
  device: DeviceProof;
  /** After a sign-in: give the device a proof that it signed in to this account; returns the device id. */
  rememberDevice(accountId: string): string;
}

export type Handler<M extends MethodName> = (
  ctx: HandlerContext,
  input: ParsedInputOf<Contract[M]>,
) => OutputOf<Contract[M]> | Promise<OutputOf<Contract[M]>>;

export type Handlers<K extends MethodName = MethodName> = { [M in K]: Handler<M> };

/** The session of a handler whose method is not public (the dispatcher guarantees it). */
export function requireSession(ctx: HandlerContext): Session {
  if (!ctx.session) throw new Error('handler without session');
  return ctx.session;
}
