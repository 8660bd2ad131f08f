import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { decoyHash, failUnknownEmployee, isPinReport, unknownEmployeeLocked, signedByHost, SignInThrottle, staleOpenStay, verifySecret, type DoorSnapshot, type PinReportKind, type RefusalReason, type SnapshotPerson } from '../core';
import { contract } from '../../shared/api/contract';
import { waitParams, type ApiError, type ApiResult } from '../../shared/api/errors';
import { PIN_LOCK_MINUTES, PIN_MAX_FAILURES, PIN_SHAPED, TERMINAL_TICKET_SECONDS, type TerminalIdentity, type TerminalInsideEntry, type TerminalReceipt } from '../../shared/ledgers/serverRoomTerminal';
import type { DoorQueue, QueuedEntry } from './door-queue';

// SPEC §11 (issue 13): the door terminal while the host cannot be reached. People are identified
// from the host's signed copy (cards, employee numbers and PIN hashes, who is authorized, who is
// inside) as changed by what this terminal queued since; entries and exits go to the queue with
// their real times. The same answers as the host's terminal.* methods, so the screen does not
// change — only its banner says "offline — N waiting".

const fail = (error: ApiError): ApiResult<never> => ({ ok: false, error });
const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
const UNREACHABLE: ApiError = { code: 'unavailable', messageKey: 'lan.errors.host_unreachable' };

interface Ticket {
  person: SnapshotPerson;
  canEnter: boolean;
  canExit: boolean;
  enteredAt: string | null;
  purpose: string | null;
  expiresAt: number;
}

/** The one door this terminal is: its guessing throttle's keys (PINs; card numbers). */
const DOOR = 'door';
const DOOR_CARD = 'door-card';

/** Offline tickets say so: a ticket the host never issued is never sent to it. */
export const OFFLINE_TICKET = 'offline:';

/** How far this PC's clock may be behind the host's before the host's copy is not used (SPEC §8's clock anomaly is 5 minutes). */
const SNAPSHOT_CLOCK_SLACK_MS = 5 * 60_000;

/** This start of the PC (Linux's boot id); null where the system does not say. */
export function bootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export class OfflineTerminal {
  private readonly tickets = new Map<string, Ticket>();
  /** Guessing PINs here, person after person, waits longer and longer, as at the host's terminal (auth/guessing.ts). */
  private readonly throttle = new SignInThrottle();

  constructor(
    private readonly queue: DoorQueue,
    private readonly certPem: string,
    private readonly clock: () => Date = () => new Date(),
    /**
     * Time that only goes on as time passes, whatever the PC's clock is set to (ms): the PC's own time
     * since it started, which an app restart does not reset (a restart of the PC does).
     */
    private readonly monotonic: () => number = () => os.uptime() * 1000,
    /** Which start of the PC this is (null where the system does not say): see `anchor`. */
    private readonly boot: () => string | null = bootId,
  ) {
    // The host's time as last heard, kept in the queue: a restart of the app while the host cannot be
    // reached goes on from it (found by the test of a door killed while offline) — only in the same
    // start of the PC, by its boot id. Time since start alone does not say so: a probe power-cycled the
    // door and left it until its time since start passed the one kept, and its entries went on from the
    // host's time as if the PC had never stopped, stamped minutes before they happened, and clean.
    // Where the system has no boot id, a restart of the app while offline is one of the PC: its
    // records say their time is the PC's own (the host keeps them as conflicts, for the review).
    const kept = queue.anchor();
    const thisBoot = this.boot();
    this.anchor = kept && kept.boot !== null && kept.boot === thisBoot ? { at: kept.at, mono: kept.mono } : null;
    // A restart does not forget the guessing: the waits go on from the wrong tries still queued (an
    // insider probe power-cycled the door, a kiosk no one signs in to, for ten more free tries each time).
    for (const e of queue.pending()) {
      const at = Date.parse(e.occurredAt);
      if (e.kind === 'pin_fail' || e.kind === 'pin_lock') this.throttle.fail(DOOR, at);
      else if (e.kind === 'refused' && e.reason === 'unknown') this.throttle.fail(e.via === 'card' ? DOOR_CARD : DOOR, at);
    }
  }

  /**
   * The host's time when this terminal last heard from it (its copy fetched), and the monotonic time
   * then: while there is one, the terminal's time is the host's, gone on by the time that really
   * passed — not this PC's clock, which someone at the door may set (insider probe 10: set 11½ hours
   * ahead, an entry at 21:00 reached the ledger as a clean one at 08:30 the next morning). Without
   * one (started while the host could not be reached), its records say their time is the PC's own.
   */
  private anchor: { at: number; mono: number } | null;

  /** The host's time now, as the station just heard it (its copy fetched): the terminal's time goes on from it. */
  anchorTo(hostNow: Date): void {
    this.anchor = { at: hostNow.getTime(), mono: this.monotonic() };
    this.queue.saveAnchor(this.anchor.at, this.anchor.mono, this.boot());
  }

  /**
   * The terminal's time: the host's as last heard, gone on as time has really passed; else — never
   * heard, or the PC restarted since (its time since start went back) — the PC's clock, said so.
   */
  private time(): { now: Date; unanchored: boolean } {
    const mono = this.monotonic();
    if (!this.anchor || mono < this.anchor.mono) return { now: this.clock(), unanchored: true };
    return { now: new Date(this.anchor.at + (mono - this.anchor.mono)), unanchored: false };
  }

  /** The last time `steady` gave, and the monotonic time then. */
  private lastSteady: { at: number; mono: number } | null = null;

  /**
   * The time the PIN lock and the guessing waits are judged by: this PC's clock, but never further on
   * since the last try than time has really passed (a second probe set the door PC's clock forward 16
   * minutes after each lock, and guessed five more PINs each time: fifty in all, then the right one).
   * A clock set back only makes the waits longer. A restart starts from the PC's clock again.
   */
  private steady(now: Date): number {
    const mono = this.monotonic();
    const at = this.lastSteady ? Math.min(now.getTime(), this.lastSteady.at + Math.max(0, mono - this.lastSteady.mono)) : now.getTime();
    this.lastSteady = { at, mono };
    return at;
  }

  /** The time of the call being answered is not the host's (see `anchor`): said on what it queues. */
  private unanchored = true;

  /**
   * What an entry or exit queued now says of its time: nothing when it is the host's. (A refusal or a
   * PIN report needs no such word: the host counts one dated ahead of it as now, and keeps each.)
   */
  private stamp(): { unanchored?: true } {
    return this.unanchored ? { unanchored: true } : {};
  }

  /** The host's copy, if it is signed by the pinned host and not too old. */
  snapshot(): DoorSnapshot | null {
    const s = this.queue.snapshot();
    if (!s || !signedByHost(this.certPem, s.text, s.signature)) return null;
    const snap = JSON.parse(s.text) as DoorSnapshot;
    const now = this.time().now.getTime();
    // Nor one issued after this PC's own time: its clock is behind the host's (set back, an insider
    // probe: to 2019, and every stay it took went into 2019, erasable at once). It waits for the host.
    return Date.parse(snap.expiresAt) > now && Date.parse(snap.issuedAt) <= now + SNAPSHOT_CLOCK_SLACK_MS ? snap : null;
  }

  /** Who is inside here now: the copy, then what was queued since (in order). */
  private insideHere(snap: DoorSnapshot): Map<string, { name: string; enteredAt: string; purpose: string; visitors: string[]; employees: string[]; maxStayMinutes?: number }> {
    const inside = new Map(
      snap.inside.filter((i) => i.here).map((i) => [i.personId, { name: i.name, enteredAt: i.enteredAt, purpose: i.purpose, visitors: i.visitors, employees: i.employees ?? [], maxStayMinutes: i.maxStayMinutes }]),
    );
    for (const e of this.queue.pending()) {
      // (Offline, nobody badges in with another employee: only visitors come along.)
      if (e.kind === 'enter') inside.set(e.personId, { name: e.personName, enteredAt: e.occurredAt, purpose: e.purpose ?? '', visitors: (e.visitors ?? []).map((v) => v.name), employees: [], maxStayMinutes: snap.maxStayMinutes });
      else if (e.kind === 'exit') inside.delete(e.personId);
    }
    return inside;
  }

  async handle(method: string, input: unknown): Promise<ApiResult<unknown>> {
    const snap = this.snapshot();
    if (!snap) return fail(UNREACHABLE);
    const def = (contract as Record<string, { input: { safeParse(x: unknown): { success: boolean; data?: unknown } } }>)[method];
    const parsed = def?.input.safeParse(input ?? {});
    if (!def || !parsed?.success) return fail({ code: 'invalid_input', messageKey: 'errors.bad_request' });
    const { now, unanchored } = this.time();
    this.unanchored = unanchored;
    for (const [k, t] of this.tickets) if (t.expiresAt <= now.getTime()) this.tickets.delete(k);
    switch (method) {
      case 'terminal.info':
        return ok(snap.info);
      case 'terminal.inside': {
        const list: TerminalInsideEntry[] = [];
        // As the host lists them: each person, the employees who went in with them, then their visitors.
        for (const i of this.insideHere(snap).values())
          list.push({ name: i.name, kind: 'employee' }, ...i.employees.map((e) => ({ name: e, kind: 'employee' as const })), ...i.visitors.map((v) => ({ name: v, kind: 'visitor' as const })));
        return ok(list);
      }
      case 'terminal.identify':
        return this.identify(snap, parsed.data as { cardNo?: string; employeeNo?: string; pin?: string }, now, this.steady(now));
      case 'terminal.enter':
        return this.enter(snap, parsed.data as { ticket: string; purpose: string; purposeNote?: string | null; companions: { employees: unknown[]; visitors: { name: string; company: string; escortEmployeeNo?: string }[] } }, now);
      case 'terminal.exit':
        return this.exit(parsed.data as { ticket: string }, now);
      default:
        return fail(UNREACHABLE);
    }
  }

  private async identify(snap: DoorSnapshot, input: { cardNo?: string; employeeNo?: string; pin?: string }, now: Date, steady: number): Promise<ApiResult<TerminalIdentity>> {
    let p: SnapshotPerson | undefined;
    // Guessing waits longer and longer, card numbers as PINs, each in its own wait, as at the host
    // (an insider probe: unplugged, the door answered card after card at once).
    const key = input.cardNo !== undefined ? DOOR_CARD : DOOR;
    const wait = this.throttle.waitFor(key, steady);
    if (wait > 0) return fail({ code: 'too_many_attempts', messageKey: 'terminal.errors.too_many_attempts', field: input.cardNo !== undefined ? 'cardNo' : 'pin', params: waitParams(wait) });
    if (input.cardNo !== undefined) {
      // Whatever its case, as at the host (a reader may type either).
      const holders = snap.people.filter((x) => x.cardNo?.toUpperCase() === input.cardNo!.toUpperCase());
      p = holders.length === 1 ? holders[0] : undefined;
      if (!p) {
        this.throttle.fail(DOOR_CARD, steady);
        this.refused(snap, { via: 'card', reason: 'unknown', cardNo: input.cardNo }, now);
        // The door PC's copy holds only who may enter: a registered employee without authorization reads
        // as unknown here, so the door says it cannot tell which (a walk-through: "not registered" sent an
        // employee whose card was registered to the clerk to register it again).
        return fail({ code: 'not_found', messageKey: 'terminal.errors.unknown_card_offline', field: 'cardNo' });
      }
    } else {
      const matching = snap.people.filter((x) => x.employeeNo.toUpperCase() === input.employeeNo?.toUpperCase());
      p = matching.length === 1 ? matching[0] : undefined;
      if (!p) {
        // Same time and answer as a wrong PIN, as at the host: an employee number the copy lacks is not
        // told apart — and it locks after as many tries as a person's PIN does (pin.ts; the lock told which numbers were real).
        if (!unknownEmployeeLocked(this, input.employeeNo ?? '', steady)) await verifySecret(input.pin!, await decoyHash());
        this.refused(snap, { via: 'pin', reason: 'unknown' }, now);
        const refused = failUnknownEmployee(this, input.employeeNo ?? '', steady).toApiError();
        if (refused.messageKey === 'terminal.errors.bad_pin') this.throttle.fail(DOOR, steady);
        return fail(refused);
      }
      const refused = await this.checkPin(snap, p, input.pin!, now, steady);
      if (refused?.messageKey === 'terminal.errors.bad_pin') this.throttle.fail(DOOR, steady);
      if (refused) return fail(refused);
    }
    const here = this.insideHere(snap).get(p.id);
    const elsewhere = snap.inside.find((i) => i.personId === p.id && !i.here);
    const canExit = !!here;
    const canEnter = p.authorized && p.active && !here && !elsewhere;
    if (!canEnter && !canExit) {
      const via = input.cardNo !== undefined ? 'card' : 'pin';
      // Named: the copy knows them (a second probe: kept as an unknown card, the person was lost).
      this.refused(snap, { via, reason: elsewhere ? 'inside_elsewhere' : !p.active ? 'inactive' : 'not_authorized', personId: p.id }, now);
      if (elsewhere) return fail({ code: 'conflict', messageKey: 'terminal.errors.inside_elsewhere', params: { name: p.name, site: elsewhere.siteName } });
      return fail({ code: 'forbidden', messageKey: 'terminal.errors.not_authorized', params: { name: p.name } });
    }
    const ticket = `${OFFLINE_TICKET}${randomBytes(18).toString('base64url')}`;
    const expiresAt = now.getTime() + TERMINAL_TICKET_SECONDS * 1000;
    this.tickets.set(ticket, { person: p, canEnter, canExit, enteredAt: here?.enteredAt ?? null, purpose: here?.purpose ?? null, expiresAt });
    return ok({
      ticket, expiresAt: new Date(expiresAt).toISOString(), personName: p.name, inside: canExit,
      openStay: here
        ? {
            siteName: snap.info.siteName, enteredAt: here.enteredAt, purpose: here.purpose, stale: staleOpenStay(here.enteredAt, here.maxStayMinutes, now), here: true,
            companions: [...here.employees.map((name) => ({ name, kind: 'employee' as const })), ...here.visitors.map((name) => ({ name, kind: 'visitor' as const }))],
          }
        : null,
      lastPurpose: p.lastPurpose, authorized: p.authorized, canEnter, canExit,
    });
  }

  /**
   * SPEC §2 lockout at the door, offline as the host keeps it: five wrong PINs lock the PIN for a
   * while. The count goes on from the host's (in its copy); what is counted here is kept in the queue
   * (a restart does not start it again) and reported to the host, which counts it too, until a newer
   * copy arrives with nothing of this person's left to deliver — the host's count then includes it.
   */
  private async checkPin(snap: DoorSnapshot, p: SnapshotPerson, pin: string, now: Date, steady: number): Promise<ApiError | null> {
    let guard = this.queue.pinGuard(p.id);
    if (guard && guard.basedOn < snap.issuedAt && !this.queue.pending().some((e) => e.kind !== 'refused' && e.personId === p.id && isPinReport(e))) {
      this.queue.dropPinGuard(p.id);
      guard = null;
    }
    const hostLock = p.pinLockedUntil ? Date.parse(p.pinLockedUntil) : 0;
    const locked: ApiError = { code: 'account_locked', messageKey: 'terminal.errors.pin_locked', field: 'pin', params: { minutes: PIN_LOCK_MINUTES } };
    // A try while the lock runs, or with no PIN set, is refused and recorded, as at the host (a second probe).
    if (Math.max(guard?.lockedUntil ?? 0, hostLock) > steady) {
      this.refused(snap, { via: 'pin', reason: 'pin_locked', personId: p.id }, now);
      return locked;
    }
    if (!p.pinHash) {
      // Answered, timed, counted and locked as a number no one has, as at the host (pin.ts checkPin).
      if (!unknownEmployeeLocked(this, p.employeeNo, steady)) await verifySecret(pin, await decoyHash());
      this.refused(snap, { via: 'pin', reason: 'no_pin', personId: p.id }, now);
      return failUnknownEmployee(this, p.employeeNo, steady).toApiError();
    }
    const counted = guard ? guard.failed : (p.pinFailedCount ?? 0);
    // A host older than the reports (its copy has no count) would refuse them: they are not made for it.
    const reports = p.pinFailedCount !== undefined;
    const report = (kind: PinReportKind): QueuedEntry | null => (reports ? { id: randomUUID(), kind, personId: p.id, personName: p.name, occurredAt: now.toISOString() } : null);
    if (await verifySecret(pin, p.pinHash)) {
      if (counted > 0) this.queue.countPin(p.id, { failed: 0, lockedUntil: 0, basedOn: snap.issuedAt }, report('pin_ok'));
      return null;
    }
    const lock = counted + 1 >= PIN_MAX_FAILURES;
    this.queue.countPin(p.id, { failed: lock ? 0 : counted + 1, lockedUntil: lock ? steady + PIN_LOCK_MINUTES * 60_000 : 0, basedOn: snap.issuedAt }, report(lock ? 'pin_lock' : 'pin_fail'));
    // As the host answers: the wrong PIN that locks says so.
    return lock ? locked : { code: 'bad_credentials', messageKey: 'terminal.errors.bad_pin', field: 'pin' };
  }

  /**
   * An attempt refused here is queued for the host, which keeps it as its own terminal journals a
   * refusal (SPEC §7; an insider probe: offline, refusals left nothing): why, and who when the copy
   * knows them. A card number shaped like a PIN is not sent. Only to a host that keeps them (its copy says so).
   */
  private refused(snap: DoorSnapshot, what: { via: 'card' | 'pin'; reason: RefusalReason; cardNo?: string; personId?: string }, now: Date): void {
    if (!snap.refusals) return;
    const cardNo = what.cardNo !== undefined && !PIN_SHAPED.test(what.cardNo) ? what.cardNo : undefined;
    this.queue.add({
      id: randomUUID(), kind: 'refused', via: what.via, reason: what.reason, ...(cardNo !== undefined ? { cardNo } : {}), ...(what.personId !== undefined ? { personId: what.personId } : {}),
      occurredAt: now.toISOString(),
    });
  }

  private take(ticket: string): Ticket | null {
    const t = this.tickets.get(ticket) ?? null;
    this.tickets.delete(ticket);
    return t;
  }

  private enter(snap: DoorSnapshot, input: { ticket: string; purpose: string; purposeNote?: string | null; companions: { employees: unknown[]; visitors: { name: string; company: string; escortEmployeeNo?: string }[] } }, now: Date): ApiResult<TerminalReceipt> {
    const t = this.tickets.get(input.ticket);
    if (!t) return fail({ code: 'invalid_input', messageKey: 'terminal.errors.ticket_expired', field: 'ticket' });
    if (!t.canEnter) return fail({ code: 'conflict', messageKey: 'terminal.errors.cannot_enter', field: 'ticket' });
    if (!snap.info.purposes.some((p) => p.code === input.purpose)) return fail({ code: 'invalid_input', messageKey: 'errors.field.invalid', field: 'purpose' });
    // Offline, the person entering escorts their visitors; employees with them badge in themselves.
    if (input.companions.employees.length > 0 || input.companions.visitors.some((v) => v.escortEmployeeNo !== undefined && v.escortEmployeeNo !== t.person.employeeNo))
      return fail({ code: 'invalid_input', messageKey: 'terminal.errors.offline_companions', field: 'companions' });
    this.take(input.ticket);
    const at = now.toISOString();
    const entry: QueuedEntry = {
      id: randomUUID(), kind: 'enter', personId: t.person.id, personName: t.person.name, occurredAt: at, purpose: input.purpose, purposeNote: input.purposeNote ?? null,
      visitors: input.companions.visitors.map((v) => ({ name: v.name, company: v.company })), ...this.stamp(),
    };
    this.queue.add(entry);
    return ok({ action: 'enter', personName: t.person.name, at, purpose: input.purpose, enteredAt: at, minutes: null });
  }

  private exit(input: { ticket: string }, now: Date): ApiResult<TerminalReceipt> {
    const t = this.tickets.get(input.ticket);
    if (!t) return fail({ code: 'invalid_input', messageKey: 'terminal.errors.ticket_expired', field: 'ticket' });
    if (!t.canExit || !t.enteredAt) return fail({ code: 'conflict', messageKey: 'terminal.errors.not_inside', field: 'ticket' });
    this.take(input.ticket);
    const at = now.toISOString();
    this.queue.add({ id: randomUUID(), kind: 'exit', personId: t.person.id, personName: t.person.name, occurredAt: at, ...this.stamp() });
    return ok({ action: 'exit', personName: t.person.name, at, purpose: t.purpose ?? '', enteredAt: t.enteredAt, minutes: Math.floor((now.getTime() - Date.parse(t.enteredAt)) / 60_000) });
  }
}
