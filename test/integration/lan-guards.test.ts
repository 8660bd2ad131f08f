import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrollStation, readStation, StationClient } from '../../electron/station/station';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { lanHost } from '../helpers/lan-host';
import { lanListener } from '../../electron/host/lan-server';
import { openStation } from '../../electron/station/serve-station';
import { stationKeys } from '../helpers/station-keys';
import { serverRoomFixture } from './server-room-fixture';
import { Caller, openTemp, SETUP, setUp, SM_APPROVAL, tempDir } from '../helpers/temp-daicho';
import { testAction } from '../helpers/test-action';

// Issue 13 (SPEC §11): an office LAN without internet has no time server, and PCs drift. A station
// whose clock is off by more than the 2-minute window is refused once as stale, learns the host's
// time from the answer (over the pinned link) and signs again; its offline records are stamped with
// the host's time too. The refusal is journaled; the retried request is not refused.

describe('the host and its stations, guarded (issue 13)', () => {
  it('listens on one address of this PC: an address meaning every network, a broadcast or a multicast one is refused and nothing is stored (an insider probe)', async () => {
    const d = await openTemp();
    const { admin } = await setUp(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const before = d.settings.get('lan.listener');
    // Written as IPv6 too: ::ffff:0:0 is 0.0.0.0, and listened on every IPv4 network (a second probe).
    for (const address of ['0.0.0.0', '::', '0:0::0', '255.255.255.255', '224.0.0.1', 'ff02::1', '::ffff:0:0', '0:0:0:0:0:ffff:0:0', '::FFFF:0:0', '::ffff:ffff:ffff', '::ffff:e000:1'])
      expect({ address, r: await admin.call('lan.configure', { enabled: true, address, port: 8443 }) }).toMatchObject({
        address, r: { ok: false, error: { code: 'invalid_input', issues: [{ field: 'address', messageKey: 'lan.errors.address_every' }] } },
      });
    expect(await admin.call('lan.configure', { enabled: true, address: '192.168.1.300', port: 8443 })).toMatchObject({ ok: false, error: { issues: [{ field: 'address', messageKey: 'lan.errors.address' }] } });
    expect(d.settings.get('lan.listener')).toEqual(before);
    // Such an address kept from an earlier version is not listened on, and the screen says why.
    const who = { actor: 'cli', station: 'test' };
    await d.lan.ensureIdentity(who);
    d.store.write(who, (tx) => d.settings.set(tx, 'lan.listener', { enabled: true, address: '0.0.0.0', port: 0 }));
    const listener = lanListener(d);
    await listener.apply();
    expect(await admin.ok('lan.status', {})).toMatchObject({ enabled: true, address: '0.0.0.0', listening: false, problem: 'lan.problems.every_network' });
    // It is turned off as it stands (the settings form sends its address back), and then on, on one address.
    expect(await admin.ok('lan.configure', { enabled: false, address: '0.0.0.0', port: 8443 })).toMatchObject({ enabled: false });
    expect(await admin.ok('lan.configure', { enabled: true, address: '::ffff:c0a8:114', port: 8443 })).toMatchObject({ enabled: true });
    await listener.close();
    d.close();
  });

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

  it('a flood of made-up stations from many addresses does not use up the journal rows a revoked station’s tries are written in (an insider probe)', async () => {
    const d = await openTemp();
    const { admin } = await setUp(d);
    const { listener, enroll } = await lanHost(d, admin);
    try {
      const dir = await enroll('総務課の事務PC', 'desk');
      const station = (await readStation(dir, stationKeys(dir)))!;
      await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
      await admin.ok('stations.revoke', { id: station.config.stationId, reason: '事務PCの入れ替え' });
      const refused = (reason: string) =>
        (d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'lan.refused' AND json_extract(after, '$.reason') = ?").get(reason) as { n: number }).n;
      // 200 requests of made-up stations, each from an address of its own (a LAN of many PCs, or one changing its address).
      for (let i = 0; i < 200; i++) {
        const out = d.lan.authenticate({ station: `lan:${randomBytes(4).toString('hex')}`, time: new Date().toISOString(), nonce: randomBytes(16).toString('hex'), signature: randomBytes(64).toString('base64'), path: '/api', body: Buffer.from('{}'), address: `10.0.${i >> 8}.${i & 255}` });
        expect(out).toEqual({ refused: 'unenrolled' });
      }
      expect(refused('unenrolled')).toBeLessThan(200);
      // …and of the revoked station's own id, with an old time and no key (a review: taken for its own refusals, they used its budget up).
      for (let i = 0; i < 200; i++) {
        const out = d.lan.authenticate({ station: station.config.stationId, time: new Date(Date.now() - 3_600_000).toISOString(), nonce: randomBytes(16).toString('hex'), signature: randomBytes(64).toString('base64'), path: '/api', body: Buffer.from('{}'), address: `10.1.${i >> 8}.${i & 255}` });
        expect(out).toEqual({ refused: 'bad_signature' });
      }
      // The revoked station still tries: its refusal is written.
      const client = await StationClient.open(dir, stationKeys(dir));
      expect((await client.call({ method: 'auth.session', input: {}, token: null })).result).toMatchObject({ ok: false, error: { params: { reason: 'revoked' } } });
      expect(refused('revoked')).toBe(1);
    } finally {
      await listener.close();
      d.close();
    }
  });

  it('a door terminal is paired only with a safety manager’s approval, journaled with the pairing; a desk station needs none (an insider probe: an administrator alone paired a door of his own)', async () => {
    const f = await serverRoomFixture(new Date().toISOString());
    const { d, admin, hq } = f;
    const { listener, url } = await lanHost(d, admin);
    try {
      const pairs = () => d.store.db.prepare("SELECT json_extract(after, '$.approvedBy') AS approvedBy, json_extract(after, '$.profile') AS profile FROM journal WHERE action = 'stations.pair' ORDER BY seq").all();
      const before = pairs().length;
      const door = { name: '本社サーバルーム入口', profile: 'terminal' as const, siteId: hq.id };
      expect(await admin.call('stations.pair', door)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ field: 'approval', messageKey: 'lan.errors.terminal_approval' }] } });
      expect(await admin.call('stations.pair', { ...door, approval: { ...SM_APPROVAL, approverPassword: 'Chigau-pass-0000' } })).toMatchObject({ ok: false, error: { field: 'approval.approverPassword' } });
      // The administrator cannot approve it himself, nor a colleague who is no safety manager.
      expect(await admin.call('stations.pair', { ...door, approval: { approverLoginId: SETUP.sysadmin.loginId, approverPassword: SETUP.sysadmin.password } })).toMatchObject({ ok: false, error: { field: 'approval.approverLoginId', messageKey: 'accounts.errors.approver_not_safety_manager' } });
      expect(pairs()).toHaveLength(before);
      const sm = d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(SETUP.safetyManager.loginId) as { id: string };
      expect(await admin.ok('stations.pair', { ...door, approval: SM_APPROVAL })).toMatchObject({ profile: 'terminal', code: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/) });
      expect(await admin.ok('stations.pair', { name: '総務課の事務PC', profile: 'desk' })).toMatchObject({ profile: 'desk' });
      expect(pairs().slice(before)).toEqual([{ approvedBy: sm.id, profile: 'terminal' }, { approvedBy: null, profile: 'desk' }]);
      // She is told at her next sign-in, as of every approval of hers used.
      const told = (await f.sm.ok('auth.session', {}))!.notices.filter((n) => n.kind === 'approval_used' && n.detail?.action === 'stations.pair');
      expect(told).toMatchObject([{ byName: SETUP.sysadmin.displayName, detail: { name: '本社サーバルーム入口', siteName: '本社' } }]);
      // A door's code is void once its approver is no safety manager any more (within its ten minutes).
      const again = await admin.ok('stations.pair', { ...door, name: '本社サーバルーム裏口', approval: SM_APPROVAL });
      d.store.write({ actor: 'system', station: 'test' }, (tx) => tx.update('accounts', sm.id, { status: 'suspended' }, { action: testAction('test.suspend') }));
      const doorDir = path.join(tempDir(), 'door');
      await expect(enrollStation(doorDir, url, again.code, { keyStore: stationKeys(doorDir) })).rejects.toThrow('lan.errors.no_code');
      expect(d.store.db.prepare("SELECT count(*) AS n FROM lan_stations WHERE name = '本社サーバルーム裏口'").get()).toEqual({ n: 0 });
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
  it('a door takes its times from the host heard with its copy, and does not start on a queue deleted at the door (insider probe 10)', async () => {
    const f = await serverRoomFixture(new Date().toISOString());
    const d = f.d;
    const { listener, enroll } = await lanHost(d, f.admin);
    try {
      const dir = await enroll('入口', 'terminal', f.hq.id);
      const door = (await openStation(dir, stationKeys(dir))).door!;
      await door.refresh(true);
      // The host stops answering: the door records offline, its entry's time the host's (not marked as the PC's own).
      await listener.close();
      const who = (await door.call('terminal.identify', { cardNo: 'CARD1001' })).result;
      expect(who).toMatchObject({ ok: true });
      const ticket = (who as { value: { ticket: string } }).value.ticket;
      expect((await door.call('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: [], visitors: [] } })).result).toMatchObject({ ok: true });
      expect(door.queue.pending()).toEqual([expect.not.objectContaining({ unanchored: expect.anything() })]);
      door.close();
      // Its queue deleted (no key needed): the door does not start on a new, empty one.
      for (const n of fs.readdirSync(dir)) if (n.startsWith('door-queue.db')) fs.rmSync(path.join(dir, n));
      await expect(openStation(dir, stationKeys(dir))).rejects.toThrow(/door-queue\.db/);
      expect(fs.readdirSync(dir).filter((n) => n.startsWith('door-queue.db'))).toEqual([]);
    } finally {
      await listener.close().catch(() => undefined);
      d.close();
    }
  });
  it('a door keeps working, and delivers what it queued, after the administrator who enrolled it is suspended; the stations list says so (an insider probe)', async () => {
    const f = await serverRoomFixture(new Date().toISOString());
    const { d, admin, hq } = f;
    const { listener, enroll, url } = await lanHost(d, admin);
    try {
      const dir = await enroll('サーバルーム入口', 'terminal', hq.id);
      const door = (await openStation(dir, stationKeys(dir))).door!;
      expect((await door.call('terminal.identify', { cardNo: 'CARD1001' })).result).toMatchObject({ ok: true });
      // A code the leaving administrator issued before the suspension (used below, after it).
      const { code } = await admin.ok('stations.pair', { name: '持ち出しPC', profile: 'terminal', siteId: hq.id, approval: SM_APPROVAL });
      // A record the door took while the link was down waits in its queue.
      door.queue.add({ id: 'q-1', kind: 'enter', personId: f.sasaki.id, personName: '佐々木 次郎', occurredAt: new Date(Date.now() - 60_000).toISOString(), purpose: 'maintenance' });
      // A second administrator suspends the first, who left the company (Art. 16(5)).
      const second = { loginId: 'ito.admin', displayName: '伊藤 翼', password: 'Umi-no-soko-6620' };
      await admin.ok('accounts.create', { loginId: second.loginId, displayName: second.displayName, roles: ['sysadmin'], password: 'Kari-no-pass-8301', approval: SM_APPROVAL });
      const admin2 = new Caller(d);
      await admin2.ok('auth.signIn', { loginId: second.loginId, password: 'Kari-no-pass-8301' });
      await admin2.ok('auth.changePassword', { currentPassword: 'Kari-no-pass-8301', newPassword: second.password });
      await admin2.ok('auth.elevate', { password: second.password });
      const sato = (await admin2.ok('accounts.list', {})).find((a) => a.loginId === SETUP.sysadmin.loginId)!;
      await admin2.ok('accounts.suspend', { id: sato.id, reason: '退職', plannedDeletionOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) });
      // Their code is void with them: it enrolls no door (which would take the site's card numbers and PIN hashes).
      const late = path.join(tempDir(), 'late-door');
      await expect(enrollStation(late, url, code, { keyStore: stationKeys(late) })).rejects.toThrow(/no_code/);

      await door.flush();
      expect(door.waiting()).toBe(0);
      expect(d.store.db.prepare('SELECT id, outcome FROM door_deliveries').all()).toEqual([{ id: 'q-1', outcome: 'recorded' }]);
      expect((await door.call('terminal.identify', { cardNo: 'CARD1001' })).result).toMatchObject({ ok: true, value: { personName: '山田 太郎' } });
      expect((await admin2.ok('stations.enrolled', {}))[0]).toMatchObject({ name: 'サーバルーム入口', enrolledByName: SETUP.sysadmin.displayName, enrolledByActive: false, revokedAt: null });
      // Revoking it is the act that ends it.
      await admin2.ok('stations.revoke', { id: (await admin2.ok('stations.enrolled', {}))[0].id, reason: '管理者の退職に伴い再登録' });
      expect((await door.call('terminal.identify', { cardNo: 'CARD1001' })).result).toMatchObject({ ok: false });
      door.close();
    } finally {
      await listener.close();
      d.close();
    }
  });

  it('a door the host cannot start a session for is answered with a refusal, never a server error', async () => {
    const f = await serverRoomFixture(new Date().toISOString());
    const { listener, enroll } = await lanHost(f.d, f.admin);
    try {
      const dir = await enroll('入口', 'terminal', f.hq.id);
      const door = (await openStation(dir, stationKeys(dir))).door!;
      // Its site's row gone from under it (a state no act makes; the host must still answer in words).
      f.d.store.db.pragma('foreign_keys = OFF');
      f.d.store.db.prepare('UPDATE lan_stations SET site_id = ?').run('no-such-site');
      expect((await door.call('terminal.identify', { cardNo: 'CARD1001' })).result).toEqual({ ok: false, error: expect.objectContaining({ code: 'not_found', messageKey: 'serverRoom.errors.site' }) });
      door.close();
    } finally {
      await listener.close();
      f.d.close();
    }
  });
});
