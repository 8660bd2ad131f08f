import { DaichoError } from '../../../shared/api/errors';
import { PRIVILEGED_ROLES, type Role } from '../../../shared/domain/roles';
import type { HandlerContext } from '../context';
import { findAccountByLogin, rolesOf } from './accounts-repo';
import { checkPassword } from './handlers';
import { isSharedLoginId, passwordProblem } from '../../../shared/domain/password-policy';

/** One person, one id (Art. 16(2)(3)): shared ids are refused; passwords follow Art. 17. */
export function checkNewAccount(store: HandlerContext['store'], loginId: string, displayName: string, password: string, fieldPrefix = ''): void {
  if (isSharedLoginId(loginId)) throw new DaichoError('invalid_input', 'accounts.errors.shared_id', `${fieldPrefix}loginId`);
  if (findAccountByLogin(store, loginId)) throw new DaichoError('conflict', 'accounts.errors.login_id_taken', `${fieldPrefix}loginId`);
  const problem = passwordProblem(password, loginId, displayName);
  if (problem) throw new DaichoError('invalid_input', problem, `${fieldPrefix}password`);
}

/**
 * Art. 15: granting sysadmin or safety_manager needs the safety manager's approval, confirmed
 * with the approver's own password. Returns the approver's account id, or null when no
 * privileged role is being granted.
 */
export async function approvePrivilegedGrant(
  ctx: HandlerContext,
  granted: Role[],
  approval: { approverLoginId: string; approverPassword: string } | undefined,
): Promise<string | null> {
  if (!granted.some((r) => PRIVILEGED_ROLES.includes(r))) return null;
  if (!approval) throw new DaichoError('invalid_input', 'accounts.errors.approval_required', 'approval');
  const approver = findAccountByLogin(ctx.store, approval.approverLoginId);
  if (!approver || approver.status !== 'active' || !rolesOf(approver).includes('safety_manager'))
    throw new DaichoError('invalid_input', 'accounts.errors.approver_not_safety_manager', 'approval.approverLoginId');
  await checkPassword(ctx, approver, approval.approverPassword, 'accounts.approval');
  return approver.id;
}
