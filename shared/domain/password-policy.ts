import type { MessageKey } from '../i18n';
import { COMMON_PASSWORDS } from './common-passwords';

// SPEC §2, Art. 16(2) and 17: the account rules, here in shared/ so that the core that enforces
// them and the forms that check them while typing (setup wizard, password change) apply the same
// rules, one step at a time.

// Art. 16(2): no ids used by many or by nobody in particular.
const SHARED_IDS = new Set([
  'guest', 'test', 'tester', 'admin', 'administrator', 'root', 'user', 'users', 'shared', 'share', 'common', 'kiosk',
  'demo', 'sample', 'everyone', 'all', 'anonymous', 'anon', 'public', 'staff', 'operator', 'system', 'sysadmin',
  'support', 'info', 'office', 'soumu', 'terminal', 'default', 'temp', 'tmp', 'nobody', 'master',
  // The product's own role names, and the desk's other spellings (an insider probe: clerk, site_head, somu, uketsuke were taken).
  'clerk', 'sitehead', 'safetymanager', 'manager', 'somu', 'soumubu', 'somubu', 'uketsuke', 'reception', 'frontdesk', 'security', 'keibi',
]);

/** Words that name no one whatever they are joined to (test-user, shared.pc, guest_02). */
const NOBODY_WORDS = new Set(['guest', 'test', 'tester', 'shared', 'share', 'common', 'kiosk', 'demo', 'sample', 'everyone', 'anonymous', 'anon', 'public', 'nobody', 'temp', 'tmp']);

/**
 * True when a login id is a shared/anonymous one: a shared word (also with digits appended: test1,
 * guest01), words that are all shared (system-user), one that names no one joined to anything
 * (test-user, shared.pc: a bad-input probe), or no letters or digits at all (..., ---).
 */
export function isSharedLoginId(loginId: string): boolean {
  const id = loginId.toLowerCase();
  const base = id.replace(/[._-]?\d+$/, '');
  if (SHARED_IDS.has(id) || SHARED_IDS.has(base) || SHARED_IDS.has(base.replace(/[._-]/g, ''))) return true;
  const words = id.split(/[._\-\d]+/).filter(Boolean);
  if (!/[a-z0-9]/.test(id)) return true;
  return words.length > 0 && (words.every((w) => SHARED_IDS.has(w)) || words.some((w) => NOBODY_WORDS.has(w)));
}

export const PASSWORD_MIN_LENGTH = 10;
/** Art. 17(2): passwords are changed every 6 months. */
export const PASSWORD_MAX_AGE_MONTHS = 6;

export type PasswordRule = 'length' | 'common' | 'noId' | 'noName';

const RULE_KEYS: Record<PasswordRule, MessageKey> = {
  length: 'auth.errors.password_short',
  common: 'auth.errors.password_common',
  noId: 'auth.errors.password_contains_id',
  noName: 'auth.errors.password_contains_name',
};

/**
 * Each rule, checked: true when the password keeps it. `noId`/`noName` are true when there is no
 * id or name to compare with (a key-file passphrase has neither).
 */
export function passwordRuleChecks(password: string, loginId = '', displayName = ''): Record<PasswordRule, boolean> {
  // Compared as the same characters whatever their width or case (a probe: ｉｔｏ.ｄａｉｓｕｋｅ1x, the
  // login ID in full-width letters, was taken as a password holding no ID), as the common list is.
  const lower = folded(password);
  const id = folded(loginId.trim());
  return {
    length: [...password].length >= PASSWORD_MIN_LENGTH,
    common: !isCommonPassword(password),
    noId: !id || !containsId(lower, id),
    noName: !containsName(lower, displayName),
  };
}

/** One form for comparing: NFKC (full-width letters and digits, half-width kana, as their usual forms), then lower case. */
const folded = (s: string) => s.normalize('NFKC').toLowerCase();

/** Returns the i18n key of the first broken rule, or null when the password is acceptable. */
export function passwordProblem(password: string, loginId = '', displayName = ''): MessageKey | null {
  const checks = passwordRuleChecks(password, loginId, displayName);
  const broken = (Object.keys(RULE_KEYS) as PasswordRule[]).find((r) => !checks[r]);
  return broken ? RULE_KEYS[broken] : null;
}

/**
 * In the bundled list, or made of one repeated unit (aaaaaaaaaa, abcabcabca, 1212121212), a
 * keyboard or digit run, or a listed password with digits or symbols around it (password12!).
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase().normalize('NFKC');
  if (COMMON_PASSWORDS.has(lower) || isRepeatedUnit(lower) || isSequence(lower)) return true;
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (core !== lower && core.length >= 4 && (COMMON_WORDS.has(core) || COMMON_PASSWORDS.has(core) || isRepeatedUnit(core) || isSequence(core))) return true;
  return new Set(lower).size < 4;
}

// Words that make up most of the bundled list: a password that is one of them with only digits
// or symbols added is as easy to guess as the list itself.
const COMMON_WORDS = new Set([
  'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'pass', 'admin', 'administrator', 'welcome', 'letmein', 'qwerty', 'asdf',
  'iloveyou', 'monkey', 'dragon', 'master', 'login', 'secret', 'sunshine', 'princess', 'football', 'baseball', 'superman',
  'daicho', 'sakura', 'tokyo', 'nihon', 'nippon', 'kaisha', 'soumu', 'changeme', 'default', 'guest', 'test', 'user',
]);

function isRepeatedUnit(s: string): boolean {
  for (let unit = 1; unit <= Math.min(4, Math.floor(s.length / 2)); unit++) {
    const piece = s.slice(0, unit);
    if (piece.repeat(Math.ceil(s.length / unit)).slice(0, s.length) === s) return true;
  }
  return false;
}

function isSequence(s: string): boolean {
  const rows = ['01234567890123', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb', '98765432109876', 'zyxwvutsrqponmlkjihgfedcba'];
  return rows.some((r) => r.includes(s));
}

/**
 * The login id in the password, also with its separators changed or left out, or its words in another
 * order (a probe: sato-kenichi-2026, satokenichi2026 and Kenichi-Sato-2026 were taken for sato.kenichi):
 * the id without separators in the password without them, or every word of it (two or more words of
 * three letters or more) somewhere in the password.
 */
function containsId(lowerPassword: string, id: string): boolean {
  const bare = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '');
  // A short id's letters (k.s: ks) are in many a password: matched so only from four on, its words from three.
  if (lowerPassword.includes(id) || (bare(id).length >= 4 && bare(lowerPassword).includes(bare(id)))) return true;
  const words = id.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
  return words.length >= 2 && words.every((w) => lowerPassword.includes(w));
}

function containsName(lowerPassword: string, displayName: string): boolean {
  const name = folded(displayName);
  const parts = name.split(/[\s\u3000]+/).filter((p) => p.length >= 2);
  const joined = name.replace(/[\s\u3000]+/g, '');
  return parts.some((p) => lowerPassword.includes(p)) || (joined.length >= 2 && lowerPassword.includes(joined));
}

export function passwordExpired(changedAt: string, now: Date): boolean {
  const due = new Date(changedAt);
  due.setMonth(due.getMonth() + PASSWORD_MAX_AGE_MONTHS);
  return now >= due;
}
