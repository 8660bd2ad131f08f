import { describe, expect, it } from 'vitest';
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
    for (const actionTaken of ['調査中', '確認中', '様子見', '経過観察', '保留', '検討中', '後日確認', '今後確認します', '未定', 'まだです', '引き続き調査します', '原因調査中です', '深夜の管理者ログイン 3件', '深夜の管理者ログイン３件']) {
      const r = await f.admin.call('accessLog.amend', { id: c.id, changes: { actionTaken }, reason: '対応の記入' });
      said[actionTaken] = r.ok ? 'stored' : r.error.messageKey;
    }
    expect(Object.entries(said).filter(([, key]) => key === 'stored')).toEqual([]);
    expect(said['深夜の管理者ログイン 3件']).toBe('accessLog.errors.action_is_finding');
    // The anomaly is still there, the record as it was.
    expect((await f.admin.ok('accessLog.get', { id: c.id })).anomalies.map((a) => a.code)).toContain('anomaly_without_action');
    // An action done says what was done, whatever words it uses.
    for (const actionTaken of ['管理者本人に確認し、正規の保守作業と判明', '該当アカウントを停止した', 'パスワードを変更した']) {
      const r = await f.admin.call('accessLog.amend', { id: c.id, changes: { actionTaken }, reason: '対応の記入' });
      expect(r.ok, actionTaken).toBe(true);
    }
    f.d.close();
  });
});
