import { allows } from '../../../shared/api/access';
import { contract, type MethodName } from '../../../shared/api/contract';
import type { SessionInfo } from '../../../shared/domain/session';
import type { Page } from '../ledgers/registry';

/**
 * May this session call a method? The contract's access rule through the same `allows` the core
 * enforces, so the screens offer exactly what the core allows.
 */
export function canCall(method: MethodName, session: SessionInfo | null): boolean {
  return allows(contract[method].access, session);
}

/** Does calling this method need a recent password confirmation (admin work, Art. 16(6))? */
export function needsElevation(method: MethodName): boolean {
  return 'elevated' in contract[method] && contract[method].elevated === true;
}

/** May this session open the page (the contract's access rule of its method, or its own rule)? */
export function pageAllowed(page: Pick<Page, 'method' | 'allowed'>, session: SessionInfo | null): boolean {
  if (page.method && !canCall(page.method, session)) return false;
  return !page.allowed || page.allowed(session);
}
