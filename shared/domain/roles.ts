// SPEC §2: the five roles. A person may hold several; the default is least privilege (staff).
export const ROLES = ['staff', 'clerk', 'site_head', 'safety_manager', 'sysadmin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose grant needs the safety manager's approval (Art. 15). */
export const PRIVILEGED_ROLES: readonly Role[] = ['sysadmin', 'safety_manager'];

/** A role name that came from data (a journal row, a message's parameters) is one of the five. */
export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
