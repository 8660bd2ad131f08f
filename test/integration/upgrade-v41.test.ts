import { expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { FINDING_RULE_FROM } from '../../electron/core/ledgers/access-log/migration';
import { Caller, openRaw } from '../helpers/temp-daicho';
import { openFixture } from '../helpers/upgrade-fixture';
import { jst } from './server-room-fixture';

// Migration 42 on data written by schema v41 (test/fixtures/v41-data, commit 859fabb, made by
// make-v41-data.ts.txt): October's access-log check of SV-01 found an anomaly and wrote its action;
// that version made no item of it, and the safety manager signed October on 6 November with none.
// From migration 42 every anomaly found is an item of the review — for checks written from the
// upgrade on: October stays as signed, on screen and paper; a check written since is asked about;
// the rule's instant is journaled, and moved outside the app it is named.

const SM = { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' };
const ADMIN = { loginId: 'sato.admin', password: 'Kumo-no-ue-7491' };

it('upgrade from schema v41 (migration 42): a month signed before every anomaly found was the review’s stays as signed; a check written since is asked about; the rule’s instant verifies', async () => {
  const { d, c, dbFile, key } = await openFixture('v41-data', jst('2026-12-03', '09:00'));
  expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(42);
  expect(d.settings.get(FINDING_RULE_FROM)).toBe(c.clock().toISOString());
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, seals: 1 });

  const sm = new Caller(d);
  await sm.ok('auth.signIn', SM);
  const hq = (await sm.ok('sites.list', {}))[0];
  const october = { ledger: 'accessLog', siteId: hq.id, month: '2026-10' };
  expect(await sm.ok('review.get', october)).toMatchObject({ unit: { state: 'sealed', undisposed: 0 }, items: [] });
  const paper = await sm.ok('print.sheet', { ...october, format: 'print' });
  expect(paper.rows.map((r) => r.anomalies ?? [])).toEqual([[]]);

  // November's check, written after the upgrade: its anomaly found, with an action, is the review's.
  const admin = new Caller(d);
  await admin.ok('auth.signIn', ADMIN);
  await admin.ok('auth.elevate', { password: ADMIN.password });
  const [sys] = (await admin.ok('systems.list', {})).rows;
  const november = await admin.ok('accessLog.add', { systemId: sys.id, month: '2026-11', checkedAt: jst('2026-12-03', '09:00'), logsComplete: true, storedSafely: true, anomalyFound: '不明な接続元 1件', actionTaken: '担当者に引き継いだ' });
  expect(november.anomalies.map((a) => a.code)).toEqual(['anomaly_found']);
  const items = (await sm.ok('review.get', { ...october, month: '2026-11' })).items;
  expect(items.map((i) => [i.code, i.subject])).toEqual([['anomaly_found', november.id]]);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  const ruleRow = (d.store.db.prepare("SELECT max(seq) AS s FROM journal WHERE entity = 'settings' AND entity_id = ?").get(FINDING_RULE_FROM) as { s: number }).s;
  d.close();

  // The rule's instant moved later outside the app (November's check would read as before it): named by its journal row.
  const raw = openRaw(dbFile, key);
  raw.prepare('UPDATE settings SET value = ? WHERE id = ?').run(JSON.stringify('2027-01-01T00:00:00.000Z'), FINDING_RULE_FROM);
  expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: ruleRow, problem: expect.stringContaining('changed outside Daicho') });
  raw.close();
});
