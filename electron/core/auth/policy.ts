import { COMMON_PASSWORDS } from './common-passwords';

// Art. 16(2): no ids used by many or by nobody in particular.
const SHARED_IDS = new Set([
  'guest', 'test', 'tester', 'admin', 'administrator', 'root', 'user', 'users', 'shared', 'share', 'common', 'kiosk',
  'demo', 'sample', 'everyone', 'all', 'anonymous', 'anon', 'public', 'staff', 'operator', 'system', 'sysadmin',
  'support', 'info', 'office', 'soumu', 'terminal', 'default', 'temp', 'tmp', 'nobody', 'master',
]);

/** True when a login id is a shared/anonymous one (also with digits appended: test1, guest01). */
export function isSharedLoginId(loginId: string): boolean {
  const base = loginId.toLowerCase().replace(/[._-]?\d+$/, '');
  return SHARED_IDS.has(loginId.toLowerCase()) || SHARED_IDS.has(base);
}

export const PASSWORD_MIN_LENGTH = 10;
/** Art. 17(2): passwords are changed every 6 months. */
export const PASSWORD_MAX_AGE_MONTHS = 6;

/** Returns the i18n key of the first broken rule, or null when the password is acceptable. */
export function passwordProblem(password: string, loginId: string, displayName: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'auth.errors.password_short';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password) || isSequence(lower)) return 'auth.errors.password_common';
  if (loginId && lower.includes(loginId.toLowerCase())) return 'auth.errors.password_contains_id';
  const nameParts = displayName.toLowerCase().split(/[\s\u3000]+/).filter((p) => p.length >= 2);
  if (nameParts.some((p) => lower.includes(p)) || (displayName && lower.includes(displayName.toLowerCase().replace(/[\s\u3000]+/g, ''))))
    return 'auth.errors.password_contains_name';
  return null;
}

function isSequence(s: string): boolean {
  const rows = ['0123456789012', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '9876543210987'];
  return rows.some((r) => r.includes(s));
}

export function passwordExpired(changedAt: string, now: Date): boolean {
  const due = new Date(changedAt);
  due.setMonth(due.getMonth() + PASSWORD_MAX_AGE_MONTHS);
  return now >= due;
}
