import { z } from 'zod';
import { method } from '../api/kit';
import { id, instant, line, msg, reason } from '../api/schemas';
import { beforeToday } from '../calendar';
import type { Role } from '../domain/roles';
import { ledgerContract, type LedgerDefinition, type LedgerRecord } from './kit';

// SPEC §4.5 — the guest-card register and 入退受付票 (Art. 5, 8, 9), on the ledger kit: one record per
// visitor; beyond the reception room a guest card, and an escort unless the company representative
// designated the visitor.

const EVERYONE: readonly Role[] = ['staff', 'clerk', 'site_head', 'safety_manager', 'sysadmin'];
const READERS: readonly Role[] = ['clerk', 'site_head', 'safety_manager', 'sysadmin'];
const KEEPERS: readonly Role[] = ['clerk', 'safety_manager'];

/** 在庫, 貸出中, 紛失. */
export const CARD_STATES = ['in_stock', 'lent', 'lost'] as const;
export type CardState = (typeof CARD_STATES)[number];

export const guestCardsDefinition = {
  key: 'guestCards',
  table: 'guest_cards',
  i18n: 'visitors.cards',
  fields: [
    { key: 'number', column: 'number', type: { kind: 'text', max: 20, verbatim: true, code: true }, required: true, label: 'visitors.cards.fields.number' },
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'visitors.cards.fields.site' },
    // A new card is in stock; lending and its return change it in the same act.
    { key: 'state', column: 'state', type: { kind: 'enum', values: CARD_STATES }, required: true, label: 'visitors.cards.fields.state', create: false },
  ],
  siteField: 'siteId',
  sorts: ['number'],
  filters: [{ key: 'state', field: 'state', kind: 'equals' }],
  anomalyCodes: [],
  // Its history holds the visits' acts (lent, lost with the visitor's name): the visitors' readers only.
  access: { read: EVERYONE, write: KEEPERS, history: READERS },
} as const satisfies LedgerDefinition;

export type GuestCard = LedgerRecord<typeof guestCardsDefinition>;

export const AREAS = ['reception', 'office'] as const;
export const VISITOR_ANOMALY_CODES = ['card_not_returned', 'no_exit_time', 'beyond_reception_unaccompanied', 'inside_after_hours', 'recorded_late'] as const;

const timeOfDay = line().regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg('cabinets.errors.time_of_day'));

export const visitorsDefinition = {
  key: 'visitors',
  table: 'visitor_visits',
  i18n: 'visitors',
  // SPEC §8 (APPI): a visitor's name and company are erased after the retention period.
  personal: ['name', 'company'],
  fields: [
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'visitors.fields.site', amendable: false, inList: false },
    { key: 'name', column: 'name', type: { kind: 'text', max: 60 }, required: true, label: 'visitors.fields.name' },
    { key: 'company', column: 'company', type: { kind: 'text', max: 60 }, required: true, label: 'visitors.fields.company', listEm: 11 },
    { key: 'purpose', column: 'purpose', type: { kind: 'text', max: 100 }, required: true, label: 'visitors.fields.purpose', inList: false, listUnder: 'company', inPrint: true },
    { key: 'hostId', column: 'host_id', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: true, label: 'visitors.fields.host' },
    { key: 'area', column: 'area', type: { kind: 'enum', values: AREAS }, required: true, label: 'visitors.fields.area', inList: false, listUnder: 'guestCardId', inPrint: true },
    { key: 'guestCardId', column: 'guest_card_id', type: { kind: 'ref', table: 'guest_cards', nameColumn: 'number' }, required: false, label: 'visitors.fields.guestCard', amendable: false },
    { key: 'escortId', column: 'escort_id', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: false, label: 'visitors.fields.escort', inList: false, listUnder: 'hostId', inPrint: true },
    { key: 'designatedBy', column: 'designated_by', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: false, label: 'visitors.fields.designatedBy', inList: false, listUnder: 'hostId', inPrint: true },
    { key: 'arrivedAt', column: 'arrived_at', type: { kind: 'instant' }, required: true, label: 'visitors.fields.arrivedAt', defaultNow: true, past: true },
    { key: 'leftAt', column: 'left_at', type: { kind: 'instant' }, required: false, label: 'visitors.fields.leftAt', create: false, past: true },
    { key: 'cardReturnedAt', column: 'card_returned_at', type: { kind: 'instant' }, required: false, label: 'visitors.fields.cardReturnedAt', create: false, amendable: false, inList: false, inPrint: true },
  ],
  timeField: 'arrivedAt',
  siteField: 'siteId',
  nameFields: ['name', 'company'],
  sorts: ['arrivedAt', 'leftAt'],
  filters: [
    { key: 'hostId', field: 'hostId', kind: 'equals' },
    { key: 'left', field: 'leftAt', kind: 'presence' },
  ],
  anomalyCodes: VISITOR_ANOMALY_CODES,
  access: { read: READERS, write: KEEPERS },
  siteSettings: {
    // Art. 8(2): who may let a visitor go beyond the reception room without an escort (当社の代表者),
    // by employee number; none by default (an insider probe named anyone, themselves too).
    schema: z.object({ businessStart: timeOfDay, businessEnd: timeOfDay, representatives: z.array(line().trim().regex(/^[A-Za-z0-9-]{1,20}$/, msg('people.errors.employee_no'))).max(20, msg('visitors.errors.representatives_too_many')) }).strict(),
    defaults: { businessStart: '08:00', businessEnd: '20:00', representatives: [] as string[] },
    sets: { representatives: null },
  },
} as const satisfies LedgerDefinition;

export type Visit = LedgerRecord<typeof visitorsDefinition>;

/**
 * Whether a visitor arrived on an earlier Japan day than now (a paper slip not signed out then): such a visit
 * is signed out with the time the visitor left, never now by default — one key would record a visit of days (a
 * user probe). The core refuses it, the dashboard sends it to the dialog, the dialog starts with no time.
 */
export function arrivedEarlierDay(visit: { arrivedAt: string }, now: Date = new Date()): boolean {
  return beforeToday(visit.arrivedAt, now);
}

export const guestCardsContract = {
  ...ledgerContract(guestCardsDefinition),
} as const;

export const visitorsContract = {
  ...ledgerContract(visitorsDefinition),
  /** The visitor leaves: when (default now), and whether the guest card came back (back in stock). */
  'visitors.signOut': method<Visit>()({ input: z.object({ id, leftAt: instant.optional(), cardReturned: z.boolean() }).strict(), access: KEEPERS }),
  /** A guest card not returned at sign-out comes back later (when: default now): it is in stock again. */
  'visitors.returnCard': method<Visit>()({ input: z.object({ id, returnedAt: instant.optional() }).strict(), access: KEEPERS }),
  /**
   * A card return recorded by mistake (one click on 退館・カード返却, a box left ticked) is taken back, with
   * the reason: the card is lent again on this slip, while no one has had it since (a walk-through: a
   * return once recorded could not be corrected on the slip).
   */
  'visitors.undoCardReturn': method<Visit>()({ input: z.object({ id, reason }).strict(), access: KEEPERS }),
  /** The visitor left without the card and it is not found: the card is 紛失 (with the reason); the slip keeps it not returned. */
  'visitors.reportCardLost': method<Visit>()({ input: z.object({ id, reason }).strict(), access: KEEPERS }),
  /** Visitors inside now (not signed out), oldest first; every site, or one. Polled by the dashboard. */
  'visitors.inside': method<Visit[]>()({ input: z.object({ siteId: id.optional() }).strict(), access: READERS, passive: true }),
} as const;
