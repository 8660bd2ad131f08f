import { jstDate, jstMonth, jstMonthRange } from '../../../shared/calendar';
import type { LedgerDefinition } from '../../../shared/ledgers/kit';
import { anomalyKey } from '../../../shared/ledgers/kit';
import type { HandlerContext } from '../context';
import type { LedgerModule, MonthItem, RecordBook } from '../ledgers/kit/record-book';
import { serverRoomReviewMonth } from '../ledgers/server-room/repo';
import { shortTime } from '../print/sheets';
import { kitUnitRule, SERVER_ROOM_UNIT, unitParams } from './units';
import type { Row } from '../store/store';

// What the monthly review (SPEC §5) reads of each ledger dated by a month and kept per site: the
// month's records with their anomalies, the month's own anomalies, and how a row's month is known
// (for the seal and for changes made after it). The server-room book and every kit ledger with a
// time and a site field are sources; a ledger added to the kit later is one without more code.

export interface SourceRecord {
  id: string;
  at: string;
  status: 'valid' | 'void';
  label: string;
  anomalies: { code: string; params?: Record<string, string | number> }[];
  amendCount: number;
}

export interface ReviewSource {
  key: string;
  table: string;
  /** The catalog key of its title. */
  titleKey: string;
  /** Its anomalies' catalog key. */
  anomalyMessage(code: string): string;
  /** The SQL (named parameters @siteId, @start, @end, @month) that selects one site's records of one month. */
  monthWhere: string;
  monthParams(month: string): Record<string, string>;
  /** A table row's site and month (for a change after a seal), or null when it has none. */
  unitOf(row: Row): { siteId: string; month: string } | null;
  records(ctx: HandlerContext, siteId: string, month: string): SourceRecord[];
  monthItems?(ctx: HandlerContext, siteId: string, month: string): MonthItem[];
}

const instantRange = (month: string) => {
  const { start, end } = jstMonthRange(month);
  return { start: start.toISOString(), end: end.toISOString() };
};

/** SPEC §4.1 サーバルーム入退記録簿: dated by entry. */
const serverRoom: ReviewSource = {
  key: 'serverRoom',
  table: 'server_room_stays',
  titleKey: 'serverRoom.title',
  anomalyMessage: (code) => `serverRoom.anomaly.${code}`,
  monthWhere: SERVER_ROOM_UNIT.where,
  monthParams: instantRange,
  unitOf: (row) => (typeof row.site_id === 'string' && typeof row.entered_at === 'string' ? { siteId: row.site_id, month: jstMonth(new Date(row.entered_at)) } : null),
  records: (ctx, siteId, month) =>
    serverRoomReviewMonth(ctx.store, ctx.settings, siteId, month, ctx.now).map((s) => ({
      id: s.id, at: s.entered_at, status: s.status, label: `${s.person_name}（${s.purposeLabel}）`, anomalies: s.anomalies, amendCount: s.amend_count,
    })),
  // SPEC §11: a door terminal's record that arrived late and no longer fit the book is kept, and reviewed here.
  monthItems: (ctx, siteId, month) => {
    const { start, end } = instantRange(month);
    const rows = ctx.store
      .stmt(
        `SELECT d.id, d.kind, d.occurred_at, d.conflict, p.name FROM door_deliveries d JOIN people p ON p.id = d.person_id
         WHERE d.site_id = ? AND d.outcome = 'conflict' AND d.occurred_at >= ? AND d.occurred_at < ? ORDER BY d.occurred_at, d.id`,
      )
      .all(siteId, start, end) as { id: string; kind: string; occurred_at: string; conflict: string | null; name: string }[];
    return rows.map((r) => {
      const code = r.conflict === 'terminal.conflicts.already_inside' ? 'door_already_inside' : r.conflict === 'terminal.conflicts.not_inside' ? 'door_not_inside' : r.conflict === 'terminal.conflicts.future' ? 'door_future' : 'door_refused';
      const time = shortTime(r.occurred_at);
      return { subject: r.id, code, messageKey: `review.items.${code}`, params: { name: r.name, time }, label: `${r.name}（${time}）`, at: r.occurred_at };
    });
  },
};


/** A kit ledger's source: its month by its monthField (a month or a business day) or its timeField. */
function kitSource(m: LedgerModule): ReviewSource | null {
  const def = m.definition;
  const book = m as Partial<RecordBook<LedgerDefinition>>;
  const rule = kitUnitRule(def);
  if (!rule || !book.select) return null;
  const select = book.select;
  const field = (key: string) => def.fields.find((f) => f.key === key)!;
  const siteCol = field(def.siteField!).column;
  const col = field(def.monthField ?? def.timeField!).column;
  const kind = rule.kind;
  const monthWhere = rule.where;
  const timeCol = field(def.timeField!).column;
  return {
    key: def.key,
    table: def.table,
    titleKey: `${def.i18n}.title`,
    anomalyMessage: (code) => anomalyKey(def, code),
    monthWhere,
    monthParams: (month) => unitParams(kind, month),
    unitOf: (row) => {
      const site = row[siteCol];
      const v = row[col];
      if (typeof site !== 'string' || typeof v !== 'string') return null;
      return { siteId: site, month: kind === 'instant' ? jstMonth(new Date(v)) : v.slice(0, 7) };
    },
    records: (ctx, siteId, month) => {
      const params = { siteId, ...unitParams(kind, month) };
      return select(ctx, monthWhere, params, `${timeCol}, id`).map((r) => ({
        id: r.id, at: String(r[def.timeField!]), status: r.status, label: labelOf(def, r), anomalies: r.anomalies, amendCount: r.amendCount,
      }));
    },
    monthItems: m.review?.monthItems,
  };
}

/** A few words naming a kit record: the names of what it refers to (not its site), then its first text. */
function labelOf(def: LedgerDefinition, r: Record<string, unknown> & { names: Record<string, string | null> }): string {
  const refs = def.fields.filter((f) => f.type.kind === 'ref' && f.key !== def.siteField && f.inList !== false).map((f) => r.names[f.key]).filter((n): n is string => !!n);
  const text = def.fields.find((f) => f.type.kind === 'text' && f.required);
  const parts = [...refs.slice(0, 2), ...(text && typeof r[text.key] === 'string' ? [r[text.key] as string] : [])];
  return parts.join(' / ') || (def.monthField ? String(r[def.monthField]) : '');
}

/** Every review source of the app with these kit ledgers, in the order the ledgers are registered. */
export function reviewSources(modules: readonly LedgerModule[]): ReviewSource[] {
  return [serverRoom, ...modules.map(kitSource).filter((s): s is ReviewSource => s !== null)];
}

/** The Japan day of an instant (for per-day counts). */
export const dayOf = (at: string) => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : jstDate(new Date(at)));
