import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';
import { Caller } from '../helpers/temp-daicho';

// Insider probe 9 (API surface): payloads no form would send, straight to the dispatcher.

describe('payload abuse at the dispatcher', () => {
  it('each unknown key is refused at its own place, not joined into a field that does not exist ("recordedBy.status", an insider probe)', async () => {
    const { d, clerk, hq, yamada } = await serverRoomFixture();
    const r = await clerk.raw('visitors.add', {
      siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30'),
      recordedBy: 'someone-else', status: 'void',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'errors.field.unknown_key' } });
    const fields = r.ok ? [] : (r.error.issues ?? []).map((i) => i.field);
    // There is no field "recordedBy.status": each unknown key is named as itself.
    expect(fields).not.toContain('recordedBy.status');
    expect(fields).toEqual(expect.arrayContaining(['recordedBy', 'status']));
    // The same at sign-in, for anyone (no session): "isAdmin.roles" names nothing that exists.
    const anon = await new Caller(d).raw('auth.signIn', { loginId: 'sato.admin', password: 'x', isAdmin: true, roles: ['sysadmin'] });
    expect(anon.ok ? [] : (anon.error.issues ?? []).map((i) => i.field)).toEqual(expect.arrayContaining(['isAdmin', 'roles']));
    d.close();
  });

  it('held: __proto__, constructor, wrong types, NaN/Infinity, 1 MB strings, arrays, deep nesting, NUL, lone surrogates, bidi and zero-width characters are refused at the field, fast, nothing stored', async () => {
    const { d, clerk, hq, yamada } = await serverRoomFixture();
    const base = { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30') };
    const deep = (n: number) => { let o: unknown = 'x'; for (let i = 0; i < n; i++) o = { a: o }; return o; };
    const cases: [string, unknown, string][] = [
      ['proto', JSON.parse(`{"siteId":"${hq.id}","__proto__":{"status":"void"}}`), '__proto__'],
      ['constructor', { ...base, constructor: { prototype: { status: 'void' } } }, 'constructor'],
      ['NaN name', { ...base, name: NaN }, 'name'],
      ['Infinity arrivedAt', { ...base, arrivedAt: Infinity }, 'arrivedAt'],
      ['1 MB name', { ...base, name: '高'.repeat(1_000_000) }, 'name'],
      ['array name', { ...base, name: ['高橋', '誠'] }, 'name'],
      ['deep company', { ...base, company: deep(10_000) }, 'company'],
      ['NUL', { ...base, name: '高橋\u0000誠' }, 'name'],
      ['lone surrogate', { ...base, name: '高橋\ud800誠' }, 'name'],
      ['RTL override', { ...base, company: '\u202eトクネ' }, 'company'],
      ['zero-width space', { ...base, name: '高橋\u200b誠' }, 'name'],
      ['number as string area', { ...base, area: 1 }, 'area'],
    ];
    const head = d.store.journalHead().seq;
    for (const [label, input, field] of cases) {
      const t0 = performance.now();
      const r = await clerk.raw('visitors.add', input);
      expect(performance.now() - t0, label).toBeLessThan(1000);
      expect(r, label).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!r.ok) expect((r.error.issues ?? []).map((i) => i.field).some((f) => f === field || f.startsWith(`${field}.`)), `${label}: ${JSON.stringify(r.error)}`).toBe(true);
    }
    // In a correction's changes too.
    const amend = await clerk.raw('people.amend', JSON.parse(`{"id":"${yamada.id}","reason":"訂正","changes":{"__proto__":{"active":0}}}`));
    expect(amend).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'changes.__proto__' } });
    expect(({} as Record<string, unknown>).status).toBeUndefined();
    expect(({} as Record<string, unknown>).active).toBeUndefined();
    expect(d.store.journalHead().seq).toBe(head);
    expect((await clerk.ok('people.get', { id: yamada.id })).active).toBe(true);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a number out of its range is told its range, not "required" or "too long" (a probe of the paging)', async () => {
    const { d, clerk } = await serverRoomFixture();
    const cases: [unknown, string, string, Record<string, number>][] = [
      [{ pageSize: -1 }, 'pageSize', 'errors.field.at_least', { min: 1 }],
      [{ pageSize: 0 }, 'pageSize', 'errors.field.at_least', { min: 1 }],
      [{ page: -5 }, 'page', 'errors.field.at_least', { min: 0 }],
      [{ pageSize: 1e9 }, 'pageSize', 'errors.field.at_most', { max: 500 }],
      [{ page: 1e15 }, 'page', 'errors.field.at_most', { max: 1_000_000 }],
    ];
    for (const [input, field, messageKey, params] of cases) {
      const r = await clerk.raw('visitors.list', input);
      expect(r, JSON.stringify(input)).toEqual({ ok: false, error: { code: 'invalid_input', messageKey, field, params, issues: [{ field, messageKey, params }] } });
    }
    // A bound the value itself may not take (positive: more than 0) is said as such, not "0 or more".
    const { sm } = await serverRoomFixture();
    expect(await sm.raw('lan.acknowledgeWitnessAlarm', { seq: 0, reason: '復元の経緯を確認した' })).toMatchObject({ ok: false, error: { field: 'seq', messageKey: 'errors.field.greater_than', params: { min: 0 } } });
    // A text's length and a list's size keep their own words.
    expect(await clerk.raw('visitors.list', { search: 'あ'.repeat(10_000) })).toMatchObject({ ok: false, error: { field: 'search', messageKey: 'errors.field.too_long' } });
    d.close();
  });

  it('held: an anonymous caller is told nothing but "not signed in" for every method that needs a session, whatever the payload', async () => {
    const { d } = await serverRoomFixture();
    const anon = new Caller(d);
    for (const m of ['visitors.list', 'accounts.setRoles', 'review.sign', 'retention.erase', 'people.amend', 'terminal.enter'])
      expect(await anon.raw(m, { __proto__: null, id: NaN, x: 'a'.repeat(100_000) }), m).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await anon.raw('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await anon.raw('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await anon.raw('constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    d.close();
  });
});
