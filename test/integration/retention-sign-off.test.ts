import { expect, it } from 'vitest';
import { retentionCutoff } from '../../electron/core/retention-rules';
import { startAct } from '../../electron/core/retention';
import { deliverDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { approverKey } from '../helpers/erasure-act';
import { renewPassword, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { accountFor, disposeAll, HEAD_PASSWORD, shown, signOff } from './review-fixture';

// SPEC §8: personal data is kept "5 years after the month's sign-off" (migration 46). A probe found a
// month nobody had reviewed counted from its end, so its names were erased unreviewed, and records
// still open — someone still in the server room, a visitor never signed out — erased while they were
// still evidence being written. Now both wait, the status says how many and why, and verify names an
// erasure of either written with the key.

const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };

it('a month never signed off and a record still open are kept and counted; the rest is erased; their erasure written with the key is named', async () => {
  const f = await serverRoomFixture(jst('2019-03-11', '08:00'));
  const { d, c, clerk, admin, hq, yamada, sasaki } = f;
  c.set(jst('2019-03-11', '10:00'));
  await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
  const visit = (name: string, arrived: string) =>
    clerk.ok('visitors.add', { siteId: hq.id, name, company: '保存期間株式会社', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: arrived });
  // March 2019: a visitor signed out, one never signed out; a stay closed, and one opened at the door and never closed.
  const left = await visit('退出 済子', jst('2019-03-11', '09:00'));
  await clerk.ok('visitors.signOut', { id: left.id, leftAt: jst('2019-03-11', '09:30'), cardReturned: false });
  const inside = await visit('在館 中子', jst('2019-03-11', '09:10'));
  const closed = await clerk.ok('serverRoom.record', {
    siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:20'), purpose: 'vendor_witness',
    companions: { employees: [], visitors: [{ name: '同行 済子', company: '保守株式会社', escortPersonId: yamada.id }] },
  });
  const station = { id: 'lan:door-2019', siteId: hq.id };
  const door = deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:door-2019', {
    id: 'd-open', kind: 'enter', personId: sasaki.id, occurredAt: jst('2019-03-11', '09:40'), purpose: 'vendor_witness', purposeNote: '扉端末メモ', visitors: [{ name: '扉前 在室子', company: '扉端末株式会社' }],
  }, c.clock());
  expect(door.outcome).toBe('recorded');
  // April 2019: a visitor signed out, in a month nobody ever signs off.
  c.set(jst('2019-04-10', '10:00'));
  await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
  const april = await visit('四月 来訪子', jst('2019-04-10', '09:00'));
  await clerk.ok('visitors.signOut', { id: april.id, leftAt: jst('2019-04-10', '09:30'), cardReturned: false });
  await signOff(f, jst('2019-04-10', '10:30'), [
    { ledger: 'visitors', siteId: hq.id, month: '2019-03' },
    { ledger: 'serverRoom', siteId: hq.id, month: '2019-03' },
  ]);

  c.set(jst('2026-11-30', '10:00'));
  for (const [who, password] of [[f.sm, SETUP.safetyManager.password], [admin, SETUP.sysadmin.password], [clerk, PASSWORDS.clerk]] as const) await renewPassword(who, password);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const status = async (ledger: string) => (await admin.ok('retention.status', {})).find((s) => s.ledger === ledger)!;
  expect(await status('visitors')).toMatchObject({ erasable: 1, unsigned: 1, stillOpen: 1, erased: 0 });
  // The stay still open and the door's record that opened it are kept; the closed stay is not.
  expect(await status('serverRoom')).toMatchObject({ erasable: 1, unsigned: 0, stillOpen: 2, erased: 0 });

  for (const ledger of ['visitors', 'serverRoom'] as const)
    expect(await admin.ok('retention.erase', { ledger, reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 1 });
  const erased = d.store.db.prepare("SELECT id FROM visitor_visits WHERE personal_erased_at IS NOT NULL UNION ALL SELECT id FROM server_room_stays WHERE personal_erased_at IS NOT NULL UNION ALL SELECT id FROM door_deliveries WHERE personal_erased_at IS NOT NULL").pluck().all();
  expect(erased.sort()).toEqual([left.id, closed.id].sort());
  expect((await clerk.ok('visitors.get', { id: inside.id })).name).toBe('在館 中子');
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });

  // Written with the key, in acts signed as the app signs them: each named for what it did not wait for.
  const adminId = f.accountId(SETUP.sysadmin.loginId);
  const smId = f.accountId(SETUP.safetyManager.loginId);
  const key = await approverKey(d.store, smId, SETUP.safetyManager.password);
  const forge = (table: string, ledger: string, id: string) => {
    d.store.write({ actor: adminId, station: 'test' }, (tx) => {
      startAct(d.store, tx, key, { table, ledger, cutoff: retentionCutoff(c.clock(), 5).toISOString(), records: 1, years: 5, approvedBy: smId, adminId, reason: '保存期間経過' });
      tx.erasePersonal(table as never, id, { action: 'personal.erase', reason: '保存期間経過' });
      tx.event('retention.erase.done', table, null, { ledger, erased: 1 }, '保存期間経過');
    });
    return (d.store.db.prepare("SELECT max(seq) AS seq FROM journal WHERE action = 'personal.erase'").get() as { seq: number }).seq;
  };
  const named = [
    { seq: forge('visitor_visits', 'visitors', inside.id), problem: `an erasure of visitor_visits ${inside.id} still open (no one recorded leaving)` },
    { seq: forge('visitor_visits', 'visitors', april.id), problem: `an erasure of visitor_visits ${april.id} of a month never signed off (2019-04)` },
    { seq: forge('door_deliveries', 'serverRoom', 'd-open'), problem: 'an erasure of door_deliveries d-open still open (no one recorded leaving)' },
  ];
  expect(d.verify().problems).toEqual(named);
  expect((await d.verifyInBackground()).problems).toEqual(named);
  d.close();
});

it('a server-room month is signed off by the safety manager’s seal: the site head’s 確認 alone, or with her approval reopened, keeps it (a probe)', async () => {
  const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
  const { d, c, clerk, sm, admin, hq, yamada } = f;
  const head = await accountFor(f, 'kyoten.hq', '本社 拠点長', ['site_head'], f.sasaki.id, HEAD_PASSWORD);
  await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  await sm.ok('accounts.setSites', { id: f.accountId('kyoten.hq'), siteIds: [hq.id], reason: '本社の拠点長' });
  const stay = (day: string) =>
    clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst(day, '09:00'), exitedAt: jst(day, '09:20'), purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ name: '同行 花子', company: '保守株式会社', escortPersonId: yamada.id }] },
    });
  const march = await stay('2019-03-11');
  c.set(jst('2019-04-10', '10:00'));
  await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
  const april = await stay('2019-04-10');
  // 7 May 2019: the site head confirms March and April; the safety manager approves April, then reopens her approval.
  c.set(jst('2019-05-07', '10:00'));
  for (const who of [[head, HEAD_PASSWORD], [sm, SETUP.safetyManager.password]] as const) await who[0].call('auth.unlock', { password: who[1] });
  const unit = (month: string) => ({ ledger: 'serverRoom', siteId: hq.id, month });
  for (const month of ['2019-03', '2019-04']) {
    await disposeAll(head, unit(month));
    await head.ok('review.sign', { ...unit(month), password: HEAD_PASSWORD, meaning: 'confirm', shownHead: await shown(head, unit(month)) });
  }
  const approved = await sm.ok('review.sign', { ...unit('2019-04'), password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit('2019-04')) });
  const hers = approved.unit.seals.find((s) => s.signerRole === 'safety_manager')!;
  await sm.ok('review.reopen', { sealId: hers.id, reason: '監査の指摘で再確認する', password: SETUP.safetyManager.password });
  expect((await sm.ok('review.get', unit('2019-04'))).unit).toMatchObject({ state: 'sealed', awaiting: 'safety_manager' });

  c.set(jst('2026-11-30', '10:00'));
  for (const [who, password] of [[sm, SETUP.safetyManager.password], [admin, SETUP.sysadmin.password]] as const) await renewPassword(who, password);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  // Both months wait for her approval, whatever the site head's 確認 says.
  expect((await admin.ok('retention.status', {})).find((s) => s.ledger === 'serverRoom')).toMatchObject({ erasable: 0, unsigned: 2 });

  const adminId = f.accountId(SETUP.sysadmin.loginId);
  const smId = f.accountId(SETUP.safetyManager.loginId);
  const key = await approverKey(d.store, smId, SETUP.safetyManager.password);
  d.store.write({ actor: adminId, station: 'test' }, (tx) => {
    startAct(d.store, tx, key, { table: 'server_room_stays', ledger: 'serverRoom', cutoff: retentionCutoff(c.clock(), 5).toISOString(), records: 2, years: 5, approvedBy: smId, adminId, reason: '保存期間経過' });
    for (const id of [march.id, april.id]) tx.erasePersonal('server_room_stays', id, { action: 'personal.erase', reason: '保存期間経過' });
    tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 2 }, '保存期間経過');
  });
  const [first, second] = d.store.db.prepare("SELECT seq FROM journal WHERE action = 'personal.erase' ORDER BY seq").pluck().all() as number[];
  expect(d.verify().problems).toEqual([
    { seq: first, problem: `an erasure of server_room_stays ${march.id} of a month never signed off by its safety_manager (2019-03)` },
    { seq: second, problem: `an erasure of server_room_stays ${april.id} while its month's safety_manager's seal was reopened (under review again)` },
  ]);
  d.close();
});

it('a door terminal’s record waits for its stay: closed today, both are kept for the period after that (a review)', async () => {
  const f = await serverRoomFixture(jst('2019-03-11', '08:00'));
  const { d, c, clerk, admin, hq, sasaki } = f;
  c.set(jst('2019-03-11', '10:00'));
  const delivered = deliverDoorEntry(d.store, d.settings, { id: 'lan:door-2019', siteId: hq.id }, 'terminal:HQ:lan:door-2019', {
    id: 'd-late', kind: 'enter', personId: sasaki.id, occurredAt: jst('2019-03-11', '09:40'), purpose: 'vendor_witness', purposeNote: '扉端末メモ', visitors: [{ name: '扉前 在室子', company: '扉端末株式会社' }],
  }, c.clock());
  await signOff(f, jst('2019-04-10', '10:30'), [{ ledger: 'serverRoom', siteId: hq.id, month: '2019-03' }]);
  c.set(jst('2026-11-30', '10:00'));
  for (const [who, password] of [[f.sm, SETUP.safetyManager.password], [admin, SETUP.sysadmin.password], [clerk, PASSWORDS.clerk]] as const) await renewPassword(who, password);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const status = async () => (await admin.ok('retention.status', {})).find((s) => s.ledger === 'serverRoom')!;
  expect(await status()).toMatchObject({ erasable: 0, stillOpen: 2 });
  // The exit typed in today, with its 2019 time: the stay and the door's record wait five years from today.
  await clerk.ok('serverRoom.recordExit', { id: delivered.stayId!, exitedAt: jst('2019-03-11', '10:40') });
  expect(await status()).toMatchObject({ erasable: 0, stillOpen: 0, unsigned: 0 });

  const adminId = f.accountId(SETUP.sysadmin.loginId);
  const smId = f.accountId(SETUP.safetyManager.loginId);
  const key = await approverKey(d.store, smId, SETUP.safetyManager.password);
  d.store.write({ actor: adminId, station: 'test' }, (tx) => {
    startAct(d.store, tx, key, { table: 'door_deliveries', ledger: 'serverRoom', cutoff: retentionCutoff(c.clock(), 5).toISOString(), records: 1, years: 5, approvedBy: smId, adminId, reason: '保存期間経過' });
    tx.erasePersonal('door_deliveries', 'd-late', { action: 'personal.erase', reason: '保存期間経過' });
    tx.event('retention.erase.done', 'door_deliveries', null, { ledger: 'serverRoom', erased: 1 }, '保存期間経過');
  });
  const seq = d.store.db.prepare("SELECT max(seq) FROM journal WHERE action = 'personal.erase'").pluck().get() as number;
  expect(d.verify().problems).toEqual([{ seq, problem: `an erasure of door_deliveries d-late whose stay was last acted on at ${c.clock().toISOString()}, within the period` }]);
  d.close();
});
