import { DaichoError } from '../../../shared/api/errors';
import type { HandlerContext } from '../context';
import type { Session } from '../auth/sessions';

// An API call's heavy read, run by the reader worker (jobs/reader.ts) instead of the main thread
// (issue 7 point 5): the same handler, on its own read connection, with the caller's session and
// the call's clock.

/** What the reader worker is sent: the call, and what of its context the handler reads. */
export interface ReaderCall {
  /** An API method's name (its handler), or a part of one that only reads (jobs/reader.ts READ_PARTS). */
  method: string;
  part?: boolean;
  input: unknown;
  /** The call's clock (ISO). */
  now: string;
  session: Session | null;
  readableSites: string[] | null | undefined;
  station: string;
}

/** The handler's answer, or the error it gave (a DaichoError comes back as itself). */
type FieldIssue = ReturnType<DaichoError['fieldIssues']>[number];
export type ReaderAnswer<T> = { value: T } | { error: { code: DaichoError['code']; messageKey: DaichoError['messageKey']; field?: string; params?: Record<string, string | number>; issues: FieldIssue[] } };

/**
 * Answer `method` in the reader worker; where workers cannot run (a check-only open, a test's own
 * ledgers the worker does not have), `inThread` answers on this thread.
 */
export async function inReader<T>(ctx: HandlerContext, method: string, input: unknown, inThread: () => T, opts: { part?: boolean } = {}): Promise<T> {
  // The session's token stays here: the worker needs who and what roles, not the secret.
  const call: ReaderCall = { method, input, part: opts.part, now: ctx.now.toISOString(), session: ctx.session && { ...ctx.session, token: '' }, readableSites: ctx.readableSites, station: ctx.station };
  const answer = await ctx.jobs.read<ReaderAnswer<T>>('call', call, () => ({ value: inThread() }));
  if ('error' in answer) {
    const e = answer.error;
    // Invalid input at several fields comes back with each of them.
    throw (e.issues.length > 1 ? DaichoError.invalidFields(e.issues) : null) ?? new DaichoError(e.code, e.messageKey, e.field, e.params);
  }
  return answer.value;
}
