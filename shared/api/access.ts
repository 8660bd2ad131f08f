import type { Role } from '../domain/roles';
import type { Access } from './kit';

/** The part of a session that access rules look at; both the core's Session and SessionInfo fit. */
export interface Caller {
  kind: 'desk' | 'terminal';
  roles: readonly Role[];
}

/**
 * Is this caller allowed by an access rule? The one authorization rule (SPEC §2): the core's
 * dispatcher enforces it; the renderer uses the same function only to hide what would fail.
 */
export function allows(access: Access, caller: Caller | null): boolean {
  if (access === 'public') return true;
  if (!caller) return false;
  if (access === 'terminal') return caller.kind === 'terminal';
  if (caller.kind !== 'desk') return false;
  if (access === 'signedIn') return true;
  return caller.roles.some((r) => access.includes(r));
}
