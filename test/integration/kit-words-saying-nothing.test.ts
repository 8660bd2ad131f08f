import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';

// A careless clerk's (or an insider's) words that fill a box and say nothing, found by an insider probe
// (probe 6): ー for a name, 理由なし for a reason, 未対応です for the action an anomaly asks for.

describe('words that fill a box and say nothing', () => {
  it('a visitor slip and a checkout whose required boxes hold only ー (長音符, the dash a Japanese keyboard types) are refused', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const head = d.store.journalHead().seq;
    // 「-」 and 「・」 are refused as placeholders (errors.field.placeholder); 「ー」 and its half-width 「ｰ」 look the same on paper.
    for (const dash of ['ー', 'ｰ', 'ーー'])
      expect(
        await clerk.call('visitors.add', { siteId: hq.id, name: dash, company: dash, purpose: dash, hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:40') }),
        `visitor named ${dash}`,
      ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部キャビネットB', encrypted: false, notes: null });
    const before = d.store.journalHead().seq;
    expect(
      await clerk.call('checkouts.add', { assetId: sd.id, borrowerId: sasaki.id, purpose: 'ー', destination: 'ー', checkedOutAt: jst('2026-11-24', '09:00'), dueAt: jst('2026-11-25', '18:00'), notes: null }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(d.store.journalHead().seq).toBe(before);
    expect(head).toBeLessThan(before); // only the asset was stored in between
    d.close();
  });

  it('a server-room companion, a person in the register and a site named ー or - are refused too (a review: only the kit ledgers’ boxes were)', async () => {
    const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
    const head = d.store.journalHead().seq;
    expect(
      await clerk.call('serverRoom.record', {
        siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'maintenance',
        companions: { employees: [], visitors: [{ name: 'ー', company: '-', escortPersonId: yamada.id }] },
      }),
    ).toMatchObject({ ok: false, error: { messageKey: 'errors.field.placeholder' } });
    expect(await sm.call('people.add', { name: 'ー', kana: 'ヤマダ', employeeNo: 'E9001', department: '-', siteId: hq.id, cardNo: null, serverRoomAuthorized: false })).toMatchObject({
      ok: false, error: { messageKey: 'errors.field.placeholder' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    d.close();
  });

  it('a void whose reason says there is no reason (理由なし, 何もなし, なし なし) is refused like なし', async () => {
    const { d, clerk, hq, yamada } = await serverRoomFixture();
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:40') });
    // The product's own rule: なし is no reason.
    expect(await clerk.call('visitors.void', { id: v.id, reason: 'なし' })).toMatchObject({ ok: false, error: { field: 'reason', messageKey: 'errors.field.says_nothing' } });
    for (const reason of ['理由なし', '何もなし', 'なし　なし', 'コメントなし', '特段なし'])
      expect(await clerk.call('visitors.void', { id: v.id, reason }), reason).toMatchObject({ ok: false, error: { field: 'reason', messageKey: 'errors.field.says_nothing' } });
    expect((await clerk.ok('visitors.get', { id: v.id })).status).toBe('valid');
    d.close();
  });

  it('an access-log anomaly whose "action taken" says no action was taken (未対応です, 対応していません, 何もしていない) stays an anomaly without action', async () => {
    const { d, admin, hq } = await serverRoomFixture();
    const sys = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバ', retentionMonths: 12, notes: null });
    // The product's own rule: 未対応 is refused as an action.
    expect(await admin.call('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2026-11-05', '09:30'), logsComplete: true, storedSafely: true, anomalyFound: '深夜の管理者ログイン 3件', actionTaken: '未対応' })).toMatchObject({
      ok: false, error: { field: 'actionTaken' },
    });
    const months = ['2026-10', '2026-09', '2026-08', '2026-07', '2026-06'];
    const said = ['未対応です', '対応していません', '何もしていない', '後日対応予定', 'No action taken'];
    for (let i = 0; i < said.length; i++) {
      const r = await admin.call('accessLog.add', { systemId: sys.id, month: months[i], checkedAt: jst('2026-11-05', '09:30'), logsComplete: true, storedSafely: true, anomalyFound: '深夜の管理者ログイン 3件', actionTaken: said[i] });
      // Refused at the field, as 未対応 is: empty, the action is asked about in the review.
      expect(r, said[i]).toMatchObject({ ok: false, error: { field: 'actionTaken', messageKey: 'accessLog.errors.action_none_typed' } });
    }
    d.close();
  });

  it('an action that says what was done is taken; one that says it is still in hand (調査中) is not, and the review asks about it (insider probe 13)', async () => {
    const { d, admin, hq } = await serverRoomFixture();
    const sys = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバ', retentionMonths: 12, notes: null });
    const ok = await admin.ok('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2026-11-05', '09:30'), logsComplete: true, storedSafely: true, anomalyFound: '深夜の管理者ログイン 3件', actionTaken: '本人に確認し、作業記録と一致。対応不要と判断せず手順書を改訂' });
    expect(ok.anomalies.map((a) => a.code)).not.toContain('anomaly_without_action');
    expect(await admin.call('accessLog.add', { systemId: sys.id, month: '2026-09', checkedAt: jst('2026-11-05', '09:30'), logsComplete: true, storedSafely: true, anomalyFound: '不明な接続元 1件', actionTaken: '調査中' })).toMatchObject({
      ok: false, error: { field: 'actionTaken', messageKey: 'accessLog.errors.action_none_typed' },
    });
    d.close();
  });

  it('an access-log finding that says nothing (〃, 特記なし, 異常なし。) is not stored as an anomaly found', async () => {
    const { d, admin, hq } = await serverRoomFixture();
    const sys = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバ', retentionMonths: 12, notes: null });
    for (const found of ['〃', '特記なし', '異常なし。', '同上', 'ＯＫ'])
      expect(await admin.call('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2026-11-05', '09:30'), logsComplete: true, storedSafely: true, anomalyFound: found, actionTaken: null }), found).toMatchObject({
        ok: false, error: { field: 'anomalyFound' },
      });
    d.close();
  });
});
