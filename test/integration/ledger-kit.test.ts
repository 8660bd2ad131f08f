import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { Caller, openRaw, SETUP, setUp, tempDir } from '../helpers/temp-daicho';
import { keyLoansModule, keptOverLimit } from '../fixtures/ledgers/key-loans';

// Issue 8: a ledger defined under test/ (test/fixtures/ledgers/key-loans.ts) and registered by this
// test gets list, amend, void, history, role checks and the input checks through the real
// dispatcher, and its table is journaled and verified, with nothing outside its definition.

const NOW = new Date('2026-11-20T03:00:00Z');

async function withLedger() {
  const dir = tempDir('daicho-kit-');
  const keyFile = path.join(dir, 'raw.key');
  const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile), create: true, clock: () => NOW, ledgers: [keyLoansModule] });
  const { sm, admin } = await setUp(d);
  const [site] = await sm.ok('sites.list', {});
  return { d, sm, admin, site, keyFile };
}

type Loan = { id: string; keyLabel: string; borrower: string; copies: number; status: string; amendCount: number; anomalies: { code: string }[]; voidReason: string | null };

describe('a ledger on the kit (issue 8)', () => {
  it('adds, lists (month, anomalies only, sort, paging), amends and voids with a reason, and shows history', async () => {
    const { d, sm, site } = await withLedger();
    const add = (input: Record<string, unknown>) => sm.raw('keyLoans.add', { siteId: site.id, copies: 1, ...input });
    const a = await add({ keyLabel: '書庫A', borrower: '山田 太郎', borrowedAt: '2026-11-19T01:00:00Z', returnedAt: '2026-11-19T05:00:00Z' });
    expect(a.ok).toBe(true);
    const b = await add({ keyLabel: '書庫B', borrower: '佐藤 花子', borrowedAt: '2026-11-17T01:00:00Z' }); // still out after 3 days
    const c = await add({ keyLabel: '倉庫', borrower: '鈴木 一郎', borrowedAt: '2026-10-30T01:00:00Z', returnedAt: '2026-10-30T02:00:00Z' });
    expect([b.ok, c.ok]).toEqual([true, true]);
    const loanB = (b as { value: Loan }).value;
    expect(loanB.anomalies).toEqual([{ code: 'kept_over_limit', params: { maxHours: 24 } }]);
    // A ref field with a nameColumn comes with the name of the row it points to.
    expect((b as { value: Loan & { names: Record<string, string | null> } }).value.names).toEqual({ siteId: site.name });

    const nov = (await sm.raw('keyLoans.list', { month: '2026-11', sort: 'borrowedAt', desc: false })) as { ok: true; value: { rows: Loan[]; total: number } };
    expect(nov.value.total).toBe(2);
    expect(nov.value.rows.map((r) => r.keyLabel)).toEqual(['書庫B', '書庫A']);
    const odd = (await sm.raw('keyLoans.list', { anomaliesOnly: true, month: '2026-11' })) as { ok: true; value: { rows: Loan[]; total: number } };
    expect(odd.value.rows.map((r) => r.keyLabel)).toEqual(['書庫B']);
    // Anomalies are computed: "anomalies only" judges one month at a time.
    expect(await sm.raw('keyLoans.list', { anomaliesOnly: true })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'month' } });
    // An instant given with Japan's offset is stored as UTC: it counts in the month it falls in, in Japan.
    const lateOct = (await add({ keyLabel: '月末', borrower: '高橋 誠', borrowedAt: '2026-10-31T20:00:00+09:00', returnedAt: '2026-10-31T21:00:00+09:00' })) as { ok: true; value: Loan & { borrowedAt: string } };
    expect(lateOct.value.borrowedAt).toBe('2026-10-31T11:00:00.000Z');
    const oct = (await sm.raw('keyLoans.list', { month: '2026-10' })) as { ok: true; value: { rows: Loan[] } };
    expect(oct.value.rows.map((r) => r.keyLabel).sort()).toEqual(['倉庫', '月末'].sort());
    expect(await sm.raw('keyLoans.amend', { id: lateOct.value.id, changes: { borrowedAt: '2026-10-31T11:00:00Z' }, reason: '同じ時刻' })).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });
    expect(await sm.raw('keyLoans.void', { id: lateOct.value.id, reason: '試しの記入' })).toMatchObject({ ok: true });
    const paged = (await sm.raw('keyLoans.list', { pageSize: 1, page: 1, sort: 'keyLabel', desc: false })) as { ok: true; value: { rows: Loan[]; total: number } };
    expect(paged.value).toMatchObject({ total: 3, rows: [{ keyLabel: '書庫A' }] });

    // Amend with a reason: the anomaly goes once the key is back; history shows who changed what.
    const amended = (await sm.raw('keyLoans.amend', { id: loanB.id, changes: { returnedAt: '2026-11-17T09:00:00Z' }, reason: '返却の記入漏れ' })) as { ok: true; value: Loan };
    expect(amended.value).toMatchObject({ amendCount: 1, anomalies: [] });
    expect(await sm.raw('keyLoans.amend', { id: loanB.id, changes: { returnedAt: '2026-11-17T09:00:00Z' }, reason: '返却時刻の再入力' })).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'errors.no_change' } });
    expect(await sm.raw('keyLoans.amend', { id: loanB.id, changes: { siteId: site.id }, reason: '拠点' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } }); // not amendable
    expect(await sm.raw('keyLoans.amend', { id: loanB.id, changes: { returnedAt: '2026-11-16T09:00:00Z' }, reason: '逆' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'returnedAt' } });

    // A reason that says nothing is refused at the field (「なし」, 「特になし」, 「-」, none).
    for (const reason of ['なし', '特になし', '-', 'None', 'ー'])
      expect(await sm.raw('keyLoans.void', { id: (c as { value: Loan }).value.id, reason }), reason).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'reason', messageKey: 'errors.field.says_nothing' } });
    const voided = (await sm.raw('keyLoans.void', { id: (c as { value: Loan }).value.id, reason: '重複して記入' })) as { ok: true; value: Loan };
    expect(voided.value).toMatchObject({ status: 'void', voidReason: '重複して記入' });
    expect(await sm.raw('keyLoans.void', { id: voided.value.id, reason: 'もう一度' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.voided' } });
    expect(await sm.raw('keyLoans.amend', { id: voided.value.id, changes: { borrower: '別人' }, reason: '入力誤りのため' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(((await sm.raw('keyLoans.list', { status: 'void' })) as { value: { total: number } }).value.total).toBe(2);

    const history = (await sm.raw('keyLoans.history', { id: loanB.id })) as { ok: true; value: { action: string; reason: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] };
    expect(history.value.map((h) => h.action)).toEqual(['keyLoans.add', 'keyLoans.amend']);
    expect(history.value[1]).toMatchObject({ reason: '返却の記入漏れ', before: { returned_at: null }, after: { returned_at: '2026-11-17T09:00:00.000Z' } });

    // Its table is journaled like every other: verify passes, in one thread and in workers.
    expect(d.verify()).toMatchObject({ ok: true });
    expect(await d.verifyInBackground()).toMatchObject({ ok: true });
    d.close();
  });

  it('gives the count beside every page: full, part-filled and past the end, with a search that finds none, a few or exactly a page', async () => {
    const { d, sm, site } = await withLedger();
    for (const [i, borrower] of ['山田 太郎', '山田 花子', '山田 一郎', '佐藤 次郎', '佐藤 三郎'].entries())
      expect(await sm.raw('keyLoans.add', { siteId: site.id, copies: 1, keyLabel: `鍵${i + 1}`, borrower, borrowedAt: `2026-11-1${i}T01:00:00Z`, returnedAt: `2026-11-1${i}T02:00:00Z` })).toMatchObject({ ok: true });
    const list = async (input: Record<string, unknown>) => ((await sm.raw('keyLoans.list', { sort: 'keyLabel', desc: false, ...input })) as { ok: true; value: { rows: Loan[]; total: number } }).value;
    const seen = async (input: Record<string, unknown>) => {
      const v = await list(input);
      return { labels: v.rows.map((r) => r.keyLabel), total: v.total };
    };
    // A page that is not full tells the count; a full one and one past the end do not, and are counted.
    expect(await seen({ pageSize: 2, page: 0 })).toEqual({ labels: ['鍵1', '鍵2'], total: 5 });
    expect(await seen({ pageSize: 2, page: 1 })).toEqual({ labels: ['鍵3', '鍵4'], total: 5 });
    expect(await seen({ pageSize: 2, page: 2 })).toEqual({ labels: ['鍵5'], total: 5 });
    expect(await seen({ pageSize: 2, page: 3 })).toEqual({ labels: [], total: 5 });
    expect(await seen({ pageSize: 5, page: 0 })).toEqual({ labels: ['鍵1', '鍵2', '鍵3', '鍵4', '鍵5'], total: 5 });
    expect(await seen({ search: '山田', pageSize: 3, page: 0 })).toEqual({ labels: ['鍵1', '鍵2', '鍵3'], total: 3 });
    expect(await seen({ search: '山田', pageSize: 3, page: 1 })).toEqual({ labels: [], total: 3 });
    expect(await seen({ search: '佐藤', pageSize: 3, page: 0 })).toEqual({ labels: ['鍵4', '鍵5'], total: 2 });
    expect(await seen({ search: '佐藤', pageSize: 1, page: 1 })).toEqual({ labels: ['鍵5'], total: 2 });
    expect(await seen({ search: '見つからない', page: 0 })).toEqual({ labels: [], total: 0 });
    expect(await seen({ search: '見つからない', pageSize: 2, page: 4 })).toEqual({ labels: [], total: 0 });
    d.close();
  });

  it('refuses callers without the role, callers not signed in, and malformed input, storing nothing', async () => {
    const { d, sm, admin, site } = await withLedger();
    const good = { siteId: site.id, keyLabel: '書庫A', borrower: '山田 太郎', copies: 1, borrowedAt: '2026-11-19T01:00:00Z' };
    expect(await admin.raw('keyLoans.add', good)).toMatchObject({ ok: false, error: { code: 'forbidden' } }); // sysadmin reads, does not write
    expect(await new Caller(d).raw('keyLoans.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    const bad: [Record<string, unknown>, string][] = [
      [{ ...good, extra: 1 }, ''],
      [{ ...good, keyLabel: 'x'.repeat(41) }, 'keyLabel'],
      [{ ...good, keyLabel: '  ' }, 'keyLabel'],
      [{ ...good, copies: 0 }, 'copies'],
      [{ ...good, copies: 1.5 }, 'copies'],
      [{ ...good, borrowedAt: '2026-11-19' }, 'borrowedAt'],
      [{ ...good, borrower: 'a\u0000b' }, 'borrower'],
      [{ ...good, borrower: 'a\ud800b' }, 'borrower'],
      [{ ...good, notes: 'x'.repeat(501) }, 'notes'],
      [{ ...good, siteId: 'not-a-uuid' }, 'siteId'],
    ];
    for (const [input, field] of bad) {
      const r = await sm.raw('keyLoans.add', input);
      expect(r, JSON.stringify(input).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (field) expect(JSON.stringify(r)).toContain(field);
    }
    // A well-formed id of no site: not found, on that field.
    expect(await sm.raw('keyLoans.add', { ...good, siteId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found', field: 'siteId' } });
    expect(await sm.raw('keyLoans.get', { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(((await sm.raw('keyLoans.list', { status: 'all' })) as { value: { total: number } }).value.total).toBe(0);
    d.close();
  });

  it('per-site settings: defaults, a change by an administrator with the password again, and the rules using them', async () => {
    const { d, sm, site } = await withLedger();
    const [, other] = await sm.ok('sites.list', {});
    expect(await sm.raw('keyLoans.getSettings', { siteId: site.id })).toMatchObject({ ok: true, value: { siteId: site.id, isDefault: true, maxHours: 24 } });
    const loan = (await sm.raw('keyLoans.add', { siteId: site.id, keyLabel: '書庫A', borrower: '山田 太郎', copies: 1, borrowedAt: '2026-11-19T01:00:00Z', returnedAt: '2026-11-19T05:00:00Z' })) as { ok: true; value: Loan };
    expect(loan.value.anomalies).toEqual([]); // 4 hours, under a day
    expect(await sm.raw('keyLoans.updateSettings', { siteId: site.id, changes: { maxHours: 2 }, reason: '鍵の管理を厳しく' })).toMatchObject({ ok: false, error: { code: 'reauth_required' } });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    for (const maxHours of [0, 169, 1.5, '2']) expect(await sm.raw('keyLoans.updateSettings', { siteId: site.id, changes: { maxHours }, reason: '鍵の管理を厳しく' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await sm.raw('keyLoans.updateSettings', { siteId: site.id, changes: { other: 1 }, reason: '鍵の管理を厳しく' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // The defaults saved as they are change nothing: refused, no version and no review item.
    expect(await sm.raw('keyLoans.updateSettings', { siteId: site.id, changes: { maxHours: 24 }, reason: '鍵の管理を厳しく' })).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });
    // A rule changed with no reason, or one that says nothing: refused at the reason, and nothing saved.
    for (const reason of [undefined, null, '', '変更なし', '確認しました'])
      expect(await sm.raw('keyLoans.updateSettings', { siteId: site.id, changes: { maxHours: 2 }, reason }), String(reason)).toMatchObject({ ok: false, error: { field: 'reason' } });
    expect(await sm.raw('keyLoans.getSettings', { siteId: site.id })).toMatchObject({ ok: true, value: { isDefault: true, maxHours: 24 } });
    expect(await sm.raw('keyLoans.updateSettings', { siteId: site.id, changes: { maxHours: 2 }, reason: '鍵の管理を厳しく' })).toMatchObject({ ok: true, value: { isDefault: false, maxHours: 2 } });
    expect(await sm.raw('keyLoans.updateSettings', { siteId: site.id, changes: { maxHours: 2 }, reason: '鍵の管理を厳しく' })).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });
    // A record is judged by the limit in force when it happened (setting-versions.ts): the loan of
    // the 19th keeps the day it had; one from after the change has the site's new limit.
    expect(await sm.raw('keyLoans.get', { id: loan.value.id })).toMatchObject({ ok: true, value: { anomalies: [] } });
    const after = (await sm.raw('keyLoans.add', { siteId: site.id, keyLabel: '書庫B', borrower: '山田 太郎', copies: 1, borrowedAt: NOW.toISOString(), returnedAt: new Date(NOW.getTime() + 4 * 3_600_000).toISOString() })) as { ok: true; value: Loan };
    expect(after.value.anomalies).toEqual([{ code: 'kept_over_limit', params: { maxHours: 2 } }]);
    // The other site keeps the default.
    expect(await sm.raw('keyLoans.getSettings', { siteId: other.id })).toMatchObject({ ok: true, value: { isDefault: true, maxHours: 24 } });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a record changed outside the app is named by verify', async () => {
    const { d, sm, site, keyFile } = await withLedger();
    const r = (await sm.raw('keyLoans.add', { siteId: site.id, keyLabel: '書庫A', borrower: '山田 太郎', copies: 1, borrowedAt: '2026-11-19T01:00:00Z' })) as { ok: true; value: Loan };
    const file = path.join(d.dataDir, 'daicho.db');
    d.close();
    const raw = openRaw(file, fs.readFileSync(keyFile, 'utf8').trim());
    raw.prepare("UPDATE test_key_loans SET borrower = '別人' WHERE id = ?").run(r.value.id);
    raw.close();
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(keyFile), clock: () => NOW, ledgers: [keyLoansModule] });
    // In this thread and in worker threads (which know the table from its declared migration only).
    for (const v of [again.verify(), await again.verifyInBackground()]) {
      expect(v.ok).toBe(false);
      expect(v.problem).toMatch(new RegExp(`test_key_loans row ${r.value.id} differs`));
    }
    again.close();
    // The whole table dropped outside the app: named too, though no row of it is left to compare.
    const raw2 = openRaw(file, fs.readFileSync(keyFile, 'utf8').trim());
    raw2.exec('DROP TABLE test_key_loans');
    raw2.close();
    const third = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(keyFile), clock: () => NOW, checkOnly: true, ledgers: [keyLoansModule] });
    for (const v of [third.verify(), await third.verifyInBackground()]) {
      expect(v.ok).toBe(false);
      expect(v.problems.map((p) => p.problem).join('\n')).toMatch(/the table test_key_loans is missing/);
    }
    third.close();
  });
});

describe('the test ledger\'s rule at its edges', () => {
  const borrowedAt = '2026-11-19T01:00:00Z';
  it('exactly the limit is not over it; a millisecond more is', () => {
    expect(keptOverLimit({ borrowedAt, returnedAt: '2026-11-20T01:00:00.000Z' }, NOW, 24)).toBe(false);
    expect(keptOverLimit({ borrowedAt, returnedAt: '2026-11-20T01:00:00.001Z' }, NOW, 24)).toBe(true);
    expect(keptOverLimit({ borrowedAt, returnedAt: null }, new Date('2026-11-20T01:00:00Z'), 24)).toBe(false);
    expect(keptOverLimit({ borrowedAt, returnedAt: null }, new Date('2026-11-20T01:00:01Z'), 24)).toBe(true);
    expect(keptOverLimit({ borrowedAt, returnedAt: '2026-11-19T03:00:00Z' }, NOW, 2)).toBe(false);
    expect(keptOverLimit({ borrowedAt, returnedAt: '2026-11-19T03:00:01Z' }, NOW, 2)).toBe(true);
  });
});
