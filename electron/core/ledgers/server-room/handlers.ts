import { addedNote } from '../../util/added-note';
import { DaichoError } from '../../../../shared/api/errors';
import { serverRoomDefinition, serverRoomSettingsKey, type StoredCompanions } from '../../../../shared/ledgers/serverRoom';
import type { Role } from '../../../../shared/domain/roles';
import { requireSession, type HandlerContext, type Handlers } from '../../context';
import { getAccount } from '../../auth/accounts-repo';
import type { Row } from '../../store/store';
import {
  anomaliesOf,
  companionsJson,
  exitRecorded,
  getStay,
  openStayOf,
  parseCompanions,
  STAY_SELECT,
  stayParties,
  stayRow,
  STAY_CLOSING,
  toStays,
  type StayListRow,
  type StayFactsRow,
  type StayRow,
} from './repo';
import { checkStay, insertStay, toIso, type StayDraft } from './rules';
import { afterRecorded, pastFieldsOf } from '../kit/record-parts';
import { refuseOwnRecord } from '../kit/saying';
import { mergeSettings, siteSettings } from './settings';
import { pinHandlers } from './pin';
import { DOOR_CREDENTIALS_TABLE } from './door-credentials';
import { authorizedNowSql } from '../people/authorizations';
import { terminalHandlers } from './terminal';

const textMax = (key: string) => (serverRoomDefinition.fields.find((f) => f.key === key)!.type as { max: number }).max;
const ITEMS_MAX = textMax('itemsOut');
const NOTES_MAX = textMax('notes');

// SPEC §4.1 desk methods of the server-room book. Every change goes through Store.write.

/** Clerks and safety managers keep the book for everyone; anyone else records only their own stays. */
const KEEPERS: readonly Role[] = ['clerk', 'safety_manager'];

function keepsTheBook(ctx: HandlerContext): boolean {
  return requireSession(ctx).roles.some((r) => KEEPERS.includes(r));
}

/** The person linked to the caller's account; refuses when a non-keeper acts for someone else. */
function assertMayActFor(ctx: HandlerContext, personId: string, field: string): void {
  if (keepsTheBook(ctx)) return;
  const account = getAccount(ctx.store, requireSession(ctx).accountId);
  if (!account?.person_id) throw new DaichoError('forbidden', 'serverRoom.errors.no_linked_person', field);
  if (account.person_id !== personId) throw new DaichoError('forbidden', 'serverRoom.errors.own_only', field);
}

/**
 * Someone recording their own stay names no colleague as gone in with them (their form has no such
 * field): an insider probe named colleagues, who were then refused at the door as inside elsewhere,
 * and read from the refusals where and with whom each colleague had been. The book's keepers do.
 */
function assertMayNameCompanions(ctx: HandlerContext, employees: readonly unknown[], field: string): void {
  if (employees.length > 0 && !keepsTheBook(ctx)) throw new DaichoError('forbidden', 'serverRoom.errors.companions_keepers_only', field);
}

function companionsFrom(input: { employees: { personId: string }[]; visitors: { name: string; company: string; escortPersonId: string | null }[] }): StoredCompanions {
  return {
    employees: input.employees.map((e) => ({ personId: e.personId })),
    visitors: input.visitors.map((v) => ({ name: v.name, company: v.company, escortPersonId: v.escortPersonId })),
  };
}

function draftOf(r: StayRow): StayDraft {
  return {
    siteId: r.site_id, personId: r.person_id, enteredAt: r.entered_at, exitedAt: r.exited_at, purpose: r.purpose, purposeNote: r.purpose_note,
    companions: parseCompanions(r.companions), itemsIn: r.items_in, itemsOut: r.items_out, notes: r.notes,
  };
}


function liveStay(ctx: HandlerContext, id: string): StayRow {
  const row = stayRow(ctx.store, id);
  if (row.status === 'void') throw new DaichoError('conflict', 'serverRoom.errors.voided', 'id');
  // Past the retention period its personal data was erased: the record is kept as it is.
  if (row.personal_erased_at) throw new DaichoError('conflict', 'serverRoom.errors.erased', 'id');
  return row;
}

/** The desk's methods beside the record book's list, get, amend and void (./index.ts). */
type DeskMethod =
  | 'serverRoom.record'
  | 'serverRoom.recordExit'
  | 'serverRoom.inside'
  | 'serverRoom.mine'
  | 'serverRoom.preview'
  | 'serverRoom.purposes'
  | 'serverRoom.getSettings'
  | 'serverRoom.updateSettings';

/** The stay's times of what happened (its entry and its exit). */
const PAST_FIELDS = pastFieldsOf(serverRoomDefinition);

/** When a stay's exit would be recorded by this add or correction: the write's own rule (repo.ts exitRecorded). */
function recordedExit(row: StayRow | null, exitedAt: string | null, now: string): string | null {
  const columns = exitRecorded({ exitedAt }, { verb: row ? 'amend' : 'add', before: row && { exitedAt: row.exited_at }, now });
  return 'exit_recorded_at' in columns ? (columns.exit_recorded_at as string | null) : (row?.exit_recorded_at ?? null);
}

export const deskHandlers: Handlers<DeskMethod> = {
  'serverRoom.record': (ctx, f) => {
    assertMayActFor(ctx, f.personId, 'personId');
    assertMayNameCompanions(ctx, f.companions.employees, 'companions.employees');
    const draft: StayDraft = {
      siteId: f.siteId, personId: f.personId, enteredAt: toIso(f.enteredAt), exitedAt: f.exitedAt ? toIso(f.exitedAt) : null,
      purpose: f.purpose, purposeNote: f.purposeNote, companions: companionsFrom(f.companions), itemsIn: f.itemsIn, itemsOut: f.itemsOut, notes: f.notes,
    };
    checkStay(ctx.store, ctx.settings, draft, { selfId: null, now: ctx.now, changed: 'all', ownOnly: !keepsTheBook(ctx) });
    const id = ctx.store.newId();
    const who = ctx.actor();
    ctx.store.write(who, (tx) => insertStay(tx, id, draft, { recordedBy: who.actor, station: who.station, action: 'serverRoom.record' }));
    return getStay(ctx.store, ctx.settings, id, ctx.now);
  },

  'serverRoom.recordExit': (ctx, { id, exitedAt, itemsOut, notes }) => {
    const row = liveStay(ctx, id);
    assertMayActFor(ctx, row.person_id, 'id');
    if (row.exited_at !== null) throw new DaichoError('conflict', 'serverRoom.errors.not_open', 'id');
    const at = exitedAt ? toIso(exitedAt) : ctx.now.toISOString();
    // What the exit says is added under what the entry said, never in its place (addedNote).
    const addedItems = addedNote(row.items_out, itemsOut, ITEMS_MAX, 'itemsOut', 'serverRoom.errors.exit_items_too_long');
    const addedNotes = addedNote(row.notes, notes, NOTES_MAX, 'notes', 'serverRoom.errors.exit_notes_too_long');
    const draft = { ...draftOf(row), exitedAt: at, itemsOut: addedItems ?? row.items_out, notes: addedNotes ?? row.notes };
    checkStay(ctx.store, ctx.settings, draft, { selfId: id, now: ctx.now, changed: new Set(['exitedAt']) });
    const changes: Row = { exited_at: at, exit_recorded_at: ctx.now.toISOString() };
    if (addedItems) changes.items_out = addedItems;
    if (addedNotes) changes.notes = addedNotes;
    ctx.store.write(ctx.actor(), (tx) => tx.update('server_room_stays', id, changes, { action: 'serverRoom.record_exit' }));
    return getStay(ctx.store, ctx.settings, id, ctx.now);
  },

  'serverRoom.inside': (ctx, { siteId }) => {
    const sites = (
      siteId
        ? ctx.store.stmt('SELECT id, name FROM sites WHERE id = ?').all(siteId)
        : ctx.store.stmt('SELECT id, name FROM sites ORDER BY sort_order').all().filter((s) => !ctx.readableSites || ctx.readableSites.includes((s as { id: string }).id))
    ) as { id: string; name: string }[];
    if (siteId && sites.length === 0) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
    const rows = ctx.store
      .stmt(`${STAY_SELECT} WHERE s.exited_at IS NULL AND s.status = 'valid' ORDER BY s.entered_at, s.id`)
      .all() as StayListRow[];
    const stays = toStays(ctx.store, ctx.settings, rows, ctx.now);
    return sites.map((s) => ({ siteId: s.id, siteName: s.name, stays: stays.filter((st) => st.siteId === s.id) }));
  },

  'serverRoom.mine': (ctx) => {
    const account = getAccount(ctx.store, requireSession(ctx).accountId);
    const person = account?.person_id
      ? (ctx.store
          .stmt(
            `SELECT p.id, p.name, p.site_id, p.active, ${authorizedNowSql('p.id', 'server_room')} AS server_room_authorized, c.pin_hash, c.pin_locked_until
             FROM people p LEFT JOIN ${DOOR_CREDENTIALS_TABLE} c ON c.person_id = p.id WHERE p.id = ?`,
          )
          .get(account.person_id) as
          | { id: string; name: string; site_id: string; active: number; server_room_authorized: number; pin_hash: string | null; pin_locked_until: string | null }
          | undefined)
      : undefined;
    if (!person) return { person: null, pinSet: false, pinLockedUntil: null, openStay: null, recent: [] };
    const rows = ctx.store
      .stmt(`${STAY_SELECT} WHERE s.person_id = ? AND s.status = 'valid' ORDER BY s.entered_at DESC, s.id DESC LIMIT 20`)
      .all(person.id) as StayListRow[];
    const recent = toStays(ctx.store, ctx.settings, rows, ctx.now);
    const open = openStayOf(ctx.store, person.id);
    const locked = person.pin_locked_until && new Date(person.pin_locked_until) > ctx.now ? person.pin_locked_until : null;
    return {
      person: { id: person.id, name: person.name, siteId: person.site_id, active: person.active === 1, serverRoomAuthorized: person.server_room_authorized === 1 },
      pinSet: person.pin_hash !== null,
      pinLockedUntil: locked,
      openStay: open ? (recent.find((s) => s.id === open.id) ?? getStay(ctx.store, ctx.settings, open.id, ctx.now)) : null,
      recent,
    };
  },

  'serverRoom.preview': (ctx, f) => {
    assertMayActFor(ctx, f.personId, 'personId');
    assertMayNameCompanions(ctx, f.employees, 'employees');
    if (!ctx.store.rowById('sites', f.siteId)) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
    const row = f.id ? liveStay(ctx, f.id) : null;
    if (row) assertMayActFor(ctx, row.person_id, 'id');
    const now = ctx.now.toISOString();
    const exitedAt = f.exitedAt ? toIso(f.exitedAt) : null;
    // A correction's preview refuses what its save will: a time it changes dated after it was written down (as the kit's previewAmend).
    if (row) {
      // Nor is a correction of one's own stay previewed (one's own, or as a companion or escort): its save is refused.
      refuseOwnRecord(ctx, row as unknown as Row, 'person_id', (r) => stayParties(r as unknown as StayFactsRow));
      const changed = { ...(toIso(f.enteredAt) !== row.entered_at ? { enteredAt: f.enteredAt } : {}), ...(exitedAt !== row.exited_at ? { exitedAt: exitedAt ?? undefined } : {}) };
      const refused = afterRecorded(ctx.now, PAST_FIELDS, STAY_CLOSING, row as unknown as Row, changed);
      if (refused) throw refused;
    }
    // Judged as it would be written: a new stay recorded now, a correction keeping when it was recorded
    // (and when its exit was, while it has one: kit/closing.ts).
    const draft: StayFactsRow = {
      id: row?.id ?? 'preview',
      site_id: f.siteId,
      person_id: f.personId,
      entered_at: toIso(f.enteredAt),
      exited_at: exitedAt,
      recorded_at: row?.recorded_at ?? now,
      recorded_by: row?.recorded_by ?? ctx.actor().actor,
      exit_recorded_at: recordedExit(row, exitedAt, now),
      status: 'valid',
      companions: companionsJson({
        employees: f.employees.map((personId) => ({ personId })),
        visitors: f.escorts.map((escortPersonId) => ({ name: '', company: '', escortPersonId })),
      }),
    };
    return { anomalies: anomaliesOf(ctx.store, ctx.settings, [draft], ctx.now).get(draft.id) ?? [] };
  },

  'serverRoom.purposes': (ctx, { siteId }) => {
    if (!ctx.store.rowById('sites', siteId)) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
    return siteSettings(ctx.settings, siteId).purposes;
  },

  'serverRoom.getSettings': (ctx, { siteId }) => {
    if (!ctx.store.rowById('sites', siteId)) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
    return { siteId, ...siteSettings(ctx.settings, siteId) };
  },

  'serverRoom.updateSettings': (ctx, { siteId, changes, reason }) => {
    if (!ctx.store.rowById('sites', siteId)) throw new DaichoError('not_found', 'serverRoom.errors.site', 'siteId');
    const { isDefault: _isDefault, ...current } = siteSettings(ctx.settings, siteId);
    const next = mergeSettings(ctx.store, siteId, current, changes);
    // Nothing changed — on a site still on the defaults too (a probe: an empty change saved there, shown
    // in the history as a change with nothing in it), as every ledger's site settings.
    if (JSON.stringify(next) === JSON.stringify(current)) throw new DaichoError('invalid_input', 'errors.no_change', 'changes');
    ctx.store.write(ctx.actor(), (tx) => ctx.settings.set(tx, serverRoomSettingsKey(siteId), next, reason ?? undefined));
    return { siteId, ...siteSettings(ctx.settings, siteId) };
  },
};

export const serverRoomHandlers = {
  ...deskHandlers,
  ...pinHandlers,
  ...terminalHandlers,
};
