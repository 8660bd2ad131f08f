import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';
import { disposeAll, shown } from './review-fixture';

// SPEC §4.6 through the real dispatcher: the systems register, one check per system and month by
// the system administrator, the anomalies, the systems not yet checked, and the journal verifies.

describe('systems register and access-log check record (SPEC §4.6, Art. 14(3))', () => {
  it('records a month of checks per system once, judges it, lists the unchecked, and keeps the rules', async () => {
    const { d, admin, clerk, sm, hq } = await serverRoomFixture();
    const files = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバ /var/log/archive', retentionMonths: 12, notes: null });
    const m365 = await admin.ok('systems.add', { code: 'CL-01', name: 'Microsoft 365', kind: 'cloud', siteId: hq.id, logLocation: '監査ログ（管理センター）', retentionMonths: 6, notes: null });
    expect(await clerk.call('systems.add', { code: 'X', name: 'x', kind: 'other', siteId: hq.id, logLocation: 'x', retentionMonths: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await admin.call('systems.add', { code: 'SV-01', name: '重複', kind: 'server', siteId: hq.id, logLocation: 'x', retentionMonths: 1 })).toMatchObject({ ok: false, error: { field: 'code', messageKey: 'accessLog.systems.errors.code_taken' } });

    // Today is 2026-11-24 (after the 10th): October is overdue for both.
    const unchecked = (await sm.ok('accessLog.unchecked', {})).systems;
    expect(unchecked.map((u) => [u.code, u.month, u.due, u.overdue])).toEqual([['CL-01', '2026-10', '2026-11-10', true], ['SV-01', '2026-10', '2026-11-10', true]]);

    const c = await admin.ok('accessLog.add', { systemId: files.id, month: '2026-10', checkedAt: jst('2026-11-24', '09:30'), logsComplete: true, storedSafely: true, anomalyFound: '深夜の管理者ログイン 3件', actionTaken: null });
    expect(c).toMatchObject({ siteId: hq.id, names: { systemId: 'ファイルサーバ' } });
    expect(c.anomalies.map((a) => a.code)).toEqual(['anomaly_without_action', 'checked_late']);
    // Once per system and month; a month that has not ended is not checked.
    expect(await admin.call('accessLog.add', { systemId: files.id, month: '2026-10', checkedAt: jst('2026-11-24', '09:40'), logsComplete: true, storedSafely: true })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'month', messageKey: 'accessLog.errors.already_checked' },
    });
    // Checked after the month ended, not before it (an insider probe).
    expect(await admin.call('accessLog.add', { systemId: m365.id, month: '2026-10', checkedAt: jst('2026-10-31', '23:59'), logsComplete: true, storedSafely: true })).toMatchObject({
      ok: false, error: { field: 'checkedAt', messageKey: 'accessLog.errors.checked_before_month_end' },
    });
    expect(await admin.call('accessLog.add', { systemId: m365.id, month: '2026-11', checkedAt: jst('2026-11-24', '09:40'), logsComplete: true, storedSafely: true })).toMatchObject({
      ok: false, error: { field: 'month', messageKey: 'accessLog.errors.future_month' },
    });
    // 取得 and 保管 are said, not assumed: one left out is refused as not chosen (the form asks for はい or いいえ).
    expect(await admin.call('accessLog.add', { systemId: m365.id, month: '2026-10', checkedAt: jst('2026-11-24', '09:40'), storedSafely: true })).toMatchObject({
      ok: false, error: { field: 'logsComplete', messageKey: 'errors.field.required' },
    });
    expect(await admin.call('accessLog.add', { systemId: m365.id, month: '2026-10', checkedAt: jst('2026-11-24', '09:40'), logsComplete: 'はい', storedSafely: true })).toMatchObject({
      ok: false, error: { field: 'logsComplete', messageKey: 'errors.field.invalid_type' },
    });
    expect(await admin.call('accessLog.add', { systemId: m365.id, month: '2026-13', checkedAt: jst('2026-11-24', '09:40'), logsComplete: true, storedSafely: true })).toMatchObject({ ok: false, error: { field: 'month' } });
    // 「なし」 written where none was found is refused at the field: stored, it was an anomaly for the review (a bad-input probe).
    const head = d.store.journalHead().seq;
    for (const anomalyFound of ['なし', '異常なし', '特になし', '無し', 'ありません', 'なし。', '-', 'ー', '－', 'None', 'N/A', '問題なし', '該当なし', '問題ありません', '異常は見られませんでした', '特に 問題 なし', '正常', 'No issues', '問題なしです', '特になし、', '異常は見当たりませんでした', '検出されませんでした'])
      expect(await admin.call('accessLog.add', { systemId: m365.id, month: '2026-10', checkedAt: jst('2026-11-24', '09:40'), logsComplete: true, storedSafely: true, anomalyFound, actionTaken: null }), anomalyFound).toMatchObject({
        ok: false, error: { field: 'anomalyFound', messageKey: 'accessLog.errors.none_typed' },
      });
    expect(d.store.journalHead().seq).toBe(head);
    // Nor by a correction.
    expect(await admin.call('accessLog.amend', { id: c.id, changes: { anomalyFound: '異常なし' }, reason: '記入の訂正' })).toMatchObject({ ok: false, error: { field: 'anomalyFound', messageKey: 'accessLog.errors.none_typed' } });
    expect(d.store.journalHead().seq).toBe(head);
    // 「なし」 written as the action taken is refused too: stored, it read as an action and took the anomaly out of the review (an insider probe).
    // 「問題なし」 and its kin too (a second probe: the commonest phrase was missed).
    for (const actionTaken of ['なし', '対応なし', '特になし', '処置なし', '-', 'none', '未対応', '対応不要', '不要', 'ＮＯＮＥ', '　なし　', '問題なし', '特に問題なし', '該当なし', '問題ありません', 'OK'])
      expect(await admin.call('accessLog.amend', { id: c.id, changes: { actionTaken }, reason: '対応の記入' }), actionTaken).toMatchObject({
        ok: false, error: { field: 'actionTaken', messageKey: 'accessLog.errors.action_none_typed' },
      });
    expect(await admin.call('accessLog.add', { systemId: m365.id, month: '2026-10', checkedAt: jst('2026-11-24', '09:40'), logsComplete: true, storedSafely: true, anomalyFound: '深夜の管理者ログイン 3件', actionTaken: '特になし' })).toMatchObject({
      ok: false, error: { field: 'actionTaken' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    // The action, added with a reason: the anomaly is no longer one without an action, and stays an
    // item of the review with what was found and the action written, for the safety manager to judge
    // (insider probe 13: an action that said nothing cleared it, and a word list cannot know every one).
    const action = '問題なしと判断。本人に確認、正当な保守作業（作業報告書あり）';
    const fixed = await admin.ok('accessLog.amend', { id: c.id, changes: { actionTaken: action }, reason: '対応の記入' });
    expect(fixed.anomalies).toEqual([
      { code: 'anomaly_found', params: { detail: '深夜の管理者ログイン 3件' }, facts: [{ term: 'actionTaken', values: [{ text: action }] }] },
      expect.objectContaining({ code: 'checked_late' }),
    ]);
    expect((await sm.ok('accessLog.unchecked', {})).systems.map((u) => u.code)).toEqual(['CL-01']);
    // A site's own due day (the safety manager, with the password again).
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    expect(await sm.call('accessLog.updateSettings', { siteId: hq.id, changes: { dueDay: 31 }, reason: null })).toMatchObject({ ok: false, error: { messageKey: 'accessLog.errors.due_day_range' } });
    await sm.ok('accessLog.updateSettings', { siteId: hq.id, changes: { dueDay: 25 }, reason: '月末の委員会に合わせる' });
    // A due day applies from the month whose checking begins after the change (setting-versions.ts):
    // October's was the 10th of November, and stays so — the late check is still late.
    expect((await sm.ok('accessLog.get', { id: c.id })).anomalies).toEqual([fixed.anomalies[0], { code: 'checked_late', params: { due: '2026-11-10' } }]);
    expect((await sm.ok('accessLog.unchecked', {})).systems[0]).toMatchObject({ due: '2026-11-10', overdue: true });
    expect((await sm.ok('accessLog.unchecked', { month: '2026-11' })).systems[0]).toMatchObject({ due: '2026-12-25', overdue: false });
    expect((await admin.ok('accessLog.history', { id: c.id })).map((h) => h.action)).toEqual(['accessLog.add', 'accessLog.amend']);
    // A check written in on the 24th and dated the 9th was not on the record by the due day (the 10th, the default).
    await sm.ok('accessLog.updateSettings', { siteId: hq.id, changes: { dueDay: 10 }, reason: '委員会の日程変更' });
    const backdated = await admin.ok('accessLog.add', { systemId: m365.id, month: '2026-10', checkedAt: jst('2026-11-09', '17:00'), logsComplete: true, storedSafely: true });
    expect(backdated.anomalies).toEqual([{ code: 'checked_late', params: { due: '2026-11-10', recordedLate: 1 } }]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('retiring a system does not take away the check of a month it was there for (found by an insider probe)', async () => {
    const { d, c, admin, sm, hq } = await serverRoomFixture();
    const sys = await admin.ok('systems.add', { code: 'NW-01', name: 'UTM', kind: 'network', siteId: hq.id, logLocation: '管理画面', retentionMonths: 12, notes: null });
    const unit = { ledger: 'accessLog', siteId: hq.id, month: '2026-10' };
    expect((await sm.ok('review.get', unit)).items.map((i) => [i.subject, i.code])).toEqual([[sys.id, 'unchecked_system']]);
    // Named once, by its label; past the due day (10 November) said as missed, before it as not checked yet, with the day (a walk-through).
    expect((await sm.ok('review.get', unit)).items[0]).toMatchObject({ label: 'NW-01 UTM', messageKey: 'review.items.unchecked_system', params: {} });
    c.set(jst('2026-12-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect((await sm.ok('review.get', { ...unit, month: '2026-11' })).items[0]).toMatchObject({ label: 'NW-01 UTM', messageKey: 'review.items.unchecked_system_pending', params: { due: '2026-12-10' } });
    c.set(jst('2026-11-20', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    // A system administrator designated to review the checks does not dispose of a check not made:
    // it was his own to make (Art. 14(3); an insider probe disposed of it and signed).
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: (d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(SETUP.sysadmin.loginId) as { id: string }).id, ledgers: ['accessLog'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-11-30' });
    expect((await admin.ok('review.get', unit)).items).toEqual([expect.objectContaining({ subject: sys.id, code: 'unchecked_system', aboutReviewer: true })]);
    expect(await admin.call('review.dispose', { ...unit, subject: sys.id, code: 'unchecked_system', disposition: 'no_issue', explanation: 'ログの保存先を確認し、問題なしと判断' })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'review.errors.own_record' },
    });
    await admin.ok('systems.void', { id: sys.id, reason: '撤去済み' });
    // October (and November, in which it was retired) still need the check; December does not.
    expect((await sm.ok('review.get', unit)).items.map((i) => [i.subject, i.code])).toEqual([[sys.id, 'unchecked_system']]);
    expect((await sm.ok('accessLog.unchecked', {})).systems.map((u) => u.code)).toEqual(['NW-01']);
    c.set(jst('2027-01-05', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    expect((await sm.ok('accessLog.unchecked', { month: '2026-11' })).systems.map((u) => u.code)).toEqual(['NW-01']);
    expect((await sm.ok('accessLog.unchecked', { month: '2026-12' })).systems).toEqual([]);
    // It can be checked for those months, and not for a later one.
    const checked = await admin.ok('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2027-01-05', '08:30'), logsComplete: true, storedSafely: true });
    expect(checked.anomalies.map((a) => a.code)).toEqual(['checked_late']);
    expect(await admin.call('accessLog.add', { systemId: sys.id, month: '2026-12', checkedAt: jst('2027-01-05', '08:30'), logsComplete: true, storedSafely: true })).toMatchObject({
      ok: false, error: { field: 'systemId', messageKey: 'accessLog.errors.retired' },
    });
    expect((await sm.ok('review.get', unit)).items.map((i) => i.code)).toEqual(['checked_late']);
    // The list's month is the month checked, as in its column, the review and on paper — not the day of the check.
    expect((await sm.ok('accessLog.list', { month: '2026-10' })).rows.map((r) => r.id)).toEqual([checked.id]);
    expect((await sm.ok('accessLog.list', { month: '2027-01' })).total).toBe(0);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a system registered after a month was signed does not reopen that month; it is due from the next (an insider probe)', async () => {
    const { d, c, admin, sm, hq } = await serverRoomFixture(jst('2026-11-03', '10:00'));
    const files = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'x', retentionMonths: 12, notes: null });
    await admin.ok('accessLog.add', { systemId: files.id, month: '2026-10', checkedAt: jst('2026-11-03', '10:00'), logsComplete: true, storedSafely: true, anomalyFound: null, actionTaken: null });
    const october = { ledger: 'accessLog', siteId: hq.id, month: '2026-10' };
    await disposeAll(sm, october);
    await sm.ok('review.sign', { ...october, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, october) });
    c.set(jst('2026-11-04', '10:00'));
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('systems.add', { code: 'CL-01', name: 'Microsoft 365', kind: 'cloud', siteId: hq.id, logLocation: 'x', retentionMonths: 6, notes: null });
    expect((await admin.ok('accessLog.unchecked', { siteId: hq.id, month: '2026-10' })).systems).toEqual([]);
    expect((await sm.ok('review.get', october)).items.filter((i) => i.code === 'unchecked_system')).toEqual([]);
    expect((await admin.ok('accessLog.unchecked', { siteId: hq.id, month: '2026-11' })).systems.map((s) => s.code)).toEqual(['CL-01', 'SV-01']);
    d.close();
  });

  it('a month whose checks are not due yet is not disposed of nor signed before they are made or their day comes (a walk-through)', async () => {
    const { d, c, admin, sm, hq } = await serverRoomFixture(jst('2026-11-20', '10:00'));
    const files = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'x', retentionMonths: 12, notes: null });
    await admin.ok('systems.add', { code: 'CL-01', name: 'Microsoft 365', kind: 'cloud', siteId: hq.id, logLocation: 'x', retentionMonths: 6, notes: null });
    // 3 December: November's checks are due by the 10th, none made yet.
    c.set(jst('2026-12-03', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    const november = { ledger: 'accessLog', siteId: hq.id, month: '2026-11' };
    const waiting = await sm.ok('review.get', november);
    const items = waiting.items;
    expect(items.map((i) => [i.label, i.waitingUntil])).toEqual([['CL-01 Microsoft 365', '2026-12-10'], ['SV-01 ファイルサーバ', '2026-12-10']]);
    expect(waiting.unit.undisposed).toBe(0); // nothing to do yet: not counted as left to dispose of
    // The list of the month says so too, apart from what is left to do (a walk-through read 0 as nothing left).
    expect((await sm.ok('review.list', { month: '2026-11' })).find((u) => u.ledger === 'accessLog' && u.siteId === hq.id)).toMatchObject({ undisposed: 0, waiting: 2 });
    const head = d.store.journalHead().seq;
    expect(await sm.call('review.dispose', { ...november, subject: items[0].subject, code: items[0].code, disposition: 'no_issue', explanation: '期限内に確認される予定', cause: null, action: null })).toMatchObject({
      ok: false, error: { code: 'conflict', messageKey: 'review.errors.waiting', params: { due: '2026-12-10' } },
    });
    expect(await sm.call('review.sign', { ...november, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, november) })).toMatchObject({
      ok: false, error: { code: 'conflict', messageKey: 'review.errors.waiting_sign', params: { count: 2, due: '2026-12-10' } },
    });
    expect(d.store.journalHead().seq).toBe(head);
    // One check made: one item left waiting.
    await admin.ok('accessLog.add', { systemId: files.id, month: '2026-11', checkedAt: jst('2026-12-03', '10:00'), logsComplete: true, storedSafely: true, anomalyFound: null, actionTaken: null });
    expect((await sm.ok('review.get', november)).items.map((i) => [i.label, i.waitingUntil])).toEqual([['CL-01 Microsoft 365', '2026-12-10']]);
    // Past the day, the check not made is a miss to dispose of; then the month is signed.
    c.set(jst('2026-12-11', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const missed = (await sm.ok('review.get', november)).items;
    expect(missed.map((i) => [i.messageKey, i.waitingUntil])).toEqual([['review.items.unchecked_system', undefined]]);
    await disposeAll(sm, november);
    await sm.ok('review.sign', { ...november, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, november) });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
  it('a month whose logs the system no longer keeps cannot be checked (an insider probe: January 2001 went in, and up for review)', async () => {
    const { d, c, admin, sm, hq } = await serverRoomFixture();
    const files = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバ /var/log/archive', retentionMonths: 12, notes: null });
    const check = (month: string) => admin.call('accessLog.add', { systemId: files.id, month, checkedAt: jst('2026-11-24', '09:30'), logsComplete: true, storedSafely: true });
    const head = d.store.journalHead().seq;
    expect(await check('2025-10')).toMatchObject({ ok: false, error: { field: 'month', messageKey: 'accessLog.errors.before_retention', params: { months: 12, count: 12 } } });
    // Before any retention (ten years for the access log: a system keeps its logs up to 120 months; kit/record-parts.ts refuseTooOld).
    expect(await check('2001-01')).toMatchObject({ ok: false, error: { field: 'month', messageKey: 'errors.field.too_old' } });
    expect(d.store.journalHead().seq).toBe(head);
    expect((await sm.ok('review.list', { due: true })).some((u: { ledger: string; month: string }) => u.ledger === 'accessLog' && u.month < '2025-11')).toBe(false);
    // Twelve months back is still kept; a correction cannot move its check on past that (a review of the change) —
    // nor past when the check was written down (said with it).
    const kept = await check('2025-11');
    if (!kept.ok) throw new Error(JSON.stringify(kept.error));
    c.set(jst('2027-01-10', '09:00'));
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    const moved = await admin.call('accessLog.amend', { id: kept.value.id, changes: { checkedAt: jst('2027-01-05', '09:30') }, reason: '確認日時の誤記' });
    expect(moved.ok ? [] : moved.error.issues?.map((i) => [i.field, i.messageKey])).toEqual([
      ['checkedAt', 'errors.field.after_recorded'],
      ['month', 'accessLog.errors.before_retention'],
    ]);
    d.close();
  });
});
