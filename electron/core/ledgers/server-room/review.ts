import { namesAt } from '../../setting-versions';
import { jstMonthRange } from '../../../../shared/calendar';
import type { HandlerContext } from '../../context';
import type { SourceRecord } from '../../review/sources';
import type { MonthItem } from '../kit/record-book';
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
 * SPEC §11: a door terminal's record that arrived late and no longer fit the book is kept, and
 * reviewed here — in the month it happened, and also in the month it arrived when the month it
 * happened was already signed then (found by an insider probe: a terminal kept off the network until
 * the month was signed, and its conflicts reached no open review).
 */
export function reviewMonthItems(ctx: HandlerContext, siteId: string, month: string): MonthItem[] {
  const { start, end } = jstMonthRange(month);
  const select = `SELECT d.id, d.kind, d.person_id, d.occurred_at, d.arrived_at, d.conflict, d.detail, d.personal_erased_at, p.name FROM door_deliveries d JOIN people p ON p.id = d.person_id WHERE d.site_id = @site AND d.outcome = 'conflict'`;
  const range = { site: siteId, start: start.toISOString(), end: end.toISOString() };
  const happened = ctx.store.stmt(`${select} AND d.occurred_at >= @start AND d.occurred_at < @end ORDER BY d.occurred_at, d.id`).all(range) as DoorConflict[];
  const arrivedSealed = ctx.store
    .stmt(
      `${select} AND d.arrived_at >= @start AND d.arrived_at < @end AND d.occurred_at < @start
         AND EXISTS (SELECT 1 FROM seals s WHERE s.ledger = 'serverRoom' AND s.site_id = d.site_id AND s.status = 'sealed'
                     AND s.month = strftime('%Y-%m', d.occurred_at, '+9 hours') AND s.signed_at <= d.arrived_at)
       ORDER BY d.occurred_at, d.id`,
    )
    .all(range) as DoorConflict[];
  const settingsFor = settingsReader(ctx.settings);
  const purposeAt = (code: string, at: string, written: string) => purposeLabelAt(settingsFor, siteId, code, at, written);
  // Who by the name they had then (a person renamed since: setting-versions.ts PEOPLE_NAME_VERSIONS_MIGRATION).
  const nameAt = namesAt(ctx.store, 'people', new Map([...arrivedSealed, ...happened].map((r) => [r.person_id, r.name])));
  return [...arrivedSealed, ...happened].map((c) => {
    const r = { ...c, name: nameAt(c.person_id, c.occurred_at) ?? c.name };
    const code = DOOR_CODES[r.conflict ?? ''] ?? 'door_refused';
    // Delivered after its station was revoked: said so, with what to do (its reason's text).
    const taken = doorFacts(r, code === 'door_refused' || code === 'door_after_revocation', purposeAt);
    // Said once each: what it is (the message), who (the label), when (its time) — a walk-through read the time three times.
    // An exit refused is said to be one (its code stays: dispositions already made are keyed by it; a second probe).
    const said = code === 'door_refused' && r.kind === 'exit' ? 'door_refused_exit' : code;
    return { subject: r.id, code, messageKey: `review.items.${said}`, params: { name: r.name }, label: r.name, at: r.occurred_at, ...(taken.length ? { facts: taken } : {}) };
  });
}

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
