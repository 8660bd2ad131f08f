import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { shown } from './review-fixture';
import { jst, serverRoomFixture } from './server-room-fixture';

// Insider probe 13: an anomaly found in a month's logs left without its action by an action that says
// it is still to be done (調査中, 様子見, 保留, 後日確認…) or that repeats the finding: the anomaly
// 「対応なし」 went from the record and the review.

describe('the action taken on an anomaly found in the logs', () => {
  it('is refused when it says the action is still to come, or repeats the finding; an action done is kept', async () => {
    const f = await serverRoomFixture();
    const sys = await f.admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: f.hq.id, logLocation: '/var/log', retentionMonths: 12, notes: null });
    const c = await f.admin.ok('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2026-11-24', '09:30'), logsComplete: true, storedSafely: true, anomalyFound: '深夜の管理者ログイン 3件', actionTaken: null });
    const said: Record<string, string> = {};
    for (const actionTaken of ['調査中', '確認中', '様子見', '経過観察', '保留', '検討中', '後日確認', '今後確認します', '未定', 'まだです', '引き続き調査します', '原因調査中です', '深夜の管理者ログイン 3件', '深夜の管理者ログイン３件',
      // A fifth insider probe's: nothing done in more words, left as it is or watched, put off to a time, a place held.
      '特に何もしていません', '放置', 'そのまま', '現状維持', '様子を見ます', 'しばらく様子見', '経過観察とします', '来月対応', '後ほど', '後日', '略', 'aa']) {
      const r = await f.admin.call('accessLog.amend', { id: c.id, changes: { actionTaken }, reason: '対応の記入' });
      said[actionTaken] = r.ok ? 'stored' : r.error.messageKey;
    }
    expect(Object.entries(said).filter(([, key]) => key === 'stored')).toEqual([]);
    expect(said['深夜の管理者ログイン 3件']).toBe('accessLog.errors.action_is_finding');
    // The anomaly is still there, the record as it was.
    expect((await f.admin.ok('accessLog.get', { id: c.id })).anomalies.map((a) => a.code)).toContain('anomaly_without_action');
    // An action done says what was done, whatever words it uses.
    for (const actionTaken of ['管理者本人に確認し、正規の保守作業と判明', '該当アカウントを停止した', 'パスワードを変更した', '来月の定例会で全員に周知した', 'そのままではなく、権限を見直した']) {
      const r = await f.admin.call('accessLog.amend', { id: c.id, changes: { actionTaken }, reason: '対応の記入' });
      expect(r.ok, actionTaken).toBe(true);
    }
    f.d.close();
  });

  it('leaves the anomaly an item of the review with the action written, whatever words it is in: the safety manager judges it', async () => {
    const f = await serverRoomFixture();
    const sys = await f.admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: f.hq.id, logLocation: '/var/log', retentionMonths: 12, notes: null });
    // An action the word list does not know, that still says nothing was done (insider probe 13's way, in other words).
    const action = '担当者に引き継いだ';
    const c = await f.admin.ok('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2026-11-24', '09:30'), logsComplete: true, storedSafely: true, anomalyFound: '不明な接続元からのログイン 1件', actionTaken: action });
    expect(c.anomalies.map((a) => a.code)).not.toContain('anomaly_without_action');
    const october = { ledger: 'accessLog', siteId: f.hq.id, month: '2026-10' };
    const items = (await f.sm.ok('review.get', october)).items.filter((i) => i.subject === c.id);
    expect(items.map((i) => [i.code, i.params, i.facts])).toContainEqual(['anomaly_found', { detail: '不明な接続元からのログイン 1件' }, [{ term: 'actionTaken', values: [{ text: action }] }]]);
    // The month is not signed until she has disposed of it.
    expect(await f.sm.call('review.sign', { ...october, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(f.sm, october) })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.undisposed' } });
    await f.sm.ok('review.dispose', { ...october, subject: c.id, code: 'anomaly_found', disposition: 'follow_up', explanation: null, cause: '接続元が特定されていない', action: '接続元を特定し、次月に報告させる' });
    expect((await f.sm.ok('review.get', october)).items.find((i) => i.subject === c.id && i.code === 'anomaly_found')?.disposition).toMatchObject({ disposition: 'follow_up' });
    f.d.close();
  });
});
