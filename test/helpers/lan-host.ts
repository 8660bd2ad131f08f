import path from 'node:path';
import type { Daicho } from '../../electron/core/daicho';
import { lanListener, type LanListener } from '../../electron/host/lan-server';
import { enrollStation } from '../../electron/station/station';
import type { StationProfile } from '../../shared/lan';
import { freePort } from './net';
import { stationKeys } from './station-keys';
import { SETUP, SM_APPROVAL, tempDir, type Caller } from './temp-daicho';

/**
 * A real Daicho as a ledger host on 127.0.0.2 (its LAN listener on a free port, turned on by the
 * administrator given), and a way to enroll stations into temp folders with real pairing codes.
 */
export async function lanHost(d: Daicho, admin: Caller): Promise<{ url: string; listener: LanListener; enroll(name: string, profile: StationProfile, siteId?: string, dir?: string): Promise<string> }> {
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const listener = lanListener(d);
  const port = await freePort('127.0.0.2');
  await admin.ok('lan.configure', { enabled: true, address: '127.0.0.2', port });
  const url = `https://127.0.0.2:${port}`;
  return {
    url,
    listener,
    enroll: async (name, profile, siteId, dir = path.join(tempDir(), 'station')) => {
      // A door terminal's pairing is approved by the safety manager (Art. 15's second person).
      const { code } = await admin.ok('stations.pair', { name, profile, ...(siteId ? { siteId } : {}), ...(profile === 'terminal' ? { approval: SM_APPROVAL } : {}) });
      await enrollStation(dir, url, code, { keyStore: stationKeys(dir) });
      return dir;
    },
  };
}
