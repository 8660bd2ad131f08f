import { expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { ACCEPTANCE_MIGRATION } from '../../electron/core/outside-rules';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { Caller, openRaw, tempDir } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';

// Migration 48 on data written by schema v47 (test/fixtures/v47-data, commit 3e2eebe, made by
// make-v47-data.ts.txt), where a record changed outside Daicho could only be put back. A copy is changed
// with the raw key before the upgrade: 山田's department set to 経理部 and his stay's purpose note (a
// personal field) to 「UPS点検」.
// After the upgrade: the old data verifies but for those two records, named by their last journal rows;
// the administrator accepts each as found with the safety manager's approval, and the whole verifies;
// a change outside the app after the acceptance is named again.

const ADMIN = { loginId: 'sato.admin', password: 'Kumo-no-ue-7491' };
const APPROVAL = { approverLoginId: 'suzuki.sm', approverPassword: 'Hoshi-zora-2283' };

it('upgrade from schema v47 (migration 48): records changed outside Daicho before it are named, accepted as found with an approval, and the data verifies', async () => {
  const dir = tempDir('daicho-upgrade-v47-');
  fs.cpSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v47-data'), dir, { recursive: true });
  const key = fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim();
  const dbFile = path.join(dir, 'daicho.db');
  const raw47 = openRaw(dbFile, key);
  expect(raw47.pragma('user_version', { simple: true })).toBe(47);
  raw47.prepare("UPDATE people SET department = '経理部' WHERE employee_no = 'E1001'").run();
  raw47.prepare("UPDATE server_room_stays SET purpose_note = 'UPS点検' WHERE purpose_note = 'UPS交換'").run();
  raw47.close();
  const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), clock: () => new Date(jst('2026-11-25', '09:00')) });
  const db = d.store.db;
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(ACCEPTANCE_MIGRATION);
  expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'journal_acceptance_rows'").pluck().get()).toBe(1);
  // The fixture is of v47: this open migrated it to 48 (its upgrade row), and from 47 (no earlier migration ran).
  // (Later migrations follow it, one version up each.)
  expect(db.prepare("SELECT json_extract(after, '$.from') AS 'from', json_extract(after, '$.to') AS 'to' FROM journal WHERE action = 'schema.migrate' ORDER BY seq").all()[0]).toEqual({ from: 47, to: 48 });
  const yamada = db.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").pluck().get() as string;
  const stay = db.prepare('SELECT id FROM server_room_stays WHERE person_id = ?').pluck().get(yamada) as string;
  const last = (table: string, id: string) => db.prepare("SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ?").pluck().get(table, id) as number;
  const before = d.verify();
  expect(before).toMatchObject({ ok: false, problemCount: 2 });
  expect(before.problems.map((p) => p.seq).sort((a, b) => a - b)).toEqual([last('people', yamada), last('server_room_stays', stay)].sort((a, b) => a - b));

  const admin = new Caller(d);
  await admin.ok('auth.signIn', ADMIN);
  await admin.ok('auth.elevate', { password: ADMIN.password });
  const person = await admin.ok('outside.find', { ref: String(last('people', yamada)) });
  expect(person.fields).toEqual([{ column: 'department', journaled: '情報システム部', found: '経理部', personal: false, journaledName: null, foundName: null }]);
  const note = await admin.ok('outside.find', { ref: stay });
  expect(note.fields).toEqual([{ column: 'purpose_note', journaled: 'UPS交換', found: 'UPS点検', personal: true, journaledName: null, foundName: null }]);
  const reason = '移行前に直接修正した内容を作業記録で確認した';
  for (const r of [person, note]) await admin.ok('outside.accept', { table: r.table, id: r.id, seq: r.seq, form: r.form, reason, password: ADMIN.password, approval: APPROVAL });
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  expect(await d.verifyInBackground()).toMatchObject({ ok: true, problemCount: 0 });
  const accepted = last('people', yamada);
  d.close();

  // Changed outside the app after the acceptance: named again, by the acceptance's row.
  const raw = openRaw(dbFile, key);
  raw.prepare('UPDATE people SET department = ? WHERE id = ?').run('総務部', yamada);
  expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: accepted, problemCount: 1 });
  raw.close();
});
