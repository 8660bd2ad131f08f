import { describe, expect, it } from 'vitest';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { jst, serverRoomFixture } from './server-room-fixture';
import { SETUP } from '../helpers/temp-daicho';

// An insider probe (SPEC §3 rules; README "a person a record names was active at its time"): an offline door's
// copy of 08:00 still held 佐々木; he left the company at 09:30. An entry dated after he left must be
// kept as a conflict, never a stay of someone who had left.
describe('a door record dated after its person left', () => {
  it('an offline entry dated after the person was marked as left is a conflict', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '08:00'));
    const { d, c, hq, sm, sasaki } = f;
    const station = { id: 'lan:0a0b0c3f', siteId: hq.id };
    d.store.write({ actor: 'system', station: 'test' }, (tx) =>
      tx.insert('lan_stations', { id: station.id, name: '本社サーバ室', profile: 'terminal', site_id: hq.id, public_key: 'AAAA', enrolled_at: '2026-10-01T00:00:00.000Z', enrolled_by: 'system', revoked_at: null, revoke_reason: null, revoked_by: null }, { action: 'stations.enroll' }),
    );
    c.set(jst('2026-10-20', '09:30'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('people.setActive', { id: sasaki.id, active: false, reason: '退職' });
    c.set(jst('2026-10-20', '10:00'));
    const out = deliverDoorEntry(d.store, d.settings, station, 'terminal:HQ:lan:0a0b0c3f',
      parseDoorEntry({ id: 'after-left-1', kind: 'enter', personId: sasaki.id, occurredAt: jst('2026-10-20', '09:40'), purpose: 'maintenance' }), c.clock());
    expect(out.outcome).toBe('conflict');
    expect(d.store.db.prepare('SELECT count(*) AS n FROM server_room_stays WHERE person_id = ?').get(sasaki.id)).toEqual({ n: 0 });
    d.close();
  });
});
