import { z } from 'zod';
import { method } from '../api/kit';
import { filledText, id, line, optionalText, secret, msg } from '../api/schemas';
import type { ServerRoomPurpose } from './serverRoom';

// SPEC §7 — the server-room door terminal. A clerk or system administrator turns a desk session
// into a terminal station session for one site (terminal.start); from then on that window can
// call only the terminal.* methods below (access 'terminal'), until terminal.stop.
//
// Flow: identify (card, or employee number + PIN) → a one-time ticket valid for 60 s →
// enter (purpose, companions) or exit with that ticket. The card is never read twice.

/** Back to the idle screen after this long without input (SPEC §7). */
export const TERMINAL_IDLE_SECONDS = 20;
/** An identification ticket is valid this long, once. */
export const TERMINAL_TICKET_SECONDS = 60;
/** Wrong PINs before that person's PIN is locked, and for how long. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MINUTES = 15;

export interface TerminalInfo {
  siteId: string;
  siteCode: string;
  siteName: string;
  companyName: string;
  /** The station id written on every journal row from this terminal. */
  station: string;
  /** The name an administrator gave it, or null. */
  stationName: string | null;
  idleSeconds: number;
  ticketSeconds: number;
  /** Active purposes of the site, in list order. */
  purposes: ServerRoomPurpose[];
}

export interface TerminalIdentity {
  /** Pass to terminal.enter or terminal.exit within `expiresAt`; usable once. */
  ticket: string;
  expiresAt: string;
  personName: string;
  /** The person has an open stay at this terminal's site. */
  inside: boolean;
  /** Their open stay, wherever it is; `stale` when it began on an earlier day and is open longer than the site's longest stay (exit never recorded). */
  openStay: {
    siteName: string; enteredAt: string; purpose: string; stale: boolean; here: boolean;
    /** Who went in with them (employees, then visitors by name): their exit is recorded with this one's. */
    companions?: { name: string; kind: 'employee' | 'visitor' }[];
  } | null;
  /** The purpose of their latest stay: preselect it (SPEC §7). Null when none or no longer offered. */
  lastPurpose: string | null;
  /** server_room_authorized now. An unauthorized person inside may still leave. */
  authorized: boolean;
  canEnter: boolean;
  canExit: boolean;
}

export interface TerminalReceipt {
  action: 'enter' | 'exit';
  personName: string;
  /** The instant recorded. */
  at: string;
  purpose: string;
  enteredAt: string;
  /** For an exit: how long the stay lasted. */
  minutes: number | null;
}

export interface TerminalInsideEntry {
  name: string;
  kind: 'employee' | 'visitor';
}

const ticket = line().trim().min(1, msg('errors.field.required')).max(100, msg('errors.field.too_long'));
/** What a keyboard-wedge card reader types; anything not on file is refused as an unknown card. */
/**
 * An employee number or PIN typed at the door with the IME in full-width (２０２０００６): read as the same characters (NFKC),
 * as the register holds them (a probe: answered as a wrong PIN).
 */
const halfWidth = () => line().overwrite((v) => v.normalize('NFKC'));
// (A card number is what the reader types: one in full-width letters was typed by hand, and is read as no card.)
const cardNo = line().trim().min(1, msg('errors.field.required')).max(64, msg('errors.field.too_long'));
const employeeNo = halfWidth().trim().min(1, msg('errors.field.required')).max(20, msg('errors.field.too_long'));
const pin = halfWidth().regex(/^\d{4,8}$/, msg('terminal.errors.pin_format'));
const password = secret();

/**
 * An employee with the person entering: by their card (scanned), or by their employee number with
 * their own door PIN, typed in by them. A number alone named anyone as having gone in (an insider
 * probe: any staff member wrote the safety manager into the ledger as their companion, with no act of
 * hers). The PIN is checked as at identify (terminal.ts) and never kept.
 */
const companionEmployee = z
  .object({ cardNo: cardNo.optional(), employeeNo: employeeNo.optional(), pin: pin.optional() })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.cardNo === undefined) === (v.employeeNo === undefined) || (v.cardNo !== undefined && v.pin !== undefined))
      ctx.addIssue({ code: 'custom', path: [], ...msg('terminal.errors.companion_card_or_number') });
    else if (v.employeeNo !== undefined && v.pin === undefined) ctx.addIssue({ code: 'custom', path: ['pin'], ...msg('terminal.errors.companion_pin_required') });
  });

const terminalVisitor = z
  .object({
    name: filledText(60),
    company: filledText(100),
    /** The escorting employee's number; omitted: the identified person escorts (Art. 8(2)). */
    escortEmployeeNo: employeeNo.optional(),
  })
  .strict();

export const terminalContract = {
  /** Turn the caller's desk session into a door-terminal session for one site; asks for the caller's password again. */
  'terminal.start': method<TerminalInfo>()({
    input: z.object({ siteId: id, password }).strict(),
    access: ['sysadmin', 'clerk'],
  }),
  'terminal.info': method<TerminalInfo>()({ input: z.object({}).strict(), access: 'terminal' }),
  /** Leave kiosk mode: a clerk or system administrator signs with their own login id and password. */
  'terminal.stop': method<null>()({
    input: z.object({ loginId: line().trim().min(1, msg('errors.field.required')).max(64, msg('errors.field.too_long')), password }).strict(),
    access: 'terminal',
  }),
  'terminal.identify': method<TerminalIdentity>()({
    input: z
      .object({ cardNo: cardNo.optional(), employeeNo: employeeNo.optional(), pin: pin.optional() })
      .strict()
      .superRefine((v, ctx) => {
        // Either {cardNo} (the reader typed it) or {employeeNo, pin}.
        if (v.cardNo !== undefined) {
          if (v.employeeNo !== undefined || v.pin !== undefined) ctx.addIssue({ code: 'custom', path: ['cardNo'], ...msg('terminal.errors.card_or_pin') });
          return;
        }
        if (v.employeeNo === undefined && v.pin === undefined) ctx.addIssue({ code: 'custom', path: ['cardNo'], ...msg('errors.field.required') });
        else if (v.employeeNo === undefined) ctx.addIssue({ code: 'custom', path: ['employeeNo'], ...msg('errors.field.required') });
        else if (v.pin === undefined) ctx.addIssue({ code: 'custom', path: ['pin'], ...msg('errors.field.required') });
      }),
    access: 'terminal',
  }),
  'terminal.enter': method<TerminalReceipt>()({
    input: z
      .object({
        ticket,
        purpose: line().trim().regex(/^[a-z0-9_]{1,32}$/, msg('errors.field.invalid')),
        purposeNote: optionalText(200),
        companions: z
          .object({
            employees: z.array(companionEmployee).max(20, msg('errors.field.too_long')).default([]),
            visitors: z.array(terminalVisitor).max(20, msg('errors.field.too_long')).default([]),
          })
          .strict()
          .default({ employees: [], visitors: [] }),
      })
      .strict(),
    access: 'terminal',
  }),
  'terminal.exit': method<TerminalReceipt>()({ input: z.object({ ticket }).strict(), access: 'terminal' }),
  /** Names only of who is inside now at this terminal's site (employees and visitors), nothing else. */
  'terminal.inside': method<TerminalInsideEntry[]>()({ input: z.object({}).strict(), access: 'terminal' }),
} as const;

/** A card number shaped like a PIN (a PIN typed at the card reader): not kept as evidence (issue 6 point 7). */
export const PIN_SHAPED = /^\d{4,8}$/;

/**
 * A PIN anyone could guess: one digit repeated, or a straight run up or down (1111, 1234, 9876). The
 * desk's form says so before sending (a walk-through: the refusal came back from the core and took
 * the typed password with it); the core refuses these and the person's own employee number.
 */
export function easyPin(pin: string): boolean {
  if (/^(\d)\1+$/.test(pin)) return true;
  const digits = [...pin].map(Number);
  const step = digits[1] - digits[0];
  return (step === 1 || step === -1) && digits.every((d, i) => i === 0 || d - digits[i - 1] === step);
}
