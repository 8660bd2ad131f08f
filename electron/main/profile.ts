import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** SPEC §7/§9: a desk PC, or the server-room door terminal (one full-screen kiosk window). */
export type StationProfile = 'desk' | 'terminal';

export interface Station {
  profile: StationProfile;
  /** Written on every journal row made from this station. */
  name: string;
}

/** The station's own settings file, beside the data: {"profile": "terminal", "name": "server-room-door"}. */
export const STATION_FILE = 'station.json';

function readStationFile(userDataDir: string): { profile?: string; name?: string } {
  try {
    return JSON.parse(fs.readFileSync(path.join(userDataDir, STATION_FILE), 'utf8')) as { profile?: string; name?: string };
  } catch {
    return {};
  }
}

/** --profile=terminal on the command line, else DAICHO_PROFILE, else station.json, else desk. */
export function readStation(argv: string[], env: NodeJS.ProcessEnv, userDataDir: string): Station {
  const file = readStationFile(userDataDir);
  const i = argv.findIndex((a) => a === '--profile' || a.startsWith('--profile='));
  const fromArgv = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const wanted = fromArgv ?? env.DAICHO_PROFILE ?? file.profile;
  const profile: StationProfile = wanted === 'terminal' ? 'terminal' : 'desk';
  const base = (file.name ?? os.hostname()).replace(/[^\w.-]/g, '_').slice(0, 40);
  return { profile, name: `${profile}:${base}` };
}
