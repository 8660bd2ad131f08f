import { namesAt } from '../../setting-versions';
import { jstMonthRange } from '../../../../shared/calendar';
import type { HandlerContext } from '../../context';
import type { SourceRecord } from '../../review/sources';
import type { MonthItem, ReadContext } from '../kit/record-book';
import type { RefusalReason } from './offline';
import { getAccount } from '../../auth/accounts-repo';
import { stationNamer } from '../../stations';
import { describeStation } from '../../../../shared/stations';
import { DOOR_CREDENTIALS_TABLE } from './door-credentials';
import { purposeLabelAt, serverRoomReviewByIds, serverRoomReviewMonth } from './repo';
import { settingsReader } from './settings';
import type { ReviewFact } from '../../../../shared/api/review-contract';
import { purposeCatalogKey } from '../../../../shared/ledgers/serverRoom';

// Art. 13(1) the server-room book in the monthly review (review/sources.ts): a month's stays, and the
// door terminal's records that arrived late and no longer fit the book.

/** A site's stays entered in a Japan month, named by person and purpose, with their anomalies. */
export function reviewRecords(ctx: HandlerContext, siteId: string, month: string): SourceRecord[] {
  return serverRoomReviewMonth(ctx.store, ctx.settings, siteId, month, ctx.now).map(sourceRecord);
}

/** Stays by id, named as in their month's review (a correction to a sealed month names its stay). */
export function reviewRecordsById(ctx: HandlerContext, ids: readonly string[]): SourceRecord[] {
  return serverRoomReviewByIds(ctx.store, ctx.settings, ids, ctx.now).map(sourceRecord);
}

function sourceRecord(s: ReturnType<typeof serverRoomReviewMonth>[number]): SourceRecord {
  return {
    // A default purpose is said in the screen's language (an English review read 「山田 太郎（保守点検）」);
    // one the company relabelled, by its label (as on paper).
    id: s.id, at: s.entered_at, status: s.status, label: `${s.person_name} / ${s.purposeLabel}`, ...purposeTerm(s.purpose, s.purposeLabel), anomalies: s.anomalies, amendCount: s.amend_count,
  };
}

/** A stay's label term: its purpose's catalog word while it is a default purpose with its default label. */
function purposeTerm(code: string, label: string): { labelTerm?: { text: string; key: string } } {
  const key = purposeCatalogKey(code, label);
  return key ? { labelTerm: { text: label, key } } : {};
}

/**
 * A door's record (of table alias `t`: its site_id, occurred_at, arrived_at) that arrived in the month
 * (@start, @end) but happened before it, in a month of the site's book already signed when it arrived.
 */
const arrivedAfterSeal = (t: string) => `${t}.arrived_at >= @start AND ${t}.arrived_at < @end AND ${t}.occurred_at < @start
  AND EXISTS (SELECT 1 FROM seals s WHERE s.ledger = 'serverRoom' AND s.site_id = ${t}.site_id AND s.status = 'sealed'
              AND s.month = strftime('%Y-%m', ${t}.occurred_at, '+9 hours') AND s.signed_at <= ${t}.arrived_at)`;

/**
 * SPEC §11: a door terminal's record that arrived late and no longer fit the book is kept, and
 * reviewed here — in the month it happened, and also in the month it arrived when the month it
 * happened was already signed then (found by an insider probe: a terminal kept off the network until
 * the month was signed, and its conflicts reached no open review).
 */
export function reviewMonthItems(ctx: ReadContext, siteId: string, month: string): MonthItem[] {
  const { start, end } = jstMonthRange(month);
  const select = `SELECT d.id, d.kind, d.person_id, d.occurred_at, d.arrived_at, d.conflict, d.detail, d.personal_erased_at, p.name FROM door_deliveries d JOIN people p ON p.id = d.person_id WHERE d.site_id = @site AND d.outcome = 'conflict'`;
  const range = { site: siteId, start: start.toISOString(), end: end.toISOString() };
  const happened = ctx.store.stmt(`${select} AND d.occurred_at >= @start AND d.occurred_at < @end ORDER BY d.occurred_at, d.id`).all(range) as DoorConflict[];
  const arrivedSealed = ctx.store
    .stmt(
`${select} AND ${arrivedAfterSeal('d')} ORDER BY d.occurred_at, d.id`,
    )
    .all(range) as DoorConflict[];
  const settingsFor = settingsReader(ctx.settings);
  const purposeAt = (code: string, at: string, written: string) => purposeLabelAt(settingsFor, siteId, code, at, written);
  // Who by the name they had then (a person renamed since: setting-versions.ts PEOPLE_NAME_VERSIONS_MIGRATION).
  const nameAt = namesAt(ctx.store, 'people', new Map([...arrivedSealed, ...happened].map((r) => [r.person_id, r.name])));
  const conflicts = [...arrivedSealed, ...happened].map((c): MonthItem => {
    const r = { ...c, name: nameAt(c.person_id, c.occurred_at) ?? c.name };
    const code = DOOR_CODES[r.conflict ?? ''] ?? 'door_refused';
    // Delivered after its station was revoked: said so, with what to do (its reason's text).
    const taken = doorFacts(r, code === 'door_refused' || code === 'door_after_revocation', purposeAt);
    // Said once each: what it is (the message), who (the label), when (its time) — a walk-through read the time three times.
    // An exit refused is said to be one (its code stays: dispositions already made are keyed by it; a second probe).
    const said = code === 'door_refused' && r.kind === 'exit' ? 'door_refused_exit' : code;
    return { subject: r.id, code, messageKey: `review.items.${said}`, params: { name: r.name }, label: r.name, at: r.occurred_at, ...(taken.length ? { facts: taken } : {}) };
  });
  return [...conflicts, ...doorRefusalItems(ctx, siteId, month), ...deskDoorItems(ctx, siteId, month)];
}

/**
 * The doors of this site started at a desk PC or in a desk's browser (terminal.start at the host; not a
 * PC in the door profile, nor a door station enrolled with the safety manager's approval, whose
 * stations are `terminal:…` and `lan:…`): one item per such door that was started or recorded an
 * entry in the month — who started it (the starts in the month, else the last before it), at which
 * desk station, and how many entries it recorded — said for information. Its records read as the card
 * holder's own: a clerk started the Nagoya door in her desk tab and typed the Nagoya head's card
 * number, and nothing in the review named her (an insider probe). Read from the journal's columns.
 */
export function deskDoorItems(ctx: ReadContext, siteId: string, month: string): MonthItem[] {
  const { start, end } = jstMonthRange(month);
  const range = { site: siteId, start: start.toISOString(), end: end.toISOString() };
  const door = doorStationPrefix(ctx, siteId);
  if (!door) return [];
  // Every start of this site's door at a desk up to the month's end (a handful: one per start of the kiosk).
  const starts = (
    ctx.store
      .stmt("SELECT seq, at, actor, station FROM journal WHERE entity = 'sites' AND entity_id = @site AND kind = 'event' AND action = 'terminal.start' AND at < @end ORDER BY seq")
      .all(range) as { seq: number; at: string; actor: string; station: string }[]
  ).filter((s) => ['desk', 'browser'].includes(describeStation(s.station).kind));
  const entries = new Map(
    (
      ctx.store
        .stmt('SELECT station, count(*) AS n, min(entered_at) AS first FROM server_room_stays WHERE site_id = @site AND entered_at >= @start AND entered_at < @end GROUP BY station')
        .all(range) as { station: string; n: number; first: string }[]
    )
      .filter((r) => r.station.startsWith(door) && describeStation(r.station).startedAt !== undefined)
      .map((r) => [r.station.slice(door.length), r]),
  );
  const named = stationNamer(ctx.store);
  const stations = [...new Set([...starts.filter((s) => s.at >= range.start).map((s) => s.station), ...entries.keys()])];
  return stations
    .map((station) => {
      const inMonth = starts.filter((s) => s.station === station && s.at >= range.start);
      const before = starts.filter((s) => s.station === station && s.at < range.start).at(-1);
      const by = inMonth.length ? inMonth : before ? [before] : [];
      const names = [...new Set(by.map((s) => getAccount(ctx.store, s.actor)?.display_name ?? s.actor))];
      const at = inMonth[0]?.at ?? entries.get(station)?.first ?? range.start;
      const where = named(station, at) ?? describeStation(station).host ?? station;
      return {
        subject: `desk-door:${station}`,
        code: 'door_started_at_desk',
        messageKey: 'review.items.door_started_at_desk',
        params: { count: entries.get(station)?.n ?? 0, station: where },
        label: names.join('、'),
        at,
        informational: true,
        ...(inMonth.length > 1 ? { facts: [{ term: 'times' as const, values: inMonth.map((s) => ({ at: s.at })) }] } : {}),
      } satisfies MonthItem;
    })
    .sort((x, y) => x.at.localeCompare(y.at));
}

/** The start of the station ids of a site's door (`terminal:<site code>:`), or null for no such site. */
function doorStationPrefix(ctx: ReadContext, siteId: string): string | null {
  const site = ctx.store.stmt('SELECT code FROM sites WHERE id = ?').get(siteId) as { code: string } | undefined;
  return site ? `terminal:${site.code}:` : null;
}

/** The door's refusals kept by why, as the journal's action says it (host) and door_refusals.reason (offline). */
const REFUSED_AT_HOST: Record<string, RefusalReason> = {
  'terminal.refused_not_authorized': 'not_authorized',
  'terminal.refused_inactive': 'inactive',
  'terminal.refused_inside_elsewhere': 'inside_elsewhere',
  'terminal.refused_pin_locked': 'pin_locked',
  'terminal.refused_no_pin': 'no_pin',
  'terminal.refused_unknown_card': 'unknown',
};
/** The times listed under one item; the rest are counted in its text. */
const REFUSAL_TIMES_SHOWN = 10;

/**
 * SPEC §7 "the attempt is recorded", and read: who the site's door refused in the month, at the host and
 * offline — one item per person (or unknown cards) and reason, with how many times and when. Said for
 * information (no disposition is asked before signing; one may be given): refusals were in each
 * person's history only, and the reviewer never saw an unauthorized person trying the door (a note of
 * the last round). An employee number the door did not know is not listed: the door answers it as a
 * wrong PIN, and so does this. Read from the journal's columns (its action, entity and station: the
 * door's, `terminal:<site code>:…`), never its JSON.
 */
export function doorRefusalItems(ctx: ReadContext, siteId: string, month: string): MonthItem[] {
  const { start, end } = jstMonthRange(month);
  const door = doorStationPrefix(ctx, siteId);
  if (!door) return [];
  const actions = Object.keys(REFUSED_AT_HOST);
  const atHost = ctx.store
    .stmt(
      `SELECT j.at, j.action, j.entity_id AS person_id FROM journal j
       WHERE j.entity = 'people' AND j.kind = 'event' AND j.action IN (${actions.map(() => '?').join(', ')})
         AND substr(j.station, 1, ?) = ? AND j.at >= ? AND j.at < ? ORDER BY j.seq`,
    )
    .all(...actions, door.length, door, start.toISOString(), end.toISOString()) as { at: string; action: string; person_id: string | null }[];
  // A locked PIN's refusal is journaled on the person's door credential (auth/attempts.ts), not on the person.
  const lockedAtHost = ctx.store
    .stmt(
      `SELECT j.at, 'terminal.refused_pin_locked' AS action, c.person_id FROM journal j JOIN ${DOOR_CREDENTIALS_TABLE} c ON c.id = j.entity_id
       WHERE j.entity = '${DOOR_CREDENTIALS_TABLE}' AND j.kind = 'event' AND j.action = 'terminal.refused_pin_locked'
         AND substr(j.station, 1, ?) = ? AND j.at >= ? AND j.at < ? ORDER BY j.seq`,
    )
    .all(door.length, door, start.toISOString(), end.toISOString()) as { at: string; action: string; person_id: string | null }[];
  // Offline: as they happened, and also in the month they arrived when the month they happened was
  // already signed then (a door kept off the network until it was: as its conflicts, reviewMonthItems).
  const offline = ctx.store
    .stmt(
      `SELECT r.occurred_at AS at, r.reason, r.person_id, r.via FROM door_refusals r WHERE r.site_id = @site
         AND ((r.occurred_at >= @start AND r.occurred_at < @end) OR (${arrivedAfterSeal('r')}))
       ORDER BY r.occurred_at, r.id`,
    )
    .all({ site: siteId, start: start.toISOString(), end: end.toISOString() }) as { at: string; reason: RefusalReason; person_id: string | null; via: string }[];
  const groups = new Map<string, { personId: string | null; reason: RefusalReason; times: string[] }>();
  const add = (personId: string | null, reason: RefusalReason, at: string) => {
    const key = `${personId ?? ''}\n${reason}`;
    const g = groups.get(key) ?? { personId, reason, times: [] };
    g.times.push(at);
    groups.set(key, g);
  };
  for (const r of [...atHost, ...lockedAtHost]) add(r.person_id, REFUSED_AT_HOST[r.action], r.at);
  // Offline, an unknown employee number is one the door could not tell from a wrong PIN, as at the host.
  for (const r of offline) if (!(r.reason === 'unknown' && r.via === 'pin' && !r.person_id)) add(r.person_id, r.reason, r.at);
  const ids = [...new Set([...groups.values()].flatMap((g) => (g.personId ? [g.personId] : [])))];
  const names = new Map(ids.map((id) => [id, (ctx.store.stmt('SELECT name FROM people WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '']));
  const nameAt = namesAt(ctx.store, 'people', names);
  return [...groups.values()]
    .map((g) => ({ ...g, times: g.times.sort() }))
    .sort((a, b) => a.times[0].localeCompare(b.times[0]))
    .map((g) => {
      const label = g.personId ? (nameAt(g.personId, g.times[0]) ?? names.get(g.personId) ?? '') : UNKNOWN_CARD;
      const shown = g.times.slice(0, REFUSAL_TIMES_SHOWN).map((at) => ({ at }));
      return {
        subject: `door-refusals:${g.personId ?? 'unknown'}:${g.reason}`,
        code: 'door_refusals',
        messageKey: 'review.items.door_refusals',
        params: { count: g.times.length },
        label,
        ...(g.personId ? {} : { labelTerm: { text: UNKNOWN_CARD, key: 'review.doorRefusalUnknown' } }),
        at: g.times[0],
        informational: true,
        facts: [
          { term: 'refusedFor', values: [{ key: `history.refusalReasons.${g.reason}` }] },
          { term: 'times', values: g.times.length > REFUSAL_TIMES_SHOWN ? [...shown, { key: 'review.factValues.more' }] : shown },
        ],
      } satisfies MonthItem;
    });
}

/** The label of refusals of cards no one in the register holds (said in the screen's language: review.doorRefusalUnknown). */
const UNKNOWN_CARD = '登録のないカード';

/** A door conflict's review item, by why it did not fit (any other: refused by the ledger's rules). */
const DOOR_CODES: Record<string, string> = {
  'terminal.conflicts.already_inside': 'door_already_inside',
  'terminal.conflicts.not_inside': 'door_not_inside',
  'terminal.conflicts.future': 'door_future',
  'terminal.conflicts.after_revocation': 'door_after_revocation',
};

type DoorConflict = { id: string; kind: string; person_id: string; occurred_at: string; arrived_at: string; conflict: string | null; detail: string | null; personal_erased_at: string | null; name: string };

/** What the terminal took with an entry: its purpose and note and the visitors it brought, as kept in door_deliveries.detail. */
interface DoorDetail {
  purpose?: string | null;
  purposeNote?: string | null;
  visitors?: { name: string; company: string }[] | number;
}

/**
 * What the review shows of a door conflict beyond the person and the time (a walk-through: the
 * visitors a refused entry brought were kept, but shown nowhere): why it did not fit when the
 * ledger's rules refused it, the purpose and its note, and the visitors; 消去済 once the retention
 * period erased them (retention.ts).
 */
function doorFacts(r: DoorConflict, refused: boolean, purposeAt: (code: string, at: string, written: string) => string): ReviewFact[] {
  const facts: ReviewFact[] = [];
  // Refused by the ledger's rules (or as before its enrolment): the item's own text does not say which rule.
  if (refused && r.conflict) facts.push({ term: 'reason', values: [{ key: r.conflict }] });
  if (r.personal_erased_at) return [...facts, { term: 'erased', values: [{ key: 'history.erased' }] }];
  const detail = parsedDetail(r.detail);
  if (r.kind === 'enter' && detail.purpose) {
    const text = purposeAt(detail.purpose, r.occurred_at, r.arrived_at);
    const key = purposeCatalogKey(detail.purpose, text);
    facts.push({ term: 'purpose', values: [{ text, ...(key ? { key } : {}) }] });
  }
  if (detail.purposeNote) facts.push({ term: 'purposeNote', values: [{ text: detail.purposeNote }] });
  if (Array.isArray(detail.visitors) && detail.visitors.length) facts.push({ term: 'visitors', values: detail.visitors.map((v) => ({ text: v.name, note: v.company })) });
  return facts;
}

/** A delivery's detail as the host wrote it; anything else (a row changed outside the app, which verify names) shows nothing rather than stopping the review. */
function parsedDetail(text: string | null): DoorDetail {
  try {
    const v = text ? (JSON.parse(text) as unknown) : null;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as DoorDetail) : {};
  } catch {
    return {};
  }
}
