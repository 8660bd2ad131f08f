import { z } from 'zod';
import { method } from './kit';
import { id, line, msg, reason, text } from './schemas';
import { STATION_PROFILES, type StationProfile } from '../lan';
import { approval } from './core-contract';

// SPEC §11 (issue 13): one ledger host and its stations on the office LAN. A system administrator
// turns the listener on (an address and port of this PC), shows a one-time pairing code for each
// new station, sees every station's state, and revokes one. Calls from stations then carry this
// same contract (the station's transport, electron/station/).

export const DEFAULT_LAN_PORT = 8471;

export interface LanListenerSetting {
  enabled: boolean;
  /** An IP address of this PC on the office network (never a host name: nothing is looked up). */
  address: string;
  port: number;
}

export interface LanStatus extends LanListenerSetting {
  /** The host certificate's SHA-256 fingerprint (hex), once made (the first time the listener is turned on). */
  fingerprint: string | null;
  /** The listener is up now (an address in use, or no shell that serves the LAN, keeps it down). */
  listening: boolean;
  /** Why it is not listening though enabled: a message key. */
  problem: string | null;
  /** When this host started: stations' calls (contacts, refusals) are known from then on (kept in memory only). */
  startedAt: string;
}

export interface LanStationInfo {
  id: string;
  name: string;
  profile: StationProfile;
  siteId: string | null;
  siteName: string | null;
  enrolledAt: string;
  enrolledByName: string | null;
  /** Is the account that enrolled it still active? (A door keeps working after it is suspended: the list says so, for the administrators to decide.) */
  enrolledByActive: boolean;
  revokedAt: string | null;
  /** Who revoked it (null: not revoked, or an account no longer known). */
  revokedByName: string | null;
  revokeReason: string | null;
  /** When the host last accepted a call of it (since the host started), and whether that was within the last minute. */
  lastContactAt: string | null;
  online: boolean;
  /** Revoked: its calls refused since the host started (every one, not only those the journal recorded). */
  refusedSinceStart: number;
  /** Revoked: when its last refused call came — since the host started, or else the last one the journal recorded (null: none known). */
  lastRefusedAt: string | null;
  /** Revoked and still calling: a call of it was refused within the last minute. */
  stillCalling: boolean;
}

export interface PairingCode {
  code: string;
  expiresAt: string;
  name: string;
  profile: StationProfile;
  /** The host certificate's fingerprint, for the person setting up the station to compare. */
  fingerprint: string;
}

/** What a window knows of the station it runs on: the PC that holds the data, or a station of a host. */
export interface StationStatus {
  mode: 'local' | 'station';
  /** A station: its name, its host, whether the host answers, when it last did, and door records waiting to be delivered. */
  name?: string;
  host?: string;
  connected?: boolean;
  lastContactAt?: string | null;
  waiting?: number;
  /** Door records the host refused as malformed, kept aside in the station's queue (to be looked at, never dropped). */
  rejected?: number;
  /** The host refused this station as revoked: a door records nothing more (what waits stays queued). */
  revoked?: boolean;
}

/**
 * A station's report (SPEC §11): the journal no longer holds a head the host once showed it. 'cut':
 * it ends before that head (this data was put back to an older copy, or rows were cut); 'rewritten':
 * the row at that sequence number has another hash (history was changed).
 */
export interface WitnessAlarm {
  /** The journal row of the report. */
  seq: number;
  reportedAt: string;
  stationId: string;
  stationName: string | null;
  kind: 'cut' | 'rewritten';
  /** The head the station saw: its sequence number and when the host showed it. */
  seenSeq: number;
  seenAt: string | null;
  /** Where the journal ended when the report came. */
  journalSeq: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]{2,39}$/;

/**
 * What is wrong with an address for the LAN listener, or null: it must be one IP address of this PC.
 * Not one that means every network of the PC (0.0.0.0, ::: the listener would also answer on a Wi-Fi
 * or a VPN the office never meant), nor a broadcast or multicast one (an insider probe).
 */
export function lanAddressProblem(a: string): 'lan.errors.address' | 'lan.errors.address_every' | null {
  if (IPV4.test(a)) return ipv4Every(a) ? 'lan.errors.address_every' : null;
  if (!IPV6.test(a) || !a.includes(':')) return 'lan.errors.address';
  // Every way of writing one IPv6 address as one (0:0::0 is ::, ::ffff:0.0.0.0 is ::ffff:0:0), by the URL parser's rule.
  let plain: string;
  try {
    plain = new WhatwgUrl(`http://[${a}]/`).hostname.slice(1, -1);
  } catch {
    return 'lan.errors.address';
  }
  // An IPv4 address written as IPv6 (::ffff:0:0 listens on every IPv4 network: a second probe) is judged as itself.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(plain);
  if (mapped) {
    const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return ipv4Every([hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')) ? 'lan.errors.address_every' : null;
  }
  return plain === '::' || plain.startsWith('ff') ? 'lan.errors.address_every' : null;
}

/** The URL parser of Node and of the browser alike (shared code has neither's types). */
const WhatwgUrl = (globalThis as unknown as { URL: new (url: string) => { hostname: string } }).URL;

/** 0.0.0.0 (every network), the broadcast address, a multicast one. */
function ipv4Every(a: string): boolean {
  const first = Number(a.split('.')[0]);
  return a === '0.0.0.0' || a === '255.255.255.255' || (first >= 224 && first <= 239);
}

const address = line()
  .trim()
  .max(39, msg('errors.field.too_long'))
  .superRefine((a, ctx) => {
    if (a !== '' && lanAddressProblem(a) === 'lan.errors.address') ctx.addIssue({ code: 'custom', ...msg('lan.errors.address') });
  });

export const lanContract = {
  'lan.status': method<LanStatus>()({ input: z.object({}).strict(), access: ['sysadmin'], passive: true }),
  /** Turn the listener on or off, on an address of this PC and a port (journaled as a setting). */
  'lan.configure': method<LanStatus>()({
    input: z
      .object({ enabled: z.boolean(), address, port: z.number().int().min(1024, msg('lan.errors.port')).max(65535, msg('lan.errors.port')) })
      .strict()
      .refine((v) => !v.enabled || v.address !== '', { ...msg('lan.errors.address_needed'), path: ['address'] })
      // Turned on, on one address of this PC; turned off as it stands (a setting kept from before on 0.0.0.0 too: a second probe).
      .refine((v) => !v.enabled || v.address === '' || lanAddressProblem(v.address) !== 'lan.errors.address_every', { ...msg('lan.errors.address_every'), path: ['address'] }),
    access: ['sysadmin'],
    elevated: true,
  }),
  /**
   * A one-time pairing code for a new station (10 minutes, one use; a new code voids the last). A door
   * terminal records entries for anyone by card and PIN: a safety manager approves its pairing with
   * her own password, in the same form (Art. 15's second person).
   */
  'stations.pair': method<PairingCode>()({
    input: z
      .object({ name: text(40), profile: z.enum(STATION_PROFILES), siteId: id.optional(), approval: approval.optional() })
      .strict()
      .refine((v) => v.profile !== 'terminal' || v.siteId !== undefined, { ...msg('lan.errors.terminal_site'), path: ['siteId'] })
      .refine((v) => v.profile !== 'terminal' || v.approval !== undefined, { ...msg('lan.errors.terminal_approval'), path: ['approval'] }),
    access: ['sysadmin'],
    elevated: true,
  }),
  /** Stations' reports that this journal no longer holds a head it showed them (put back to an older copy, or rewritten). */
  'lan.witnessAlarms': method<WitnessAlarm[]>()({ input: z.object({}).strict(), access: ['sysadmin', 'safety_manager'], passive: true }),
  /**
   * The safety manager has looked into a report (what she found: a restore she knew of, a verify with
   * the station's witness.json): journaled with her reason, and the dashboard no longer shows it. Not
   * the administrator's to do: whoever put the data back is the one the report is about.
   */
  'lan.acknowledgeWitnessAlarm': method<null>()({ input: z.object({ seq: z.number().int().positive(), reason }).strict(), access: ['safety_manager'] }),
  'stations.enrolled': method<LanStationInfo[]>()({ input: z.object({}).strict(), access: ['sysadmin'], passive: true }),
  /** From now on its requests are refused (and journaled). */
  'stations.revoke': method<LanStationInfo>()({ input: z.object({ id: text(40), reason }).strict(), access: ['sysadmin'], elevated: true }),
  /** Which station this window runs on (answered by the station's transport when it is one). */
  'station.status': method<StationStatus>()({ input: z.object({}).strict(), access: 'public', passive: true }),
} as const;
