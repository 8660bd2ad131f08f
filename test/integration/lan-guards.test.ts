import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStation, StationClient } from '../../electron/station/station';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { lanHost } from '../helpers/lan-host';
import { openStation } from '../../electron/station/serve-station';
import { stationKeys } from '../helpers/station-keys';
import { serverRoomFixture } from './server-room-fixture';
import { openTemp, SETUP, setUp, tempDir } from '../helpers/temp-daicho';

// Issue 13 (SPEC §11): an office LAN without internet has no time server, and PCs drift. A station
// whose clock is off by more than the 2-minute window is refused once as stale, learns the host's
// time from the answer (over the pinned link) and signs again; its offline records are stamped with
// the host's time too. The refusal is journaled; the retried request is not refused.

describe('the host and its stations, guarded (issue 13)', () => {
  it('a station whose clock drifted signs with the time the host says, after one refusal as stale', async () => {
    const ahead = 11 * 60_000; // the host's clock runs 11 minutes ahead of this PC's
    const d = await openTemp({ clock: () => new Date(Date.now() + ahead) });
    const { admin } = await setUp(d);
    const { listener, enroll } = await lanHost(d, admin);
    try {
      const dir = await enroll('総務課の事務PC', 'desk');
      const client = await StationClient.open(dir, stationKeys(dir));
      expect(Math.abs(client.now().getTime() - Date.now())).toBeLessThan(1000); // nothing learnt yet
      expect((await client.call({ method: 'auth.session', input: {}, token: null })).result).toEqual({ ok: true, value: null });
      expect(Math.abs(client.now().getTime() - (Date.now() + ahead))).toBeLessThan(5000);
      // Later calls are signed with the host's time at once.
      const refusals = () => (d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'lan.refused'").get() as { n: number }).n;
      const before = refusals();
      expect(before).toBe(1); // the first, stale try
      expect((await client.call({ method: 'auth.session', input: {}, token: null })).result).toEqual({ ok: true, value: null });
      expect(refusals()).toBe(before);
      expect(fs.existsSync(path.join(dir, 'witness.json'))).toBe(true);
    } finally {
      await listener.close();
      d.close();
    }
  });

  it('a flood of requests from made-up stations is refused with a few journal rows, not one per request; a station session is nothing elsewhere', async () => {
    const d = await openTemp();
    const { admin } = await setUp(d);
    const { listener, enroll } = await lanHost(d, admin);
    try {
      const dir = await enroll('総務課の事務PC', 'desk');
      const real = (await readStation(dir, stationKeys(dir)))!;
      const refused = () => (d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'lan.refused'").get() as { n: number }).n;
      const before = refused();
      for (let i = 0; i < 60; i++) {
        const fake = new StationClient({ ...real.config, stationId: `lan:${randomBytes(4).toString('hex')}` }, generateKeyPairSync('ed25519').privateKey, path.join(tempDir(), 'fake'));
        expect((await fake.call({ method: 'auth.session', input: {}, token: null })).result).toMatchObject({ ok: false, error: { params: { reason: 'unenrolled' } } });
      }
      expect(refused() - before).toBe(1);
      // A session signed in through the station is nothing on this PC's own window (and the other way round).
      const client = await StationClient.open(dir, stationKeys(dir));
      const signedIn = await client.call({ method: 'auth.signIn', input: { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password }, token: null });
      expect(signedIn.result).toMatchObject({ ok: true });
      const out = await d.dispatcher.call({ token: signedIn.token!, method: 'auth.session', input: {}, station: 'browser:host-pc' });
      expect(out.result).toEqual({ ok: true, value: null });
      expect((await client.call({ method: 'auth.session', input: {}, token: signedIn.token! })).result).toMatchObject({ ok: true, value: { loginId: SETUP.sysadmin.loginId } });
      expect((await client.call({ method: 'auth.session', input: {}, token: admin.token })).result).toEqual({ ok: true, value: null });
    } finally {
      await listener.close();
      d.close();
    }
  });

  it('a record the host refuses as malformed is kept aside at the door, and the ones after it are delivered', async () => {
    const f = await serverRoomFixture(new Date().toISOString());
    const d = f.d;
    const { listener, enroll } = await lanHost(d, f.admin);
    try {
      const dir = await enroll('入口', 'terminal', f.hq.id);
      const door = (await openStation(dir, stationKeys(dir))).door!;
      const at = new Date(Date.now() - 60_000).toISOString();
      door.queue.add({ id: 'bad-1', kind: 'enter', personId: 'no-such-person', personName: '?', occurredAt: at, purpose: 'maintenance' });
      door.queue.add({ id: 'good-1', kind: 'enter', personId: f.yamada.id, personName: '山田 太郎', occurredAt: at, purpose: 'maintenance' });
      await door.flush();
      expect(door.waiting()).toBe(0);
      expect(door.rejected()).toBe(1);
      expect((d.store.db.prepare('SELECT id, outcome FROM door_deliveries').all() as { id: string; outcome: string }[])).toEqual([{ id: 'good-1', outcome: 'recorded' }]);
      door.close();
    } finally {
      await listener.close();
      d.close();
    }
  });
});
