import Database from 'better-sqlite3-multiple-ciphers';
import { expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { october } from './review-fixture';

// The journal has one index by record for each kind of row (journal/journal-about.ts, migration 43):
// journal_rows over the row changes, journal_events over the events. A read that names no kind can
// use neither and reads the whole journal: the reads an office makes every day are checked here by
// their plans, and their answers against the journal read whole.

/** Every SQL text this process prepares (the app's statements are prepared on first use, then kept). */
const prepared: string[] = [];
const proto = Database.prototype as unknown as { prepare(this: Database.Database, sql: string): Database.Statement };
const prepare = proto.prepare;
proto.prepare = function (sql) {
  prepared.push(sql);
  return prepare.call(this, sql);
};

/** What the plan of `sql` says it reads of the journal (by its name or an alias), a step a line. */
function journalSteps(db: Database.Database, sql: string): string[] {
  const names = new Set(['journal', ...[...sql.matchAll(/\bjournal\s+(?:AS\s+)?([a-z]\w*)/gi)].map((m) => m[1])]);
  for (const keyword of ['where', 'order', 'group', 'union', 'limit', 'on', 'join', 'cross', 'inner', 'left']) for (const n of [...names]) if (n.toLowerCase() === keyword) names.delete(n);
  const binds = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], null]));
  const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const count = (sql.match(/\?/g) ?? []).length;
  const plan = (Object.keys(binds).length ? explain.all(binds) : explain.all(...Array(count).fill(null))) as { detail: string }[];
  return plan.map((p) => p.detail).filter((d) => [...names].some((n) => new RegExp(`^(SCAN|SEARCH) ${n}\\b`).test(d)));
}

it("a record's history, an account's history and a sealed month's review read the journal by its indexes, and find every row of both kinds", async () => {
  const f = await october();
  const { d, sm, admin, clerk, ok, unit, accountId } = f;
  const indexes = (d.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'journal' AND name IN ('journal_entity', 'journal_rows', 'journal_events') ORDER BY name").pluck().all() as string[]);
  expect(indexes).toEqual(['journal_events', 'journal_rows']);

  // October sealed, then a stay of it corrected: the review of November asks what changed since.
  for (const item of (await sm.ok('review.get', unit)).items.filter((i) => !i.disposition))
    await sm.ok('review.dispose', { ...unit, subject: item.subject, code: item.code, disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null });
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
  await clerk.ok('serverRoom.amend', { id: ok.id, changes: { purpose: 'equipment' }, reason: '目的の記入誤り' });
  // The clerk's account: rows (made, password changed) and events (sign-ins, a wrong password).
  const clerkId = accountId('tanaka.clerk');
  expect(await clerk.call('auth.unlock', { password: 'not-the-password-1' })).toMatchObject({ ok: false });

  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const review = await sm.ok('review.get', unit);
  const stay = await sm.ok('history.get', { entity: 'server_room_stays', id: ok.id });
  const account = await admin.ok('accounts.history', { id: clerkId });

  // Their answers: every journal row about the record, of both kinds, as the whole journal has them.
  const whole = (entity: string, id: string) => d.store.db.prepare('SELECT seq, kind FROM journal NOT INDEXED WHERE entity = ? AND entity_id = ? ORDER BY seq').all(entity, id) as { seq: number; kind: string }[];
  expect(stay.map((e) => e.seq)).toEqual(whole('server_room_stays', ok.id).map((r) => r.seq));
  const clerkRows = whole('accounts', clerkId);
  expect(new Set(clerkRows.map((r) => r.kind))).toEqual(new Set(['row', 'event']));
  expect(account.map((e) => e.seq)).toEqual(expect.arrayContaining(clerkRows.map((r) => r.seq)));
  expect(account.map((e) => e.seq)).toEqual([...account.map((e) => e.seq)].sort((a, b) => a - b));
  expect(account.some((e) => e.action === 'auth.signin')).toBe(true);
  expect(d.store.history('accounts', clerkId).map((r) => r.seq)).toEqual(clerkRows.map((r) => r.seq));
  expect(review.unit.state).toBe('sealed');

  // A read by record finds its rows by an index, or by a row's number (seq): not by a range of the
  // journal's key (all rows since a sealed month), unless it says so (`+entity`: the rows since are few).
  const byIndex = (step: string) => /^SEARCH \w+ USING (COVERING )?INDEX /.test(step) || /^SEARCH \w+ USING INTEGER PRIMARY KEY \(rowid=\?\)$/.test(step);
  // Their plans, and those of every read by record this process made (the migrations' and the
  // setup's too): the journal searched by an index or its key, never scanned whole. (A statement of a
  // migration that reads a table a later one dropped is not prepared again.)
  const byRecord = [...new Set(prepared)].filter((sql) => /^\s*(SELECT|WITH)\b/i.test(sql) && /\bjournal\b/.test(sql) && /\bentity\s*(=|IN\b)/i.test(sql) && !/NOT INDEXED/.test(sql));
  expect(byRecord.length).toBeGreaterThan(10);
  const scans = byRecord.flatMap((sql) => {
    try {
      return journalSteps(d.store.db, sql).filter((s) => !byIndex(s) && !(s.startsWith('SEARCH') && sql.includes('+entity'))).map((s) => `${s} in ${sql.replace(/\s+/g, ' ')}`);
    } catch (e) {
      if (/no such table: server_room_authorization_changes/.test(String(e))) return [];
      throw e;
    }
  });
  expect(scans).toEqual([]);
  d.close();
});
