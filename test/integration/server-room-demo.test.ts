import { describe, expect, it } from 'vitest';
import { SERVER_ROOM_ANOMALY_CODES } from '../../shared/ledgers/serverRoom';
import { seedServerRoomDemo } from '../../electron/core/ledgers/server-room/demo';
import { openTemp, SETUP, setUp } from '../helpers/temp-daicho';
import { jst, manualClock } from './server-room-fixture';

describe('server-room demo data (for `daicho demo`)', () => {
  it('writes months of realistic stays through the one write path, breaking every anomaly rule a few times, and verifies', async () => {
    const c = manualClock('2026-07-20T00:00:00.000Z');
    const d = await openTemp({ clock: c.clock });
    const { sm } = await setUp(d);
    const sites = await sm.ok('sites.list', {});
    const people: string[] = [];
    const names = ['山田 太郎', '佐々木 次郎', '木村 三郎', '森 四郎', '岡田 五郎', '中川 六郎', '石井 七海'];
    for (const [i, name] of names.entries()) {
      const p = await sm.ok('people.add', {
        name, kana: 'テスト', employeeNo: `E${1001 + i}`, department: '情報システム部', siteId: sites[i % 2].id, cardNo: `CARD${1001 + i}`, serverRoomAuthorized: i !== 2,
      });
      people.push(p.id);
    }
    const smId = (d.store.db.prepare("SELECT id FROM accounts WHERE login_id = 'suzuki.sm'").get() as { id: string }).id;
    const now = new Date(jst('2026-11-24', '10:00'));
    const result = seedServerRoomDemo(d, { siteIds: sites.map((s) => s.id), personIds: people, clerkAccountId: smId, from: '2026-08-01', to: '2026-11-23', now });

    expect(result.stays).toBeGreaterThan(100);
    expect(result.openNow).toBe(2);
    expect(result.refusals).toBeGreaterThanOrEqual(2);
    for (const code of SERVER_ROOM_ANOMALY_CODES) expect({ code, found: result.anomalies[code] > 0 }).toEqual({ code, found: true });

    // The journal reads like real use: in time order, no clock anomaly, and it verifies.
    const times = (d.store.db.prepare('SELECT at FROM journal ORDER BY seq').all() as { at: string }[]).map((r) => r.at);
    expect([...times].sort()).toEqual(times);
    expect(d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'clock.anomaly'").get()).toEqual({ n: 0 });
    expect(d.verify()).toMatchObject({ ok: true });

    // And the desk sees it.
    c.set(now.toISOString());
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const oct = await sm.ok('serverRoom.list', { month: '2026-10', siteId: sites[0].id, pageSize: 500 });
    expect(oct.total).toBeGreaterThan(10);
    expect(oct.rows.every((r) => r.recordedAt >= r.enteredAt)).toBe(true);
    const inside = await sm.ok('serverRoom.inside', {});
    expect(inside.map((s) => s.stays.length)).toEqual([1, 1]);
    const amended = d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action IN ('serverRoom.amend', 'serverRoom.void')").get() as { n: number };
    expect(amended.n).toBe(8); // one correction and one void a month

    // Every month's review (Art. 13(1)) has each kind of anomaly to look at, at every site.
    for (const site of sites) {
      for (const month of ['2026-08', '2026-09', '2026-10']) {
        const list = await sm.ok('serverRoom.list', { month, siteId: site.id, pageSize: 500 });
        const found = new Set(list.rows.flatMap((r) => r.anomalies.map((a) => a.code)));
        expect({ site: site.code, month, missing: SERVER_ROOM_ANOMALY_CODES.filter((code) => !found.has(code)) }).toEqual({ site: site.code, month, missing: [] });
      }
    }
    d.close();
  });

  it('writes through the app’s watchers: a void that takes an anomaly away is noted for the review (Store.atClock)', async () => {
    const c = manualClock('2026-10-20T03:00:00.000Z');
    const d = await openTemp({ clock: c.clock });
    const { sm } = await setUp(d);
    const [hq] = await sm.ok('sites.list', {});
    const p = await sm.ok('people.add', { name: '木村 三郎', kana: 'キムラ サブロウ', employeeNo: 'E1003', department: '情報システム部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false });
    const stay = await sm.ok('serverRoom.record', { siteId: hq.id, personId: p.id, enteredAt: jst('2026-10-20', '10:00'), exitedAt: jst('2026-10-20', '11:00'), purpose: 'maintenance' });
    expect(stay.anomalies.map((a) => a.code)).toEqual(['not_authorized']);
    const demoStore = d.store.atClock(() => new Date(jst('2026-10-20', '12:30')));
    demoStore.write({ actor: 'demo', station: 'demo' }, (tx) => tx.update('server_room_stays', stay.id, { status: 'void', void_reason: '二重登録' }, { action: 'serverRoom.void', reason: '二重登録' }));
    const cleared = d.store.db.prepare('SELECT code, record_id FROM cleared_anomalies').all();
    expect(cleared).toEqual([{ code: 'not_authorized', record_id: stay.id }]);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});
