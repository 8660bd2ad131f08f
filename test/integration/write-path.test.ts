import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTemp, SETUP, setUp } from '../helpers/temp-daicho';
import { testAction } from '../helpers/test-action';

// DESIGN rule 3, enforced rather than documented: Store.stmt runs queries only, so code that has the
// store cannot change a row without Store.write, which journals the change in the same transaction.
describe('the one write path (DESIGN rule 3)', () => {
  let d: Awaited<ReturnType<typeof openTemp>>;
  const state = () => ({
    head: d.store.journalHead(),
    accounts: d.store.stmt('SELECT id, login_id, roles, status FROM accounts ORDER BY id').all(),
    tables: d.store.stmt("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all(),
  });

  beforeAll(async () => {
    d = await openTemp();
    await setUp(d);
  });
  afterAll(() => d.close());

  it.each([
    ['UPDATE', `UPDATE accounts SET roles = '["sysadmin","safety_manager"]' WHERE login_id = ?`],
    ['INSERT', "INSERT INTO settings (id, value) VALUES ('x', '1')"],
    ['INSERT … RETURNING', "INSERT INTO settings (id, value) VALUES ('x', '1') RETURNING id"],
    ['DELETE', 'DELETE FROM accounts WHERE login_id = ?'],
    ['CREATE', 'CREATE TABLE side_notes (id TEXT PRIMARY KEY)'],
    ['WITH … DELETE', 'WITH old AS (SELECT id FROM accounts WHERE login_id = ?) DELETE FROM accounts WHERE id IN (SELECT id FROM old)'],
    ['COMMIT (would end the write path\'s transaction halfway)', 'COMMIT'],
  ])('refuses %s, and nothing changes', (_kind, sql) => {
    const before = state();
    expect(() => d.store.stmt(sql).run(SETUP.safetyManager.loginId)).toThrow(/Store\.stmt runs queries only/);
    expect(state()).toEqual(before);
  });

  it('refuses it inside a write too, and the whole write is rolled back', () => {
    const before = state();
    const who = { actor: 'system', station: 'test' };
    expect(() =>
      d.store.write(who, (tx) => {
        tx.event(testAction('test.probe'), 'accounts', null);
        d.store.stmt('DELETE FROM accounts');
      }),
    ).toThrow(/Store\.stmt runs queries only/);
    expect(state()).toEqual(before);
  });

  it('gives every caller of one SQL text its rows as objects, whatever an earlier caller plucked (a review: the witness alarm read a plucked hash as a row)', async () => {
    const { witnessMismatch } = await import('../../electron/core/lan/witness-alarm');
    const head = d.store.journalHead();
    const sql = 'SELECT hash FROM journal WHERE seq = ?';
    expect(d.store.stmt(sql).pluck().get(head.seq)).toBe(head.hash);
    expect(d.store.stmt(sql).get(head.seq)).toEqual({ hash: head.hash });
    d.store.stmt(sql).raw();
    expect(witnessMismatch(d.store, { seq: head.seq, hash: head.hash })).toBeNull();
  });

  it('runs queries: SELECT, WITH … SELECT, a table-valued pragma', () => {
    expect(d.store.stmt('SELECT login_id FROM accounts WHERE login_id = ?').get(SETUP.sysadmin.loginId)).toEqual({ login_id: SETUP.sysadmin.loginId });
    expect(d.store.stmt('WITH a AS (SELECT * FROM accounts) SELECT count(*) AS n FROM a').get()).toEqual({ n: 2 });
    expect(d.store.stmt("SELECT name FROM pragma_table_info('accounts') WHERE name = 'login_id'").get()).toEqual({ name: 'login_id' });
  });

  it('keeps the write path working, every change journaled', () => {
    const head = d.store.journalHead().seq;
    const id = d.store.newId();
    d.store.write({ actor: 'system', station: 'test' }, (tx) => {
      tx.insert('settings', { id: `test.${id}`, value: '"1"' }, { action: testAction('test.insert') });
    });
    expect(d.store.journalHead().seq).toBeGreaterThan(head);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  });
});
