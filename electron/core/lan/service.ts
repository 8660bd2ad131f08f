import { jsonSql } from '../journal/verify-json';
import { createHash, createHmac, createPublicKey, randomBytes, randomInt, timingSafeEqual, verify } from 'node:crypto';
import { DaichoError } from '../../../shared/api/errors';
import type { LanStationInfo, LanStatus, PairingCode } from '../../../shared/api/lan-contract';
import {
  enrollStatement, hostStatement, LAN_CLOCK_WINDOW_MS, LAN_PATHS, normalizePairingCode, PAIRING_MAX_TRIES, PAIRING_MINUTES, requestStatement,
  type EnrollAnswer, type EnrollRequest, type SignedHead, type StationProfile,
} from '../../../shared/lan';
import { getAccount, rolesOf } from '../auth/accounts-repo';
import { addNotice } from '../auth/notices';
import { approverStands } from '../auth/account-rules';
import { stationNameTaken } from '../stations';
import type { Settings } from '../settings';
import type { Actor, Store } from '../store/store';
import type { SessionStore } from '../auth/sessions';
import { ensureHostIdentity, readHostIdentity, signAsHost, signHead, type HostIdentity } from './identity';
import { WitnessWatch } from './witness-alarm';
import { deliverDoorEntry, doorSnapshot, parseDoorEntry, type DeliveryOutcome } from '../ledgers/server-room/offline';

// SPEC §11 (issue 13): the host's side of the office LAN, without the network itself (that is the
// shell's: electron/host/lan-server.ts). Pairing codes, enrollment, and the check of every signed
// request — enrolled, not revoked, in time, never seen before, signed by the station's own key.
// Every refusal is journaled (at most once a minute for the same reason, station and address, so a
// flood of bad requests cannot flood the journal).

export interface LanStationRow {
  id: string;
  name: string;
  profile: StationProfile;
  site_id: string | null;
  public_key: string;
  enrolled_at: string;
  enrolled_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export type Refusal = 'unenrolled' | 'revoked' | 'revoked_record' | 'stale' | 'replayed' | 'bad_signature' | 'malformed' | 'wrong_code' | 'no_code';

/** What the shell does when the listener's setting changes: start, move or stop it. */
export type ListenerControl = () => Promise<void>;

/** Refusal rows a minute at most, whatever arrives (the rest are counted in the next row). */
const REFUSALS_PER_MINUTE = 30;

/** A station heard from within this long is shown online. */
const ONLINE_MS = 60_000;
/** Crockford's base32 without look-alikes: what a person reads off one screen and types on another. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SYSTEM: Actor = { actor: 'system', station: 'lan' };

const hmac = (code: string, text: string) => createHmac('sha256', normalizePairingCode(code)).update(text).digest();

function sameHex(a: Buffer, hex: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  return timingSafeEqual(a, Buffer.from(hex, 'hex'));
}

interface Pairing {
  code: string;
  name: string;
  profile: StationProfile;
  siteId: string | null;
  issuedBy: Actor;
  /** The safety manager who approved a door terminal's pairing (null: a station that needs none). */
  approvedBy: string | null;
  expiresAt: number;
  tries: number;
  triesFrom: Map<string, number>;
}

export class LanService {
  private pairing: Pairing | null = null;
  /** Nonces seen, with when they may be forgotten (their request's time is out of the window by then). */
  private readonly nonces = new Map<string, number>();
  private readonly contacts = new Map<string, number>();
  /**
   * A revoked station's calls since this host started: how many were refused, and when the last one
   * came (the journal keeps at most one row a minute of them: this is the count and time of every one).
   */
  private readonly refusedCalls = new Map<string, { count: number; last: number }>();
  /** When this host started: what it knows of stations' calls (contacts, refusals) is known from then on. */
  readonly startedAt: Date;
  private readonly refusalsNoted = new Map<string, number>();
  /** Per class of refusal (a station that proved its key, or anyone): the minute's rows written, and those not written since the last row. */
  private readonly refusalMinute = { proven: { start: 0, written: 0, unwritten: 0 }, unproven: { start: 0, written: 0, unwritten: 0 } };
  /** Set by the shell that serves the LAN; none: the listener cannot run here. */
  control: ListenerControl | null = null;
  listening = false;
  problem: string | null = null;

  /** The heads stations send back with their requests, checked against the journal (witness-alarm.ts). */
  readonly witness: WitnessWatch;

  /** Each door-terminal station's own terminal session on this host (made when first needed, again after a restart). */
  private readonly terminalSessions = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly settings: Settings,
    private readonly clock: () => Date,
    private readonly sessions: SessionStore,
  ) {
    this.witness = new WitnessWatch(store, () => this.identity()?.certPem ?? null);
    this.startedAt = clock();
  }

  /**
   * A door-terminal station is a terminal by its enrollment: its terminal calls run in a terminal
   * session of its own site that the host keeps for it — no one signs in at the door to start it.
   * The administrator who enrolled it is named as its session's account (as terminal.start's); the
   * door itself answers to its enrolment until it is revoked. It no longer stops when that account is
   * suspended (an insider probe: the administrator who enrolled it left, and the door's queue was
   * never delivered again — SPEC §11, nothing it acknowledged is ever lost). Revoking it is the act
   * that ends it; the stations list says whose enrolment has no active account behind it.
   */
  terminalToken(row: LanStationRow): string {
    const known = this.terminalSessions.get(row.id);
    if (known && this.sessions.get(known)) return known;
    if (row.profile !== 'terminal' || !row.site_id) throw new DaichoError('forbidden', 'terminal.errors.no_site');
    const site = this.store.stmt('SELECT code FROM sites WHERE id = ?').get(row.site_id) as { code: string } | undefined;
    if (!site) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
    const now = this.clock().getTime();
    const s = this.sessions.create({
      kind: 'terminal', accountId: row.enrolled_by, roles: [], station: `terminal:${site.code}:${row.id}`, siteId: row.site_id,
      lastActivity: now, locked: false, mustChangePassword: false, elevatedUntil: null,
    });
    s.via = row.id;
    this.store.write({ actor: row.enrolled_by, station: row.id }, (tx) => {
      this.store.registerStation(tx, s.station);
      // People see the door by the station's name (the stations register, issue 6).
      if (!this.store.rowById('stations', s.station)?.name) tx.update('stations', s.station, { name: row.name, named_at: tx.now, named_by: row.enrolled_by }, { action: 'stations.rename' });
      tx.event('terminal.start', 'sites', row.site_id, { station: s.station, lanStation: row.id });
    });
    this.terminalSessions.set(row.id, s.token);
    return s.token;
  }

  /** The host's clock (what it checks request times against, and tells stations). */
  now(): Date {
    return this.clock();
  }

  identity(): HostIdentity | null {
    return readHostIdentity(this.store);
  }

  ensureIdentity(who: Actor): Promise<HostIdentity> {
    return ensureHostIdentity(this.store, who, this.clock());
  }

  status(): LanStatus {
    return { ...this.settings.get('lan.listener'), fingerprint: this.identity()?.fingerprint ?? null, listening: this.listening, problem: this.problem, startedAt: this.startedAt.toISOString() };
  }

  /** The journal head now, signed by the host (a station keeps the newest it has seen). */
  head(): SignedHead {
    const identity = this.identity();
    if (!identity) throw new DaichoError('conflict', 'lan.errors.no_certificate');
    const h = this.store.journalHead();
    return signHead(identity, { seq: h.seq, hash: h.hash, at: h.at ?? '' });
  }

  /** The door terminal's copy, as text, signed by the host (the station checks it against the pinned certificate). */
  doorSnapshot(row: LanStationRow): { snapshot: string; signature: string } {
    const identity = this.identity();
    if (!identity) throw new DaichoError('conflict', 'lan.errors.no_certificate');
    const token = this.terminalToken(row);
    const station = this.sessions.get(token)!.station;
    const text = JSON.stringify(doorSnapshot(this.store, this.settings, { id: row.id, siteId: row.site_id!, name: row.name }, station, this.clock()));
    return { snapshot: text, signature: signAsHost(identity, text) };
  }

  /**
   * One record a door terminal queued while offline (see ledgers/server-room/offline.ts). A revoked
   * station's too, when it took it before its revocation (SPEC §11: it was acknowledged at the door —
   * the PC replaced with records still queued lost them all): kept, as a conflict for the review, in
   * its own name, without a session of its own. One it stamped at or after the revocation is refused,
   * and each such refusal journaled (the station keeps the record aside): a revoked key adds nothing.
   */
  deliver(row: LanStationRow, entry: unknown, address = 'unknown'): DeliveryOutcome {
    const record = parseDoorEntry(entry);
    if (!row.revoked_at) {
      const station = this.sessions.get(this.terminalToken(row))!.station;
      return deliverDoorEntry(this.store, this.settings, { id: row.id, siteId: row.site_id! }, station, record, this.clock());
    }
    if (row.profile !== 'terminal' || !row.site_id) throw new DaichoError('forbidden', 'terminal.errors.no_site');
    if (Date.parse(record.occurredAt) >= Date.parse(row.revoked_at)) {
      // Journaled once for each record (a second delivery of it within the minute is not written again), in the budget of stations that proved their key.
      this.countRefused(row.id);
      this.refuse('revoked_record', row.id, address, { record: record.id, kind: record.kind, occurredAt: record.occurredAt }, record.id);
      throw new DaichoError('invalid_input', 'lan.errors.revoked_record');
    }
    const site = this.store.stmt('SELECT code FROM sites WHERE id = ?').get(row.site_id) as { code: string } | undefined;
    if (!site) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
    // The station its terminal session had (terminalToken): its rows read as the door's, as before.
    return deliverDoorEntry(this.store, this.settings, { id: row.id, siteId: row.site_id, revokedAt: row.revoked_at }, `terminal:${site.code}:${row.id}`, record, this.clock());
  }

  /** A new one-time code (the last one is void); the code itself is never journaled. */
  async issuePairing(who: Actor, p: { name: string; profile: StationProfile; siteId: string | null; approvedBy?: string | null }): Promise<PairingCode> {
    // The name it will be shown by is its own (stations.ts): checked here, where the administrator types it.
    if (stationNameTaken(this.store, p.name, null)) throw new DaichoError('conflict', 'stations.errors.name_taken', 'name');
    const identity = await this.ensureIdentity(who);
    const raw = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
    const expiresAt = this.clock().getTime() + PAIRING_MINUTES * 60_000;
    const approvedBy = p.approvedBy ?? null;
    this.store.write(who, (tx) => {
      // The approver still stands after the wait of her password check (account-rules.ts approverStands).
      approverStands(this.store, approvedBy);
      tx.event('stations.pair', 'lan_stations', null, { name: p.name, profile: p.profile, siteId: p.siteId, expiresAt: new Date(expiresAt).toISOString(), ...(approvedBy ? { approvedBy } : {}) });
      // She is told at her next sign-in, as of every approval of hers used (a review: this one was not).
      if (approvedBy) {
        const site = p.siteId ? (this.store.rowById('sites', p.siteId)?.name ?? null) : null;
        addNotice(this.store, tx, { accountId: approvedBy, kind: 'approval_used', actorId: who.actor, approvedBy, detail: { action: 'stations.pair', name: p.name, siteName: site } });
      }
    });
    this.pairing = { code, name: p.name, profile: p.profile, siteId: p.siteId, issuedBy: who, approvedBy, expiresAt, tries: 0, triesFrom: new Map() };
    return { code, expiresAt: new Date(expiresAt).toISOString(), name: p.name, profile: p.profile, fingerprint: identity.fingerprint };
  }

  /**
   * A station enrolls with the code shown on the host: it proves it knows the code, for its key and
   * for the certificate it saw (a machine in between shows another one, and the proof fails); the
   * host proves it back. One use; wrong tries void the code.
   */
  enroll(req: EnrollRequest, address: string): EnrollAnswer {
    const identity = this.identity();
    const now = this.clock().getTime();
    // A code is void once the administrator who issued it is no longer active (an insider probe:
    // suspended, they enrolled a door with it within its ten minutes, and it took the site's PIN hashes).
    if (this.pairing && getAccount(this.store, this.pairing.issuedBy.actor)?.status !== 'active') this.pairing = null;
    // So is a door's once the safety manager who approved it is no longer one (suspended, or her role taken, within the ten minutes).
    if (this.pairing?.approvedBy) {
      const approver = getAccount(this.store, this.pairing.approvedBy);
      if (!approver || approver.status !== 'active' || !rolesOf(approver).includes('safety_manager')) this.pairing = null;
    }
    const pairing = this.pairing;
    if (!identity || !pairing || pairing.expiresAt < now) {
      this.refuse('no_code', null, address);
      throw new DaichoError('forbidden', 'lan.errors.no_code');
    }
    let publicKey;
    try {
      publicKey = createPublicKey({ key: Buffer.from(req.publicKey, 'base64'), format: 'der', type: 'spki' });
    } catch {
      publicKey = null;
    }
    if (!publicKey || publicKey.asymmetricKeyType !== 'ed25519') {
      this.refuse('malformed', null, address);
      throw new DaichoError('invalid_input', 'lan.errors.bad_key');
    }
    if (!sameHex(hmac(pairing.code, enrollStatement({ publicKey: req.publicKey, fingerprint: identity.fingerprint })), req.proof)) {
      // Wrong tries void the code; a flood from one address cannot void it for everyone else at once,
      // but 3× the tries from anywhere does (a code is for one station, typed by a person).
      const fromHere = (pairing.triesFrom.get(address) ?? 0) + 1;
      pairing.triesFrom.set(address, fromHere);
      pairing.tries++;
      if (fromHere >= PAIRING_MAX_TRIES || pairing.tries >= PAIRING_MAX_TRIES * 3) this.pairing = null;
      this.refuse('wrong_code', null, address, { tries: pairing.tries });
      throw new DaichoError('forbidden', 'lan.errors.wrong_code');
    }
    this.pairing = null;
    const stationId = `lan:${randomBytes(4).toString('hex')}`;
    const who: Actor = { actor: pairing.issuedBy.actor, station: stationId };
    this.store.write(who, (tx) => {
      tx.insert(
        'lan_stations',
        {
          id: stationId, name: pairing.name, profile: pairing.profile, site_id: pairing.siteId, public_key: req.publicKey,
          enrolled_at: tx.now, enrolled_by: pairing.issuedBy.actor, revoked_at: null, revoked_by: null, revoke_reason: null,
        },
        { action: 'stations.enroll' },
      );
      // People see the station by its name wherever its rows show (the stations register, issue 6).
      tx.update('stations', stationId, { name: pairing.name, named_at: tx.now, named_by: pairing.issuedBy.actor }, { action: 'stations.rename' });
    });
    this.contacts.set(stationId, now);
    const hostProof = hmac(pairing.code, hostStatement({ stationId, publicKey: req.publicKey, fingerprint: identity.fingerprint })).toString('hex');
    return { stationId, name: pairing.name, profile: pairing.profile, siteId: pairing.siteId, hostProof, head: this.head() };
  }

  /**
   * Check a station's signed request. Returns the station's row, or null when refused (the refusal
   * journaled). The nonce is remembered only for a request that passed every other check.
   */
  authenticate(r: { station: string; time: string; nonce: string; signature: string; path: string; body: Buffer; address: string }): { row: LanStationRow } | { refused: Refusal } {
    const wellFormed = /^lan:[0-9a-f]{8}$/.test(r.station);
    const refused = (why: Refusal) => {
      // Only a well-formed station id is written down: anything else a client sends stays out of the journal.
      this.refuse(why, wellFormed ? r.station : null, r.address);
      return { refused: why };
    };
    if (!wellFormed || !/^[0-9a-f]{32}$/.test(r.nonce) || !/^[A-Za-z0-9+/=]{80,100}$/.test(r.signature)) return refused('malformed');
    const row = this.store.rowById('lan_stations', r.station) as unknown as LanStationRow | undefined;
    if (!row) return refused('unenrolled');
    // The signature first: a refusal as revoked, stale or replayed is then the station's own (its key
    // signed the request), and counts in the journal budget of stations that proved their key — a
    // review found anyone could send an enrolled id with an old time and no key, from many addresses,
    // and use that budget up.
    const statement = requestStatement({ station: r.station, time: r.time, nonce: r.nonce, path: r.path, bodySha256: createHash('sha256').update(r.body).digest('hex') });
    let good: boolean;
    try {
      good = verify(null, Buffer.from(statement), createPublicKey({ key: Buffer.from(row.public_key, 'base64'), format: 'der', type: 'spki' }), Buffer.from(r.signature, 'base64'));
    } catch {
      good = false;
    }
    if (!good) return refused('bad_signature');
    const now = this.clock().getTime();
    // A revoked station may still deliver what it queued before its revocation (deliver judges each
    // record's time); nothing else of it is taken — not its copy, not a call.
    if (row.revoked_at && r.path !== LAN_PATHS.deliver) {
      this.countRefused(row.id);
      return refused('revoked');
    }
    const at = Date.parse(r.time);
    if (!Number.isFinite(at) || Math.abs(now - at) > LAN_CLOCK_WINDOW_MS) return refused('stale');
    this.forgetOldNonces(now);
    if (this.nonces.has(r.nonce)) return refused('replayed');
    this.nonces.set(r.nonce, at + 2 * LAN_CLOCK_WINDOW_MS);
    if (!row.revoked_at) this.contacts.set(row.id, now);
    return { row };
  }

  /** A revoked station's own call (its key signed it), refused: counted for the stations list, whatever the journal's budget wrote down. */
  private countRefused(id: string): void {
    const known = this.refusedCalls.get(id);
    this.refusedCalls.set(id, { count: (known?.count ?? 0) + 1, last: this.clock().getTime() });
  }

  revoke(who: Actor, id: string, reason: string): void {
    const row = this.store.rowById('lan_stations', id) as unknown as LanStationRow | undefined;
    if (!row) throw new DaichoError('not_found', 'errors.not_found', 'id');
    if (row.revoked_at) throw new DaichoError('conflict', 'lan.errors.already_revoked', 'id');
    this.store.write(who, (tx) => tx.update('lan_stations', id, { revoked_at: tx.now, revoked_by: who.actor, revoke_reason: reason }, { action: 'stations.revoke', reason }));
  }

  /**
   * Every enrolled station as the host knows it: its enrollment, its revocation (when, by whom, why),
   * its last accepted call and, once revoked, its refused ones — counted since this host started, the
   * last one before that as the journal recorded it (a revoked station still calling read 「ホストの
   * 起動後はまだありません」, as if nothing had come from it).
   */
  list(): LanStationInfo[] {
    const now = this.clock().getTime();
    const rows = this.store.stmt('SELECT * FROM lan_stations ORDER BY enrolled_at, id').all() as LanStationRow[];
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    return rows.map((r) => {
      const seen = this.contacts.get(r.id);
      const refused = r.revoked_at ? this.refusedCalls.get(r.id) : undefined;
      const enrolledBy = getAccount(this.store, r.enrolled_by);
      return {
        id: r.id, name: r.name, profile: r.profile, siteId: r.site_id,
        siteName: r.site_id ? String(this.store.rowById('sites', r.site_id)?.name ?? '') : null,
        enrolledAt: r.enrolled_at, enrolledByName: enrolledBy?.display_name ?? null, enrolledByActive: enrolledBy?.status === 'active',
        revokedAt: r.revoked_at, revokedByName: r.revoked_by ? (getAccount(this.store, r.revoked_by)?.display_name ?? null) : null, revokeReason: r.revoke_reason,
        lastContactAt: iso(seen),
        online: !r.revoked_at && seen !== undefined && now - seen < ONLINE_MS,
        refusedSinceStart: refused?.count ?? 0,
        lastRefusedAt: refused ? iso(refused.last) : r.revoked_at ? this.lastRecordedRefusal(r.id) : null,
        stillCalling: refused !== undefined && now - refused.last < ONLINE_MS,
      };
    });
  }

  /** When the journal last recorded a refusal of this station's own call as revoked (before this host started: since, refusedCalls has every one). */
  private lastRecordedRefusal(id: string): string | null {
    const row = this.store
      // Its values read only when they are JSON: a row written with the key does not break the page.
      .stmt(`SELECT at FROM journal WHERE kind = 'event' AND entity = 'lan_stations' AND entity_id = ? AND action = 'lan.refused' AND json_extract(${jsonSql('after')}, '$.reason') = 'revoked' ORDER BY seq DESC LIMIT 1`)
      .get(id) as { at: string } | undefined;
    return row?.at ?? null;
  }

  private forgetOldNonces(now: number): void {
    if (this.nonces.size < 1000) return;
    for (const [n, until] of this.nonces) if (until < now) this.nonces.delete(n);
  }

  /**
   * A refusal, journaled once a minute per reason and address (and per station only once its key
   * was checked: a claimed station id costs nothing to vary), and at most REFUSALS_PER_MINUTE rows a
   * minute for each class: the refusals of a station whose signature held (revoked, stale, replayed:
   * decided after it, see authenticate) have their own, so that a flood of unsigned requests from many
   * addresses cannot use it up and leave a revoked station's tries unwritten (an insider probe). What
   * was not written is counted in the class's next row.
   */
  private refuse(why: Refusal, station: string | null, address: string, extra: Record<string, unknown> = {}, what = ''): void {
    const now = this.clock().getTime();
    const proven = why === 'revoked' || why === 'revoked_record' || why === 'stale' || why === 'replayed';
    const key = `${why}|${address}|${proven ? (station ?? '') : ''}|${what}`;
    const last = this.refusalsNoted.get(key);
    const minute = this.refusalMinute[proven ? 'proven' : 'unproven'];
    if (now - minute.start >= 60_000) Object.assign(minute, { start: now, written: 0 });
    if ((last !== undefined && now - last < 60_000) || minute.written >= REFUSALS_PER_MINUTE) {
      minute.unwritten++;
      return;
    }
    this.refusalsNoted.set(key, now);
    if (this.refusalsNoted.size > 10_000) for (const [k, at] of this.refusalsNoted) if (now - at >= 60_000) this.refusalsNoted.delete(k);
    minute.written++;
    const unwritten = minute.unwritten;
    minute.unwritten = 0;
    try {
      this.store.write(SYSTEM, (tx) => tx.event('lan.refused', 'lan_stations', station, { reason: why, address, ...extra, ...(unwritten > 0 ? { moreRefusedSinceLast: unwritten } : {}) }));
    } catch {
      // A refusal that cannot be journaled (data closing) is still a refusal.
    }
  }
}
