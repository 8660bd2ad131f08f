import { describe, expect, it } from 'vitest';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { jst, serverRoomFixture } from './server-room-fixture';
import { SETUP } from '../helpers/temp-daicho';

// An insider probe (SPEC §7, §11): a door terminal identifies only whom the host's copy holds, and a copy holds
// only people already in the register. An entry delivered for a time before the person was
// registered (long after the station was enrolled) could not have been taken at that door: it must be
// kept as a conflict (as one before the person's authorization is), not recorded as a clean stay.
describe('a door record dated before its person was in the register', () => {
  it('an offline entry dated hours before the person was registered (and authorized) is a conflict, not a stay', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { d, c, hq, sm } = f;
    const station = { id: 'lan:0a0b0c1f', siteId: hq.id };
    d.store.write({ actor: 'system', station: 'test' }, (tx) =>
      tx.insert('lan_stations', { id: station.id, name: '本社サーバ室', profile: 'terminal', site_id: hq.id, public_key: 'AAAA', enrolled_at: '2026-10-01T00:00:00.000Z', enrolled_by: 'system', revoked_at: null, revoke_reason: null, revoked_by: null }, { action: 'stations.enroll' }),
    );
    // A newcomer registered (with server-room authorization) at 09:00 today.
    const newcomer = await sm.ok('people.add', { name: '新井 六郎', kana: 'アライ ロクロウ', employeeNo: 'E3101', department: '情報システム部', siteId: hq.id, cardNo: 'CARD3101', serverRoomAuthorized: true });
    c.set(jst('2026-10-20', '10:00'));
    // A record "taken at the door" at 07:30 — ninety minutes before anyone had registered him.
    const out = deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c1f',
      parseDoorEntry({ id: 'pre-reg-1', kind: 'enter', personId: newcomer.id, occurredAt: jst('2026-10-20', '07:30'), purpose: 'maintenance' }), c.clock());
    const stays = d.store.db.prepare('SELECT entered_at FROM server_room_stays WHERE person_id = ?').all(newcomer.id);
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const anomalies = out.stayId ? (await sm.ok('serverRoom.get', { id: out.stayId })).anomalies.map((a) => a.code) : [];
    expect({ outcome: out.outcome, stays, anomalies }).toEqual({ outcome: 'conflict', stays: [], anomalies: [] });
    d.close();
  });

  it('the same record for a person registered long ago but authorized only at 09:00 is a conflict (control)', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { d, c, hq, sm, kimura } = f;
    const station = { id: 'lan:0a0b0c2f', siteId: hq.id };
    d.store.write({ actor: 'system', station: 'test' }, (tx) =>
      tx.insert('lan_stations', { id: station.id, name: '本社サーバ室', profile: 'terminal', site_id: hq.id, public_key: 'AAAA', enrolled_at: '2026-10-01T00:00:00.000Z', enrolled_by: 'system', revoked_at: null, revoke_reason: null, revoked_by: null }, { action: 'stations.enroll' }),
    );
    c.set(jst('2026-10-20', '09:05'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: true }, reason: '担当追加' });
    c.set(jst('2026-10-20', '10:00'));
    const out = deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c2f',
      parseDoorEntry({ id: 'pre-auth-1', kind: 'enter', personId: kimura.id, occurredAt: jst('2026-10-20', '07:30'), purpose: 'maintenance' }), c.clock());
    expect(out.outcome).toBe('conflict');
    d.close();
  });
});
