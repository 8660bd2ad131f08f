import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lanListener } from '../../electron/host/lan-server';
import { enrollStation, readStation, StationClient } from '../../electron/station/station';
import { LAN_HEADERS, LAN_PATHS, type SignedHead } from '../../shared/lan';
import { stationKeys } from '../helpers/station-keys';
import { openTemp, SETUP, setUp, signInFirst, tempDir } from '../helpers/temp-daicho';
import { freePort } from '../helpers/net';

// Found by an insider probe (no station credentials needed): after putting the host's data back to an
// older copy, the insider sent ONE unauthenticated request to the LAN listener claiming to be the honest
// station, carrying its heads (seq and hash, known from the discarded journal) with a junk signature.
// WitnessWatch.check remembered "station|seq|hash" as checked before it verified the signature, so the
// honest station's real, host-signed heads were skipped: no lan.witness_mismatch, no alarm. A head is
// now remembered only once its signature holds (lan/witness-alarm.ts).

function rawPost(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = https.request({ host: u.hostname, port: Number(u.port), path: LAN_PATHS.call, method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the station witness alarm and a forged header', () => {
  it('an unauthenticated request with forged-signature heads must not stop the real heads from raising the alarm', async () => {
    const dir = tempDir('daicho-witness-forged-');
    const port = await freePort('127.0.0.2');
    let d = await openTemp({ dir });
    const { admin } = await setUp(d);
    let lan = lanListener(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('lan.configure', { enabled: true, address: '127.0.0.2', port });
    const pairing = await admin.ok('stations.pair', { name: '事務PC', profile: 'desk' });
    const stDir = path.join(tempDir('daicho-witness-forged-st-'), 'station');
    const config = await enrollStation(stDir, `https://127.0.0.2:${port}`, pairing.code, { keyStore: stationKeys(stDir) });
    await lan.close();
    d.close();
    const old = path.join(tempDir('daicho-witness-forged-old-'), 'copy');
    fs.cpSync(dir, old, { recursive: true });

    // Work goes on; the honest station sees the journal grow.
    d = await openTemp({ dir });
    lan = lanListener(d);
    await lan.apply();
    const sm = await signInFirst(d, 'safetyManager');
    const sites = await sm.ok('sites.list', {});
    await sm.ok('people.add', { name: '記録 一郎', kana: 'キロク イチロウ', employeeNo: 'R0001', department: '総務部', siteId: sites[0].id, cardNo: null, serverRoomAuthorized: false });
    const client = new StationClient(config, (await readStation(stDir, stationKeys(stDir)))!.key, stDir);
    expect((await client.call({ method: 'setup.status', input: {}, token: null })).result.ok).toBe(true);
    expect((await client.call({ method: 'setup.status', input: {}, token: null })).result.ok).toBe(true);
    const honestHeader = client.witness.header()!;
    const honestHeads = JSON.parse(Buffer.from(honestHeader, 'base64').toString('utf8')) as SignedHead[];
    await lan.close();
    d.close();

    // Rollback to the old copy.
    fs.rmSync(dir, { recursive: true });
    fs.cpSync(old, dir, { recursive: true });
    d = await openTemp({ dir });
    lan = lanListener(d);
    await lan.apply();
    expect(d.store.journalHead().seq).toBeLessThan(honestHeads[0].seq);

    // The insider: no keys, one request, same seq/hash, signature garbage, claiming the honest station's id.
    const forged = honestHeads.map((h) => ({ ...h, signature: 'A'.repeat(88) }));
    const status = await rawPost(`https://127.0.0.2:${port}`, {
      [LAN_HEADERS.station]: config.stationId, [LAN_HEADERS.time]: new Date().toISOString(), [LAN_HEADERS.nonce]: '0'.repeat(32), [LAN_HEADERS.signature]: 'A'.repeat(88),
      [LAN_HEADERS.witness]: Buffer.from(JSON.stringify(forged)).toString('base64'),
    }, '{"method":"setup.status","input":{}}');
    expect(status).toBe(401);

    // The honest station now calls with its real, host-signed heads.
    const r = await client.call({ method: 'setup.status', input: {}, token: null });
    expect(r.result.ok).toBe(true);
    const sm2 = await signInFirst(d, 'safetyManager');
    const alarms = await sm2.ok('lan.witnessAlarms', {});
    await lan.close();
    d.close();
    // The rollback is reported: cut short, or (the refused request's own row has reached the station's
    // head by now) rewritten.
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms.every((a) => a.kind === 'cut' || a.kind === 'rewritten')).toBe(true);
  }, 60_000);
});
