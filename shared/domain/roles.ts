// SPEC §2: the five roles. A person may hold several; the default is least privilege (staff).
export const ROLES = ['staff', 'clerk', 'site_head', 'safety_manager', 'sysadmin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose grant needs the safety manager's approval (Art. 15). */
export const PRIVILEGED_ROLES: readonly Role[] = ['sysadmin', 'safety_manager'];

/**
 * Does this change of roles need the safety manager's approval? Granting a privileged role does
 * (Art. 15); so does any role an administrator adds to his own account: no one raises his own
 * powers alone, and the approver is told (a notice), as for a privileged grant.
 */
export function grantNeedsApproval(next: readonly Role[] | undefined, had: readonly Role[] = [], self = false): boolean {
  const added = (next ?? []).filter((r) => !had.includes(r));
  return added.some((r) => PRIVILEGED_ROLES.includes(r)) || (self && added.length > 0);
}

/** A role name that came from data (a journal row, a message's parameters) is one of the five. */
export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
