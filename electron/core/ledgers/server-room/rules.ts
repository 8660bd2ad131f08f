import { personActiveAt } from '../../setting-versions';
import { oldestRecordYears, refuseTooOld } from '../kit/record-parts';
import { DaichoError } from '../../../../shared/api/errors';
import type { StoredCompanions } from '../../../../shared/ledgers/serverRoom';
import type { Settings } from '../../settings';
import type { Row, Store, Tx } from '../../store/store';
import { companionFacts, companionStayDuring, companionsJson, openStayOf } from './repo';
import { siteSettings } from './settings';
import type { JournalAction } from '../../../../shared/domain/journal-actions';

/** A stay about to be stored: what desk, terminal and demo all produce. Instants are ISO UTC. */
export interface StayDraft {
  siteId: string;
  personId: string;
  enteredAt: string;
  exitedAt: string | null;
  purpose: string;
  purposeNote: string | null;
  companions: StoredCompanions;
  itemsIn: string | null;
  itemsOut: string | null;
  notes: string | null;
}

/** A time may be at most this far ahead of the clock (PC clocks differ a little). */
const FUTURE_SLACK_MS = 5 * 60 * 1000;

export function toIso(instant: string): string {
  return new Date(instant).toISOString();
}

interface PersonBrief {
  id: string;
  active: number;
}

/**
 * SPEC §3/§4.1 rules for a whole stay, each refusal naming its field; nothing is stored when one
 * fails. `changed` says which fields are new (everything for a new stay): rules about the state of
 * the world at recording time (an active person, an offered purpose, one open stay) apply only to
 * what changes, so an old stay can still be corrected after its person left or its purpose retired.
 */
export function checkStay(
  store: Store,
  settings: Settings,
  d: StayDraft,
  opts: { selfId: string | null; now: Date; changed: ReadonlySet<keyof StayDraft> | 'all'; /** Someone recording their own stay: not before last month. */ ownOnly?: boolean },
): void {
  const changed = (f: keyof StayDraft) => opts.changed === 'all' || opts.changed.has(f);
  if (!store.rowById('sites', d.siteId)) throw new DaichoError('invalid_input', 'serverRoom.errors.site', 'siteId');
  const person = store.stmt('SELECT id, active FROM people WHERE id = ?').get(d.personId) as PersonBrief | undefined;
  if (!person) throw new DaichoError('invalid_input', 'serverRoom.errors.person', 'personId');
  // Had not left by the stay's time (a correction that moved a stay after its person left, and a stay
  // typed in late for a time they had left, went in clean: an insider probe); an old stay of someone
  // who has left since stays correctable.
  if ((changed('personId') || changed('enteredAt')) && !personActiveAt(store, d.personId, person.active, d.enteredAt))
    throw new DaichoError('invalid_input', 'serverRoom.errors.person_inactive', 'personId');

  const latest = opts.now.getTime() + FUTURE_SLACK_MS;
  if (changed('enteredAt') && Date.parse(d.enteredAt) > latest) throw new DaichoError('invalid_input', 'serverRoom.errors.in_future', 'enteredAt');
  // Nor absurdly far back; one's own stay not before last month (kit/record-parts.ts).
  if (changed('enteredAt')) refuseTooOld(opts.now, d.enteredAt, 'enteredAt', opts.ownOnly ?? false, oldestRecordYears(settings, 'serverRoom'));
  if (d.exitedAt !== null) {
    if (changed('exitedAt') && Date.parse(d.exitedAt) > latest) throw new DaichoError('invalid_input', 'serverRoom.errors.in_future', 'exitedAt');
    // A stay cannot end before it starts.
    if (Date.parse(d.exitedAt) < Date.parse(d.enteredAt)) throw new DaichoError('invalid_input', 'serverRoom.errors.exit_before_entry', 'exitedAt');
  }

  const purposes = siteSettings(settings, d.siteId).purposes;
  const purpose = purposes.find((p) => p.code === d.purpose);
  if (!purpose) throw new DaichoError('invalid_input', 'serverRoom.errors.purpose_unknown', 'purpose');
  if ((changed('purpose') || changed('siteId')) && !purpose.active) throw new DaichoError('invalid_input', 'serverRoom.errors.purpose_retired', 'purpose');
  if ((changed('purpose') || changed('purposeNote')) && purpose.requiresNote && !d.purposeNote)
    throw new DaichoError('invalid_input', 'serverRoom.errors.purpose_note_required', 'purposeNote');

  // Who is where is judged over the whole stay, from its entry to its exit (a review: an overlap that
  // began after the entry, or a later exit, went in), whenever any of them changes.
  const span = changed('personId') || changed('enteredAt') || changed('exitedAt') || changed('companions');
  checkCompanions(store, d, changed('companions') || changed('enteredAt'), span, opts.selfId);
  // Nor in as someone's companion meanwhile: one person is not in the book twice at once (an insider probe).
  if (span) {
    const along = companionStayDuring(store, d.personId, d.enteredAt, d.exitedAt, opts.selfId);
    if (along) throw new DaichoError('conflict', 'serverRoom.errors.inside_as_companion', 'personId', { name: personName(store, along.person_id), since: along.entered_at });
  }

  // A person cannot have two open stays.
  if (d.exitedAt === null && (changed('exitedAt') || changed('personId'))) {
    const open = openStayOf(store, d.personId);
    if (open && open.id !== opts.selfId)
      throw new DaichoError('conflict', 'serverRoom.errors.already_inside', 'personId', { since: open.entered_at });
  }
}

function checkCompanions(store: Store, d: StayDraft, changed: boolean, span: boolean, selfId: string | null): void {
  const employees = new Set<string>();
  d.companions.employees.forEach((e, i) => {
    const field = `companions.employees.${i}.personId`;
    if (e.personId === d.personId) throw new DaichoError('invalid_input', 'serverRoom.errors.companion_is_person', field);
    if (employees.has(e.personId)) throw new DaichoError('invalid_input', 'serverRoom.errors.companion_duplicate', field);
    const companion = store.rowById('people', e.personId);
    if (!companion) throw new DaichoError('invalid_input', 'serverRoom.errors.companion_unknown', field);
    // A companion had not left by the stay's time (as the person entering; an old stay stays correctable).
    if (changed && !personActiveAt(store, e.personId, companion.active, d.enteredAt)) throw new DaichoError('invalid_input', 'errors.person_inactive', field, { name: String(companion.name) });
    // Nor inside on a stay of their own meanwhile: one person is not in the book twice at once (a walk-through;
    // over the whole stay, as below — a review: one of their own that began after the entry went in).
    const inside = span ? ownStayDuring(store, e.personId, d.enteredAt, d.exitedAt) : undefined;
    if (inside) throw new DaichoError('invalid_input', 'serverRoom.errors.companion_inside', field, { name: String(companion.name), since: inside.entered_at });
    // …nor with someone else then, on another stay (an insider probe: a companion of two stays at two sites at once).
    const along = span ? companionStayDuring(store, e.personId, d.enteredAt, d.exitedAt, selfId) : undefined;
    if (along) throw new DaichoError('invalid_input', 'serverRoom.errors.companion_with_other', field, { name: String(companion.name), with: personName(store, along.person_id), since: along.entered_at });
    employees.add(e.personId);
  });
  d.companions.visitors.forEach((v, i) => {
    // Art. 8(2): the escort is an employee who is there — the person entering or an employee companion.
    if (v.escortPersonId !== null && v.escortPersonId !== d.personId && !employees.has(v.escortPersonId))
      throw new DaichoError('invalid_input', 'serverRoom.errors.escort_not_present', `companions.visitors.${i}.escortPersonId`);
  });
}

/** A person's name in the register (for a refusal's words). */
function personName(store: Store, personId: string): string {
  return String(store.rowById('people', personId)?.name ?? '');
}

/** A valid stay of the person's own during [`from`, `until`): begun before `until` and not ended by `from` (`until` null: at `from`). */
function ownStayDuring(store: Store, personId: string, from: string, until: string | null): { entered_at: string } | undefined {
  const start = new Date(from).toISOString();
  return (
    until === null
      ? store.stmt("SELECT entered_at FROM server_room_stays WHERE person_id = ? AND status = 'valid' AND entered_at <= ? AND (exited_at IS NULL OR exited_at > ?) LIMIT 1").get(personId, start, start)
      : store.stmt("SELECT entered_at FROM server_room_stays WHERE person_id = ? AND status = 'valid' AND entered_at < ? AND (exited_at IS NULL OR exited_at > ?) LIMIT 1").get(personId, new Date(until).toISOString(), start)
  ) as { entered_at: string } | undefined;
}

/** Draft → the columns of a stay. */
export function draftColumns(d: StayDraft): Row {
  return {
    site_id: d.siteId,
    person_id: d.personId,
    entered_at: d.enteredAt,
    exited_at: d.exitedAt,
    purpose: d.purpose,
    purpose_note: d.purposeNote,
    companions: companionsJson(d.companions),
    companion_facts: companionFacts(companionsJson(d.companions)),
    items_in: d.itemsIn,
    items_out: d.itemsOut,
    notes: d.notes,
  };
}

/** Store a new stay through the one write path; recorded_at is the system clock of this write. */
export function insertStay(tx: Tx, id: string, d: StayDraft, meta: { recordedBy: string; station: string; action: JournalAction }): Row {
  return tx.insert(
    'server_room_stays',
    {
      id,
      ...draftColumns(d),
      status: 'valid',
      void_reason: null,
      recorded_at: tx.now,
      recorded_by: meta.recordedBy,
      station: meta.station,
      exit_recorded_at: d.exitedAt ? tx.now : null,
      amended_at: null,
      amend_count: 0,
    },
    { action: meta.action },
  );
}
