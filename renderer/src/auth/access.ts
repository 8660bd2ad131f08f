import { allows } from '../../../shared/api/access';
import { contract, type MethodName } from '../../../shared/api/contract';
import type { SessionInfo } from '../../../shared/domain/session';

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
