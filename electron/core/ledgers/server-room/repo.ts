import { namesAt } from '../../setting-versions';
import { LONG_STAY_CONDITION, LONG_STAY_SECONDS, WITH_EMPLOYEES_CONDITION } from './schema';
import { sealedChangeIds } from '../../review/sealed-marks';
import { recordVersions } from '../../review/journal-reads';
import { DaichoError } from '../../../../shared/api/errors';
import { jstMonthRange } from '../../../../shared/calendar';
import type { ServerRoomStay, StoredCompanions } from '../../../../shared/ledgers/serverRoom';
import type { Settings } from '../../settings';
import type { Row, Store } from '../../store/store';
import { findStayAnomalies, type StayFacts } from './anomalies';
import { loadAuthorization } from './authorization';
import { settingsReader } from './settings';
import { calendarReader } from '../../site-calendar';
import { stationNamer } from '../../stations';
import { canonicalJson } from '../../journal/canonical';
import { erasedColumns } from '../../journal/history';
import { closingRecordedColumns } from '../kit/closing';

/** A server_room_stays row as stored. */
export interface StayRow {
  id: string;
  site_id: string;
  person_id: string;
  entered_at: string;
  exited_at: string | null;
  purpose: string;
  purpose_note: string | null;
  companions: string | null; // null once erased (retention)
  items_in: string | null;
  items_out: string | null;
  notes: string | null;
  status: 'valid' | 'void';
  void_reason: string | null;
  recorded_at: string;
  recorded_by: string;
  station: string;
  exit_recorded_at: string | null;
  amended_at: string | null;
  amend_count: number;
  personal_erased_at: string | null;
  /** What the rules read of the companions, kept once they are erased (migration 36); null before. */
  companion_facts?: string | null;
}

/** A row with the names a list shows. */
export interface StayListRow extends StayRow {
  site_name: string;
  person_name: string;
  person_kana: string;
  employee_no: string;
  recorded_by_name: string | null;
}

/** A stay's closing, its exit, and where when it was recorded is kept: a correction does not date the exit past then (kit LedgerRules.closing). */
export const STAY_CLOSING = { field: 'exitedAt', recordedColumn: 'exit_recorded_at' };
/** When a stay's exit was recorded, as an add or a correction writes it (kit/closing.ts); the preview judges by the same. */
export const exitRecorded = closingRecordedColumns(STAY_CLOSING);

/** Terminal writes are made by the identified person, not by an account. */
export const PERSON_ACTOR_PREFIX = 'person:';

export const STAY_SELECT = `SELECT s.*, si.name AS site_name, p.name AS person_name, p.kana AS person_kana, p.employee_no AS employee_no,
  COALESCE(a.display_name, rp.name) AS recorded_by_name
  FROM server_room_stays s
  JOIN sites si ON si.id = s.site_id
  JOIN people p ON p.id = s.person_id
  LEFT JOIN accounts a ON a.id = s.recorded_by
  LEFT JOIN people rp ON s.recorded_by LIKE '${PERSON_ACTOR_PREFIX}%' AND rp.id = substr(s.recorded_by, ${PERSON_ACTOR_PREFIX.length + 1})`;

export function parseCompanions(json: string | null): StoredCompanions {
  if (json === null) return { employees: [], visitors: [] }; // erased after the retention period
  const c = JSON.parse(json) as Partial<StoredCompanions>;
  return { employees: c.employees ?? [], visitors: c.visitors ?? [] };
}

/**
 * Companions as stored: canonical JSON (sorted keys), the form the record book writes for a
 * correction too, so one value is one text whichever way it was written. Stays recorded before
 * this have their keys in the order employees, visitors and name, company, escortPersonId; they are
 * read, and compared as values, alike.
 */
export function companionsJson(c: StoredCompanions): string {
  return canonicalJson({
    employees: c.employees.map((e) => ({ personId: e.personId })),
    visitors: c.visitors.map((v) => ({ name: v.name, company: v.company, escortPersonId: v.escortPersonId })),
  });
}

/**
 * What the anomaly rules read of companions, without a name or a company (not personal data): the
 * employees who went in, and each visitor's escort, in the companions' own form with the visitors'
 * words blank; null when none went in. Written with the companions (migration 36), so that the
 * retention erasure, which takes the companions, takes no anomaly with them.
 */
export function companionFacts(json: string | null): string | null {
  if (json === null) return null;
  const c = parseCompanions(json);
  if (c.employees.length === 0 && c.visitors.length === 0) return null;
  return companionsJson({ employees: c.employees, visitors: c.visitors.map((v) => ({ name: '', company: '', escortPersonId: v.escortPersonId })) });
}

/**
 * Those a stay names as going in with its person: its companion employees and its visitors' escorts (kept
 * past the erasure of the companions, in their facts). Like its person, none of them corrects or voids it.
 */
export function stayParties(row: Pick<StayRow, 'companions'> & Partial<Pick<StayRow, 'companion_facts'>>): string[] {
  const c = parseCompanions(row.companions ?? row.companion_facts ?? null);
  return [...c.employees.map((e) => e.personId), ...c.visitors.flatMap((v) => (v.escortPersonId ? [v.escortPersonId] : []))];
}

/** The columns the anomaly rules read. */
export type StayFactsRow = Pick<StayRow, 'id' | 'site_id' | 'person_id' | 'entered_at' | 'exited_at' | 'recorded_at' | 'exit_recorded_at' | 'status' | 'companions'> & Partial<Pick<StayRow, 'recorded_by' | 'companion_facts'>>;

export function toFacts(r: StayFactsRow): StayFacts {
  return {
    id: r.id, siteId: r.site_id, personId: r.person_id, enteredAt: r.entered_at, exitedAt: r.exited_at, recordedAt: r.recorded_at,
    // Erased: what was kept of them for the rules.
    recordedBy: r.recorded_by, exitRecordedAt: r.exit_recorded_at, status: r.status, ...parseCompanions(r.companions ?? r.companion_facts ?? null),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How far back the short index range looks for a stay that overlaps: a day. A longer stay is found by
 * the second query, on migration 35's index of the few stays longer than this (schema.ts).
 */
const OVERLAP_LOOKBACK_MS = LONG_STAY_SECONDS * 1000;

/** Other valid stays of the same people that could overlap the given ones: two index ranges per person. */
function loadNeighbours(store: Store, stays: StayFactsRow[], now: Date): StayFacts[] {
  const ranges = new Map<string, { from: number; to: number }>();
  for (const s of stays) {
    if (s.status !== 'valid') continue;
    const start = Date.parse(s.entered_at);
    const end = s.exited_at ? Date.parse(s.exited_at) : Math.max(start, Math.min(now.getTime(), start + DAY_MS));
    const r = ranges.get(s.person_id);
    ranges.set(s.person_id, r ? { from: Math.min(r.from, start), to: Math.max(r.to, end) } : { from: start, to: end });
  }
  // Only what the overlap rule reads (no companions to parse), and not the stays already judged.
  const columns = 'id, site_id, person_id, entered_at, exited_at, recorded_at, status';
  // A closed stay that ended before the first of them began overlaps none (a person with hundreds of stays a week loaded them all).
  const recent = store.stmt(`SELECT ${columns} FROM server_room_stays WHERE person_id = ? AND entered_at >= ? AND entered_at < ? AND status = 'valid' AND (exited_at IS NULL OR exited_at > ?)`);
  // An open stay ends, for overlaps, by the end of its entry's day: only a closed one reaches further.
  const long = store.stmt(`SELECT ${columns} FROM server_room_stays WHERE person_id = ? AND entered_at < ? AND exited_at > ? AND ${LONG_STAY_CONDITION}`);
  const judged = new Set(stays.map((s) => s.id));
  const out = new Map<string, StayFacts>();
  for (const [personId, r] of ranges) {
    const lookFrom = new Date(r.from - OVERLAP_LOOKBACK_MS).toISOString();
    const rows = [
      ...(recent.all(personId, lookFrom, new Date(r.to).toISOString(), new Date(r.from).toISOString()) as Omit<StayFactsRow, 'companions'>[]),
      ...(long.all(personId, lookFrom, new Date(r.from).toISOString()) as Omit<StayFactsRow, 'companions'>[]),
    ];
    for (const row of rows)
      if (!judged.has(row.id))
        out.set(row.id, { id: row.id, siteId: row.site_id, personId: row.person_id, enteredAt: row.entered_at, exitedAt: row.exited_at, recordedAt: row.recorded_at, status: row.status, visitors: [] });
  }
  return [...out.values()];
}


/** The other stays of the stay's person that it could overlap (review/change-notes.ts: a correction of one notes what it took from the other). */
export function overlapPartners(store: Store, stay: StayFactsRow, now: Date): Row[] {
  return loadNeighbours(store, [stay], now).map((n) => store.rowById('server_room_stays', n.id)).filter((r): r is Row => r !== undefined);
}

/** Anomalies of these stays, with everything the rules need loaded from the store. */
export function anomaliesOf(store: Store, settings: Settings, stays: StayFactsRow[], now: Date) {
  const delivered = exitsDelivered(store, stays);
  const facts = stays.map((r) => ({ ...toFacts(r), exitDelivered: delivered.has(r.id) }));
  return findStayAnomalies(
    facts,
    {
    now,
    settingsFor: settingsReader(settings),
    calendarFor: calendarReader(settings),
    // The people who entered and the employees who went in with them.
    authorization: loadAuthorization(store, [...new Set(facts.flatMap((s) => [s.personId, ...(s.employees ?? []).map((e) => e.personId)]))]),
    neighbours: loadNeighbours(store, stays, now),
    },
  );
}

/**
 * Which of these stays were closed by an exit from a door terminal's offline queue: only stays
 * whose exit was recorded later than it happened are asked (one index probe each, migration 22).
 */
function exitsDelivered(store: Store, stays: StayFactsRow[]): Set<string> {
  const asked = new Map(stays.filter((s) => s.exited_at !== null && s.exit_recorded_at !== null && s.exit_recorded_at > s.exited_at).map((s) => [s.id, s.exit_recorded_at]));
  if (asked.size === 0) return new Set();
  // The deliveries only (a few, by their stay's index); each compared with its stay as read here. Joined
  // with the stays in SQL, a month's review looked up each of its 3,000 stays by id again: 50 ms of
  // its 80 at the 10-year bench's scale.
  const rows = store
    .stmt(`SELECT stay_id, arrived_at FROM door_deliveries WHERE stay_id IN (SELECT value FROM json_each(?)) AND kind = 'exit' AND outcome = 'recorded'`)
    .all(JSON.stringify([...asked.keys()])) as { stay_id: string; arrived_at: string }[];
  // Only the delivery that recorded the exit the stay has now (an exit cleared and recorded again at the desk is the desk's).
  return new Set(rows.filter((r) => asked.get(r.stay_id) === r.arrived_at).map((r) => r.stay_id));
}

/** Rows → what the API returns: names resolved, anomalies attached. */
/** An erased stay's personal fields that held something: its purpose note and notes as their journal says, its companions when a visitor went in. */
function erasedStayFields(store: Store, id: string, companions: StoredCompanions): string[] {
  const held = erasedColumns(store, 'server_room_stays', id);
  return [
    ...(companions.visitors.length > 0 ? ['companions'] : []),
    ...(held.includes('purpose_note') ? ['purposeNote'] : []),
    ...(held.includes('notes') ? ['notes'] : []),
  ];
}

export function toStays(store: Store, settings: Settings, rows: StayListRow[], now: Date): ServerRoomStay[] {
  if (rows.length === 0) return [];
  const anomalies = anomaliesOf(store, settings, rows, now);
  // Erased (SPEC §8): who went in is kept for the rules (companion_facts): the employees by the register, the
  // visitors without their words (消去済) — not "none" (a probe: the list said 同行者なし of stays with visitors).
  const parsed = rows.map((r) => parseCompanions(r.companions ?? r.companion_facts ?? null));
  const ids = new Set<string>();
  for (const c of parsed) {
    for (const e of c.employees) ids.add(e.personId);
    for (const v of c.visitors) if (v.escortPersonId) ids.add(v.escortPersonId);
  }
  const current = new Map<string, string>(rows.map((r) => [r.person_id, r.person_name]));
  // A stay the door wrote was recorded by its person (person:<id>): named as they were then, too.
  const recorder = (r: StayListRow) => (r.recorded_by.startsWith(PERSON_ACTOR_PREFIX) ? r.recorded_by.slice(PERSON_ACTOR_PREFIX.length) : null);
  for (const r of rows) {
    const id = recorder(r);
    if (id && r.recorded_by_name !== null && !current.has(id)) current.set(id, r.recorded_by_name);
  }
  if (ids.size > 0) {
    const found = store.stmt('SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...ids])) as { id: string; name: string }[];
    for (const p of found) current.set(p.id, p.name);
  }
  // Each person by the name they had when the stay entered (a person renamed since: a signed month's
  // book and paper still name who went in, setting-versions.ts PEOPLE_NAME_VERSIONS_MIGRATION).
  const nameAt = namesAt(store, 'people', current);
  const settingsFor = settingsReader(settings);
  const stationName = stationNamer(store);
  const sealed = sealedChangeIds(store, rows.map((r) => r.id));
  const versions = recordVersions(store, 'server_room_stays', rows.map((r) => r.id));
  return rows.map((r, i) => {
    const name = (id: string) => nameAt(id, r.entered_at) ?? '';
    return {
      id: r.id, siteId: r.site_id, siteName: r.site_name, personId: r.person_id, personName: nameAt(r.person_id, r.entered_at) ?? r.person_name, personKana: r.person_kana,
      employeeNo: r.employee_no, enteredAt: r.entered_at, exitedAt: r.exited_at, purpose: r.purpose,
      // The purpose's label in force when the stay entered: a later relabelling does not reach back
      // into a signed month's paper (an insider probe relabelled 保守点検 as 私用 under October's seal).
      purposeLabel: purposeLabelAt(settingsFor, r.site_id, r.purpose, r.entered_at, r.recorded_at),
      purposeNote: r.purpose_note,
      companions: {
        employees: parsed[i].employees.map((e) => ({ personId: e.personId, name: name(e.personId) })),
        visitors: parsed[i].visitors.map((v) => ({
          name: v.name, company: v.company, escortPersonId: v.escortPersonId, escortName: v.escortPersonId ? name(v.escortPersonId) || null : null,
        })),
      },
      itemsIn: r.items_in, itemsOut: r.items_out, notes: r.notes, status: r.status, voidReason: r.void_reason, recordedAt: r.recorded_at,
      recordedBy: r.recorded_by, recordedByName: recorder(r) ? (nameAt(recorder(r)!, r.recorded_at) ?? r.recorded_by_name) : r.recorded_by_name, station: r.station, stationName: stationName(r.station, r.recorded_at), exitRecordedAt: r.exit_recorded_at,
      amendedAt: r.amended_at, amendCount: r.amend_count, sealedChange: sealed.has(r.id), version: versions.get(r.id) ?? 0, personalErasedAt: r.personal_erased_at,
      erasedFields: r.personal_erased_at ? erasedStayFields(store, r.id, parsed[i]) : [],
      anomalies: anomalies.get(r.id) ?? [],
    };
  });
}

export function stayRow(store: Store, id: string): StayRow {
  const row = store.stmt('SELECT * FROM server_room_stays WHERE id = ?').get(id) as StayRow | undefined;
  if (!row) throw new DaichoError('not_found', 'serverRoom.errors.not_found', 'id');
  return row;
}

export function getStay(store: Store, settings: Settings, id: string, now: Date): ServerRoomStay {
  const row = store.stmt(`${STAY_SELECT} WHERE s.id = ?`).get(id) as StayListRow | undefined;
  if (!row) throw new DaichoError('not_found', 'serverRoom.errors.not_found', 'id');
  return toStays(store, settings, [row], now)[0];
}

/** How far back a closed stay's entry is looked for when asking who was in as a companion (a stay of a week is an anomaly of its own). */
const COMPANION_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * How far back an open stay counts: one left open since an earlier day is a forgotten exit (its own
 * anomaly), not its companions still inside (a review: a host who never badged out locked them out of
 * every door for days).
 */
const OPEN_STAY_COUNTS_MS = 24 * 60 * 60 * 1000;

/**
 * A valid stay (not `selfId`) the person was in as an employee companion at some time of
 * [`from`, `until`) (`until` null: still inside): one that began before `until` and had not ended by
 * `from`. Closed stays entered in the week before `from`, and open ones entered in the day before it
 * (an insider probe: a companion was recorded again on a stay of their own, and as the companion of a
 * second stay at another site, at the same time; a review: overlaps that began after the entry).
 */
export function companionStayDuring(store: Store, personId: string, from: string, until: string | null, selfId: string | null = null): StayRow | undefined {
  const start = new Date(from).toISOString();
  // Still inside: for the day it counts (OPEN_STAY_COUNTS_MS), not for ever.
  const end = until === null ? new Date(Date.parse(start) + OPEN_STAY_COUNTS_MS).toISOString() : new Date(until).toISOString();
  return store
    .stmt(
      // The open stays by their partial index (else the planner read the whole history by entry time).
      `SELECT * FROM (
         SELECT * FROM server_room_stays INDEXED BY server_room_stays_one_open WHERE exited_at IS NULL AND status = 'valid' AND entered_at < @end AND entered_at >= @openSince
         UNION ALL SELECT * FROM server_room_stays INDEXED BY server_room_stays_with_employees
           WHERE entered_at >= @since AND entered_at < @end AND exited_at > @start AND ${WITH_EMPLOYEES_CONDITION}
       ) s WHERE s.id <> @self
         AND coalesce(s.companions, s.companion_facts) LIKE '%' || @person || '%'
         AND EXISTS (SELECT 1 FROM json_each(coalesce(s.companions, s.companion_facts), '$.employees') e WHERE json_extract(e.value, '$.personId') = @person)
       ORDER BY s.entered_at LIMIT 1`,
    )
    .get({
      self: selfId ?? '', start, end, person: personId,
      since: new Date(Date.parse(start) - COMPANION_LOOKBACK_MS).toISOString(),
      openSince: new Date(Date.parse(start) - OPEN_STAY_COUNTS_MS).toISOString(),
    }) as StayRow | undefined;
}

/** The valid open stay of a person, wherever it is. */
export function openStayOf(store: Store, personId: string): StayRow | undefined {
  return store.stmt("SELECT * FROM server_room_stays WHERE person_id = ? AND exited_at IS NULL AND status = 'valid'").get(personId) as StayRow | undefined;
}

/**
 * A purpose's label as it was in force when the record happened (`at`); a purpose added after that
 * (a stay typed in late with it) by its label when the record was written (`written`) — never by a
 * later one, which would reach back under a signed month (a second probe); its code when the list
 * never had it.
 */
export function purposeLabelAt(settingsFor: ReturnType<typeof settingsReader>, siteId: string, code: string, at: string, written: string): string {
  const named = (list: readonly { code: string; label: string }[]) => list.find((p) => p.code === code)?.label;
  return named(settingsFor(siteId, at).purposes) ?? named(settingsFor(siteId, written).purposes) ?? code;
}

/**
 * Art. 13(1) the monthly review (review/sources.ts): every stay of one site that entered in one Japan
 * month — only what the review shows (the person, the purpose) and what the anomaly rules read, with
 * its anomalies. Lighter than serverRoomMonth: a month of a busy site is thousands of stays.
 */
export function serverRoomReviewMonth(store: Store, settings: Settings, siteId: string, month: string, now: Date) {
  const { start, end } = jstMonthRange(month);
  return reviewStays(store, settings, 's.site_id = @site AND s.entered_at >= @start AND s.entered_at < @end', { site: siteId, start: start.toISOString(), end: end.toISOString() }, now);
}

/** Stays by id, as the review names them (a correction to a sealed month's stay, wherever it is now). */
export function serverRoomReviewByIds(store: Store, settings: Settings, ids: readonly string[], now: Date) {
  return reviewStays(store, settings, 's.id IN (SELECT value FROM json_each(@ids))', { ids: JSON.stringify(ids) }, now);
}

function reviewStays(store: Store, settings: Settings, where: string, params: Record<string, string>, now: Date) {
  const rows = store
    .stmt(
      `SELECT s.id, s.site_id, s.person_id, s.entered_at, s.exited_at, s.recorded_at, s.recorded_by, s.exit_recorded_at, s.status, s.companions, s.companion_facts, s.purpose, s.amend_count, p.name AS person_name
       FROM server_room_stays s JOIN people p ON p.id = s.person_id
       WHERE ${where} ORDER BY s.entered_at, s.id`,
    )
    .all(params) as (StayFactsRow & { purpose: string; amend_count: number; person_name: string })[];
  const anomalies = anomaliesOf(store, settings, rows, now);
  const settingsFor = settingsReader(settings);
  const nameAt = namesAt(store, 'people', new Map(rows.map((r) => [r.person_id, r.person_name])));
  return rows.map((r) => ({ ...r, person_name: nameAt(r.person_id, r.entered_at) ?? r.person_name, purposeLabel: purposeLabelAt(settingsFor, r.site_id, r.purpose, r.entered_at, r.recorded_at), anomalies: anomalies.get(r.id) ?? [] }));
}

/**
 * Art. 13(1) monthly check: every stay of one site that entered in one Japan month, with its
 * anomalies (voided ones included, struck through, without anomalies). For the review and print.
 */
export function serverRoomMonth(store: Store, settings: Settings, siteId: string, month: string, now: Date): ServerRoomStay[] {
  const { start, end } = jstMonthRange(month);
  const rows = store
    .stmt(`${STAY_SELECT} WHERE s.site_id = ? AND s.entered_at >= ? AND s.entered_at < ? ORDER BY s.entered_at, s.id`)
    .all(siteId, start.toISOString(), end.toISOString()) as StayListRow[];
  return toStays(store, settings, rows, now);
}
