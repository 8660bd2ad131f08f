import type { z } from 'zod';
import type { Role } from '../domain/roles';

/**
 * Who may call a method:
 * - 'public': anyone, even without a session (setup status, sign-in);
 * - 'signedIn': any signed-in person, whatever their roles;
 * - 'terminal': only a door-terminal station session (SPEC §7);
 * - a list of roles: a signed-in person holding at least one of them.
 */
export type Access = 'public' | 'signedIn' | 'terminal' | readonly Role[];

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /** Admin methods ask for the password again first (Art. 16(6)). */
  elevated?: boolean;
  /** Allowed while the session is idle-locked or must change its password (unlock, sign-out...). */
  allowWhenLocked?: boolean;
  /** A background refresh (polling): it does not count as the person's activity for the idle lock. */
  passive?: boolean;
  /**
   * Answered by the reader worker, off the main thread (issue 7 point 5: no call holds it more than
   * 50 ms): a read whose cost grows with the data — a list searched over the whole history, a busy
   * month's review. Its handler only reads (the worker's store refuses a write).
   */
  inReader?: boolean;
  /** Phantom: the output type. Never set at run time. */
  readonly output?: O;
}

/** Declare a method: `method<Output>()({ input, access })`. */
export function method<O>() {
  return <I extends z.ZodType>(def: Omit<MethodDef<I, O>, 'output'>): MethodDef<I, O> => def;
}

export type InputOf<M> = M extends MethodDef<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<M> = M extends MethodDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<M> = M extends MethodDef<z.ZodType, infer O> ? O : never;
