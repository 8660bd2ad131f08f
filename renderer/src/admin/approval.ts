import { z } from 'zod';
import { contract } from '../../../shared/api/contract';
import type { Role } from '../../../shared/domain/roles';
import { grantNeedsApproval } from '../../../shared/domain/roles';

const approvalSchema = contract['accounts.create'].input.shape.approval.unwrap();

/** The approval block as typed on the form (always present, checked only when it is needed). */
export const approvalInput = z.object({ approverLoginId: z.string(), approverPassword: z.string() });

/**
 * Adds the approval check to a form schema: when the roles grant a privilege (not held before), or
 * any role to one's own account (`self`), the approver's id and password must be valid, with the
 * same rules and messages as the contract.
 */
export function requireApprovalWhenPrivileged(had: readonly Role[] = [], self = false) {
  return (v: { roles?: Role[]; approval?: { approverLoginId: string; approverPassword: string } }, ctx: z.RefinementCtx) => {
    if (!grantNeedsApproval(v.roles, had, self)) return;
    const r = approvalSchema.safeParse(v.approval ?? {});
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: ['approval', ...issue.path.map(String)], message: issue.message });
  };
}

/** What to send: the approval only when it is needed. */
export function approvalToSend(roles: Role[], approval: { approverLoginId: string; approverPassword: string }, had: readonly Role[] = [], self = false) {
  return grantNeedsApproval(roles, had, self) ? { approval: { approverLoginId: approval.approverLoginId.trim(), approverPassword: approval.approverPassword } } : {};
}
