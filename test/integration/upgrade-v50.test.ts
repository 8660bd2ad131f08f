import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { verifyJournal } from '../../electron/core/journal/verify';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { Caller, openRaw, tempDir } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';

// Migration 51 on data written by schema v50 (test/fixtures/v50-data, commit 94289c31, made by
// make-v50-data.ts.txt): 来訪 二郎's slip of Mon 5 Oct 2026 was written on Fri 9 Oct, four days late,
// which that version did not mark, and October's slips were signed on 2 November. After the upgrade a
// slip written late is marked recorded_late — from the upgrade's instant on: October stays as it was
// signed (on review and paper), a slip written late now is marked, and the data verifies but for what
// was changed outside the app, before or after the upgrade, named by its journal rows.

const SM = { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' };

it('upgrade from schema v50 (migration 51): slips written late are marked from the upgrade on, a signed month stays as signed, verify names changes outside the app', async () => {
  const dir = tempDir('daicho-upgrade-v50-');
  fs.cpSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v50-data'), dir, { recursive: true });
  const key = fs.readFileSync(path.join(dir, 'raw.key'), 'utf8').trim();
  const dbFile = path.join(dir, 'daicho.db');
  // Changed outside the app before the upgrade: 来訪 一郎's company.
  const raw50 = openRaw(dbFile, key);
  expect(raw50.pragma('user_version', { simple: true })).toBe(50);
  const ichiro = raw50.prepare("SELECT id FROM visitor_visits WHERE name = '来訪 一郎'").pluck().get() as string;
  const changedSeq = raw50.prepare("SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = 'visitor_visits' AND entity_id = ?").pluck().get(ichiro) as number;
  raw50.prepare("UPDATE visitor_visits SET company = '株式会社ほか' WHERE id = ?").run(ichiro);
  // Named: the slip's row, and October's seal, which covers it.
  const sealSeq = raw50.prepare("SELECT max(seq) FROM journal WHERE action = 'review.sign'").pluck().get() as number;
  const named = verifyJournal(raw50).problems;
  expect(named.map((p) => p.seq)).toEqual([changedSeq, sealSeq]);
  raw50.close();

  const now = jst('2026-12-03', '09:00');
  const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), clock: () => new Date(now) });
  const db = d.store.db;
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(51);
  expect(db.prepare("SELECT json_extract(after, '$.from') AS 'from', json_extract(after, '$.to') AS 'to' FROM journal WHERE action = 'schema.migrate' ORDER BY seq").all().slice(0, 1)).toEqual([{ from: 50, to: 51 }]);
  // The instant: a setting, written through the one write path by the migration.
  expect(d.settings.get('visitors.lateRuleFrom')).toBe(now);
  expect(db.prepare("SELECT entity, entity_id FROM journal WHERE actor = 'migration' AND action = 'migration.visitor_late_rule'").all()).toEqual([{ entity: 'settings', entity_id: 'visitors.lateRuleFrom' }]);
  // What was changed outside before the upgrade is named as before it, by the same row; the upgrade's own rows verify.
  expect(d.verify().problems.map((p) => p.seq)).toEqual([changedSeq, sealSeq]);

  // October, signed by v50 with 二郎's late slip unmarked: still sealed, nothing to dispose of, its paper as signed.
  const sm = new Caller(d);
  await sm.ok('auth.signIn', SM);
  const hq = (await sm.ok('sites.list', {}))[0];
  const october = { ledger: 'visitors', siteId: hq.id, month: '2026-10' };
  const review = await sm.ok('review.get', october);
  expect(review).toMatchObject({ unit: { state: 'sealed', undisposed: 0 } });
  expect(review.items.map((i) => i.code)).not.toContain('recorded_late');
  expect((await sm.ok('print.sheet', { ...october, format: 'print' })).rows.map((r) => r.anomalies ?? [])).toEqual([[], []]);

  // A slip written now for a visit of last week is marked; one of today is not.
  const yamada = db.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").pluck().get() as string;
  const add = (name: string, at: string) => sm.ok('visitors.add', { siteId: hq.id, name, company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada, area: 'reception', arrivedAt: at });
  expect((await add('後日 三郎', jst('2026-11-26', '10:00'))).anomalies.map((a) => a.code)).toContain('recorded_late');
  expect((await add('当日 四郎', jst('2026-12-03', '08:30'))).anomalies.map((a) => a.code)).not.toContain('recorded_late');
  const settingSeq = db.prepare("SELECT max(seq) FROM journal WHERE entity = 'settings' AND entity_id = 'visitors.lateRuleFrom'").pluck().get() as number;
  d.close();

  // Changed outside the app after the upgrade: the instant moved a year on (every slip written late since would lose its mark).
  const raw = openRaw(dbFile, key);
  raw.prepare("UPDATE settings SET value = ? WHERE id = 'visitors.lateRuleFrom'").run(JSON.stringify('2027-12-03T00:00:00.000Z'));
  expect(verifyJournal(raw).problems.map((p) => p.seq)).toEqual([changedSeq, sealSeq, settingSeq]);
  raw.close();
});
