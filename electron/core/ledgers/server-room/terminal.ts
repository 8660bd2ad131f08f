import { randomBytes } from 'node:crypto';
import { DaichoError, waitParams } from '../../../../shared/api/errors';
import { settingsReader } from './settings';
import { staleOpenStay } from './offline';
import type { StoredCompanions } from '../../../../shared/ledgers/serverRoom';
import {
  PIN_LOCK_MINUTES,
  PIN_SHAPED,
  TERMINAL_IDLE_SECONDS,
  TERMINAL_TICKET_SECONDS,
  type TerminalInfo,
  type TerminalInsideEntry,
  type TerminalReceipt,
} from '../../../../shared/ledgers/serverRoomTerminal';
import { requireSession, type HandlerContext, type Handlers } from '../../context';
import { findAccountByLogin, getAccount, rolesOf } from '../../auth/accounts-repo';
import { checkPassword, oneCheckPerSession, refuseUnknownLogin } from '../../auth/handlers';
import { decoyHash, verifySecret } from '../../auth/passwords';
import type { Session, SessionStore } from '../../auth/sessions';
import type { Store } from '../../store/store';
import type { Actor } from '../../store/store';
import { stationNamer } from '../../stations';
import { checkPin, failUnknownEmployee, unknownEmployeeLocked, type PinPersonRow } from './pin';
import { DOOR_CREDENTIALS_TABLE } from './door-credentials';
import { cardDoorOf, pinDoorOf, rebuildDoorWaits } from './door-waits';
import { authorizedNowSql } from '../people/authorizations';
import { companionStayDuring, openStayOf, parseCompanions, PERSON_ACTOR_PREFIX, type StayRow } from './repo';
import { checkStay, insertStay, type StayDraft } from './rules';
import { siteSettings } from './settings';
import type { JournalAction } from '../../../../shared/domain/journal-actions';

// SPEC §7 — the server-room door terminal. A terminal session (kind 'terminal', no roles) serves
// one site. identify → a one-time ticket (60 s, in memory, bound to this terminal session) →
// enter or exit. Refusals (unknown card, wrong PIN, inactive or unauthorized person) are journaled
// as events; nothing else is stored for them.

interface Ticket {
  sessionToken: string;
  personId: string;
  siteId: string;
  expiresAt: number;
  canEnter: boolean;
  canExit: boolean;
  /** Companions refused with it so far (TICKET_TRIES). */
  refusals?: number;
}

/** Tickets per engine (keyed by its session store), so two open databases never share them. */
const ticketBooks = new WeakMap<SessionStore, Map<string, Ticket>>();

function ticketBook(ctx: HandlerContext): Map<string, Ticket> {
  let book = ticketBooks.get(ctx.sessions);
  if (!book) {
    book = new Map();
    ticketBooks.set(ctx.sessions, book);
  }
  const now = ctx.now.getTime();
  for (const [k, t] of book) if (t.expiresAt <= now || !ctx.sessions.get(t.sessionToken)) book.delete(k);
  return book;
}

interface TerminalPerson extends PinPersonRow {
  site_id: string;
}

/** A person with their door credential and whether they are authorized now (an open period). */
const PERSON_SELECT = `SELECT p.id, p.name, p.employee_no, p.site_id, p.active, ${authorizedNowSql('p.id', 'server_room')} AS server_room_authorized,
  c.id AS credential_id, c.pin_hash, c.pin_failed_count, c.pin_locked_until
  FROM people p LEFT JOIN ${DOOR_CREDENTIALS_TABLE} c ON c.person_id = p.id`;

function terminalSession(ctx: HandlerContext): Session & { siteId: string } {
  const s = requireSession(ctx);
  if (s.kind !== 'terminal' || !s.siteId) throw new DaichoError('forbidden', 'terminal.errors.no_site');
  return s as Session & { siteId: string };
}

/** Journal rows from the door: by the identified person, or by "terminal" before anyone is identified. */
function doorActor(s: Session, personId: string | null): Actor {
  return { actor: personId ? `${PERSON_ACTOR_PREFIX}${personId}` : 'terminal', station: s.station };
}

function siteRow(ctx: HandlerContext, siteId: string): { id: string; code: string; name: string } {
  const site = ctx.store.stmt('SELECT id, code, name FROM sites WHERE id = ?').get(siteId) as { id: string; code: string; name: string } | undefined;
  if (!site) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
  return site;
}

function info(ctx: HandlerContext, s: Session & { siteId: string }): TerminalInfo {
  const site = siteRow(ctx, s.siteId);
  return {
    siteId: site.id, siteCode: site.code, siteName: site.name, companyName: ctx.settings.get('company.name'), station: s.station, stationName: stationNamer(ctx.store)(s.station),
    idleSeconds: TERMINAL_IDLE_SECONDS, ticketSeconds: TERMINAL_TICKET_SECONDS,
    purposes: siteSettings(ctx.settings, site.id).purposes.filter((p) => p.active),
  };
}

function personBy(ctx: HandlerContext, by: 'card' | 'employee_no' | 'id', value: string): TerminalPerson | undefined {
  // A card number and an employee number are one whatever their case (a reader may type either; the register keeps them apart so).
  const where = { card: 'upper(c.card_no) = upper(?)', employee_no: 'upper(p.employee_no) = upper(?)', id: 'p.id = ?' }[by];
  // Two people whose numbers differ only in case (data kept before numbers were folded): neither is
  // let in by it — the door never picks one of them (a review).
  const found = ctx.store.stmt(`${PERSON_SELECT} WHERE ${where} LIMIT 2`).all(value) as TerminalPerson[];
  return found.length === 1 ? found[0] : undefined;
}

/** Refuse at the door: journal the attempt (SPEC §7), then throw. */
function refuse(ctx: HandlerContext, s: Session, action: JournalAction, personId: string | null, data: Record<string, unknown>, err: DaichoError): never {
  ctx.store.write(doorActor(s, null), (tx) => tx.event(action, 'people', personId, { siteId: s.siteId, ...data }));
  throw err;
}

function useTicket(ctx: HandlerContext, s: Session & { siteId: string }, token: string): { ticket: Ticket; book: Map<string, Ticket> } {
  const book = ticketBook(ctx);
  const ticket = book.get(token);
  if (!ticket || ticket.sessionToken !== s.token || ticket.siteId !== s.siteId) throw new DaichoError('invalid_input', 'terminal.errors.ticket_expired', 'ticket');
  return { ticket, book };
}

/**
 * An employee number and PIN typed at the door — to identify, or by a companion named by number
 * (enterWith) — checked one way: a number no one has, one whose person has no PIN, a wrong PIN and a
 * locked one answer alike, in the same time and words (pin.ts), are counted toward the same locks,
 * and every refusal is journaled (as `who`); what was typed is never kept (the number may be a PIN).
 * Returns the person; throws the refusal (field 'pin'). `found`: the number's person, or undefined.
 */
async function checkNumberPin(ctx: HandlerContext, s: Session & { siteId: string }, who: Actor, found: TerminalPerson | undefined, employeeNo: string, pin: string, by: 'pin' | 'companion'): Promise<TerminalPerson> {
  if (!found) {
    // Same time and message as a wrong PIN — and as a locked PIN, once locked: no check is timed then.
    if (!unknownEmployeeLocked(ctx.sessions, employeeNo, ctx.now.getTime())) await oneCheckPerSession(ctx, async () => verifySecret(pin, await decoyHash()));
    const refused = failUnknownEmployee(ctx.sessions, employeeNo, ctx.now.getTime());
    ctx.store.write(who, (tx) => tx.event('terminal.refused_unknown_employee', 'people', null, { siteId: s.siteId, by, unknownEmployeeNo: true }));
    throw refused;
  }
  // One PIN check at a time per door (a session cannot queue guesses): the wait holds for each (an
  // insider probe: twelve guesses sent at once were ten checks in one wait).
  await oneCheckPerSession(ctx, () => checkPin(ctx, who, found, pin));
  return found;
}

function assertMayEnter(ctx: HandlerContext, s: Session & { siteId: string }, p: TerminalPerson): void {
  if (p.active !== 1) refuse(ctx, s, 'terminal.refused_inactive', p.id, {}, new DaichoError('forbidden', 'terminal.errors.inactive', undefined, { name: p.name }));
  if (p.server_room_authorized !== 1)
    refuse(ctx, s, 'terminal.refused_not_authorized', p.id, {}, new DaichoError('forbidden', 'terminal.errors.not_authorized', undefined, { name: p.name }));
}

/** Minutes as the two times read to the minute (the receipt shows them so: 08:32 → 08:52 is 20). */
function minutesBetween(from: string, to: string): number {
  return Math.floor(Date.parse(to) / 60_000) - Math.floor(Date.parse(from) / 60_000);
}

type TerminalMethod = 'terminal.start' | 'terminal.info' | 'terminal.stop' | 'terminal.identify' | 'terminal.enter' | 'terminal.exit' | 'terminal.inside';

export const terminalHandlers: Handlers<TerminalMethod> = {
  'terminal.start': async (ctx, { siteId, password }) => {
    const desk = requireSession(ctx);
    const account = getAccount(ctx.store, desk.accountId);
    if (!account || account.status !== 'active') throw new DaichoError('not_signed_in', 'errors.not_signed_in');
    // On the office network a door is a station enrolled as one, for its site, with the safety manager's
    // approval (stations.pair): a desk station does not turn itself into any site's door with a clerk's
    // password (an insider probe: stays recorded as the Osaka head's own card at a head-office desk).
    if (desk.via?.startsWith('lan:')) throw new DaichoError('forbidden', 'terminal.errors.lan_not_door');
    const site = siteRow(ctx, siteId);
    await checkPassword(ctx, account, password, 'terminal.start');
    const terminal = ctx.sessions.create({
      kind: 'terminal',
      accountId: account.id, // who set the terminal up answers for it
      roles: [],
      station: `terminal:${site.code}:${ctx.station}`,
      siteId: site.id,
      lastActivity: ctx.now.getTime(),
      locked: false,
      mustChangePassword: false,
      elevatedUntil: null,
    });
    ctx.store.write(ctx.actor(), (tx) => {
      ctx.store.registerStation(tx, terminal.station); // set up here, so its first refusal is one row of its own
      tx.event('terminal.start', 'sites', site.id, { station: terminal.station });
    });
    ctx.sessions.delete(desk.token);
    ctx.setSessionToken(terminal.token);
    return info(ctx, terminal as Session & { siteId: string });
  },

  'terminal.info': (ctx) => info(ctx, terminalSession(ctx)),

  'terminal.stop': async (ctx, { loginId, password }) => {
    const s = terminalSession(ctx);
    const account = findAccountByLogin(ctx.store, loginId);
    if (!account || account.status !== 'active') return refuseUnknownLogin(ctx, loginId, account, password, 'terminal.stop.fail', doorActor(s, null), 'password');
    const asAccount = { ...ctx, actor: (): Actor => ({ actor: account.id, station: s.station }) };
    await checkPassword(asAccount, account, password, 'terminal.stop', 'password');
    if (!rolesOf(account).some((r) => r === 'sysadmin' || r === 'clerk')) {
      ctx.store.write(asAccount.actor(), (tx) => tx.event('terminal.stop.refused', 'accounts', account.id));
      throw new DaichoError('forbidden', 'terminal.errors.stop_role', 'loginId');
    }
    ctx.store.write(asAccount.actor(), (tx) => tx.event('terminal.stop', 'sites', s.siteId, { station: s.station }));
    const book = ticketBook(ctx);
    for (const [k, t] of book) if (t.sessionToken === s.token) book.delete(k);
    ctx.sessions.delete(s.token);
    ctx.setSessionToken(null);
    return null;
  },

  'terminal.identify': async (ctx, input) => {
    const s = terminalSession(ctx);
    let p: TerminalPerson | undefined;
    // Guessing at the door — PINs person after person (issue 6 point 10), or card numbers one after
    // another (an insider probe: 300 numbers tried without a pause found a card) — waits longer and
    // longer; each in its own wait, so stray taps of other cards do not hold up the PIN pad.
    rebuildDoorWaits(ctx, s.station);
    const door = input.cardNo !== undefined ? cardDoorOf(s.station) : pinDoorOf(s.station);
    const wait = ctx.sessions.throttle.waitFor(door, ctx.now.getTime());
    if (wait > 0) throw new DaichoError('too_many_attempts', 'terminal.errors.too_many_attempts', input.cardNo !== undefined ? 'cardNo' : 'pin', waitParams(wait));
    if (input.cardNo !== undefined) {
      p = personBy(ctx, 'card', input.cardNo);
      // An unknown card is kept as evidence, unless it is shaped like a PIN someone typed (issue 6 point 7).
      const typed = PIN_SHAPED.test(input.cardNo) ? { pinShaped: true } : { cardNo: input.cardNo };
      if (!p) {
        ctx.sessions.throttle.fail(door, ctx.now.getTime());
        refuse(ctx, s, 'terminal.refused_unknown_card', null, { by: 'card', ...typed }, new DaichoError('not_found', 'terminal.errors.unknown_card', 'cardNo'));
      }
    } else {
      try {
        p = await checkNumberPin(ctx, s, doorActor(s, null), personBy(ctx, 'employee_no', input.employeeNo!), input.employeeNo!, input.pin!, 'pin');
      } catch (err) {
        // Counted in the door's wait only as a wrong PIN is, a number no one has as a real one (a review:
        // a locked unknown number still added to it, a real one did not).
        if (err instanceof DaichoError && err.messageKey === 'terminal.errors.bad_pin') ctx.sessions.throttle.fail(door, ctx.now.getTime());
        throw err;
      }
    }
    const open = openStayOf(ctx.store, p.id);
    // In already as someone's companion: not a second entry of their own (an insider probe: the door
    // let a companion in again, and listed them inside twice).
    const along = open ? undefined : companionStayDuring(ctx.store, p.id, ctx.now.toISOString(), ctx.now.toISOString());
    const authorized = p.server_room_authorized === 1;
    // Someone inside may always leave, even if deactivated or no longer authorized meanwhile.
    const canExit = !!open && open.site_id === s.siteId;
    const canEnter = authorized && p.active === 1 && !open && !along;
    if (!canEnter && !canExit) {
      // One who may not enter is told so first (a review: a companion who had left was told he was inside).
      if (!open) assertMayEnter(ctx, s, p);
      if (along) {
        const host = personBy(ctx, 'id', along.person_id);
        refuse(ctx, s, 'terminal.refused_inside_elsewhere', p.id, { openStayId: along.id },
          new DaichoError('conflict', 'terminal.errors.inside_as_companion', undefined, { name: p.name, host: host?.name ?? '', site: siteRow(ctx, along.site_id).name }));
      }
      const where = siteRow(ctx, open!.site_id);
      refuse(ctx, s, 'terminal.refused_inside_elsewhere', p.id, { openStayId: open!.id },
        new DaichoError('conflict', 'terminal.errors.inside_elsewhere', undefined, { name: p.name, site: where.name }));
    }
    const purposes = siteSettings(ctx.settings, s.siteId).purposes;
    const last = ctx.store
      .stmt("SELECT purpose FROM server_room_stays WHERE person_id = ? AND status = 'valid' ORDER BY entered_at DESC LIMIT 1")
      .get(p.id) as { purpose: string } | undefined;
    const lastPurpose = last && purposes.some((x) => x.code === last.purpose && x.active) ? last.purpose : null;
    const token = randomBytes(24).toString('base64url');
    const expiresAt = ctx.now.getTime() + TERMINAL_TICKET_SECONDS * 1000;
    ticketBook(ctx).set(token, { sessionToken: s.token, personId: p.id, siteId: s.siteId, expiresAt, canEnter, canExit });
    return {
      ticket: token,
      expiresAt: new Date(expiresAt).toISOString(),
      personName: p.name,
      inside: canExit,
      openStay: open
        ? {
            siteName: siteRow(ctx, open.site_id).name, enteredAt: open.entered_at, purpose: open.purpose,
            stale: staleStay(ctx, open.site_id, open.entered_at), here: open.site_id === s.siteId, companions: companionsOf(ctx.store, open),
          }
        : null,
      lastPurpose,
      authorized,
      canEnter,
      canExit,
    };
  },

  'terminal.enter': async (ctx, input) => {
    const s = terminalSession(ctx);
    const { ticket, book } = useTicket(ctx, s, input.ticket);
    if (!ticket.canEnter) throw new DaichoError('conflict', 'terminal.errors.cannot_enter', 'ticket');
    const p = personBy(ctx, 'id', ticket.personId)!;
    assertMayEnter(ctx, s, p); // still active and authorized (things may change within a minute)

    // A ticket takes a few companions refused, then the person identifies again (a probe: one ticket
    // tried employee numbers as companions without end). A purpose or an escort to correct does not count.
    try {
      return await enterWith(ctx, s, ticket, p, input, book);
    } catch (err) {
      if (err instanceof DaichoError && err.field?.startsWith('companions.')) {
        ticket.refusals = (ticket.refusals ?? 0) + 1;
        if (ticket.refusals >= TICKET_TRIES) book.delete(input.ticket);
      }
      throw err;
    }
  },

  'terminal.exit': (ctx, input) => {
    const s = terminalSession(ctx);
    const { ticket, book } = useTicket(ctx, s, input.ticket);
    const open = openStayOf(ctx.store, ticket.personId);
    if (!ticket.canExit || !open || open.site_id !== s.siteId) throw new DaichoError('conflict', 'terminal.errors.not_inside', 'ticket');
    const p = ctx.store.stmt('SELECT name FROM people WHERE id = ?').get(ticket.personId) as { name: string };
    const now = ctx.now.toISOString();
    ctx.store.write(doorActor(s, ticket.personId), (tx) =>
      tx.update('server_room_stays', open.id, { exited_at: now, exit_recorded_at: now }, { action: 'terminal.exit' }),
    );
    book.delete(input.ticket);
    return {
      action: 'exit', personName: p.name, at: now, purpose: open.purpose, enteredAt: open.entered_at, minutes: minutesBetween(open.entered_at, now),
    } satisfies TerminalReceipt;
  },

  'terminal.inside': (ctx) => {
    const s = terminalSession(ctx);
    const rows = ctx.store
      .stmt(
        `SELECT s.*, p.name AS person_name FROM server_room_stays s JOIN people p ON p.id = s.person_id
         WHERE s.site_id = ? AND s.exited_at IS NULL AND s.status = 'valid' ORDER BY s.entered_at, s.id`,
      )
      .all(s.siteId) as (StayRow & { person_name: string })[];
    // (A door's handful of open stays: one read of names each.)
    return rows.flatMap((r): TerminalInsideEntry[] => [{ name: r.person_name, kind: 'employee' }, ...companionsOf(ctx.store, r)]);
  },
};

/** Who went in with a stay, by name (employees, then visitors): the door's 退室 records their exit with it, and says so first (a walk-through). */
function companionsOf(store: Store, open: StayRow): { name: string; kind: 'employee' | 'visitor' }[] {
  const c = parseCompanions(open.companions);
  const names = new Map(
    c.employees.length
      ? (store.stmt('SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(c.employees.map((e) => e.personId))) as { id: string; name: string }[]).map((x) => [x.id, x.name])
      : [],
  );
  return [...c.employees.map((e) => ({ name: names.get(e.personId) ?? '', kind: 'employee' as const })), ...c.visitors.map((v) => ({ name: v.name, kind: 'visitor' as const }))];
}

/** Companions refused with one ticket before the person must identify again. */
const TICKET_TRIES = 3;

/** terminal.enter past its ticket: the companions, the visitors, the stay. */
async function enterWith(ctx: HandlerContext, s: Session & { siteId: string }, ticket: Ticket, p: TerminalPerson, input: Parameters<Handlers['terminal.enter']>[1], book: Map<string, Ticket>): Promise<TerminalReceipt> {
  const employees: { id: string; employeeNo: string }[] = [];
  // A companion's card is read as any card at this door: an unknown one is kept and the next waits
  // longer (an insider probe tried 40 numbers as companions, with no pause and no trace, and the
  // refusal's field told which one was a card). A number typed in waits with the PIN pad's guesses,
  // and an unknown one counts as one (a probe: seven numbers told apart in 54 ms).
  rebuildDoorWaits(ctx, s.station);
  const cardDoor = cardDoorOf(s.station);
  const pinDoor = pinDoorOf(s.station);
  // Every number or card checked counts as a guess when the entry is refused, whatever refused it —
  // the number refused, one's own, a visitor's escort, a colleague inside: the list said which numbers
  // are real (probes: nineteen real numbers then one's own told all nineteen apart for one guess; an
  // escort no one had, or a wait at the card door, did the same for none). And one who has left reads
  // as one unknown, one inside elsewhere without a name (a probe: a leaver answered with her name).
  const checked: string[] = [];
  let written = false;
  try {
    // Both doors' waits before any number is looked up: a wait met part-way told the numbers before it.
    for (const door of new Set(input.companions.employees.map((e) => (e.cardNo !== undefined ? cardDoor : pinDoor)))) {
      const wait = ctx.sessions.throttle.waitFor(door, ctx.now.getTime());
      if (wait > 0) throw new DaichoError('too_many_attempts', 'terminal.errors.too_many_attempts', 'companions.employees.0', waitParams(wait));
    }
    for (const [i, e] of input.companions.employees.entries()) {
      const field = `companions.employees.${i}`;
      checked.push(e.cardNo !== undefined ? cardDoor : pinDoor);
      const found = e.cardNo !== undefined ? personBy(ctx, 'card', e.cardNo) : personBy(ctx, 'employee_no', e.employeeNo!);
      let c = found && found.active === 1 ? found : undefined;
      if (!c && e.cardNo !== undefined) {
        const typed = PIN_SHAPED.test(e.cardNo) ? { pinShaped: true } : { cardNo: e.cardNo };
        refuse(ctx, s, 'terminal.refused_unknown_card', null, { by: 'companion', ...typed }, new DaichoError('invalid_input', 'terminal.errors.companion_unknown', field));
      }
      // By number, with the companion's own PIN, checked as at identify (a number alone let anyone write
      // anyone in: an insider probe). A number no one has, one who has left, one with no PIN and a wrong
      // PIN read alike; the refusal is journaled as by the person entering, who typed it in with them.
      if (e.employeeNo !== undefined) c = await companionByPin(ctx, s, p, c, e.employeeNo, e.pin!, `${field}.pin`);
      if (!c) throw new DaichoError('invalid_input', 'terminal.errors.companion_unknown', field);
      if (c.id === p.id) throw new DaichoError('invalid_input', 'serverRoom.errors.companion_is_person', field);
      const companion = c;
      if (employees.some((x) => x.id === companion.id)) throw new DaichoError('invalid_input', 'serverRoom.errors.companion_duplicate', field);
      employees.push({ id: companion.id, employeeNo: companion.employee_no });
    }
    const visitors: StoredCompanions['visitors'] = input.companions.visitors.map((v, i) => {
      // Art. 8(2): the terminal always records an escort — the person entering unless another employee companion is named.
      let escortPersonId = p.id;
      if (v.escortEmployeeNo !== undefined && v.escortEmployeeNo.toUpperCase() !== p.employee_no.toUpperCase()) {
        const escort = employees.find((x) => x.employeeNo.toUpperCase() === v.escortEmployeeNo!.toUpperCase());
        if (!escort) throw new DaichoError('invalid_input', 'serverRoom.errors.escort_not_present', `companions.visitors.${i}.escortEmployeeNo`);
        escortPersonId = escort.id;
      }
      return { name: v.name, company: v.company, escortPersonId };
    });

    // The PIN checks took their time: the ticket not used meanwhile (a second request with it) nor the
    // door stopped, and the person still one who may enter.
    if (book.get(input.ticket) !== ticket) throw new DaichoError('invalid_input', 'terminal.errors.ticket_expired', 'ticket');
    if (input.companions.employees.some((e) => e.employeeNo !== undefined)) assertMayEnter(ctx, s, personBy(ctx, 'id', p.id)!);
    const now = ctx.now.toISOString();
    const draft: StayDraft = {
      siteId: s.siteId, personId: p.id, enteredAt: now, exitedAt: null, purpose: input.purpose, purposeNote: input.purposeNote,
      companions: { employees: employees.map((e) => ({ personId: e.id })), visitors }, itemsIn: null, itemsOut: null, notes: null,
    };
    try {
      checkStay(ctx.store, ctx.settings, draft, { selfId: null, now: ctx.now, changed: 'all' });
    } catch (err) {
      // A companion inside on a stay of their own, or with someone else: not said by name, since when, or with whom, at the door.
      const i = err instanceof DaichoError ? /^companions\.employees\.(\d+)/.exec(err.field ?? '')?.[1] : undefined;
      if (i === undefined) throw err;
      const e = input.companions.employees[Number(i)];
      throw e?.cardNo !== undefined
        ? new DaichoError('invalid_input', 'terminal.errors.companion_card_not_now', `companions.employees.${i}`)
        : new DaichoError('invalid_input', 'terminal.errors.companion_not_now', `companions.employees.${i}`, { no: e?.employeeNo ?? '' });
    }
    const who = doorActor(s, p.id);
    ctx.store.write(who, (tx) => insertStay(tx, ctx.store.newId(), draft, { recordedBy: who.actor, station: who.station, action: 'terminal.enter' }));
    written = true;
  } finally {
    if (!written) for (const door of checked) ctx.sessions.throttle.fail(door, ctx.now.getTime());
  }
  const now = ctx.now.toISOString();
  book.delete(input.ticket);
  return { action: 'enter', personName: p.name, at: now, purpose: input.purpose, enteredAt: now, minutes: null } satisfies TerminalReceipt;
}

/**
 * A companion named by employee number: their own PIN (checkNumberPin), or the refusal said with the
 * number typed (so the one to correct is plain) on the companion's PIN — a wrong one and a locked one
 * in the same words whatever the number is.
 */
async function companionByPin(ctx: HandlerContext, s: Session & { siteId: string }, p: TerminalPerson, found: TerminalPerson | undefined, employeeNo: string, pin: string, field: string): Promise<TerminalPerson> {
  try {
    return await checkNumberPin(ctx, s, doorActor(s, p.id), found, employeeNo, pin, 'companion');
  } catch (err) {
    if (!(err instanceof DaichoError)) throw err;
    if (err.messageKey === 'terminal.errors.bad_pin') throw new DaichoError('bad_credentials', 'terminal.errors.companion_bad_pin', field, { no: employeeNo });
    if (err.messageKey === 'terminal.errors.pin_locked') throw new DaichoError('account_locked', 'terminal.errors.companion_pin_locked', field, { no: employeeNo, minutes: PIN_LOCK_MINUTES });
    throw err;
  }
}

/** Stale as its over_max_stay anomaly judges it: the settings in force when it began (staleOpenStay). */
function staleStay(ctx: HandlerContext, siteId: string, enteredAt: string): boolean {
  return staleOpenStay(enteredAt, settingsReader(ctx.settings)(siteId, enteredAt).maxStayMinutes, ctx.now);
}
