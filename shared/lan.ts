// SPEC §11 (issue 13): the wire between a ledger host and its stations on the office LAN. What is
// signed is written out here once, as text, for both ends: a station signs each request with its
// own Ed25519 key; the host signs the journal heads it hands out with its certificate's key; a
// pairing code proves both ends of an enrollment to each other (HMAC with the code, over the
// station's public key and the certificate the station saw). No Node or DOM here: plain strings.

/** Where the host serves stations (HTTPS). */
export const LAN_PATHS = { enroll: '/lan/v1/enroll', call: '/lan/v1/call', snapshot: '/lan/v1/snapshot', deliver: '/lan/v1/deliver' } as const;

/** Headers of a station's signed request. */
export const LAN_HEADERS = {
  station: 'x-daicho-station', time: 'x-daicho-time', nonce: 'x-daicho-nonce', signature: 'x-daicho-signature',
  /** The heads the station last kept (its newest and the one before), as the host signed them: base64 of a JSON array. */
  witness: 'x-daicho-witness',
} as const;

/** At most this many heads, in a header of at most this many characters, are read from a station's witness header. */
export const WITNESS_HEADER_HEADS = 2;
export const WITNESS_HEADER_MAX = 4096;

/** On every answer of the host: its clock (a station signs and stamps with the host's time, kept as an offset). */
export const HOST_TIME_HEADER = 'x-daicho-host-time';

/** A request's time may differ from the host's by this much; its nonce is remembered at least this long (twice over). */
export const LAN_CLOCK_WINDOW_MS = 2 * 60 * 1000;

/** A pairing code lives this long, and this many wrong tries void it. */
export const PAIRING_MINUTES = 10;
export const PAIRING_MAX_TRIES = 5;

export const STATION_PROFILES = ['desk', 'reviewer', 'terminal'] as const;
export type StationProfile = (typeof STATION_PROFILES)[number];

/** The text a station signs for one request: the path, its time and nonce, and the body's SHA-256 (hex). */
export function requestStatement(p: { station: string; time: string; nonce: string; path: string; bodySha256: string }): string {
  return ['daicho-request-v1', p.station, p.time, p.nonce, p.path, p.bodySha256].join('\n');
}

/** The text the host signs for a journal head it shows a station. */
export function headStatement(h: { seq: number; hash: string; at: string }): string {
  return ['daicho-head-v1', String(h.seq), h.hash, h.at].join('\n');
}

/** What the station proves with the code: it knows it, for this key, talking to the host with this certificate. */
export function enrollStatement(p: { publicKey: string; fingerprint: string }): string {
  return ['daicho-enroll-v1', p.publicKey, p.fingerprint].join('\n');
}

/** What the host proves back: it knows the code too, and which station id it gave this key. */
export function hostStatement(p: { stationId: string; publicKey: string; fingerprint: string }): string {
  return ['daicho-host-v1', p.stationId, p.publicKey, p.fingerprint].join('\n');
}

/** A pairing code as typed: case, spaces and hyphens do not matter; Crockford's look-alikes read as digits. */
export function normalizePairingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** A journal head as the host signs it. */
export interface SignedHead {
  seq: number;
  hash: string;
  at: string;
  /** base64 signature by the host certificate's key over headStatement. */
  signature: string;
}

/** The host's answer to a station's call: the dispatcher's outcome and the journal head now. */
export interface LanCallAnswer {
  result: unknown;
  token?: string | null;
  device?: string;
  head: SignedHead;
}

export interface EnrollRequest {
  code: string;
  /** base64 SPKI DER of the station's Ed25519 public key. */
  publicKey: string;
  /** hex HMAC-SHA256 keyed by the normalized code over enrollStatement. */
  proof: string;
}

export interface EnrollAnswer {
  stationId: string;
  name: string;
  profile: StationProfile;
  siteId: string | null;
  /** hex HMAC-SHA256 keyed by the code over hostStatement. */
  hostProof: string;
  head: SignedHead;
}
