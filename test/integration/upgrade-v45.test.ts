import { expect, it } from 'vitest';
import { retentionCutoff, SIGN_OFF_RULE_MIGRATION } from '../../electron/core/retention-rules';
import { startAct } from '../../electron/core/retention';
import type { JournaledTable } from '../../electron/core/store/migrations';
import { approverKey } from '../helpers/erasure-act';
import { Caller } from '../helpers/temp-daicho';
import { openFixture } from '../helpers/upgrade-fixture';
import { jst } from './server-room-fixture';
import { disposeAll, shown } from './review-fixture';

// Migration 46 on data written by schema v45 (test/fixtures/v45-data, commit f6ce12d, made by
// make-v45-data.ts.txt): March 2019 was never signed off, and 山田's stay S2 of April 2019 (signed off
// in February 2020) was never exited. On 20 November 2026 the administrator erased the visitor slips
// as that version let him — March's, one of them a visitor never signed out — and that version counted
// both stays erasable. From migration 46 an erasure waits for the month's sign-off however old the
// month, and for the record to be closed (SPEC §8): the erasures made before it still verify, both
// stays are kept and counted as waiting, and the same erasure made after it with the key is named.

const SM = { loginId: 'suzuki.sm', password: 'Hoshi-zora-2285' };
const ADMIN = { loginId: 'sato.admin', password: 'Kumo-no-ue-7492' };
const REASON = '保存期間（5年）経過のため';

it('upgrade from schema v45 (migration 46): a month never signed off and a stay still open are kept and counted; their erasure written with the key is named; earlier erasures verify', async () => {
  const { d, c } = await openFixture('v45-data', jst('2026-12-05', '09:00'));
  const db = d.store.db;
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(SIGN_OFF_RULE_MIGRATION);
  expect(db.prepare("SELECT json_extract(after, '$.to') AS 'to', actor FROM journal WHERE action = 'schema.migrate' AND json_extract(after, '$.to') = ?").all(SIGN_OFF_RULE_MIGRATION)).toEqual([
    { to: SIGN_OFF_RULE_MIGRATION, actor: 'migration' },
  ]);
  // The slips erased by v45 (March never signed; one never signed out) were made by the rules then: verified as erased.
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, erased: { visitor_visits: 3 } });

  const admin = new Caller(d);
  await admin.ok('auth.signIn', ADMIN);
  const serverRoom = async () => (await admin.ok('retention.status', {})).find((s) => s.ledger === 'serverRoom')!;
  // v45 counted both stays erasable: S1 (March, never signed off) and S2 (April, signed, never exited).
  expect(await serverRoom()).toMatchObject({ erasable: 0, erased: 0, unsigned: 1, stillOpen: 1 });

  // The erasure v45 would have made, written with the key after the upgrade (its approval signed as the app signs): each stay named for its own rule.
  const stays = db.prepare('SELECT id, exited_at AS exitedAt FROM server_room_stays ORDER BY entered_at').all() as { id: string; exitedAt: string | null }[];
  const id = (loginId: string) => (db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(loginId) as { id: string }).id;
  const [adminId, smId] = [id(ADMIN.loginId), id(SM.loginId)];
  const key = await approverKey(d.store, smId, SM.password);
  d.store.write({ actor: adminId, station: 'test' }, (tx) => {
    startAct(d.store, tx, key, { table: 'server_room_stays', ledger: 'serverRoom', cutoff: retentionCutoff(c.clock(), 5).toISOString(), records: 2, years: 5, approvedBy: smId, adminId, reason: REASON });
    for (const s of stays) tx.erasePersonal('server_room_stays' as JournaledTable, s.id, { action: 'personal.erase', reason: REASON });
    tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 2 }, REASON);
  });
  const [first, second] = db.prepare("SELECT seq, entity_id AS id FROM journal WHERE action = 'personal.erase' AND entity = 'server_room_stays' ORDER BY seq").all() as { seq: number; id: string }[];
  expect(d.verify()).toMatchObject({
    ok: false,
    problemCount: 2,
    problems: [
      { seq: first.seq, problem: `an erasure of server_room_stays ${first.id} of a month never signed off (2019-03)` },
      { seq: second.seq, problem: `an erasure of server_room_stays ${second.id} still open (no one recorded leaving)` },
    ],
  });
  d.close();
});

it('upgrade from schema v45 (migration 46): signing the old month off and closing the stay start their periods; nothing is erasable before them', async () => {
  const { d } = await openFixture('v45-data', jst('2026-12-05', '09:00'));
  const sm = new Caller(d);
  await sm.ok('auth.signIn', SM);
  const hq = (await sm.ok('sites.list', {}))[0];
  const march = { ledger: 'serverRoom', siteId: hq.id, month: '2019-03' };
  await disposeAll(sm, march);
  await sm.ok('review.sign', { ...march, password: SM.password, meaning: 'approve', shownHead: await shown(sm, march) });
  const open = (d.store.db.prepare('SELECT id FROM server_room_stays WHERE exited_at IS NULL').get() as { id: string }).id;
  await sm.ok('serverRoom.recordExit', { id: open, exitedAt: '2019-04-10T05:00:00.000Z' });

  const admin = new Caller(d);
  await admin.ok('auth.signIn', ADMIN);
  // Signed off today, and exited today: each waits its five years from now, as any other record does.
  expect((await admin.ok('retention.status', {})).find((s) => s.ledger === 'serverRoom')).toMatchObject({ erasable: 0, unsigned: 0, stillOpen: 0 });
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  d.close();
});
