import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lanListener } from '../../electron/host/lan-server';
import { enrollStation, StationClient } from '../../electron/station/station';
import { stationKeys } from '../helpers/station-keys';
import { openTemp, SETUP, signInFirst, tempDir } from '../helpers/temp-daicho';
import { freePort } from '../helpers/net';

// Found by an insider probe (sysadmin): the host's data folder put back to a copy taken before a
// station was enrolled. The station's every request was refused as "unenrolled" before the host looked
// at the signed heads it carries, so the witness alarm (SPEC §11) never rose. The heads are signed by
// the host's own certificate: they are checked whoever sends them.

describe('the data put back to a copy from before a station was enrolled', () => {
  it('the heads a refused station carries still raise the witness alarm', async () => {
    const dir = tempDir('witness-restore-');
    const port = await freePort('127.0.0.2');
    let d = await openTemp({ dir });
    const { setUp } = await import('../helpers/temp-daicho');
    const { admin } = await setUp(d);
    let lan = lanListener(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('lan.configure', { enabled: true, address: '127.0.0.2', port });
    await lan.close();
    d.close();
    // The "backup": the data folder as it is now (no station yet).
    const old = path.join(tempDir('zz-old-'), 'copy');
    fs.cpSync(dir, old, { recursive: true });

    // Work goes on: a desk station is enrolled and sees the journal grow.
    d = await openTemp({ dir });
    lan = lanListener(d);
    await lan.apply();
    const admin2 = await signInFirst(d, 'sysadmin');
    await admin2.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const pairing = await admin2.ok('stations.pair', { name: '事務PC', profile: 'desk' });
    const stDir = path.join(tempDir('zz-st-'), 'station');
    const config = await enrollStation(stDir, `https://127.0.0.2:${port}`, pairing.code, { keyStore: stationKeys(stDir) });
    const sm = await signInFirst(d, 'safetyManager');
    const sites = await sm.ok('sites.list', {});
    await sm.ok('people.add', { name: '記録 一郎', kana: 'キロク イチロウ', employeeNo: 'R0001', department: '総務部', siteId: sites[0].id, cardNo: null, serverRoomAuthorized: false });
    const { readStation } = await import('../../electron/station/station');
    const client = new StationClient(config, (await readStation(stDir, stationKeys(stDir)))!.key, stDir);
    expect((await client.call({ method: 'setup.status', input: {}, token: null })).result.ok).toBe(true);
    const seen = client.witness.head!;
    expect(seen.seq).toBeGreaterThan(0);
    await lan.close();
    d.close();

    // The administrator puts the old copy back (no key needed) and starts the host again.
    fs.rmSync(dir, { recursive: true });
    fs.cpSync(old, dir, { recursive: true });
    d = await openTemp({ dir });
    lan = lanListener(d);
    await lan.apply();
    expect(d.store.journalHead().seq).toBeLessThan(seen.seq);
    // The station keeps calling with the heads it saw; the host refuses it (it knows no such station).
    const r = await client.call({ method: 'setup.status', input: {}, token: null });
    expect(r.result).toMatchObject({ ok: false, error: { params: { reason: 'unenrolled' } } });
    // What should happen: those heads are signed by this host's own certificate; the journal no longer
    // holds them, so the dashboard of the safety manager says so.
    const sm2 = await signInFirst(d, 'safetyManager');
    const alarms = await sm2.ok('lan.witnessAlarms', {});
    await lan.close();
    d.close();
    expect(alarms.map((a) => a.kind)).toContain('cut');
  }, 60_000);
});
