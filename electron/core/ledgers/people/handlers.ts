import { DaichoError, waitParams } from '../../../../shared/api/errors';
import { peopleDefinition, type Person, type PersonFields } from '../../../../shared/ledgers/people';
import type { HandlerContext, Handlers } from '../../context';
import type { Row, Store } from '../../store/store';
import { cardHolder, DOOR_CREDENTIALS_TABLE, writeCredential } from '../server-room/door-credentials';
import { AUTHORIZATIONS_TABLE, authorizedNowSql, setAuthorized } from './authorizations';
import { recordRegisterChange } from '../../setting-versions';
import { readsAlikeAs } from '../../../../shared/search';
import { rowsToJudge } from '../kit/code-index';
import { cardLaneOf, journalCardRefusal, rebuildCardWaits } from './card-waits';

export interface PersonRow {
  id: string;
  name: string;
  kana: string;
  employee_no: string;
  department: string;
  site_id: string;
  site_name: string;
  active: number;
  card_no: string | null;
  server_room_authorized: number;
  created_at: string;
  version: number;
}

// The card number is the person's door credential, server-room authorization an open period (issue 8 item 4).
const FROM = `FROM people p LEFT JOIN ${DOOR_CREDENTIALS_TABLE} c ON c.person_id = p.id`;
/**
 * A person's version (as a record's, kit/record-parts.ts refuseStale): the journal sequence number of
 * the last act on what the register's form shows — the person's row, and their card and server-room
 * authorization as the register wrote them (not a PIN tried at the door, nor a cabinet's grant).
 * Each found from the person's own rows, by the journal's (entity, entity_id) index: a join let the
 * planner read every card's journal rows per person (people.add went from 6 to 18 ms in the bench).
 */
const PERSON_VERSION = `max(
  coalesce((SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = 'people' AND entity_id = p.id), 0),
  coalesce((SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = '${DOOR_CREDENTIALS_TABLE}' AND action LIKE 'people.%'
    AND entity_id IN (SELECT c2.id FROM ${DOOR_CREDENTIALS_TABLE} c2 WHERE c2.person_id = p.id)), 0),
  coalesce((SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = '${AUTHORIZATIONS_TABLE}' AND action LIKE 'people.%'
    AND entity_id IN (SELECT a2.id FROM ${AUTHORIZATIONS_TABLE} a2 WHERE a2.person_id = p.id AND a2.area = 'server_room')), 0))`;

export const PERSON_SELECT = `SELECT p.id, p.name, p.kana, p.employee_no, p.department, p.site_id, s.name AS site_name, p.active, c.card_no,
  ${authorizedNowSql('p.id', 'server_room')} AS server_room_authorized, p.created_at, ${PERSON_VERSION} AS version ${FROM} JOIN sites s ON s.id = p.site_id`;

export function toPerson(r: PersonRow): Person {
  return {
    id: r.id, name: r.name, kana: r.kana, employeeNo: r.employee_no, department: r.department, siteId: r.site_id,
    siteName: r.site_name, active: r.active === 1, cardNo: r.card_no, serverRoomAuthorized: r.server_room_authorized === 1,
    createdAt: r.created_at, version: r.version,
  };
}

/**
 * A card number is a door credential: the reader types it, so whoever knows it can be let in as its
 * holder. Once stored it is shown to no one whole, only its last four characters: a walk-through found a
 * site head reading every site's card numbers, and an insider probe a clerk identifying at the door as
 * anyone with the numbers the register showed them whole. Whoever issues a card types it; a new one replaces it.
 */
export function shownCard(card: string | null): string | null {
  // Four marks, whatever its length; of a short card (4 to 7 characters) fewer of its own, never all of it.
  return card === null ? null : `••••${card.slice(-Math.min(4, Math.floor(card.length / 2)))}`;
}

/** A person as the API answers: their card number as shownCard shows it. */
export const shownPerson = (p: Person): Person => ({ ...p, cardNo: shownCard(p.cardNo) });

/** Does the caller keep the register (who issues cards), and so find a card's holder by its whole number? */
export function seesCards(session: { roles: readonly string[] } | null): boolean {
  return !!session && peopleDefinition.access.write.some((r) => session.roles.includes(r));
}

export function getPerson(store: Store, id: string): Person {
  const row = store.stmt(`${PERSON_SELECT} WHERE p.id = ?`).get(id) as PersonRow | undefined;
  if (!row) throw new DaichoError('not_found', 'people.errors.not_found', 'id');
  return toPerson(row);
}

/** The columns of `people` (the card number and the authorization are kept apart). */
function toColumns(f: Partial<PersonFields>): Row {
  const c: Row = {};
  if (f.name !== undefined) c.name = f.name;
  if (f.kana !== undefined) c.kana = f.kana;
  if (f.employeeNo !== undefined) c.employee_no = f.employeeNo;
  if (f.department !== undefined) c.department = f.department;
  if (f.siteId !== undefined) c.site_id = f.siteId;
  return c;
}

/**
 * Unique keys and references, checked before writing so the message names the field — each field's
 * together (a user probe: a number taken was said, and the card taken only on the next save).
 */
function checkFields(store: Store, f: Partial<PersonFields>, selfId: string | null): void {
  const refused: DaichoError[] = [];
  for (const check of [
    () => {
      if (f.siteId !== undefined && !store.rowById('sites', f.siteId)) throw new DaichoError('invalid_input', 'people.errors.site', 'siteId');
    },
    () => {
      // Unchanged, it is not judged again (two numbers taken alike before this rule stay correctable).
      if (f.employeeNo === undefined || (selfId !== null && store.rowById('people', selfId)?.employee_no === f.employeeNo)) return;
      // Read as the other codes are (E-1001, E1001 and e1001 are one number: an insider probe registered two people so).
      const sameAs = readsAlikeAs(f.employeeNo, true);
      const rows = rowsToJudge(store, { table: 'people', column: 'employee_no', code: f.employeeNo, select: 'id, employee_no AS no' });
      if (rows.some((r) => r.id !== selfId && sameAs(r.no))) throw new DaichoError('conflict', 'people.errors.employee_no_taken', 'employeeNo');
    },
    () => {
      const holder = f.cardNo ? cardHolder(store, f.cardNo) : null;
      if (holder && holder !== selfId) throw new DaichoError('conflict', 'people.errors.card_no_taken', 'cardNo');
    },
  ]) {
    try {
      check();
    } catch (e) {
      if (!(e instanceof DaichoError) || !e.field) throw e;
      refused.push(e);
    }
  }
  // One said as it is (a conflict stays one); several, each at its field.
  if (refused.length > 1) throw DaichoError.invalidFields(refused.map((e) => ({ field: e.field!, messageKey: e.messageKey, params: e.params })))!;
  if (refused[0]) throw refused[0];
}

/**
 * The card-number check, counted per account (an insider probe: "already registered" confirmed a
 * guessed card whole, as often as asked; cards issued in a batch share long prefixes, and the register
 * shows the last four). The first refusals are said as they are — a clerk registering someone whose
 * card is still on another person is told, and can save the person without the card meanwhile; after
 * a few in a day, a card is not judged until the wait (SessionStore.cardGuesses) is over. Each counted
 * refusal is journaled (its time, never the number), so the wait holds over a restart (card-waits.ts).
 */
function checkFieldsCounted(ctx: HandlerContext, f: Partial<PersonFields>, selfId: string | null, judgesCard: boolean): void {
  const account = ctx.actor().actor;
  const lane = cardLaneOf(account);
  const now = ctx.now.getTime();
  // Counted over a restart of the host: this run's waits start from the journaled refusals (card-waits.ts).
  rebuildCardWaits(ctx, account);
  if (judgesCard) {
    const wait = ctx.sessions.cardGuesses.waitFor(lane, now);
    if (wait > 0) {
      const { seconds } = waitParams(wait);
      throw seconds < 60
        ? new DaichoError('too_many_attempts', 'people.errors.card_no_wait_seconds', 'cardNo', { seconds, count: seconds })
        : new DaichoError('too_many_attempts', 'people.errors.card_no_wait_minutes', 'cardNo', { minutes: Math.ceil(seconds / 60), count: Math.ceil(seconds / 60) });
    }
  }
  try {
    checkFields(ctx.store, f, selfId);
  } catch (e) {
    const refused = e instanceof DaichoError && (e.messageKey === 'people.errors.card_no_taken' || e.fieldIssues().some((i) => i.messageKey === 'people.errors.card_no_taken'));
    if (refused) {
      ctx.sessions.cardGuesses.fail(lane, now);
      // Only a refusal past the day's free ones is kept (a slip of the hand stores nothing): it is what a restart must not forget.
      if (ctx.sessions.cardGuesses.waitFor(lane, now) > 0) journalCardRefusal(ctx, account);
    }
    throw e;
  }
}

/** The register's own methods beside the record book's list and get (./index.ts): each writes the person with their card and authorization in one act. */
export const peopleHandlers: Pick<Handlers, 'people.add' | 'people.amend' | 'people.setActive'> = {
  'people.add': (ctx, f) => {
    checkFieldsCounted(ctx, f, null, !!f.cardNo);
    const id = ctx.store.newId();
    const who = ctx.actor();
    // One act, one action: the person first, then the card and the authorization (their history shows it as one version).
    ctx.store.write(who, (tx) => {
      tx.insert('people', { id, ...toColumns(f), active: 1, created_at: tx.now, recorded_by: who.actor, station: who.station }, { action: 'people.add' });
      if (f.cardNo) writeCredential(ctx.store, tx, id, { card_no: f.cardNo }, { action: 'people.add' });
      setAuthorized(ctx.store, tx, id, 'server_room', f.serverRoomAuthorized, { by: who.actor, action: 'people.add', reason: null });
    });
    return shownPerson(getPerson(ctx.store, id));
  },

  // SPEC §3: never edited in place without a reason; the old values stay in the history.
  'people.amend': (ctx, { id, changes, reason, version }) => {
    const current = getPerson(ctx.store, id);
    // From a screen opened before another act on the person (insider probe 11: a stale form wrote its department over a newer one).
    if (version !== undefined && version !== current.version) throw new DaichoError('conflict', 'errors.changed_meanwhile', 'id');
    checkFieldsCounted(ctx, changes, id, !!changes.cardNo && changes.cardNo.toUpperCase() !== current.cardNo?.toUpperCase());
    const cols = toColumns(changes);
    const before = ctx.store.rowById('people', id);
    const changed = Object.fromEntries(Object.entries(cols).filter(([k, v]) => before[k] !== v));
    // A card kept in small letters before cards were kept in capitals is the same card (a review: any correction rewrote it).
    const card = changes.cardNo !== undefined && changes.cardNo?.toUpperCase() !== current.cardNo?.toUpperCase();
    const authorized = changes.serverRoomAuthorized !== undefined && changes.serverRoomAuthorized !== current.serverRoomAuthorized;
    if (Object.keys(changed).length === 0 && !card && !authorized) throw new DaichoError('invalid_input', 'errors.no_change', 'changes');
    // A person who has left gets no card and no access (taking them away stays possible).
    if (!current.active && card && changes.cardNo) throw new DaichoError('invalid_input', 'errors.person_left', 'cardNo', { name: current.name });
    if (!current.active && authorized && changes.serverRoomAuthorized) throw new DaichoError('invalid_input', 'errors.person_left', 'serverRoomAuthorized', { name: current.name });
    const who = ctx.actor();
    ctx.store.write(who, (tx) => {
      if (Object.keys(changed).length > 0) tx.update('people', current.id, changed, { action: 'people.amend', reason });
      // Dated (setting-versions.ts NAMED_REGISTER): every record of theirs keeps the name it was written under.
      if ('name' in changed) recordRegisterChange(ctx.store, tx, 'people', 'name', id, before.name, changed.name, { action: 'people.amend', reason });
      if (card) writeCredential(ctx.store, tx, id, { card_no: changes.cardNo! }, { action: 'people.amend', reason });
      if (authorized) setAuthorized(ctx.store, tx, id, 'server_room', changes.serverRoomAuthorized!, { by: who.actor, action: 'people.amend', reason, field: 'serverRoomAuthorized' });
    });
    return shownPerson(getPerson(ctx.store, id));
  },

  'people.setActive': (ctx, { id, active, reason }) => {
    const current = getPerson(ctx.store, id);
    if (current.active === active) throw new DaichoError('invalid_input', 'errors.no_change', 'active');
    const meta = { action: active ? ('people.reactivate' as const) : ('people.deactivate' as const), reason };
    ctx.store.write(ctx.actor(), (tx) => {
      tx.update('people', id, { active: active ? 1 : 0 }, meta);
      // Dated (setting-versions.ts): a borrower suspended while an asset was out stays so for that checkout.
      recordRegisterChange(ctx.store, tx, 'people', 'active', id, current.active ? 1 : 0, active ? 1 : 0, meta);
    });
    // Gone: the sessions of an account linked to them end now (its next sign-in is refused, auth/handlers.ts).
    if (!active) for (const a of ctx.store.stmt("SELECT id, roles FROM accounts WHERE person_id = ?").all(id) as { id: string; roles: string }[])
      if (!(JSON.parse(a.roles) as string[]).some((r) => r === 'sysadmin' || r === 'safety_manager')) ctx.sessions.deleteAccount(a.id);
    return shownPerson(getPerson(ctx.store, id));
  },
};
