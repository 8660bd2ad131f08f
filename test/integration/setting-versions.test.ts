import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { DEFAULT_PURPOSES } from '../../shared/ledgers/serverRoom';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { disposeAll, HEAD_PASSWORD, october } from './review-fixture';

// A record is judged by the rules in force at its own time (setting-versions.ts). Found by an
// insider probe: an elevated administrator raised the maximum stay, widened the business hours or
// typed in a company holiday after the fact, and October's review came up empty for signing.

async function octoberThenNovember() {
  const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
  const { clerk, hq, yamada } = f;
  // A five-hour stay from 01:00: over the 4-hour limit, and begun before business hours.
  const long = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '01:00'), exitedAt: jst('2026-10-20', '06:00'), purpose: 'maintenance' });
  f.c.set(jst('2026-11-05', '10:00'));
  await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
  await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
  await f.sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  return { ...f, long };
}

const codes = (items: { subject: string; code: string }[], subject: string) => items.filter((i) => i.subject === subject).map((i) => i.code).sort();

/** The safety manager signs the head office's October book on 5 November (its anomalies disposed of first). */
async function signOctober(f: Awaited<ReturnType<typeof serverRoomFixture>>) {
  f.c.set(jst('2026-11-05', '10:00'));
  await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
  const unit = { ledger: 'serverRoom', siteId: f.hq.id, month: '2026-10' };
  await disposeAll(f.sm, unit);
  await f.sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await f.sm.ok('review.get', unit)).shownHead });
  return unit;
}

describe('rule settings apply from when they change, never to what happened before (SPEC §4, §5)', () => {
  it('the server room: a raised maximum stay and wider hours leave October as it was; a stay after the change has the new rules', async () => {
    const { d, c, sm, clerk, hq, yamada, long } = await octoberThenNovember();
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    const before = codes((await sm.ok('review.get', unit)).items, long.id);
    expect(before).toEqual(['outside_business_hours', 'over_max_stay']);

    await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { maxStayMinutes: 600, businessHours: { start: '00:00', end: '23:00' } }, reason: '夜間作業の増加' });
    expect(codes((await sm.ok('review.get', unit)).items, long.id)).toEqual(before);
    expect((await clerk.ok('serverRoom.get', { id: long.id })).anomalies.map((a) => a.code).sort()).toEqual(before);

    // The same stay a day after the change: within the new limit and hours.
    c.set(jst('2026-11-06', '12:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const after = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-06', '01:00'), exitedAt: jst('2026-11-06', '06:00'), purpose: 'maintenance' });
    expect(after.anomalies).toEqual([]);

    // A second change: the stay between the two is judged by the one in force at its entry.
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { maxStayMinutes: 120 }, reason: '運用の見直し' });
    expect((await clerk.ok('serverRoom.get', { id: after.id })).anomalies).toEqual([]);
    expect((await clerk.ok('serverRoom.get', { id: long.id })).anomalies.map((a) => a.code).sort()).toEqual(before);
    // The settings screen shows what is in force now.
    expect(await sm.ok('serverRoom.getSettings', { siteId: hq.id })).toMatchObject({ maxStayMinutes: 120, businessHours: { start: '00:00', end: '23:00' } });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a purpose relabelled later leaves a signed month’s paper and review as they were signed (an insider probe)', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { c, sm, clerk, hq, yamada, kimura } = f;
    // 木村 has no authorization: an anomaly, so the review lists his stay by its purpose.
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-10-20', '08:30'), exitedAt: jst('2026-10-20', '08:50'), purpose: 'maintenance' });
    const unit = await signOctober(f);
    const before = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(before.rows[0].cells[3]).toBe('保守点検');
    // In December the code October's stay used is relabelled.
    c.set(jst('2026-12-01', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const { purposes } = await sm.ok('serverRoom.getSettings', { siteId: hq.id });
    await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { purposes: purposes.map((p) => (p.code === 'maintenance' ? { ...p, label: '私用' } : p)) }, reason: '名称変更' });
    const after = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(after.digest).toBe(before.digest);
    expect(after.rows[0].cells[3]).toBe('保守点検');
    expect((await sm.ok('review.get', unit)).records[0].label).toBe('木村 三郎 / 保守点検');
    // A stay after the change has the new label.
    c.set(jst('2026-12-01', '11:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const december = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-12-01', '10:30'), exitedAt: jst('2026-12-01', '10:40'), purpose: 'maintenance' });
    expect(december.purposeLabel).toBe('私用');
    // A default purpose is said in the reader's language while it keeps its default label; relabelled,
    // by the company's label, as on paper (a read of the book's screen: it showed the catalog's word).
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect((await sm.ok('review.get', unit)).records[0].labelTerm).toEqual({ text: '保守点検', key: 'serverRoom.purpose.maintenance' });
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-12-01', '10:45'), exitedAt: jst('2026-12-01', '10:50'), purpose: 'maintenance' });
    const decemberReview = await sm.ok('review.get', { ...unit, month: '2026-12' });
    expect(decemberReview.records.map((r) => [r.label, r.labelTerm ?? null])).toEqual([['木村 三郎 / 私用', null]]);
    f.d.close();
  });

  it('a default purpose the site’s list no longer holds (a door terminal’s older copy took it) is said by its catalog word in the review, not by its bare code (a second probe)', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { d, c, hq, yamada, sm } = f;
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const purposes = DEFAULT_PURPOSES.filter((p) => p.code !== 'maintenance').map((p) => ({ ...p }));
    await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { purposes }, reason: '目的の見直し' });
    c.advance(5 * 60_000);
    const entry = parseDoorEntry({ id: 'old-copy-enter', kind: 'enter', personId: yamada.id, occurredAt: new Date(c.clock().getTime() - 60_000).toISOString(), purpose: 'maintenance' });
    expect(deliverDoorEntry(d.store, d.settings, { id: 'lan:0a0b0c0d', siteId: hq.id }, 'terminal:HQ:lan:0a0b0c0d', entry, c.clock()).outcome).toBe('conflict');
    const item = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items.find((i) => i.subject === 'old-copy-enter')!;
    expect(item.facts!.find((x) => x.term === 'purpose')!.values).toEqual([{ text: 'maintenance', key: 'serverRoom.purpose.maintenance' }]);
    d.close();
  });

  it('a later company name or stamp-box labels leave a signed month’s paper headed as it was signed; a month not signed takes them now (an insider probe)', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { c, sm, admin, clerk, hq, yamada } = f;
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:30'), exitedAt: jst('2026-10-20', '08:50'), purpose: 'maintenance' });
    c.set(jst('2026-11-05', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-02', '08:30'), exitedAt: jst('2026-11-02', '08:50'), purpose: 'maintenance' });
    const october = await signOctober(f);
    const before = await sm.ok('print.sheet', { ...october, format: 'print' });
    expect(before.stamps.map((x) => [x.label, x.seal?.meaning ?? null])).toEqual([['担当', null], ['確認', null], ['責任者', '承認']]);
    c.set(jst('2026-12-01', '10:00'));
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('settings.update', { companyName: '株式会社新社名', stampLabels: '担当、承認' });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const after = await sm.ok('print.sheet', { ...october, format: 'print' });
    expect(after.company).toBe(before.company);
    expect(after.stamps).toEqual(before.stamps);
    // November, not signed yet: headed as the settings are now.
    const november = await sm.ok('print.sheet', { ...october, month: '2026-11', format: 'print' });
    expect([november.company, november.stamps.map((x) => x.label)]).toEqual(['株式会社新社名', ['担当', '承認']]);
    f.d.close();
  });

  it('stamp-box labels changed between the 確認 and the 承認 leave the 確認 seal in its box: the paper is headed as first signed (a second probe)', async () => {
    const f = await october();
    const { c, sm, head, admin, unit } = f;
    await disposeAll(sm, unit);
    await head.ok('review.sign', { ...unit, password: HEAD_PASSWORD, meaning: 'confirm', shownHead: (await head.ok('review.get', unit)).shownHead });
    c.set(jst('2026-11-06', '10:00'));
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('settings.update', { stampLabels: '担当、承認' });
    c.set(jst('2026-11-07', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
    const sheet = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(sheet.stamps.map((x) => [x.label, x.seal?.meaning ?? null])).toEqual([['担当', null], ['確認', '確認'], ['責任者', '承認']]);
    f.d.close();
  });

  it('a purpose added after a stay entered (typed in late) is named by its label when written, not a later one (a second probe)', async () => {
    const f = await serverRoomFixture(jst('2026-11-02', '09:00'));
    const { c, sm, clerk, hq, kimura } = f;
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const relabel = async (label: string) => {
      const { purposes } = await sm.ok('serverRoom.getSettings', { siteId: hq.id });
      const next = purposes.some((p) => p.code === 'audit') ? purposes.map((p) => (p.code === 'audit' ? { ...p, label } : p)) : [...purposes, { code: 'audit', label, requiresNote: false, active: true }];
      await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { purposes: next }, reason: '目的の追加・名称変更' });
    };
    await relabel('内部監査');
    c.set(jst('2026-11-03', '09:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-10-28', '10:00'), exitedAt: jst('2026-10-28', '10:30'), purpose: 'audit' });
    const unit = await signOctober(f);
    c.set(jst('2026-12-01', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await relabel('私用');
    expect((await sm.ok('print.sheet', { ...unit, format: 'print' })).rows[0].cells[3]).toBe('内部監査');
    expect((await sm.ok('review.get', unit)).records[0].label).toBe('木村 三郎 / 内部監査');
    f.d.close();
  });

  it('a change of rule settings is an item of the month it was made, in each ledger it sets, with its reason (an insider probe)', async () => {
    const { d, c, sm, clerk, hq, yamada } = await serverRoomFixture(jst('2026-10-21', '00:30'));
    // In October: the limit loosened for a night, a long night stay, the limit put back.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { maxStayMinutes: 900, businessHours: { start: '00:00', end: '23:59' } }, reason: '臨時' });
    c.set(jst('2026-10-21', '09:05'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const night = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-21', '01:00'), exitedAt: jst('2026-10-21', '08:00'), purpose: 'maintenance' });
    expect(night.anomalies).toEqual([]);
    await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { maxStayMinutes: 240, businessHours: { start: '08:00', end: '20:00' } }, reason: '戻す' });
    await sm.ok('calendar.update', { siteId: hq.id, companyHolidays: ['2026-12-29'], workedHolidays: [], reason: '年末休業' });
    await sm.ok('checkouts.updateSettings', { siteId: hq.id, changes: { approvalKinds: [] }, reason: '承認の運用を見直すため' });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const changes = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'register_change');
    expect(changes.map((i) => [i.params?.change, i.params?.reason])).toEqual([
      ['review.items.settings_changed', '臨時'],
      ['review.items.settings_changed', '戻す'],
      ['review.items.calendar_changed', '年末休業'],
    ]);
    // Each names what it changed (an insider probe: the approval rule off for six seconds and back, said only 「設定が変更されました」).
    expect(changes.map((i) => i.facts ?? [])).toEqual([
      [{ term: 'changedSettings', values: [{ key: 'serverRoom.settings.businessHours' }, { key: 'serverRoom.settings.maxStayMinutes' }] }],
      [{ term: 'changedSettings', values: [{ key: 'serverRoom.settings.businessHours' }, { key: 'serverRoom.settings.maxStayMinutes' }] }],
      [],
    ]);
    expect((await sm.ok('review.get', { ledger: 'checkouts', siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'register_change').map((i) => [i.messageKey, i.facts])).toEqual([
      ['review.items.register_change', [{ term: 'changedSettings', values: [{ key: 'ledgerKit.settings.fields.checkouts.approvalKinds' }] }]],
    ]);
    // The calendar sets the last-exit and cabinet rules too; the visitors' are their own.
    expect((await sm.ok('review.get', { ledger: 'lastExit', siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'register_change')).toHaveLength(1);
    expect((await sm.ok('review.get', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'register_change')).toHaveLength(1);
    expect((await sm.ok('review.get', { ledger: 'visitors', siteId: hq.id, month: '2026-10' })).items).toEqual([]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a clock set back is an item of the review of the months it touches, beside the changes made then (an insider probe)', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '12:00'));
    const { d, c, sm, admin, clerk, hq, osaka, kimura } = f;
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-10-20', '10:00'), exitedAt: jst('2026-10-20', '11:00'), purpose: 'maintenance' });
    const to = async (iso: string) => {
      c.set(iso);
      for (const [who, password] of [[sm, SETUP.safetyManager.password], [admin, SETUP.sysadmin.password], [clerk, PASSWORDS.clerk]] as const) await who.ok('auth.unlock', { password });
      await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    };
    await to(jst('2026-11-15', '10:00'));
    // The clock turned back to before the stay: a limit raised, the person authorized, then the clock put right.
    await to(jst('2026-10-20', '09:30'));
    await sm.ok('serverRoom.updateSettings', { siteId: hq.id, changes: { maxStayMinutes: 600 }, reason: '上限の見直し' });
    await sm.ok('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: true }, reason: '入室許可' });
    await to(jst('2026-11-15', '11:00'));
    // Which clock was right cannot be told from inside: the anomaly is an item of every ledger and site
    // in the month the journal had reached (being kept then, never sealed).
    for (const [ledger, siteId, month] of [['serverRoom', hq.id, '2026-11'], ['visitors', osaka.id, '2026-11']] as const) {
      const items = (await sm.ok('review.get', { ledger, siteId, month })).items;
      expect(items.filter((i) => i.code === 'clock_anomaly')).toEqual([expect.objectContaining({ kind: 'month', messageKey: 'review.items.clock_anomaly', params: { clockAt: expect.stringContaining('2026-10-20T00:30'), lastAt: expect.stringContaining('2026-11-15T0') } })]);
    }
    expect((await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items.some((i) => i.code === 'clock_anomaly')).toBe(false);
    // The setting change and the grant made then are items of October's, the month they were dated in.
    expect((await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'register_change').map((i) => i.params?.reason)).toEqual(['上限の見直し', '入室許可']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('the business calendar: a company holiday typed in after the day leaves its missing checklist; one planned ahead is a holiday on its day', async () => {
    const { d, c, sm, hq } = await octoberThenNovember();
    const missing = async (month: string) => (await sm.ok('lastExit.missing', { siteId: hq.id, month })).map((m) => m.day);
    expect(await missing('2026-10')).toContain('2026-10-23');
    await sm.ok('calendar.update', { siteId: hq.id, companyHolidays: ['2026-10-23', '2026-11-20'], workedHolidays: [], reason: '創立記念日' });
    expect(await missing('2026-10')).toContain('2026-10-23');
    expect((await sm.ok('review.get', { ledger: 'lastExit', siteId: hq.id, month: '2026-10' })).items.map((i) => i.subject)).toContain('2026-10-23');
    // A holiday declared late on the day itself is not one for that day either.
    c.set(jst('2026-11-10', '23:50'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('calendar.update', { siteId: hq.id, companyHolidays: ['2026-10-23', '2026-11-10', '2026-11-20'], workedHolidays: [], reason: '臨時休業' });
    // The 20th of November, declared on the 5th, is a company holiday when November is judged.
    c.set(jst('2026-12-01', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const november = await missing('2026-11');
    expect(november).toContain('2026-11-19');
    expect(november).toContain('2026-11-10');
    expect(november).not.toContain('2026-11-20');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('cabinets: a longer limit and later hours leave an evening opening of October as it was', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { d, sm, clerk, hq, yamada, sasaki } = f;
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F 総務部', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: yamada.id, authorized: true, reason: '人事担当' });
    f.c.set(jst('2026-10-20', '23:30'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const s = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-10-20', '20:30'), openedBy: yamada.id, purpose: '書類の確認', lockedAt: jst('2026-10-20', '23:00'), lockedBy: yamada.id });
    const before = s.anomalies.map((a) => a.code).sort();
    expect(before).toEqual(['open_too_long', 'outside_business_hours']);
    f.c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('cabinetLog.updateSettings', { siteId: hq.id, changes: { businessEnd: '23:30', maxOpenMinutes: 300 }, reason: '夜間の書類整理' });
    expect((await sm.ok('cabinetLog.get', { id: s.id })).anomalies.map((a) => a.code).sort()).toEqual(before);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('visitors: a later end of business hours leaves a visitor who stayed after the old one inside after hours', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { d, sm, clerk, hq, yamada } = f;
    const added = await clerk.ok('visitors.add', { siteId: hq.id, name: '山本 一郎', company: '株式会社サンプル', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-10-20', '09:00') });
    f.c.set(jst('2026-10-20', '21:05'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const v = await clerk.ok('visitors.signOut', { id: added.id, leftAt: jst('2026-10-20', '21:00'), cardReturned: false });
    expect(v.anomalies.map((a) => a.code)).toEqual(['inside_after_hours']);
    f.c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('visitors.updateSettings', { siteId: hq.id, changes: { businessEnd: '22:00' }, reason: '夜間受付の開始' });
    expect((await sm.ok('visitors.get', { id: v.id })).anomalies.map((a) => a.code)).toEqual(['inside_after_hours']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
