import { type Daicho, seededRandom, type Rng } from '../../core';
import type { SiteInfo } from '../../../shared/api/core-contract';
import type { Person } from '../../../shared/ledgers/people';
import type { Input, MethodName, Output } from '../../../shared/api/contract';
import type { Role } from '../../../shared/domain/roles';
import { ApiCallError, ApiCaller } from '../api-caller';
import { demoAccountFor, type DemoAccount } from './company';

/**
 * The demo's clock. The demo company's history starts a few months back; steps move the clock
 * forward as the story goes on, so recorded_at and the journal times look like real use and never
 * run ahead of the real time (SPEC §8 clock anomaly).
 */
export class DemoClock {
  private t: number;
  private readonly followers: ((at: number) => void)[] = [];
  constructor(start: Date) {
    this.t = start.getTime();
  }
  readonly now = (): Date => new Date(this.t);
  /** Move to a later moment; never backwards, never past the real now. What follows the clock writes its own records up to it first. */
  set(at: Date): void {
    this.t = Math.min(Math.max(this.t, at.getTime()), Date.now());
    for (const follow of this.followers) follow(this.t);
  }
  /**
   * Writes planned at their own times (a ledger's demo that writes through the store, not the API)
   * follow the clock: each move runs those due by then, before the step that moved it writes, so
   * the journal stays in time order.
   */
  follow(runUntil: (at: number) => void): void {
    this.followers.push(runUntil);
  }
  advance(ms: number): void {
    this.set(new Date(this.t + ms));
  }
}


/**
 * A demo account's caller. When the demo clock has moved past the idle lock, it unlocks with the
 * account's password and retries — a real, journaled unlock, as a person would do.
 */
export class DemoCaller extends ApiCaller {
  constructor(
    daicho: Daicho,
    readonly account: DemoAccount,
    station: string,
  ) {
    super(daicho, station);
  }

  override async ok<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await super.ok(method, input);
      } catch (err) {
        if (!(err instanceof ApiCallError) || attempt >= 3) throw err;
        const { loginId, password } = this.account;
        if (err.error.code === 'session_locked') await super.ok('auth.unlock', { password });
        else if (err.error.code === 'not_signed_in') await super.ok('auth.signIn', { loginId, password });
        else if (err.error.code === 'reauth_required') await super.ok('auth.elevate', { password });
        else throw err;
      }
    }
  }
}

/** What every demo step gets: the open data, the clock, and what earlier steps made. */
export interface DemoContext {
  readonly daicho: Daicho;
  readonly clock: DemoClock;
  readonly rng: Rng;
  /** The first moment of the demo history and the real now it ends at. */
  readonly start: Date;
  readonly end: Date;
  /** Filled by the setup step. */
  sites: SiteInfo[];
  recoveryCode: string | null;
  /** Filled by the people step: the register as the API returns it. */
  people: Person[];
  /** A caller signed in as the demo account of this role (signs in on first use). */
  as(role: Role): Promise<DemoCaller>;
  /** A caller for a given demo account. */
  asAccount(account: DemoAccount): Promise<DemoCaller>;
  /** Everyone signs out at the end of the story. */
  signOutAll(): Promise<void>;
  log(line: string): void;
}

export function createDemoContext(daicho: Daicho, clock: DemoClock, opts: { start: Date; end: Date; seed: number; log: (line: string) => void }): DemoContext {
  const callers = new Map<string, DemoCaller>();
  const ctx: DemoContext = {
    daicho,
    clock,
    rng: seededRandom(opts.seed),
    start: opts.start,
    end: opts.end,
    sites: [],
    recoveryCode: null,
    people: [],
    as: (role) => ctx.asAccount(demoAccountFor(role)),
    asAccount: async (account) => {
      let c = callers.get(account.loginId);
      if (!c) {
        c = new DemoCaller(daicho, account, `desk:${account.siteCode}-PC`);
        await c.ok('auth.signIn', { loginId: account.loginId, password: account.password });
        callers.set(account.loginId, c);
      }
      return c;
    },
    signOutAll: async () => {
      for (const c of callers.values()) await c.ok('auth.signOut', {});
      callers.clear();
    },
    log: opts.log,
  };
  return ctx;
}

/** One step of the demo story. Adding a ledger's demo data is one line in DEMO_STEPS. */
export interface DemoStep {
  name: string;
  run(ctx: DemoContext): Promise<void>;
}
