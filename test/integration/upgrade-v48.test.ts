import { expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { verifySecret } from '../../electron/core/auth/passwords';
import { RETENTION_KEPT_MIGRATION } from '../../electron/core/retention-kept';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { Caller, openRaw, tempDir } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';

// Migrations 49 and 50 on data written by schema v48 (test/fixtures/v48-data, commit 869be787, made by
// make-v48-data.ts.txt): no password history yet (the clerk went Sakura-fubuki-3917 → … → 3922), and
// an erasure of March 2019's visitor slips that kept 来訪 一郎's, changed outside Daicho, named only in
// its end row's JSON (and put back since). A copy is changed with the raw key before the upgrade: that
// slip again, as when it was kept, and 山田's department.
// After the upgrade: the passwords before each account's current one are in its history (read from the
// journal), the kept slip is a row of retention_kept_outside and the retention status says the same as
// before, and the data verifies but for what was changed outside, named by its journal rows.

const ADMIN = { loginId: 'sato.admin', password: 'Kumo-no-ue-7492' };
const APPROVAL = { approverLoginId: 'suzuki.sm', approverPassword: 'Hoshi-zora-2284' };
const CLERK = (n: number) => `Sakura-fubuki-${n}`;

it('upgrade from schema v48 (migrations 49, 50): password history from the journal, the records an erasure kept in their table, same answers, and the data verifies', async () => {
  const dir = tempDir('daicho-upgrade-v48-');
  fs.cpSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v48-data'), dir, { recursive: true });
  const key = fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim();
  const dbFile = path.join(dir, 'daicho.db');
  const raw48 = openRaw(dbFile, key);
  expect(raw48.pragma('user_version', { simple: true })).toBe(48);
  const ichiro = raw48.prepare("SELECT id FROM visitor_visits WHERE name = '来訪 一郎'").pluck().get() as string;
  const yamada = raw48.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").pluck().get() as string;
  const last = (db: typeof raw48, table: string, id: string) => db.prepare("SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ?").pluck().get(table, id) as number;
  // What v48 read of the kept slip: its end row's JSON.
  const end = raw48.prepare("SELECT seq, at, after FROM journal WHERE action = 'retention.erase.done' AND entity = 'visitor_visits'").get() as { seq: number; at: string; after: string };
  const changedSeq = last(raw48, 'visitor_visits', ichiro);
  expect(JSON.parse(end.after)).toEqual({ ledger: 'visitors', erased: 1, keptChangedOutside: [{ id: ichiro, seq: changedSeq }] });
  // Changed outside the app before the upgrade: the kept slip again, as when it was kept (the fixture put it back), and 山田's department.
  raw48.prepare("UPDATE visitor_visits SET purpose = '契約' WHERE id = ?").run(ichiro);
  raw48.prepare("UPDATE people SET department = '経理部' WHERE id = ?").run(yamada);
  const before = verifyJournal(raw48);
  expect(before.problems.map((p) => p.seq)).toContain(changedSeq);
  expect(before.problems.map((p) => p.seq)).toContain(last(raw48, 'people', yamada));
  raw48.close();

  const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), clock: () => new Date(jst('2026-11-25', '09:00')) });
  const db = d.store.db;
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(RETENTION_KEPT_MIGRATION.version);
  expect(db.prepare("SELECT json_extract(after, '$.from') AS 'from', json_extract(after, '$.to') AS 'to' FROM journal WHERE action = 'schema.migrate' ORDER BY seq").all().slice(0, 2)).toEqual([{ from: 48, to: 49 }, { from: 49, to: 50 }]);
  // The same problems as before it, by the same rows: the upgrade's own rows verify.
  const after = d.verify();
  expect(after.problems.map((p) => p.seq)).toEqual(before.problems.map((p) => p.seq));
  expect(after.problemCount).toBe(before.problemCount);

  // The kept slip, moved to its table by the backfill: the same answer.
  expect(db.prepare('SELECT id, ledger, entity, entity_id, changed_seq, erasure_seq, kept_at FROM retention_kept_outside').all()).toEqual([
    { id: `${end.seq}:${ichiro}`, ledger: 'visitors', entity: 'visitor_visits', entity_id: ichiro, changed_seq: changedSeq, erasure_seq: end.seq, kept_at: end.at },
  ]);
  const admin = new Caller(d);
  await admin.ok('auth.signIn', ADMIN);
  await admin.ok('auth.elevate', { password: ADMIN.password });
  const visitors = async () => (await admin.ok('retention.status', {})).find((s) => s.ledger === 'visitors')!;
  expect(await visitors()).toMatchObject({ erasable: 0, keptChangedOutside: 1, erased: 1 });

  // The password history, from the journal: the clerk's current one (3922) and the 4 before it are refused; the 6th-old (3917) is taken.
  const clerkId = db.prepare("SELECT id FROM accounts WHERE login_id = 'tanaka.clerk'").pluck().get() as string;
  expect(db.prepare('SELECT n, slot FROM password_history WHERE account_id = ? ORDER BY n').all(clerkId)).toEqual([{ n: 2, slot: 2 }, { n: 3, slot: 3 }, { n: 4, slot: 4 }, { n: 5, slot: 1 }]);
  // The others' own passwords before their current one (each changed once, past its age); the temporary ones typed in setup not kept.
  const kept = db.prepare('SELECT a.login_id AS loginId, h.password_hash AS hash FROM password_history h JOIN accounts a ON a.id = h.account_id WHERE a.login_id <> ? ORDER BY a.login_id').all('tanaka.clerk') as { loginId: string; hash: string }[];
  expect(kept.map((k) => k.loginId)).toEqual(['sato.admin', 'suzuki.sm']);
  expect(await verifySecret('Kumo-no-ue-7491', kept[0].hash)).toBe(true);
  expect(await verifySecret('Hoshi-zora-2283', kept[1].hash)).toBe(true);
  const clerk = new Caller(d);
  await clerk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: CLERK(3922) });
  expect(await clerk.call('auth.changePassword', { currentPassword: CLERK(3922), newPassword: CLERK(3922) })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.password_same', field: 'newPassword' } });
  for (const n of [3921, 3920, 3919, 3918])
    expect(await clerk.call('auth.changePassword', { currentPassword: CLERK(3922), newPassword: CLERK(n) })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.password_reused', field: 'newPassword' } });
  // (…3917, five back, is no longer kept, but two digits from the current one is too close: auth.errors.password_too_close.)
  expect(await clerk.call('auth.changePassword', { currentPassword: CLERK(3922), newPassword: CLERK(3917) })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.password_too_close' } });
  await clerk.ok('auth.changePassword', { currentPassword: CLERK(3922), newPassword: 'Hanabi-no-yoru-5530' });
  expect(db.prepare('SELECT n FROM password_history WHERE account_id = ? ORDER BY n').pluck().all(clerkId)).toEqual([3, 4, 5, 6]);

  // The slip put back as the journal has it: erasable again, not kept, and erased by the next act.
  db.prepare("UPDATE visitor_visits SET purpose = '打合せ' WHERE id = ?").run(ichiro);
  expect(await visitors()).toMatchObject({ erasable: 1, keptChangedOutside: 0 });
  expect(await admin.ok('retention.erase', { ledger: 'visitors', reason: '保存期間（5年）経過のため', password: ADMIN.password, approval: APPROVAL })).toMatchObject({ erased: 1, changedOutside: 0 });
  // 山田's department put back too: the whole verifies.
  db.prepare("UPDATE people SET department = '情報システム部' WHERE id = ?").run(yamada);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  expect(await d.verifyInBackground()).toMatchObject({ ok: true, problemCount: 0 });
  const keptRow = last(db, 'retention_kept_outside', `${end.seq}:${ichiro}`);
  const historyRow = db.prepare('SELECT id FROM password_history WHERE account_id = ? ORDER BY n DESC LIMIT 1').pluck().get(clerkId) as string;
  const historySeq = last(db, 'password_history', historyRow);
  d.close();

  // Rows of the new tables changed outside the app after the upgrade: named by their journal rows.
  const raw = openRaw(dbFile, key);
  raw.prepare('UPDATE retention_kept_outside SET changed_seq = 1 WHERE entity_id = ?').run(ichiro);
  raw.prepare("UPDATE password_history SET password_hash = 'scrypt$1024$8$1$AAAA$AAAA' WHERE id = ?").run(historyRow);
  const outside = verifyJournal(raw);
  expect(outside).toMatchObject({ ok: false, problemCount: 2 });
  expect(outside.problems.map((p) => p.seq).sort((a, b) => a - b)).toEqual([keptRow, historySeq].sort((a, b) => a - b));
  raw.close();
});
