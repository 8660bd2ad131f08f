import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, METHOD_NAMES, type MethodName } from '../../shared/api/contract';
import type { Access } from '../../shared/api/kit';
import { ROLES, type Role } from '../../shared/domain/roles';
import type { Daicho } from '../../electron/core/daicho';
import { JOURNALED_TABLES } from '../../electron/core/store/migrations';
import { openTemp, setUp } from '../helpers/temp-daicho';
import { instant, month, plainDate } from '../../shared/api/schemas';
import { addDays, isPlainDate } from '../../shared/dates';
import { jstDayEnd, jstMonthRange } from '../../shared/calendar';

type Subject = { kind: 'none' } | { kind: 'desk'; role: Role } | { kind: 'terminal' };
const SUBJECTS: Subject[] = [{ kind: 'none' }, ...ROLES.map((role) => ({ kind: 'desk' as const, role })), { kind: 'terminal' }];
const label = (s: Subject) => (s.kind === 'desk' ? s.role : s.kind);

/** What the contract says, read independently of the dispatcher's own check. */
function contractAllows(access: Access, s: Subject): boolean {
  if (access === 'public') return true;
  if (s.kind === 'none') return false;
  if (access === 'terminal') return s.kind === 'terminal';
  if (s.kind === 'terminal') return false;
  return access === 'signedIn' || access.includes(s.role);
}

let d: Daicho;
let accountId: string;
let siteId: string;

/** A fresh real session in the real session store, elevated so admin methods reach their handlers. */
function tokenFor(s: Subject): string | null {
  if (s.kind === 'none') return null;
  return d.sessions.create({
    kind: s.kind,
    accountId,
    roles: s.kind === 'desk' ? [s.role] : [],
    station: 'matrix',
    siteId,
    lastActivity: Date.now(),
    locked: false,
    mustChangePassword: false,
    elevatedUntil: Date.now() + 3_600_000,
  } as Parameters<typeof d.sessions.create>[0]).token;
}

async function call(method: string, input: unknown, s: Subject) {
  return (await d.dispatcher.call({ token: tokenFor(s), method, input, station: 'matrix' })).result;
}

function stateFingerprint(): string {
  const counts = JOURNALED_TABLES.map((t) => (d.store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
  return JSON.stringify({ head: d.store.journalHead(), counts });
}

beforeAll(async () => {
  d = await openTemp();
  await setUp(d);
  accountId = (d.store.db.prepare("SELECT id FROM accounts WHERE login_id = 'suzuki.sm'").get() as { id: string }).id;
  siteId = (d.store.db.prepare('SELECT id FROM sites LIMIT 1').get() as { id: string }).id;
});
afterAll(() => d.close());

describe('every method × every role (SPEC §2: the core enforces what the contract declares)', () => {
  it('covers the whole contract', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(15);
  });

  for (const method of METHOD_NAMES) {
    it(`${method}: allowed exactly for ${JSON.stringify(contract[method].access)}`, async () => {
      for (const s of SUBJECTS) {
        const r = await call(method, {}, s);
        const refused = !r.ok && (r.error.code === 'forbidden' || r.error.code === 'not_signed_in');
        expect({ subject: label(s), refused }).toEqual({ subject: label(s), refused: !contractAllows(contract[method].access, s) });
      }
    });
  }

  it('matches the least-privilege intent on a few hand-checked cells', () => {
    const a = (m: MethodName, s: Subject) => contractAllows(contract[m].access, s);
    expect(a('people.add', { kind: 'desk', role: 'staff' })).toBe(false);
    expect(a('people.add', { kind: 'desk', role: 'sysadmin' })).toBe(false);
    expect(a('people.add', { kind: 'desk', role: 'clerk' })).toBe(true);
    expect(a('accounts.create', { kind: 'desk', role: 'clerk' })).toBe(false);
    expect(a('accounts.create', { kind: 'desk', role: 'safety_manager' })).toBe(false);
    expect(a('accounts.create', { kind: 'desk', role: 'sysadmin' })).toBe(true);
    expect(a('people.list', { kind: 'terminal' })).toBe(false);
    expect(a('auth.signIn', { kind: 'none' })).toBe(true);
  });

  it('asks admin methods for the password again when the session is not elevated', async () => {
    const token = d.sessions.create({
      kind: 'desk', accountId, roles: ['sysadmin'], station: 'matrix', siteId, lastActivity: Date.now(), locked: false, mustChangePassword: false, elevatedUntil: null,
    } as Parameters<typeof d.sessions.create>[0]).token;
    const r = await d.dispatcher.call({ token, method: 'accounts.list', input: {}, station: 'matrix' });
    expect(r.result).toMatchObject({ ok: false, error: { code: 'reauth_required' } });
  });
});

// zod 4 internals: peel optional/nullable/default/pipe wrappers to find a field's base type.
function baseType(schema: z.ZodType): string {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: unknown; in?: unknown } } };
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) break;
    s = next as typeof s;
  }
  return s._zod.def.type;
}

function shapeOf(method: MethodName): Record<string, z.ZodType> {
  const def = (contract[method].input as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType> } } })._zod.def;
  return def.type === 'object' ? (def.shape ?? {}) : {};
}

describe('malformed input to every method returns a typed error and writes nothing', () => {
  const firstAllowed = (m: MethodName) => SUBJECTS.find((s) => contractAllows(contract[m].access, s))!;

  for (const method of METHOD_NAMES) {
    it(method, async () => {
      const s = firstAllowed(method);
      const before = stateFingerprint();
      const cases: { name: string; input: unknown; field?: string }[] = [
        { name: 'not an object', input: 42 },
        { name: 'an array', input: [1, 2] },
        { name: 'an extra key', input: { zzUnexpected: 1 }, field: 'zzUnexpected' },
      ];
      const shape = shapeOf(method);
      for (const key of Object.keys(shape)) {
        cases.push({ name: `${key} of the wrong type`, input: { [key]: { zz: [1] } }, field: key });
        if (baseType(shape[key]) === 'string') cases.push({ name: `${key} oversized`, input: { [key]: 'あ'.repeat(100_000) }, field: key });
      }
      if (!contract[method].input.safeParse({}).success) cases.push({ name: 'missing fields', input: {} });
      for (const c of cases) {
        const r = await call(method, c.input, s);
        expect({ case: c.name, ok: r.ok }).toEqual({ case: c.name, ok: false });
        if (r.ok) continue;
        expect({ case: c.name, code: r.error.code }).toEqual({ case: c.name, code: 'invalid_input' });
        expect(r.error.messageKey).toMatch(/\./);
        if (c.field) expect({ case: c.name, fields: r.error.issues?.some((i) => i.field.startsWith(c.field!)) }).toEqual({ case: c.name, fields: true });
      }
      expect(stateFingerprint()).toBe(before);
    });
  }
});

type ZodDef = { type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown; options?: unknown[] };
const defOf = (schema: unknown) => (schema as { _zod: { def: ZodDef } })._zod.def;

/** Every path to a string in a method's input schema, nested objects and arrays (as index 0) included. */
function stringPaths(schema: unknown, at: string[] = [], depth = 0): string[][] {
  if (depth > 12) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return [at];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([k, v]) => stringPaths(v, [...at, k], depth + 1));
    case 'array':
      return stringPaths(def.element, [...at, '0'], depth + 1);
    case 'union':
      return (def.options ?? []).flatMap((o) => stringPaths(o, at, depth + 1));
    case 'pipe':
      return stringPaths(def.in, at, depth + 1);
    default:
      return def.innerType ? stringPaths(def.innerType, at, depth + 1) : [];
  }
}

function inputWith(path: string[], value: string): unknown {
  let out: unknown = value;
  for (const key of [...path].reverse()) out = /^\d+$/.test(key) ? [out] : { [key]: out };
  return out;
}

// Issue 6 point 1 (SPEC §8): what is hashed is exactly what is stored, so every string the contract
// accepts is well-formed Unicode; one-line fields refuse control and bidi characters too.
const POISONS: { name: string; value: string; key: string; notPasswords?: boolean }[] = [
  { name: 'a lone surrogate', value: 'abc\ud800', key: 'errors.field.malformed_text' },
  { name: 'a lone low surrogate first', value: '\udc00理由', key: 'errors.field.malformed_text' },
  { name: 'a NUL', value: 'a\u0000b', key: 'errors.field.malformed_text' },
  { name: 'an escape', value: 'x\u001b[31my', key: 'errors.field.control_chars' },
  { name: 'a bidi override', value: 'ab\u202edc', key: 'errors.field.control_chars' },
  // Text that shows nothing (test/unit/text-rules.test.ts has the whole class); passwords keep the older rule.
  { name: 'a zero-width space alone', value: '\u200b', key: 'errors.field.invisible_chars', notPasswords: true },
  { name: 'a direction mark inside', value: '山田\u200f太郎', key: 'errors.field.invisible_chars', notPasswords: true },
  { name: 'a combining mark alone', value: '\u0301', key: 'errors.field.invisible_chars', notPasswords: true },
];
/** Password fields (shared/api/schemas.ts `secret`): one set before invisible characters were refused still signs in. */
const PASSWORD_FIELD = /password$|passphrase$/i;

/** Fields with a format of their own (ids, dates, codes) say so instead of naming the character. */
const FORMAT_KEYS = new Set([
  'errors.field.invalid', 'errors.field.invalid_date', 'errors.field.invalid_datetime', 'errors.field.invalid_month',
  'accounts.errors.login_id_chars', 'people.errors.kana', 'people.errors.employee_no', 'people.errors.card_no',
  'terminal.errors.pin_format', 'setup.errors.site_code', 'outside.errors.ref_format',
]);

describe('malformed text in every string field of the contract is refused at the field, and nothing is written', () => {
  const firstAllowed = (m: MethodName) => SUBJECTS.find((s) => contractAllows(contract[m].access, s))!;
  it('finds the string fields, nested ones included', () => {
    const paths = stringPaths(contract['serverRoom.record'].input).map((p) => p.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['purposeNote', 'companions.visitors.0.name', 'notes']));
    expect(stringPaths(contract['serverRoom.void'].input).map((p) => p.join('.'))).toContain('reason');
  });

  for (const method of METHOD_NAMES) {
    const paths = stringPaths(contract[method].input);
    if (paths.length === 0) continue;
    it(method, async () => {
      const s = firstAllowed(method);
      const before = stateFingerprint();
      for (const path of paths) {
        for (const p of POISONS) {
          const field = path.join('.');
          if (p.notPasswords && PASSWORD_FIELD.test(field)) continue;
          const r = await call(method, inputWith(path, p.value), s);
          const label = `${field} with ${p.name}`;
          expect({ label, ok: r.ok }).toEqual({ label, ok: false });
          if (r.ok) continue;
          expect({ label, code: r.error.code }).toEqual({ label, code: 'invalid_input' });
          // uuids, dates and codes are refused by their format; free text by the text rule itself.
          const issue = r.error.issues?.find((i) => i.field === field);
          expect({ label, atField: !!issue }).toEqual({ label, atField: true });
          if (issue && !FORMAT_KEYS.has(issue.messageKey)) expect({ label, key: issue.messageKey }).toEqual({ label, key: p.key });
        }
      }
      expect(stateFingerprint()).toBe(before);
    });
  }
});

/** Every path to a date-like field (an instant, a month, a calendar day) in a method's input schema, with its kind. */
function datePaths(schema: unknown, at: string[] = [], depth = 0): { path: string[]; kind: 'instant' | 'month' | 'day' }[] {
  if (depth > 12) return [];
  if (schema === instant) return [{ path: at, kind: 'instant' }];
  if (schema === month) return [{ path: at, kind: 'month' }];
  if (schema === plainDate) return [{ path: at, kind: 'day' }];
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([k, v]) => datePaths(v, [...at, k], depth + 1));
    case 'array':
      return datePaths(def.element, [...at, '0'], depth + 1);
    case 'union':
      return (def.options ?? []).flatMap((o) => datePaths(o, at, depth + 1));
    case 'pipe':
      return datePaths(def.in, at, depth + 1);
    default:
      return def.innerType ? datePaths(def.innerType, at, depth + 1) : [];
  }
}

// An insider probe: a year typed as 0099 was stored (Date.UTC reads it as 1999), and every list
// that showed the record failed from then on. Every instant, month and day of the contract is
// from 2000 on; an earlier one is refused at its field, and nothing is written.
const EARLY = { instant: ['0099-06-01T00:00:00Z', '1999-12-31T23:59:59+09:00'], month: ['0099-06', '1999-12'], day: ['0099-06-01', '1999-12-31'] };
// A bad-input probe: the month 9999-12 gave an internal error (its next month is in year 10000). Every date is up to 2999.
const LATE = { instant: ['9999-12-31T23:59:59Z', '3000-01-01T00:00:00+09:00'], month: ['9999-12', '3000-01'], day: ['9999-12-31', '3000-01-01'] };
describe('a date before 2000, or after 2999, in any field of the contract is refused at the field, and nothing is written', () => {
  const firstAllowed = (m: MethodName) => SUBJECTS.find((s) => contractAllows(contract[m].access, s))!;
  it('finds the date fields, nested ones included', () => {
    expect(datePaths(contract['serverRoom.record'].input).map((p) => p.path.join('.'))).toEqual(expect.arrayContaining(['enteredAt', 'exitedAt']));
    expect(datePaths(contract['accessLog.add'].input).map((p) => `${p.path.join('.')}:${p.kind}`)).toEqual(expect.arrayContaining(['month:month', 'checkedAt:instant']));
    expect(datePaths(contract['lastExit.add'].input).map((p) => `${p.path.join('.')}:${p.kind}`)).toContain('businessDay:day');
  });
  for (const method of METHOD_NAMES) {
    const paths = datePaths(contract[method].input);
    if (paths.length === 0) continue;
    it(method, async () => {
      const s = firstAllowed(method);
      const before = stateFingerprint();
      for (const { path, kind } of paths)
        for (const [values, key] of [[EARLY[kind], 'errors.field.too_early'], [LATE[kind], 'errors.field.too_late']] as const)
          for (const value of values) {
            const field = path.join('.');
            const r = await call(method, inputWith(path, value), s);
            const issue = r.ok ? undefined : r.error.issues?.find((i) => i.field === field);
            expect({ field, value, key: issue?.messageKey }).toEqual({ field, value, key });
          }
      expect(stateFingerprint()).toBe(before);
    });
  }
  it('takes 1 January 2000 in Japan, and a year 0099 day is a real day of its own (not 1999)', () => {
    expect(instant.safeParse('2000-01-01T00:00:00+09:00').success).toBe(true);
    expect(instant.safeParse('1999-12-31T14:59:59Z').success).toBe(false);
    expect(plainDate.safeParse('2000-01-01').success).toBe(true);
    expect(month.safeParse('2000-01').success).toBe(true);
    expect(month.safeParse('2999-12').success).toBe(true);
    expect(plainDate.safeParse('2999-12-31').success).toBe(true);
    expect(instant.safeParse('2999-12-31T23:59:59+09:00').success).toBe(true);
    expect(instant.safeParse('2999-12-31T15:00:00Z').success).toBe(false);
    expect(isPlainDate('0099-06-01')).toBe(true);
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(jstMonthRange('0099-06').start.toISOString()).toBe('0099-05-31T15:00:00.000Z');
    expect(new Date(jstDayEnd('0099-06-01')).toISOString()).toBe('0099-06-01T15:00:00.000Z');
  });
});
