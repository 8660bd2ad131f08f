import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { certFingerprint, headSignedBy, writeFileAtomic, type CallOutcome, type KeyStore } from '../core';
import { StationVault } from './station-vault';
import {
  enrollStatement, hostStatement, LAN_HEADERS, LAN_PATHS, normalizePairingCode, requestStatement,
  HOST_TIME_HEADER, type EnrollAnswer, type LanCallAnswer, type SignedHead, type StationProfile,
} from '../../shared/lan';
import type { ApiError } from '../../shared/api/errors';

// SPEC §11 (issue 13): a station of a ledger host. Its own folder holds what it is (its id, name,
// profile and site, the host's address and pinned certificate), its vault (station-vault.ts: the
// Ed25519 key it signs every request with, encrypted under a key its KeyStore keeps), and its witness file: the newest journal head the host has shown it, signed by the host.
// It opens no database of the ledgers; every call goes to the host, over TLS to the pinned
// certificate only.

export const STATION_FILE = 'station.json';
export const WITNESS_FILE = 'witness.json';
/** In the desktop app's folder: the station it is of a ledger host, when it is one. */
export const LAN_STATION_DIR = 'lan-station';

export interface StationConfig {
  host: string;
  stationId: string;
  name: string;
  profile: StationProfile;
  siteId: string | null;
  certPem: string;
  fingerprint: string;
  enrolledAt: string;
}

/** What a station has seen of the host's journal: the newest head, as the host signed it. */
export interface WitnessFile {
  format: 1;
  stationId: string;
  stationName: string;
  host: string;
  /** The host certificate, pinned at enrollment: the heads' signatures check against it. */
  certPem: string;
  fingerprint: string;
  head: SignedHead;
  seenAt: string;
  /**
   * Earlier heads seen, oldest first, thinned as it grows (the recent ones kept, older ones sparser):
   * a rewrite below the newest head, re-hashed and carried past it, still shows at an older one.
   */
  history: { head: SignedHead; seenAt: string }[];
  /** Heads the host showed that went back on what was seen before (a cut or a rewrite), as shown. */
  conflicts: { head: SignedHead; seenAt: string }[];
}

/** How many earlier heads a witness keeps at most. */
export const WITNESS_HISTORY = 400;

/** Keep the newest half as it is and every other one of the older half: recent history dense, old history sparse. */
export function thinHistory<T>(list: T[], max = WITNESS_HISTORY): T[] {
  if (list.length <= max) return list;
  const half = Math.floor(list.length / 2);
  return [...list.slice(0, half).filter((_, i) => i % 2 === 0), ...list.slice(half)];
}

export class StationError extends Error {
  constructor(
    readonly error: ApiError,
    message: string,
  ) {
    super(message);
    this.name = 'StationError';
  }
}

const unreachable = (detail: string) => new StationError({ code: 'unavailable', messageKey: 'lan.errors.host_unreachable' }, `the ledger host cannot be reached (${detail})`);

function hostUrl(host: string): URL {
  const url = new URL(host.includes('://') ? host : `https://${host}`);
  if (url.protocol !== 'https:') throw new Error(`the host is reached over https only, not ${url.protocol}`);
  return url;
}

/** The certificate a host presents (before it is pinned): fetched once, to show its fingerprint and to bind the enrollment to it. */
export function fetchHostCertificate(host: string, timeoutMs = 5000): Promise<string> {
  const url = hostUrl(host);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443), rejectUnauthorized: false, minVersion: 'TLSv1.3', timeout: timeoutMs }, () => {
      const cert = socket.getPeerCertificate(true);
      socket.end();
      if (!cert?.raw) return reject(unreachable('no certificate'));
      resolve(`-----BEGIN CERTIFICATE-----\n${cert.raw.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`);
    });
    socket.on('timeout', () => socket.destroy(unreachable('timeout')));
    socket.on('error', (e) => reject(e instanceof StationError ? e : unreachable((e as NodeJS.ErrnoException).code ?? e.message)));
  });
}

interface Posted {
  status: number;
  body: string;
  /** The host's clock when it answered (HOST_TIME_HEADER), if it said. */
  hostTime: number | null;
}

/** POST over TLS to the pinned certificate only (any other is refused before a byte of the request is sent). */
function post(url: URL, pathName: string, body: Buffer, headers: Record<string, string>, pin: { certPem: string; fingerprint: string }, timeoutMs: number): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443), path: pathName, method: 'POST', minVersion: 'TLSv1.3', timeout: timeoutMs,
        ca: pin.certPem, agent: false,
        checkServerIdentity: (_name, cert) => (certFingerprint(cert.raw) === pin.fingerprint ? undefined : new StationError({ code: 'unavailable', messageKey: 'lan.errors.host_mismatch' }, 'the host certificate is not the pinned one')),
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        const said = Date.parse(String(res.headers[HOST_TIME_HEADER] ?? ''));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), hostTime: Number.isFinite(said) ? said : null }));
        res.on('error', (e) => reject(unreachable(e.message)));
      },
    );
    req.on('timeout', () => req.destroy(unreachable('timeout')));
    req.on('error', (e) => {
      if (e instanceof StationError) return reject(e);
      const code = (e as NodeJS.ErrnoException).code ?? '';
      // A certificate that is not the pinned one: not "unreachable" — someone else answers at that address.
      if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code.startsWith('ERR_SSL') || code === 'CERT_SIGNATURE_FAILURE' || code === 'SELF_SIGNED_CERT_IN_CHAIN')
        return reject(new StationError({ code: 'unavailable', messageKey: 'lan.errors.host_mismatch' }, `the host certificate is not the pinned one (${code})`));
      reject(unreachable(code || e.message));
    });
    req.end(body);
  });
}

/** What the folder's enrolled station is; null when none is enrolled there. Opens no secret. */
export function readStationConfig(dir: string): StationConfig | null {
  const file = path.join(dir, STATION_FILE);
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as StationConfig;
}

/** The folder's enrolled station with its secrets, opened by its key store; null when none is enrolled there. */
export async function readStation(dir: string, keyStore: KeyStore): Promise<{ config: StationConfig; key: KeyObject; vault: StationVault } | null> {
  const config = readStationConfig(dir);
  if (!config) return null;
  const vault = await StationVault.open(dir, keyStore);
  const key = vault.signingKey();
  if (!key) throw new Error(`the station in ${dir} has no signing key in its vault: enroll it again`);
  return { config, key, vault };
}

export function readWitness(file: string): WitnessFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as WitnessFile;
}

/**
 * Enroll this station with the code shown on the host: a new key pair; the proof that it knows the
 * code, for this key and the certificate it sees; the host's proof back, checked before anything is
 * kept. Then the certificate is pinned.
 */
export async function enrollStation(dir: string, host: string, code: string, opts: { keyStore: KeyStore; expectFingerprint?: string; timeoutMs?: number }): Promise<StationConfig> {
  if (readStationConfig(dir)) throw new Error(`this folder already holds an enrolled station (${path.join(dir, STATION_FILE)})`);
  const url = hostUrl(host);
  // The vault first: a key store that cannot keep its key (or a wrong passphrase for one already
  // there) stops here, before the one-time code is spent.
  const vault = await StationVault.open(dir, opts.keyStore);
  const certPem = await fetchHostCertificate(host);
  const fingerprint = certFingerprint(certPem);
  if (opts.expectFingerprint && !fingerprint.startsWith(opts.expectFingerprint.toLowerCase().replace(/[^0-9a-f]/g, '')))
    throw new StationError({ code: 'unavailable', messageKey: 'lan.errors.host_mismatch' }, `the host's certificate ${fingerprint} is not the one expected`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicB64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const hmac = (text: string) => createHmac('sha256', normalizePairingCode(code)).update(text).digest();
  const body = Buffer.from(JSON.stringify({ code, publicKey: publicB64, proof: hmac(enrollStatement({ publicKey: publicB64, fingerprint })).toString('hex') }));
  const r = await post(url, LAN_PATHS.enroll, body, {}, { certPem, fingerprint }, opts.timeoutMs ?? 10_000);
  const parsed = JSON.parse(r.body) as EnrollAnswer | { ok: false; error: ApiError };
  if (r.status !== 200 || !('stationId' in parsed)) {
    const error = 'error' in parsed ? parsed.error : ({ code: 'unavailable', messageKey: 'lan.errors.wrong_code' } as ApiError);
    throw new StationError(error, `the host refused the enrollment (${error.messageKey})`);
  }
  const expected = hmac(hostStatement({ stationId: parsed.stationId, publicKey: publicB64, fingerprint }));
  if (!/^[0-9a-f]{64}$/.test(parsed.hostProof) || !timingSafeEqual(expected, Buffer.from(parsed.hostProof, 'hex')) || !headSignedBy(certPem, parsed.head))
    throw new StationError({ code: 'unavailable', messageKey: 'lan.errors.host_mismatch' }, 'the host could not prove it knows the pairing code');
  const config: StationConfig = { host: url.origin, stationId: parsed.stationId, name: parsed.name, profile: parsed.profile, siteId: parsed.siteId, certPem, fingerprint, enrolledAt: new Date().toISOString() };
  vault.setSigningKey(privateKey);
  writeFileAtomic(path.join(dir, STATION_FILE), JSON.stringify(config, null, 2) + '\n');
  new Witness(dir, config).see(parsed.head);
  return config;
}

/** The station's witness file: the newest head seen, kept when the host shows an older or a different one. */
export class Witness {
  private current: WitnessFile | null;
  readonly file: string;

  constructor(dir: string, private readonly config: StationConfig) {
    this.file = path.join(dir, WITNESS_FILE);
    this.current = fs.existsSync(this.file) ? readWitness(this.file) : null;
  }

  /** How many newer heads this station has taken: a request notes it when sent (`sent()`), its answer's head is judged by it. */
  private taken = 0;
  /** The count at which the newest head was taken. */
  private takenAt = 0;

  /** A request's mark, taken as it is sent: an answer to it may carry a head older than one taken meanwhile. */
  sent(): number {
    return this.taken;
  }

  /**
   * Note a head the host showed (signature checked); returns false when it goes back on what was seen.
   * `sentMark` is the request's `sent()`: two calls in flight at once are answered in either order,
   * so the later answer's head may be older than the newest taken since it was sent — that is not a
   * cut. It is one only when the older head was written after the newest (the host wrote again from
   * an older journal) or asked for after the newest came (nothing in flight explains it).
   */
  see(head: SignedHead, sentMark?: number): boolean {
    if (!headSignedBy(this.config.certPem, head)) return false;
    const seenAt = new Date().toISOString();
    const was = this.current;
    if (was && head.seq < was.head.seq && sentMark !== undefined && sentMark < this.takenAt && head.at <= was.head.at) return true;
    if (was && (head.seq < was.head.seq || (head.seq === was.head.seq && head.hash !== was.head.hash))) {
      this.current = { ...was, conflicts: [...was.conflicts, { head, seenAt }].slice(-20) };
      this.save();
      return false;
    }
    if (was && head.seq === was.head.seq) return true;
    this.current = {
      format: 1, stationId: this.config.stationId, stationName: this.config.name, host: this.config.host, certPem: this.config.certPem, fingerprint: this.config.fingerprint,
      head, seenAt, history: was ? thinHistory([...(was.history ?? []), { head: was.head, seenAt: was.seenAt }]) : [], conflicts: was?.conflicts ?? [],
    };
    this.takenAt = ++this.taken;
    this.save();
    return true;
  }

  get head(): SignedHead | null {
    return this.current?.head ?? null;
  }

  /**
   * What the station tells the host with each request: its newest head and the one before it. The
   * host checks them against its journal and raises an alarm when it no longer holds them (put back
   * to an older copy, or rewritten): the one before names a rewrite carried past the newest.
   */
  header(): string | null {
    // A witness file from before its history was kept has none; whatever the file holds, a header
    // never stops a request (a review: an older file made every request of the station throw).
    try {
      if (!this.current?.head) return null;
      const before = (this.current.history as WitnessFile['history'] | undefined)?.at(-1)?.head;
      return Buffer.from(JSON.stringify(before ? [this.current.head, before] : [this.current.head])).toString('base64');
    } catch {
      return null;
    }
  }

  private save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.current, null, 2) + '\n');
  }
}

/** An enrolled station's way to the host: each call signed, sent to the pinned certificate, its head witnessed. */
export class StationClient {
  readonly witness: Witness;
  lastContactAt: Date | null = null;
  connected = false;

  constructor(
    readonly config: StationConfig,
    private readonly key: KeyObject,
    dir: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.witness = new Witness(dir, config);
  }

  static async open(dir: string, keyStore: KeyStore): Promise<StationClient> {
    const s = await readStation(dir, keyStore);
    if (!s) throw new Error(`no enrolled station in ${dir}: enroll it first (daicho station --pair CODE)`);
    return new StationClient(s.config, s.key, dir);
  }

  /** The host's clock as this station knows it (its own, corrected by what the host last said). */
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /**
   * A signed POST to the host (answer parsed), or the reason it did not reach or was refused. Signed
   * with the host's time: a request refused as stale (this PC's clock drifted) is signed again once,
   * with the time the host just said.
   */
  private async signed(pathName: string, payload: unknown, retry = true): Promise<{ status: number; answer: Record<string, unknown> } | StationError> {
    const r = await this.signedOnce(pathName, payload);
    if (retry && !(r instanceof StationError) && r.status === 401 && (r.answer.error as ApiError | undefined)?.params?.reason === 'stale') return this.signed(pathName, payload, false);
    return r;
  }

  private async signedOnce(pathName: string, payload: unknown): Promise<{ status: number; answer: Record<string, unknown> } | StationError> {
    const body = Buffer.from(JSON.stringify(payload));
    const time = this.now().toISOString();
    const nonce = randomBytes(16).toString('hex');
    const statement = requestStatement({ station: this.config.stationId, time, nonce, path: pathName, bodySha256: createHash('sha256').update(body).digest('hex') });
    const witnessed = this.witness.header();
    const mark = this.witness.sent();
    const headers = {
      [LAN_HEADERS.station]: this.config.stationId, [LAN_HEADERS.time]: time, [LAN_HEADERS.nonce]: nonce,
      [LAN_HEADERS.signature]: sign(null, Buffer.from(statement), this.key).toString('base64'),
      ...(witnessed ? { [LAN_HEADERS.witness]: witnessed } : {}),
    };
    let r: Posted;
    try {
      r = await post(new URL(this.config.host), pathName, body, headers, this.config, this.timeoutMs);
    } catch (err) {
      this.connected = false;
      if (err instanceof StationError) return err;
      throw err;
    }
    this.connected = true;
    this.lastContactAt = new Date();
    if (r.hostTime !== null) this.offsetMs = r.hostTime - Date.now();
    try {
      const answer = JSON.parse(r.body) as Record<string, unknown>;
      if (answer.head) this.witness.see(answer.head as SignedHead, mark);
      return { status: r.status, answer };
    } catch {
      return unreachable('not an answer of a ledger host');
    }
  }

  /** One call of the contract on the host, as this station (the session token is the caller's). */
  async call(req: { method: string; input: unknown; token: string | null; device?: string | null }): Promise<CallOutcome> {
    const r = await this.signed(LAN_PATHS.call, { method: req.method, input: req.input ?? {}, token: req.token, device: req.device ?? null });
    if (r instanceof StationError) return { result: { ok: false, error: r.error } };
    const answer = r.answer as unknown as LanCallAnswer | { ok: false; error: ApiError };
    if (!('head' in answer)) return { result: { ok: false, error: answer.error } };
    return { result: answer.result as CallOutcome['result'], ...(answer.token !== undefined ? { token: answer.token } : {}), ...(answer.device !== undefined ? { device: answer.device } : {}) };
  }

  /** A door terminal's copy of who may enter, signed by the host; null when the host cannot be reached or refuses. */
  async doorSnapshot(): Promise<{ snapshot: string; signature: string } | StationError> {
    const r = await this.signed(LAN_PATHS.snapshot, {});
    if (r instanceof StationError) return r;
    if (r.status !== 200) return new StationError((r.answer.error as ApiError) ?? { code: 'unavailable', messageKey: 'lan.errors.host_unreachable' }, 'the host refused the copy');
    return { snapshot: String(r.answer.snapshot), signature: String(r.answer.signature) };
  }

  /** Deliver one queued door record; the host records each id once. */
  async deliver(entry: unknown): Promise<{ outcome: string } | StationError> {
    const r = await this.signed(LAN_PATHS.deliver, { entry });
    if (r instanceof StationError) return r;
    if (r.status !== 200) return new StationError((r.answer.error as ApiError) ?? { code: 'unavailable', messageKey: 'lan.errors.host_unreachable' }, 'the host refused the record');
    return r.answer.outcome as { outcome: string };
  }
}
