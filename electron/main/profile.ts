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

/** What the app is told to enroll as (SPEC §11), once: --host=URL --pair=CODE [--fingerprint=HEX]. */
export interface Enrollment {
  host: string;
  pair: string;
  fingerprint?: string;
}

function argOf(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
}

/** The enrollment the command line asks for; null when it asks for none; an error when it names only half of one. */
export function readEnrollment(argv: string[]): Enrollment | null {
  const host = argOf(argv, 'host');
  const pair = argOf(argv, 'pair');
  const fingerprint = argOf(argv, 'fingerprint');
  if (host === undefined && pair === undefined) return null;
  if (!host || !pair) throw new Error('To enroll the app as a station, give both --host=https://ADDRESS:PORT and --pair=CODE. / 端末として登録するには --host と --pair の両方を指定してください。');
  return { host, pair, ...(fingerprint ? { fingerprint } : {}) };
}
