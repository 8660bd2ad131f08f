import { expect, it } from 'vitest';
import { Caller, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { DEFAULT_SERVER_ROOM_SETTINGS } from '../../shared/ledgers/serverRoom';

// The settings pages keep a reason with each change and say it is in the history: settings.history is
// that history — who changed which setting, when, from what to what, and why — for the administrator
// and the safety manager. What the app keeps for itself (the first month under review, a migration's
// instants, the last good backup) is not a setting anyone changed, and is not listed.

it('lists every setting someone changed, newest first, with before, after, who and why; not the values the app keeps; for the administrator and the safety manager only', async () => {
  const f = await serverRoomFixture(jst('2026-11-30', '10:00'));
  const { d, admin, sm, clerk, hq } = f;
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });

  // As the page sends it: every field, most of them as they were (no change of theirs is listed).
  await admin.ok('settings.update', { companyName: SETUP.companyName, idleLockMinutes: 8, backupWarnAfterDays: 7, reviewDueDay: 12, stampLabels: '担当、確認、責任者', reason: '監査の指摘により\n期日を見直す' });
  // Saved again as it is: nothing changed — said, and nothing listed (the reason is not dropped in silence).
  expect(await admin.call('settings.update', { idleLockMinutes: 8, reason: '同じ値' })).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });
  await admin.ok('settings.update', { stampLabels: '担当, 課長, 部長' });
  await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { maxStayMinutes: 300, businessHours: { start: '07:00', end: '20:00' } }, reason: '夜間保守のため' });
  await admin.ok('retention.setYears', { ledger: 'visitors', years: 7, reason: '取引先との契約による' });
  // Shortened: with the safety manager's approval, whose name the history shows with it.
  await admin.ok('retention.setYears', { ledger: 'visitors', years: 6, reason: '契約の見直し', approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } });
  // A value the app keeps for itself: not a change of a setting.
  d.store.write({ actor: 'system', station: 'test' }, (tx) => d.settings.set(tx, 'backup.lastGood', { at: tx.now, path: '/tmp/x', bytes: 1 } as never, undefined, 'data.backup'));

  const history = await sm.ok('settings.history', {});
  const adminName = SETUP.sysadmin.displayName;
  const smName = SETUP.safetyManager.displayName;
  expect(history.map((h) => [h.setting, h.before, h.after, h.actorName, h.reason])).toEqual([
    [{ kind: 'retention', ledger: 'visitors' }, 7, 6, adminName, '契約の見直し'],
    [{ kind: 'retention', ledger: 'visitors' }, 5, 7, adminName, '取引先との契約による'],
    [
      { kind: 'site', ledger: 'serverRoom', siteId: hq.id, siteName: hq.name },
      // Before anyone saved them: the product's defaults.
      DEFAULT_SERVER_ROOM_SETTINGS,
      expect.objectContaining({ maxStayMinutes: 300, businessHours: { start: '07:00', end: '20:00' } }),
      smName,
      '夜間保守のため',
    ],
    [{ kind: 'general', key: 'print.stampLabels' }, '担当、確認、責任者', '担当、課長、部長', adminName, null],
    [{ kind: 'general', key: 'review.dueDay' }, 10, 12, adminName, '監査の指摘により\n期日を見直す'],
    [{ kind: 'general', key: 'auth.idleLockMinutes' }, 5, 8, adminName, '監査の指摘により\n期日を見直す'],
    // Typed in the setup wizard, before any account (shown as the system's).
    [{ kind: 'general', key: 'company.name' }, '', SETUP.companyName, null, null],
  ]);
  expect(history.every((h, i) => i === 0 || h.seq < history[i - 1].seq)).toBe(true);
  expect(history.map((h) => h.approvedByName ?? null)).toEqual([smName, null, null, null, null, null, null]);

  // Changed again: from what it was to what it is.
  await admin.ok('settings.update', { idleLockMinutes: 3, reason: '共用端末が増えたため' });
  expect((await admin.ok('settings.history', {}))[0]).toMatchObject({ setting: { kind: 'general', key: 'auth.idleLockMinutes' }, before: 8, after: 3, reason: '共用端末が増えたため', actorName: adminName });

  expect(await clerk.call('settings.history', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  // A reason that is no text is refused, and nothing is saved.
  expect(await admin.call('settings.update', { idleLockMinutes: 4, reason: 'a\u0000b' })).toMatchObject({ ok: false, error: { field: 'reason' } });
  expect((await admin.ok('settings.get', {})).idleLockMinutes).toBe(3);
  d.close();
});

it('a site setting saved as it is — a set of codes reordered or given twice, an empty change on a site still on the defaults — is no change: refused, nothing listed (a probe: blank rows with any reason)', async () => {
  const f = await serverRoomFixture(jst('2026-11-30', '10:00'));
  const { d, sm, hq, osaka } = f;
  await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  const noChange = { ok: false, error: { messageKey: 'errors.no_change' } };
  const before = (await sm.ok('settings.history', {})).length;
  // Still on the defaults: the same kinds in another order, one twice; nothing at all.
  expect(await sm.call('checkouts.updateSettings', { siteId: osaka.id, changes: { approvalKinds: ['external_disk', 'laptop', 'usb_memory', 'laptop'] }, reason: '並べ替えのみ' })).toMatchObject(noChange);
  expect(await sm.call('serverRoom.updateSettings', { siteId: osaka.id, changes: {}, reason: '見直したが据え置き' })).toMatchObject(noChange);
  expect(await sm.call('visitors.updateSettings', { siteId: osaka.id, changes: {}, reason: '見直したが据え置き' })).toMatchObject(noChange);
  // Saved once: a kind given twice is kept once; the same set again, in any order, is no change.
  const saved = await sm.ok('checkouts.updateSettings', { siteId: hq.id, changes: { approvalKinds: ['sd_card', 'laptop', 'sd_card'] }, reason: 'SDカードも承認制に' });
  expect(saved.approvalKinds).toEqual(['laptop', 'sd_card']);
  expect(await sm.call('checkouts.updateSettings', { siteId: hq.id, changes: { approvalKinds: ['sd_card', 'laptop'] }, reason: '並べ替えのみ' })).toMatchObject(noChange);
  await sm.ok('visitors.updateSettings', { siteId: hq.id, changes: { representatives: ['E1001', 'E1002'] }, reason: '代表者の登録' });
  expect(await sm.call('visitors.updateSettings', { siteId: hq.id, changes: { representatives: ['E1002', 'E1001', 'E1002'] }, reason: '並べ替えのみ' })).toMatchObject(noChange);
  // A checklist's items are in an order the form shows: reordered, they are a change.
  const items = (await sm.ok('lastExit.getSettings', { siteId: hq.id })).items as string[];
  await sm.ok('lastExit.updateSettings', { siteId: hq.id, changes: { items: [...items].reverse() }, reason: '点検の順に並べ替え' });
  const history = await sm.ok('settings.history', {});
  expect(history.length - before).toBe(3);
  expect(history.map((h) => h.reason).slice(0, 3)).toEqual(['点検の順に並べ替え', '代表者の登録', 'SDカードも承認制に']);
  d.close();
});

it('a station renamed is listed with its reason; every history shows the name it had when the act was written (a probe: two names swapped moved every past act to the other PC)', async () => {
  const f = await serverRoomFixture(jst('2026-11-30', '10:00'));
  const { d, admin, clerk, c, yamada } = f;
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const desk = new Caller(d, 'desk:SOUMU-PC');
  await desk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
  await desk.ok('people.amend', { id: yamada.id, changes: { department: '経理部' }, reason: '異動' });
  await admin.ok('stations.rename', { id: 'desk:SOUMU-PC', name: '総務課の事務PC', reason: '導入時の命名' });
  c.advance(60_000);
  await desk.ok('people.amend', { id: yamada.id, changes: { department: '情報システム部' }, reason: '異動の取り消し' });
  c.advance(60_000);
  // Renamed later to what another PC might be called: the acts written before keep the name they had then.
  await admin.ok('stations.rename', { id: 'desk:SOUMU-PC', name: '入退室端末（本社）', reason: null });
  const names = (await clerk.ok('history.get', { entity: 'people', id: yamada.id })).filter((h) => h.station === 'desk:SOUMU-PC').map((h) => h.stationName);
  // Before it was named, its first name (naming names what it wrote before); the later rename reaches back to neither.
  expect(names).toEqual(['総務課の事務PC', '総務課の事務PC']);
  const renames = (await admin.ok('settings.history', {})).filter((h) => h.setting.kind === 'station');
  expect(renames.map((h) => [h.setting, h.before, h.after, h.reason])).toEqual([
    [{ kind: 'station', stationId: 'desk:SOUMU-PC' }, '総務課の事務PC', '入退室端末（本社）', null],
    [{ kind: 'station', stationId: 'desk:SOUMU-PC' }, null, '総務課の事務PC', '導入時の命名'],
  ]);
  d.close();
});
