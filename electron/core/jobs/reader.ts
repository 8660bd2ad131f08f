import { DaichoError } from '../../../shared/api/errors';
import { getAccount } from '../auth/accounts-repo';
import { ledgerRead, readableSites } from '../auth/site-scope';
import type { RetentionLedger } from '../../../shared/api/retention-contract';
import type { HandlerContext, Handlers } from '../context';
import { assemble, type Assembled } from '../ledgers/registry';
import { buildSheet, type SheetOptions } from '../print/sheets';
import { retentionCounts, type RetentionParams } from '../retention-counts';
import { Settings } from '../settings';
import type { Db } from '../store/database';
import { addSqlFunctions } from '../store/sql-functions';
import { Store } from '../store/store';
import type { ReaderAnswer, ReaderCall } from './reader-call';
import { connectionTasks, serveTasks } from './worker-serve';

// The reader worker (issue 7 point 5: no API call holds the main thread more than 50 ms): the heavy
// reads of API calls (the monthly review of a busy month, retention's counts) run here, on a read
// connection of their own, with the same handlers as the main thread (ledgers/registry.ts assemble),
// answering what the main thread would have. JobRunner.read starts it at the first read and stops
// it when idle; the main thread has checked the call (its input, its session, the role) first.

interface Served {
  db: Db;
  store: Store;
  settings: Settings;
  app: Assembled;
  /** The clock of the call being answered (the store's clock reads it). */
  clock: { now: Date };
}

let served: Served | null = null;

/** The handlers over this worker's connection: read-only (a write fails), on the call's clock. */
function serving(db: Db): Served {
  if (served?.db !== db) {
    addSqlFunctions(db);
    const clock = { now: new Date() };
    const store = new Store(db, () => clock.now, true);
    served = { db, store, settings: new Settings(store), app: assemble(), clock };
  }
  return served;
}

/** What a handler may use here; anything else of HandlerContext (sessions, the LAN, the device) is the main thread's. */
function contextOf(s: Served, call: ReaderCall): HandlerContext {
  const known: Partial<HandlerContext> = {
    store: s.store, settings: s.settings, now: s.clock.now, session: call.session, readableSites: call.readableSites, station: call.station,
    // A read inside a read: already off the main thread.
    jobs: { read: (_task: string, _args: unknown, inThread: () => unknown) => Promise.resolve(inThread()) } as unknown as HandlerContext['jobs'],
  };
  return new Proxy(known as HandlerContext, {
    get(target, prop, receiver) {
      if (prop in target || typeof prop === 'symbol') return Reflect.get(target, prop, receiver) as unknown;
      throw new Error(`the reader worker has no ${prop} (a handler run in jobs/reader.ts may only read)`);
    },
  });
}

/** The parts of handlers that only read (the rest of the handler, a journal row, is the main thread's). */
const READ_PARTS: Record<string, (ctx: HandlerContext, input: never, app: Assembled) => unknown> = {
  /** A ledger's month as printed (print.sheet, and each sheet of an export). */
  'print.buildSheet': (ctx, i: { ledger: string; siteId: string; month: string; opts: SheetOptions }, app) => buildSheet(ctx, app.modules, app.reviewSources, i.ledger, i.siteId, i.month, i.opts),
};

/**
 * The caller's right, again on the snapshot the call reads (a helper's probe): the dispatcher checked
 * it when the call came, and the call may have waited in the queue behind a long search meanwhile.
 * An account suspended or a site taken away since is the snapshot's, as on the main thread, where a
 * call was checked and answered in one go. (A change of roles signs the account's sessions out,
 * auth/admin-handlers.ts; the session's roles are the ones it was checked with.) Returns the call as
 * it is to be answered.
 */
function recheck(s: Served, call: ReaderCall): ReaderCall {
  const session = call.session;
  if (!session || session.kind !== 'desk' || call.part) return call;
  const account = getAccount(s.store, session.accountId);
  if (!account || account.status !== 'active') throw new DaichoError('not_signed_in', 'errors.not_signed_in');
  const ledger = ledgerRead(call.method, call.input);
  const sites = ledger === null ? null : readableSites(s.store, session, s.clock.now, ledger);
  if (sites) {
    const siteId = (call.input as { siteId?: unknown } | null)?.siteId;
    if (typeof siteId === 'string' && !sites.includes(siteId)) throw new DaichoError('forbidden', 'errors.site_not_yours', 'siteId');
  }
  return { ...call, readableSites: ledger === null ? call.readableSites : sites };
}

/** The calls, one after another. */
let queue: Promise<unknown> = Promise.resolve();

/** An API method's handler (or a read part of one) on one read snapshot: everything committed before the call, nothing after. */
async function answerCall(call: ReaderCall, db: Db): Promise<ReaderAnswer<unknown>> {
  const s = serving(db);
  s.clock.now = new Date(call.now);
  const part = call.part ? READ_PARTS[call.method] : undefined;
  const handler = (part ? (ctx: HandlerContext, input: never) => part(ctx, input, s.app) : s.app.handlers[call.method as keyof Handlers]) as (ctx: HandlerContext, input: unknown) => unknown;
  if (typeof handler !== 'function') throw new Error(`no such ${call.part ? 'read part' : 'method'}: ${call.method}`);
  db.exec('BEGIN');
  try {
    const checked = recheck(s, call);
    return { value: await handler(contextOf(s, checked), checked.input) };
  } catch (err) {
    if (err instanceof DaichoError) return { error: { code: err.code, messageKey: err.messageKey, field: err.field, params: err.params, issues: err.fieldIssues() } };
    throw err;
  } finally {
    // SQLite may have ended the transaction itself (an error that rolls back): its own error stands.
    if (db.inTransaction) db.exec('COMMIT');
  }
}

serveTasks({
  ...connectionTasks,
  /** SPEC §8: a ledger's records past their period, for retention.status and the erasure. */
  retentionCounts: (args: { ledger: RetentionLedger; params: RetentionParams }, ctx) => retentionCounts((sql) => ctx.db().prepare(sql), args.ledger, args.params),
  /** An API method's handler, on one read snapshot (everything committed before the call, nothing after). */
  call: (call: ReaderCall, ctx) => {
    // One call at a time, each on its own snapshot (an async handler's next message waits for it).
    const answer = queue.then(() => answerCall(call, ctx.db()));
    queue = answer.catch(() => undefined);
    return answer;
  },
});
