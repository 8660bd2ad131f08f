import { contract, type MethodName } from '../../../shared/api/contract';
import type { SessionInfo } from '../../../shared/domain/session';

/**
 * May this session call a method? Read from the contract's access rule, so the screens offer
 * exactly what the core allows (the core still enforces it; this only hides what would fail).
 * Mirrors `allows` in electron/core/dispatcher.ts.
 */
export function canCall(method: MethodName, session: SessionInfo | null): boolean {
  const access = contract[method].access;
  if (access === 'public') return true;
  if (!session) return false;
  if (access === 'terminal') return session.kind === 'terminal';
  if (session.kind !== 'desk') return false;
  if (access === 'signedIn') return true;
  return session.roles.some((r) => (access as readonly string[]).includes(r));
}

/** Does calling this method need a recent password confirmation (admin work, Art. 16(6))? */
export function needsElevation(method: MethodName): boolean {
  return 'elevated' in contract[method] && contract[method].elevated === true;
}
