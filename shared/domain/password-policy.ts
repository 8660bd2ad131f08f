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
 * Words that say what an id is for or where, not whose it is: an office's desks, rooms and departments
 * in romaji, and the words joined to them (an insider probe: door, jimu, daihyo, kioskpc and admin.hq
 * were taken). An id made of these alone, or of these and a site's code, names no one.
 */
const PLACE_WORDS = new Set([
  'door', 'gate', 'lobby', 'entrance', 'front', 'desk', 'room', 'server', 'pc', 'terminal', 'visitor', 'raikyaku',
  'jimu', 'jimusho', 'daihyo', 'daihyou', 'kanri', 'kanrisha', 'keiri', 'jinji', 'eigyo', 'eigyou', 'somuka', 'soumuka',
  'kyoyu', 'kyoyuu', 'kyouyu', 'kyouyuu', 'account', 'acct', 'login', 'id', 'main', 'sub', 'hq', 'honsha', 'branch', 'shiten', 'center', 'centre',
]);

/** Is `s` wholly made of the words of `words` (each of two letters or more), run together? */
function madeOf(s: string, words: ReadonlySet<string>): boolean {
  const ok: boolean[] = [true];
  for (let end = 1; end <= s.length; end++) {
    ok[end] = false;
    for (let start = Math.max(0, end - 16); start <= end - 2 && !ok[end]; start++) ok[end] = ok[start] && words.has(s.slice(start, end));
  }
  return s.length > 0 && ok[s.length];
}

/**
 * True when a login id is a shared/anonymous one: a shared word (also with digits appended: test1,
 * guest01), words that are all shared (system-user), one that names no one joined to anything
 * (test-user, shared.pc: a bad-input probe), no letters or digits at all (..., ---), or letters that
 * are only shared words, places and the company's site codes (`siteCodes`), run together or not
 * (testuser, kioskpc, admin.hq, door: an insider probe).
 */
export function isSharedLoginId(loginId: string, siteCodes: readonly string[] = []): boolean {
  const id = loginId.normalize('NFKC').toLowerCase();
  const base = id.replace(/[._-]?\d+$/, '');
  if (SHARED_IDS.has(id) || SHARED_IDS.has(base) || SHARED_IDS.has(base.replace(/[._-]/g, ''))) return true;
  const words = id.split(/[._\-\d]+/).filter(Boolean);
  if (!/[a-z0-9]/.test(id)) return true;
  if (words.length > 0 && (words.every((w) => SHARED_IDS.has(w)) || words.some((w) => NOBODY_WORDS.has(w)))) return true;
  const generic = new Set([...SHARED_IDS, ...NOBODY_WORDS, ...PLACE_WORDS, ...siteCodes.map((c) => c.normalize('NFKC').toLowerCase().replace(/[^a-z]/g, ''))]);
  return words.length > 0 && words.every((w) => madeOf(w, generic));
}

/**
 * What a display name says of whom: no one (ー, 受付, 共用PC, ゲスト, 管理者: an insider probe) — the
 * name histories, seals and paper show for the holder — or null when it names someone.
 */
const NOBODY_NAMES = [
  'ゲスト', 'テスト', 'サンプル', 'デモ', '管理者', 'システム管理者', '管理', '共用', '共有', '受付', '総務', '総務部', '総務課', '事務', '事務所',
  '担当', '担当者', '利用者', 'ユーザー', 'ユーザ', '名無し', '不明', '未定', '誰か', '代表', '来客', '来訪者', '警備', '端末', '入口', 'サーバ室',
  'pc', 'パソコン', 'みんな', '全員', '各位', 'スタッフ', 'オペレーター', 'システム', '係', '係員', '用', '仮',
];
export function displayNameNamesNoOne(displayName: string): boolean {
  const s = nameForm(displayName).replace(/[\p{N}]+/gu, '');
  if (!/[\p{L}]/u.test(s.replace(/ー/g, ''))) return true;
  return madeOf(s, new Set([...NOBODY_NAMES.map(nameForm), ...SHARED_IDS, ...NOBODY_WORDS])) || NOBODY_NAMES.map(nameForm).includes(s);
}

/**
 * A name as a reader tells it from another: NFKC (full and half width alike), lower case, katakana for
 * hiragana, without spaces, marks that draw nothing, or punctuation (鈴木・陽子, 鈴木·陽子 and 鈴木 陽子 are
 * one; ｽｽﾞｷ ﾖｳｺ is すずき ようこ: an insider probe).
 */
export function nameForm(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/[\s\p{Default_Ignorable_Code_Point}\p{P}\u00b7\u30fb\uff65]+/gu, '');
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
  // Also with its symbols and digits read as the letters they stand for (pa$$w0rd: an insider probe).
  const cores = new Set([core, deLeet(lower).replace(/^[\d\W_]+|[\d\W_]+$/g, '')]);
  for (const c of cores) if (c !== lower && c.length >= 4 && (COMMON_WORDS.has(c) || COMMON_PASSWORDS.has(c) || isRepeatedUnit(c) || isSequence(c))) return true;
  // A few letters before or after a run of digits or keys (Aa123456789: the probe).
  const run = /[\d]{6,}/.exec(lower)?.[0];
  if (run && isSequence(run) && lower.length - run.length <= 3) return true;
  return new Set(lower).size < 4;
}

/** Symbols and digits that stand for letters, read as those letters (only where a letter stands beside them). */
function deLeet(s: string): string {
  const letters: Record<string, string> = { $: 's', '@': 'a', '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '!': 'i' };
  return s.replace(/(?<=[a-z])[$@0-9!]+(?=[a-z])|^[$@](?=[a-z])/g, (m) => [...m].map((c) => letters[c] ?? c).join(''));
}

// Words that make up most of the bundled list: a password that is one of them with only digits
// or symbols added is as easy to guess as the list itself.
const COMMON_WORDS = new Set([
  'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'pass', 'admin', 'administrator', 'welcome', 'letmein', 'qwerty', 'asdf',
  'iloveyou', 'monkey', 'dragon', 'master', 'login', 'secret', 'sunshine', 'princess', 'football', 'baseball', 'superman',
  'daicho', 'sakura', 'tokyo', 'nihon', 'nippon', 'kaisha', 'soumu', 'changeme', 'default', 'guest', 'test', 'user',
  // A season or a month with the year (Summer2026!!: an insider probe), in English and romaji.
  'spring', 'summer', 'autumn', 'fall', 'winter', 'haru', 'natsu', 'fuyu', 'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december', 'shinnen', 'oshogatsu', 'happynewyear', 'merrychristmas', 'christmas',
]);

function isRepeatedUnit(s: string): boolean {
  for (let unit = 1; unit <= Math.min(4, Math.floor(s.length / 2)); unit++) {
    const piece = s.slice(0, unit);
    if (piece.repeat(Math.ceil(s.length / unit)).slice(0, s.length) === s) return true;
  }
  return false;
}

function isSequence(s: string): boolean {
  const rows = [
    '01234567890123', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb', '98765432109876', 'zyxwvutsrqponmlkjihgfedcba',
    // The keyboard's columns walked up and down (zaq12wsxcde, zaq1xsw2cde3: the probe).
    'zaq12wsxcde34rfvbgt56yhn', 'zaq1xsw2cde3vfr4bgt5nhy6', 'qazwsxedcrfvtgbyhn', '!qaz@wsx#edc$rfv',
  ];
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

/**
 * A new password that is the old one with a little changed (Tsubame-Kaze-3752x after Tsubame-Kaze-3752:
 * an insider probe): one holding the other, or two edits or fewer apart, compared as `folded`. A 6-month
 * change (Art. 17(2)) that keeps the old password is no change.
 */
export function tooCloseToOld(newPassword: string, oldPassword: string): boolean {
  const a = folded(newPassword);
  const b = folded(oldPassword);
  if (!a || !b) return false;
  if (a.includes(b) || b.includes(a)) return true;
  if (Math.abs(a.length - b.length) > 2) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] <= 2;
}

export function passwordExpired(changedAt: string, now: Date): boolean {
  const due = new Date(changedAt);
  due.setMonth(due.getMonth() + PASSWORD_MAX_AGE_MONTHS);
  return now >= due;
}
