import { DaichoError } from '../../../../shared/api/errors';
import { textProblem } from '../../../../shared/api/schemas';
import { PIN_LOCK_MINUTES, PIN_MAX_FAILURES, PIN_SHAPED, TERMINAL_IDLE_SECONDS, TERMINAL_TICKET_SECONDS, type TerminalInfo } from '../../../../shared/ledgers/serverRoomTerminal';
import type { Settings } from '../../settings';
import { CLOCK_SLACK_MS, type Store } from '../../store/store';
import { authorizedDuring, authorizedNowSql } from '../people/authorizations';
import { DOOR_CREDENTIALS_TABLE } from './door-credentials';
import { openStayOf, parseCompanions, PERSON_ACTOR_PREFIX, type StayRow } from './repo';
import { checkStay, insertStay, type StayDraft } from './rules';
import { settingsReader, siteSettings } from './settings';
import { jstDate } from '../../../../shared/calendar';

// SPEC §11 (issue 13): the door terminal keeps working when the host cannot be reached. The host
// gives each door-terminal station a short-lived copy of what identifying people needs (cards,
// employee numbers, PIN hashes, who is authorized and who is inside); the station records entries
// and exits in its own encrypted queue with their real times and delivers them, in order, when the
// link returns. Here, the host's two halves: the copy, and each delivered record — recorded once,
// with when it happened and when it arrived; one that no longer fits becomes a conflict, kept.

/** How long a door terminal may identify people from one copy before it must refresh it. */
export const SNAPSHOT_HOURS = 12;

export interface SnapshotPerson {
  id: string;
  name: string;
  employeeNo: string;
  cardNo: string | null;
  /** The PIN's stored hash (scrypt, with its own salt and cost), or null when none is set. */
  pinHash: string | null;
  active: boolean;
  authorized: boolean;
  lastPurpose: string | null;
  /**
   * The host's PIN lockout as it stood (SPEC §2): wrong PINs counted so far, and the lock's end
   * (an instant) while one runs. A copy made before these were added has neither: none counted.
   */
  pinFailedCount?: number;
  pinLockedUntil?: string | null;
}

export interface DoorSnapshot {
  format: 1;
  stationId: string;
  info: TerminalInfo;
  people: SnapshotPerson[];
  /** Open stays now: at this site (who is inside), and elsewhere (they cannot enter here). */
  inside: { personId: string; name: string; enteredAt: string; purpose: string; here: boolean; siteName: string; visitors: string[]; employees?: string[]; maxStayMinutes?: number }[];
  /** This site's longest stay now, for a stay begun at the door while offline (an older host's copy has none: never stale). */
  maxStayMinutes?: number;
  issuedAt: string;
  expiresAt: string;
  /** This host keeps what the terminal refused while offline (DoorRefusal); an older host's copy has no such flag, and none is queued for it. */
  refusals?: true;
}

/**
 * A record the terminal took while offline, as it delivers it: an entry or an exit, or what it
 * saw of someone's PIN (a wrong one; a lock after too many; a right one after wrong ones), which
 * the host keeps as evidence and counts as its own checks.
 */
export interface DoorEntry {
  id: string;
  kind: 'enter' | 'exit' | PinReportKind;
  personId: string;
  occurredAt: string;
  purpose?: string;
  purposeNote?: string | null;
  visitors?: { name: string; company: string }[];
  /**
   * Its time is the door PC's own clock: the terminal had not heard the host's time since it started
   * (started while the host could not be reached), and someone at the door may have set the clock.
   */
  unanchored?: true;
}

/** Why the terminal refused someone offline: as the host's terminal.refused_* acts say it. */
export const REFUSAL_REASONS = ['unknown', 'not_authorized', 'inactive', 'inside_elsewhere', 'pin_locked', 'no_pin'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * An attempt the terminal refused while offline (SPEC §7: the attempt is recorded): a card its copy
 * did not have (or of someone who may not enter: the copy holds only who may), an employee number it
 * did not know, or someone it knew who may not enter now, named. The card number is sent unless it
 * is shaped like a PIN (a PIN typed at the card reader), as the host's own terminal keeps it.
 */
export interface DoorRefusal {
  id: string;
  kind: 'refused';
  via: 'card' | 'pin';
  reason: RefusalReason;
  cardNo?: string;
  /** Who, when the terminal knew them (every reason but 'unknown'). */
  personId?: string;
  occurredAt: string;
}

/** What a terminal delivers: a record it took, or an attempt it refused. */
export type DoorRecord = DoorEntry | DoorRefusal;

export interface DeliveryOutcome {
  id: string;
  outcome: 'recorded' | 'conflict';
  conflict: string | null;
  stayId: string | null;
}

interface DeliveryRow {
  id: string;
  outcome: 'recorded' | 'conflict';
  conflict: string | null;
  stay_id: string | null;
}

/** The copy a door-terminal station identifies people from while offline (for its own site). */
export function doorSnapshot(store: Store, settings: Settings, station: { id: string; siteId: string; name: string }, terminalStation: string, now: Date): DoorSnapshot {
  const site = store.stmt('SELECT id, code, name FROM sites WHERE id = ?').get(station.siteId) as { id: string; code: string; name: string } | undefined;
  if (!site) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
  const purposes = siteSettings(settings, site.id).purposes.filter((p) => p.active);
  const rows = store
    .stmt(
      `SELECT p.id, p.name, p.employee_no, p.active, ${authorizedNowSql('p.id', 'server_room')} AS authorized, c.card_no, c.pin_hash, c.pin_failed_count, c.pin_locked_until,
         (SELECT s.purpose FROM server_room_stays s WHERE s.person_id = p.id AND s.status = 'valid' ORDER BY s.entered_at DESC LIMIT 1) AS last_purpose
       FROM people p LEFT JOIN ${DOOR_CREDENTIALS_TABLE} c ON c.person_id = p.id
       -- Only who may enter, or who is inside now (they may leave): the door PC holds no one else's card or PIN hash.
       WHERE (p.active = 1 AND ${authorizedNowSql('p.id', 'server_room')} = 1)
          OR EXISTS (SELECT 1 FROM server_room_stays s WHERE s.person_id = p.id AND s.exited_at IS NULL AND s.status = 'valid')
       ORDER BY p.employee_no`,
    )
    .all() as {
    id: string; name: string; employee_no: string; active: number; authorized: number; card_no: string | null; pin_hash: string | null; last_purpose: string | null;
    pin_failed_count: number | null; pin_locked_until: string | null;
  }[];
  const open = store
    .stmt(
      `SELECT s.person_id, s.entered_at, s.purpose, s.site_id, s.companions, p.name, si.name AS site_name FROM server_room_stays s JOIN people p ON p.id = s.person_id JOIN sites si ON si.id = s.site_id
       WHERE s.exited_at IS NULL AND s.status = 'valid'`,
    )
    .all() as { person_id: string; entered_at: string; purpose: string; site_id: string; companions: string; name: string; site_name: string }[];
  const nameOf = (id: string) => (store.stmt('SELECT name FROM people WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '';
  const siteAt = settingsReader(settings);
  return {
    format: 1,
    stationId: station.id,
    info: {
      siteId: site.id, siteCode: site.code, siteName: site.name, companyName: settings.get('company.name'), station: terminalStation, stationName: station.name,
      idleSeconds: TERMINAL_IDLE_SECONDS, ticketSeconds: TERMINAL_TICKET_SECONDS, purposes,
    },
    people: rows.map((r) => ({
      id: r.id, name: r.name, employeeNo: r.employee_no, cardNo: r.card_no, pinHash: r.pin_hash, active: r.active === 1, authorized: r.authorized === 1,
      lastPurpose: r.last_purpose && purposes.some((p) => p.code === r.last_purpose) ? r.last_purpose : null,
      pinFailedCount: r.pin_failed_count ?? 0,
      pinLockedUntil: r.pin_locked_until && Date.parse(r.pin_locked_until) > now.getTime() ? r.pin_locked_until : null,
    })),
    inside: open.map((o) => ({
      personId: o.person_id, name: o.name, enteredAt: o.entered_at, purpose: o.purpose, here: o.site_id === site.id, siteName: o.site_name,
      visitors: parseCompanions(o.companions).visitors.map((v) => v.name),
      // Who went in with them: the door's 退室 says their exit goes with it, offline too.
      employees: parseCompanions(o.companions).employees.map((e) => nameOf(e.personId)),
      // As its anomaly judges it: the settings in force when it began (staleOpenStay).
      maxStayMinutes: siteAt(o.site_id, o.entered_at).maxStayMinutes,
    })),
    maxStayMinutes: siteAt(site.id, now).maxStayMinutes,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SNAPSHOT_HOURS * 3_600_000).toISOString(),
    refusals: true,
  };
}

/**
 * An open stay whose exit was surely never recorded: begun on an earlier day and open longer than its
 * site's longest stay (over_max_stay). One that only crossed midnight (in at 23:31, out at 00:27) is a
 * night's work, its exit recorded now. The door says so at the host and, from its copy, offline.
 */
export function staleOpenStay(enteredAt: string, maxStayMinutes: number | undefined, now: Date): boolean {
  if (maxStayMinutes === undefined || jstDate(enteredAt) >= jstDate(now)) return false;
  return now.getTime() - Date.parse(enteredAt) > maxStayMinutes * 60_000;
}

export type PinReportKind = 'pin_fail' | 'pin_lock' | 'pin_ok';
const PIN_KINDS: readonly string[] = ['pin_fail', 'pin_lock', 'pin_ok'] satisfies PinReportKind[];
const DOOR_KINDS: readonly string[] = ['enter', 'exit', ...PIN_KINDS];

/** Whether a delivered record is what the terminal saw of a PIN. */
export function isPinReport(e: DoorEntry): e is DoorEntry & { kind: PinReportKind } {
  return PIN_KINDS.includes(e.kind);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Check the shape of a delivered record (it comes from a station, not through the contract's schemas). */
export function parseDoorEntry(x: unknown): DoorRecord {
  const e = x as Partial<DoorEntry> | null;
  // What the contract's own checks would refuse (well-formed text, no control characters), by the same
  // rule — but not invisible characters: a record an older terminal took with one is not lost.
  const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max && textProblem(v, false, { visible: false }) === null;
  // A real instant, as the host writes them (2024-02-30 or 25:00 would roll over into another day).
  const instant = (v: unknown) => typeof v === 'string' && ISO.test(v) && Number.isFinite(Date.parse(v)) && new Date(v).toISOString() === (v.includes('.') ? v : v.replace('Z', '.000Z'));
  if ((e?.kind as string | undefined) === 'refused') {
    // An attempt refused: how and why, what was read (not a PIN-shaped number), and whom the terminal knew, if anyone.
    const r = x as Partial<DoorRefusal> & Record<string, unknown>;
    const keys = Object.keys(r).filter((k) => r[k] !== undefined);
    if (!text(r.id, 64) || !instant(r.occurredAt) || (r.via !== 'card' && r.via !== 'pin') || !REFUSAL_REASONS.includes(r.reason!) || keys.some((k) => !['id', 'kind', 'via', 'reason', 'cardNo', 'personId', 'occurredAt'].includes(k)))
      throw new DaichoError('invalid_input', 'errors.bad_request');
    if (r.cardNo !== undefined && (r.via !== 'card' || !text(r.cardNo, 64) || PIN_SHAPED.test(r.cardNo))) throw new DaichoError('invalid_input', 'errors.bad_request');
    // Someone unknown is named by nobody; someone refused for who they are, by their id.
    if (r.reason === 'unknown' ? r.personId !== undefined : !text(r.personId, 64)) throw new DaichoError('invalid_input', 'errors.bad_request');
    return {
      id: r.id!, kind: 'refused', via: r.via, reason: r.reason!, ...(r.cardNo !== undefined ? { cardNo: r.cardNo } : {}), ...(r.personId !== undefined ? { personId: r.personId } : {}),
      occurredAt: new Date(r.occurredAt!).toISOString(),
    };
  }
  if (!e || !text(e.id, 64) || !DOOR_KINDS.includes(e.kind!) || !text(e.personId, 64) || !instant(e.occurredAt) || (e.unanchored !== undefined && e.unanchored !== true)) throw new DaichoError('invalid_input', 'errors.bad_request');
  const unanchored = e.unanchored ? { unanchored: true as const } : {};
  // What the terminal saw of a PIN carries nothing else.
  if (PIN_KINDS.includes(e.kind!)) {
    if (e.purpose !== undefined || (e.purposeNote ?? null) !== null || (e.visitors ?? []).length > 0) throw new DaichoError('invalid_input', 'errors.bad_request');
    return { id: e.id!, kind: e.kind!, personId: e.personId!, occurredAt: new Date(e.occurredAt!).toISOString() };
  }
  if (e.kind === 'enter' && !text(e.purpose, 32)) throw new DaichoError('invalid_input', 'errors.bad_request');
  if (e.purposeNote !== undefined && e.purposeNote !== null && !text(e.purposeNote, 200)) throw new DaichoError('invalid_input', 'errors.bad_request');
  const visitors = e.visitors ?? [];
  if (!Array.isArray(visitors) || visitors.length > 20 || !visitors.every((v) => text(v?.name, 60) && text(v?.company, 100))) throw new DaichoError('invalid_input', 'errors.bad_request');
  return { id: e.id!, kind: e.kind!, personId: e.personId!, occurredAt: new Date(e.occurredAt!).toISOString(), purpose: e.purpose, purposeNote: e.purposeNote ?? null, visitors: visitors.map((v) => ({ name: v.name, company: v.company })), ...unanchored };
}

/**
 * Was the person authorized for the server room at some time in the SNAPSHOT_HOURS before `at` (so in
 * a door's copy then)? A time before the register knew them is judged as at their registration, as
 * the book's own rule does (anomalies.ts wasAuthorized).
 */
function inACopyBefore(store: Store, personId: string, at: string): boolean {
  const registered = (store.stmt('SELECT created_at FROM people WHERE id = ?').get(personId) as { created_at: string } | undefined)?.created_at ?? at;
  // Before the register knew them, no copy held them (an insider probe: an entry 90 minutes before the
  // person was registered became a stay, judged as at their registration as the desk's rule is).
  if (Date.parse(at) < Date.parse(registered) - CLOCK_SLACK_MS) return false;
  const until = Math.max(Date.parse(at), Date.parse(registered));
  return authorizedDuring(store, personId, 'server_room', new Date(until - SNAPSHOT_HOURS * 3_600_000).toISOString(), new Date(until).toISOString());
}

/**
 * The station a record comes from: its id and site and, once revoked, when (SPEC §11: what it
 * acknowledged at the door before that still reaches the ledger, kept for the review; nothing after).
 */
export interface DeliveringStation {
  id: string;
  siteId: string;
  revokedAt?: string | null;
}

/** When the station was enrolled with this host (lan_stations), as ms; 0 when it is not known. */
function enrolledAt(store: Store, stationId: string): number {
  const row = store.stmt('SELECT enrolled_at FROM lan_stations WHERE id = ?').get(stationId) as { enrolled_at: string } | undefined;
  return row ? Date.parse(row.enrolled_at) : 0;
}

/**
 * One delivered record: recorded once (a second delivery of the same id answers what the first
 * did). An entry opens a stay at the time it happened; an exit closes the person's open stay at the
 * site. What no longer fits — already inside, not inside any more (the desk closed the stay), a
 * stay the ledger's rules refuse — is kept as a conflict for the monthly review. The journal row is
 * written when it arrives, by the person, from the terminal; the stay keeps when it happened.
 */
export function deliverDoorEntry(store: Store, settings: Settings, station: DeliveringStation, terminalStation: string, entry: DoorRecord, now: Date): DeliveryOutcome {
  // A revoked station delivers only what it took before its revocation (LanService.deliver refuses the rest).
  if (station.revokedAt && Date.parse(entry.occurredAt) >= Date.parse(station.revokedAt)) throw new DaichoError('invalid_input', 'lan.errors.revoked_record');
  if (entry.kind === 'refused') return deliverRefusal(store, station, terminalStation, entry, now);
  if (isPinReport(entry)) return deliverPinReport(store, station, terminalStation, entry, now);
  const done = store.rowById('door_deliveries', entry.id) as unknown as (DeliveryRow & { station_id: string }) | undefined;
  // Delivered before (the terminal did not hear back): the same answer. Another station's record of that id is not this one's.
  if (done && done.station_id !== station.id) throw new DaichoError('invalid_input', 'errors.bad_request');
  if (done) return { id: done.id, outcome: done.outcome, conflict: done.conflict, stayId: done.stay_id };
  const person = store.stmt('SELECT id FROM people WHERE id = ?').get(entry.personId);
  if (!person) throw new DaichoError('invalid_input', 'errors.bad_request');
  const who = { actor: `${PERSON_ACTOR_PREFIX}${entry.personId}`, station: terminalStation };
  let conflict: string | null = null;
  let stayId: string | null = null;
  let draft: StayDraft | null = null;
  let closing: StayRow | null = null;
  const open = openStayOf(store, entry.personId);
  // A time ahead of the host's (the terminal's clock is wrong) would put a stay in the future: kept, as a conflict.
  if (Date.parse(entry.occurredAt) > now.getTime() + CLOCK_SLACK_MS) conflict = 'terminal.conflicts.future';
  // So is a time before the station was enrolled: it had no copy of the host's to take it with (its
  // clock set back, or a delivery made up with its key — an insider probe put stays into 2019).
  else if (Date.parse(entry.occurredAt) < enrolledAt(store, station.id) - CLOCK_SLACK_MS) conflict = 'terminal.conflicts.before_enrolment';
  // Taken before the station was revoked, delivered after it: kept, for the review, but it opens or
  // closes no stay by itself — the key that signed it is one the administrator no longer trusts (the
  // PC replaced, or stolen: its key could date a record anywhere before the revocation).
  else if (station.revokedAt) conflict = 'terminal.conflicts.after_revocation';
  // Taken on the door PC's own clock (the terminal started while the host could not be reached): its time
  // may be anything someone at the door set (insider probe 10), so it opens or closes no stay by itself.
  else if (entry.unanchored) conflict = 'terminal.conflicts.clock_unverified';
  else if (entry.kind === 'enter') {
    if (open) conflict = 'terminal.conflicts.already_inside';
    // The door lets in only whom its copy holds: a person not authorized at any time in the life of a
    // copy before the entry was in none (a second probe delivered one, signed with a door's key, and
    // the stay read as if he had badged in himself). Kept as a conflict, for the review.
    else if (!inACopyBefore(store, entry.personId, entry.occurredAt)) conflict = 'terminal.conflicts.not_in_copy';
    else {
      draft = {
        siteId: station.siteId, personId: entry.personId, enteredAt: entry.occurredAt, exitedAt: null, purpose: entry.purpose!, purposeNote: entry.purposeNote ?? null,
        // Art. 8(2): visitors taken at the door are escorted by the person entering.
        companions: { employees: [], visitors: (entry.visitors ?? []).map((v) => ({ name: v.name, company: v.company, escortPersonId: entry.personId })) },
        itemsIn: null, itemsOut: null, notes: null,
      };
      try {
        checkStay(store, settings, draft, { selfId: null, now, changed: 'all' });
      } catch (err) {
        if (!(err instanceof DaichoError)) throw err;
        conflict = err.messageKey;
        draft = null;
      }
    }
  } else if (!open || open.site_id !== station.siteId || open.entered_at > entry.occurredAt) conflict = 'terminal.conflicts.not_inside';
  else closing = open;
  // The visitors' names only where nothing else keeps them (a conflict: no stay was recorded): a
  // recorded stay holds them itself. `detail` is personal data (migration 33): salted in the
  // journal, erased with the server-room book after the retention period (retention.ts; an insider
  // probe found a door visitor's name here seven years after the stay's was erased).
  const visitors = entry.visitors ?? [];
  const detail = JSON.stringify({ purpose: entry.purpose ?? null, purposeNote: entry.purposeNote ?? null, visitors: conflict ? visitors : visitors.length });
  store.write(who, (tx) => {
    const newStayId = draft ? store.newId() : null;
    stayId = newStayId ?? closing?.id ?? null;
    // The delivery first: the stay's rules read it (an exit from a door's queue), and the review's
    // notes of the stay's change judge it as it is after the whole act (found by the read-through: a
    // late door exit took the stay's anomalies away unnoted).
    tx.insert(
      'door_deliveries',
      {
        id: entry.id, station_id: station.id, site_id: station.siteId, kind: entry.kind, person_id: entry.personId, occurred_at: entry.occurredAt, arrived_at: tx.now,
        stay_id: stayId, outcome: conflict ? 'conflict' : 'recorded', conflict, detail,
      },
      { action: 'terminal.deliver' },
    );
    if (draft && newStayId) insertStay(tx, newStayId, draft, { recordedBy: who.actor, station: terminalStation, action: 'terminal.enter' });
    else if (closing) tx.update('server_room_stays', closing.id, { exited_at: entry.occurredAt, exit_recorded_at: tx.now }, { action: 'terminal.exit' });
  });
  return { id: entry.id, outcome: conflict ? 'conflict' : 'recorded', conflict, stayId };
}

/**
 * An attempt the terminal refused while offline: kept once, as it happened, naming whom the terminal
 * knew, or an unknown card's holder when the register has one (a person not authorized, whom the door
 * PC's copy does not hold), as the host's own terminal journals a refusal. Journaled as the
 * terminal's. A time the terminal could not have seen it at (ahead of the host's, or before the
 * station was enrolled: a station's keys could date one anywhere, a second probe) is not believed:
 * the refusal is kept at the time it arrived (the time the terminal claimed is not kept: no column holds it).
 */
function deliverRefusal(store: Store, station: DeliveringStation, terminalStation: string, entry: DoorRefusal, now: Date): DeliveryOutcome {
  const answer: DeliveryOutcome = { id: entry.id, outcome: 'recorded', conflict: null, stayId: null };
  const done = store.rowById('door_refusals', entry.id);
  if (done && done.station_id !== station.id) throw new DaichoError('invalid_input', 'errors.bad_request');
  if (done) return answer;
  // A time the terminal could not have seen it at (ahead of the host's: the door PC's clock set
  // forward; or before the station was enrolled) is not believed, but the attempt is kept, at the time
  // it arrived (insider probe 10: refused, set aside at the door, card guessing left no trace here).
  const at = Date.parse(entry.occurredAt);
  const believed = at <= now.getTime() + CLOCK_SLACK_MS && at >= enrolledAt(store, station.id) - CLOCK_SLACK_MS;
  if (entry.personId !== undefined && !store.stmt('SELECT id FROM people WHERE id = ?').get(entry.personId)) throw new DaichoError('invalid_input', 'errors.bad_request');
  const holders =
    entry.personId !== undefined
      ? [{ person_id: entry.personId }]
      : entry.cardNo
        ? (store.stmt(`SELECT person_id FROM ${DOOR_CREDENTIALS_TABLE} WHERE upper(card_no) = upper(?) LIMIT 2`).all(entry.cardNo) as { person_id: string }[])
        : [];
  store.write({ actor: 'terminal', station: terminalStation }, (tx) =>
    tx.insert(
      'door_refusals',
      {
        id: entry.id, station_id: station.id, site_id: station.siteId, via: entry.via, reason: entry.reason, card_no: entry.cardNo ?? null, person_id: holders.length === 1 ? holders[0].person_id : null,
        occurred_at: believed ? entry.occurredAt : tx.now, arrived_at: tx.now,
      },
      { action: 'terminal.refused_offline' },
    ),
  );
  return answer;
}

/**
 * What the terminal saw of a PIN while offline (SPEC §2: every wrong PIN and every lock is
 * journaled): kept once, as it happened, and counted at the host as its own checks are — a wrong
 * PIN adds to the count (the fifth locks), a right one clears it, a lock still running when it
 * arrives holds here too — so the limit is five tries wherever they are made. Journaled as the
 * terminal's, as the host's own checks are: typing an employee number proves nothing of who typed.
 */
function deliverPinReport(store: Store, station: DeliveringStation, terminalStation: string, entry: DoorEntry & { kind: PinReportKind }, now: Date): DeliveryOutcome {
  const answer: DeliveryOutcome = { id: entry.id, outcome: 'recorded', conflict: null, stayId: null };
  const done = store.rowById('door_pin_reports', entry.id);
  if (done && done.station_id !== station.id) throw new DaichoError('invalid_input', 'errors.bad_request');
  if (done) return answer;
  if (!store.stmt('SELECT id FROM people WHERE id = ?').get(entry.personId)) throw new DaichoError('invalid_input', 'errors.bad_request');
  const occurred = Date.parse(entry.occurredAt);
  store.write({ actor: 'terminal', station: terminalStation }, (tx) => {
    tx.insert(
      'door_pin_reports',
      { id: entry.id, station_id: station.id, site_id: station.siteId, kind: entry.kind, person_id: entry.personId, occurred_at: entry.occurredAt, arrived_at: tx.now },
      { action: 'terminal.pin_report' },
    );
    const credential = tx.stmt(`SELECT id, pin_failed_count, pin_locked_until FROM ${DOOR_CREDENTIALS_TABLE} WHERE person_id = ?`).get(entry.personId) as
      | { id: string; pin_failed_count: number; pin_locked_until: string | null }
      | undefined;
    // Kept, but not counted: no credential any more, or a right PIN at a time ahead of the host's (the
    // terminal's clock is wrong: it would clear what was counted since). A wrong PIN or a lock ahead of
    // it counts as now (a second probe set the door's clock forward after each lock: fifty wrong PINs,
    // and the host counted none).
    // Nor from a revoked station: its key may be in other hands, and its reports would lock or clear anyone's PIN.
    if (!credential || station.revokedAt || (entry.kind === 'pin_ok' && occurred > now.getTime() + CLOCK_SLACK_MS)) return;
    const held = credential.pin_locked_until ? Date.parse(credential.pin_locked_until) : 0;
    const lock = (from: number) => {
      const until = from + PIN_LOCK_MINUTES * 60_000;
      if (until > now.getTime() && until > held)
        tx.update(DOOR_CREDENTIALS_TABLE, credential.id, { pin_failed_count: 0, pin_locked_until: new Date(until).toISOString() }, { action: 'terminal.pin_lock' });
    };
    if (entry.kind === 'pin_lock') lock(Math.min(occurred, now.getTime()));
    else if (entry.kind === 'pin_ok') {
      // A right PIN clears the wrong ones typed before it, not those counted since (found by an insider
      // probe: a right PIN typed offline at 10:01 and delivered at 10:40 wiped three guesses made at
      // 10:30). The credential's count changed after it: the count stands.
      const changedSince = tx.stmt("SELECT 1 FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? AND at > ? LIMIT 1").get(DOOR_CREDENTIALS_TABLE, credential.id, entry.occurredAt);
      if (credential.pin_failed_count > 0 && !changedSince) tx.update(DOOR_CREDENTIALS_TABLE, credential.id, { pin_failed_count: 0 }, { action: 'terminal.pin_reset_failures' });
    } else if (held <= now.getTime()) {
      const count = credential.pin_failed_count + 1;
      if (count >= PIN_MAX_FAILURES) lock(Math.min(occurred, now.getTime()));
      else tx.update(DOOR_CREDENTIALS_TABLE, credential.id, { pin_failed_count: count }, { action: 'terminal.pin_fail' });
    }
  });
  return answer;
}
