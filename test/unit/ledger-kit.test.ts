import { describe, expect, it } from 'vitest';
import { amendSchema, createSchema, ledgerColumns, ledgerContract, ledgerTableSql, listSchema, type LedgerDefinition } from '../../shared/ledgers/kit';
import { checkDefinition } from '../../electron/core/ledgers/kit/record-book';
import { keyLoans } from '../fixtures/ledgers/key-loans';

// Issue 8: what the kit derives from a ledger's definition — one source of limits for the form and
// the core, the list input, the contract part, the columns, the table.

const good = { siteId: '00000000-0000-4000-8000-000000000001', keyLabel: '書庫A', borrower: '山田 太郎', copies: 2, borrowedAt: '2026-11-19T10:00:00+09:00' };
const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('a definition that cannot work is refused when the ledger is registered', () => {
  const broken: [string, object][] = [
    ['a column named like the record book\'s own', { fields: [...keyLoans.fields, { key: 'state', column: 'status', type: { kind: 'text', max: 5 }, required: false, label: 'x' }] }],
    ['a field twice', { fields: [...keyLoans.fields, keyLoans.fields[1]] }],
    ['a sort that is not a field', { sorts: ['borrowedAt', 'nothing'] }],
    ['a time field that is not an instant', { timeField: 'keyLabel' }],
    ['a site field that is not a ref to sites', { siteField: 'borrower' }],
    ['an act’s time on a field that is not a ref to people', { fields: keyLoans.fields.map((f) => (f.key === 'keyLabel' ? { ...f, at: 'borrowedAt' } : f)) }],
    ['a table name that is not plain SQL', { table: 'loans; DROP TABLE people' }],
    ['a line under a field that is no column of the list', { fields: keyLoans.fields.map((f) => (f.key === 'keyLabel' ? { ...f, listUnder: 'nothing' } : f)) }],
  ];
  for (const [what, change] of broken)
    it(what, () => {
      expect(() => checkDefinition({ ...keyLoans, ...change } as LedgerDefinition)).toThrow(/ledger keyLoans/);
    });
  it('the test ledger itself is fine', () => expect(() => checkDefinition(keyLoans)).not.toThrow());
});

describe('the ledger kit derives from a definition', () => {
  it('the create schema: required fields, limits at their edges, optional ones as null, no unknown keys', () => {
    expect(createSchema(keyLoans).parse(good)).toEqual({ ...good, returnedAt: null, notes: null });
    expect(createSchema(keyLoans).safeParse({ ...good, keyLabel: 'x'.repeat(40) }).success).toBe(true);
    expect(fieldsOf(createSchema(keyLoans).safeParse({ ...good, keyLabel: 'x'.repeat(41) }))).toEqual(['keyLabel']);
    expect(fieldsOf(createSchema(keyLoans).safeParse({ ...good, copies: 5 }))).toEqual([]);
    expect(fieldsOf(createSchema(keyLoans).safeParse({ ...good, copies: 6 }))).toEqual(['copies']);
    expect(fieldsOf(createSchema(keyLoans).safeParse({ ...good, borrower: undefined }))).toEqual(['borrower']);
    expect(createSchema(keyLoans).safeParse({ ...good, surprise: 1 }).success).toBe(false);
    // Multi-line notes keep their line breaks; one-line fields refuse them.
    expect(createSchema(keyLoans).parse({ ...good, notes: '一行目\r\n二行目' }).notes).toBe('一行目\n二行目');
    expect(fieldsOf(createSchema(keyLoans).safeParse({ ...good, borrower: '山田\n太郎' }))).toEqual(['borrower']);
  });

  it('the amend schema: only amendable fields, all optional, with a reason', () => {
    const amend = amendSchema(keyLoans);
    expect(amend.safeParse({ id: good.siteId, changes: { copies: 1 }, reason: '訂正' }).success).toBe(true);
    expect(amend.safeParse({ id: good.siteId, changes: { siteId: good.siteId }, reason: '訂正' }).success).toBe(false);
    expect(amend.safeParse({ id: good.siteId, changes: { copies: 1 } }).success).toBe(false);
  });

  it('the list input, the contract part, the columns and the table', () => {
    expect(listSchema(keyLoans).safeParse({ anomaliesOnly: true }).success).toBe(false);
    expect(listSchema(keyLoans).parse({})).toMatchObject({ page: 0, pageSize: 50, status: 'valid', anomaliesOnly: false, sort: 'borrowedAt', desc: true });
    expect(listSchema(keyLoans).safeParse({ sort: 'copies' }).success).toBe(false); // not a sort of this ledger
    expect(Object.keys(ledgerContract(keyLoans)).sort()).toEqual(
      ['keyLoans.add', 'keyLoans.amend', 'keyLoans.get', 'keyLoans.getSettings', 'keyLoans.history', 'keyLoans.list', 'keyLoans.preview', 'keyLoans.previewAmend', 'keyLoans.updateSettings', 'keyLoans.void'],
    );
    expect(ledgerContract(keyLoans)['keyLoans.add'].access).toEqual(keyLoans.access.write);
    expect(ledgerColumns(keyLoans).map((c) => c.key)).toEqual(['siteId', 'keyLabel', 'borrower', 'copies', 'borrowedAt', 'returnedAt', 'notes']);
    const sql = ledgerTableSql(keyLoans);
    expect(sql).toContain('copies INTEGER NOT NULL CHECK (copies IS NULL OR copies BETWEEN 1 AND 5)');
    expect(sql).toContain('site_id TEXT NOT NULL REFERENCES sites(id)');
    expect(sql).toContain('CREATE INDEX test_key_loans_time ON test_key_loans(borrowed_at)');
  });
});
