import { DaichoError } from '../../../../shared/api/errors';
import type { LedgerAnomaly } from '../../../../shared/ledgers/kit';
import type { Row, Store } from '../../store/store';
import { daysOfMonth, jstDate, jstDayEnd, jstInstant, jstMonth } from '../../../../shared/calendar';
import { settingsReader as serverRoomSettings } from '../server-room/settings';
import { addDays } from '../../../../shared/dates';
import { lastExitContract, lastExitDefinition, type LastExitWarnings, type MissingChecklist, type SiteCalendarView } from '../../../../shared/ledgers/lastExit';
import type { HandlerContext } from '../../context';
import type { ReadContext } from '../kit/ledger-module';
import { calendarKey, siteCalendar } from '../../site-calendar';
import { namesAt } from '../../setting-versions';
import { recordBook } from '../kit/record-book';
import { touches } from '../kit/uniqueness';
import { isOwnRecord } from '../kit/saying';
import { siteSettingsKey } from '../../../../shared/ledgers/kit';
import { lastExitMigration } from './migration';
import { exitOnItsDay, missingDays, NEXT_MORNING_HOURS, ngItems, recordedLate } from './rules';

// SPEC §4.4 in the core: the last-exit checklist on the ledger kit, the warnings for the last person
// out, the business days without a checklist, and each site's calendar.

function mustGetSite(ctx: ReadContext, siteId: string): { id: string; name: string; created_at: string } {
  const site = ctx.store.stmt('SELECT id, name, created_at FROM sites WHERE id = ?').get(siteId) as { id: string; name: string; created_at: string } | undefined;
  if (!site) throw new DaichoError('not_found', 'errors.not_found', 'siteId');
  return site;
}

/**
 * The time a checklist answers for: from its exit to the end of its business day. The last person out
 * is the last: anything at the site open at the exit, or opened after it that day, was left open (an
 * insider probe typed the exit before a cabinet opened at 18:40 and still open, and the checklist went
 * in clean; a second one filed the day's checklist at 10:00 as its last exit, and the cabinet opened and
 * the server room entered that evening were counted nowhere, the window ending when it was recorded).
 * LAST_EXIT_INVOLVES says the same in SQL.
 */
function windowOf(check: { businessDay: string; exitedAt: string }): { from: string; until: string } {
  const from = new Date(check.exitedAt).toISOString();
  const until = jstDayEnd(check.businessDay).toISOString();
  // An exit after midnight (the business day's night) still answers for what was open at it (a probe).
  return { from, until: until > from ? until : from };
}

/**
 * SQL over a checklist's row: the reviewer (@person) is one of what it names as left open — in the
 * server room, a cabinet opened, a visitor of theirs inside — over its window (windowOf). Their own
 * item, not theirs to dispose of (an insider probe: a site head left in the server room disposed of the
 * checklist's item naming them, which the server-room book's review refused as theirs).
 */
const LAST_EXIT_INVOLVES = (() => {
  const from = 'last_exit_checks.exited_at';
  const until = `max(${from}, strftime('%Y-%m-%dT%H:%M:%fZ', last_exit_checks.business_day, '+1 day', '-9 hours'))`;
  const open = (table: string, opened: string, closed: string, who: string) =>
    `EXISTS (SELECT 1 FROM ${table} o WHERE o.site_id = last_exit_checks.site_id AND o.${who} = @person AND o.status = 'valid' AND o.${opened} <= ${until} AND (o.${closed} IS NULL OR o.${closed} > ${from}))`;
  return [open('server_room_stays', 'entered_at', 'exited_at', 'person_id'), open('cabinet_sessions', 'opened_at', 'locked_at', 'opened_by'), open('visitor_visits', 'arrived_at', 'left_at', 'host_id')].join(' OR ');
})();

/**
 * Still open at the site when the last person left: someone in the server room, a cabinet not locked,
 * a visitor inside — as the book has them over the checklist's window (windowOf: a walk-through found
 * a checklist of all OK that went in while the dialog itself warned that someone was still in the server room).
 * Each is named under it (who was in the server room, which cabinet, which visitor), for the review and
 * the printed checklist: a count alone sent the reviewer through three ledgers (a walk-through).
 */
function leftOpen(store: Pick<Store, 'stmt'>, siteId: string, check: { businessDay: string; exitedAt: string }): LedgerAnomaly | null {
  const { from, until } = windowOf(check);
  const all = store
    .stmt(
      `SELECT 'stay' AS kind, s.entered_at AS at, s.person_id AS id, p.name AS name, NULL AS note FROM server_room_stays s JOIN people p ON p.id = s.person_id
         WHERE s.site_id = @site AND s.status = 'valid' AND s.entered_at <= @until AND (s.exited_at IS NULL OR s.exited_at > @from)
       UNION ALL SELECT 'cabinet', c.opened_at, c.cabinet_id, k.name, k.code FROM cabinet_sessions c JOIN cabinets k ON k.id = c.cabinet_id
         WHERE c.site_id = @site AND c.status = 'valid' AND c.opened_at <= @until AND (c.locked_at IS NULL OR c.locked_at > @from)
       UNION ALL SELECT 'visit', v.arrived_at, v.id, v.name, v.company FROM visitor_visits v
         WHERE v.site_id = @site AND v.status = 'valid' AND v.arrived_at <= @until AND (v.left_at IS NULL OR v.left_at > @from)
       ORDER BY 2, 3`,
    )
    .all({ site: siteId, from, until }) as { kind: 'stay' | 'cabinet' | 'visit'; at: string; id: string; name: string | null; note: string | null }[];
  if (all.length === 0) return null;
  // A cabinet or a person once, however many of their sessions or stays the window holds (a walk-through:
  // a cabinet still open, then opened and locked again that evening, was named twice and counted twice).
  const seen = new Set<string>();
  const rows = all.filter((r) => r.kind === 'visit' || (!seen.has(`${r.kind}:${r.id}`) && !!seen.add(`${r.kind}:${r.id}`)));
  // A cabinet by its code and its name then, as the warnings name it, and a person by their name then
  // (renamed since: the checklist's day keeps its names; a second probe renamed the one in the server
  // room after the month was signed); a visitor with their company, or 消去済 once erased after the retention period.
  const cabinetNames = namesAt(store, 'cabinets', new Map(rows.filter((r) => r.kind === 'cabinet').map((r) => [r.id, r.name ?? ''])));
  const personNames = namesAt(store, 'people', new Map(rows.filter((r) => r.kind === 'stay').map((r) => [r.id, r.name ?? ''])));
  const value = (r: (typeof rows)[number]) => {
    if (r.kind === 'cabinet') return { text: `${r.note} ${cabinetNames(r.id, r.at) ?? r.name}` };
    if (r.kind === 'stay') return { text: personNames(r.id, r.at) ?? r.name ?? '' };
    return r.name === null ? { key: 'history.erased' } : { text: r.name, ...(r.note ? { note: r.note } : {}) };
  };
  // Open when the last person left, or opened (entered, arrived) after it that day: said apart (a user
  // probe: 「施錠されていないキャビネット」 beside 全9項目OK read as a false tick, for a cabinet opened 13 minutes later).
  const after = (r: (typeof rows)[number]) => Date.parse(r.at) > Date.parse(from);
  const facts = (['stay', 'cabinet', 'visit'] as const)
    .flatMap((kind) => [
      { term: LEFT_OPEN_TERMS[kind], values: rows.filter((r) => r.kind === kind && !after(r)).map(value) },
      { term: OPENED_AFTER_TERMS[kind], values: rows.filter((r) => r.kind === kind && after(r)).map(value) },
    ])
    .filter((f) => f.values.length > 0);
  return { code: 'left_open', params: { count: rows.length }, facts };
}

/** The review's term for each kind of thing left open (review.facts.*). */
const LEFT_OPEN_TERMS = { stay: 'inServerRoom', cabinet: 'cabinetsOpen', visit: 'visitorsInside' } as const;
/** …and for what was opened after the last exit, the same day. */
const OPENED_AFTER_TERMS = { stay: 'inServerRoomAfter', cabinet: 'cabinetsOpenedAfter', visit: 'visitorsArrivedAfter' } as const;

/** The tables `leftOpen` reads, each with the columns of when its record opened and closed. */
const OPEN_THINGS = [
  { table: 'server_room_stays', opened: 'entered_at', closed: 'exited_at' },
  { table: 'cabinet_sessions', opened: 'opened_at', closed: 'locked_at' },
  { table: 'visitor_visits', opened: 'arrived_at', closed: 'left_at' },
] as const;

/** A checklist row as `windowOf` reads it. */
const checkOf = (c: Row) => ({ businessDay: String(c.business_day), exitedAt: String(c.exited_at) });

/**
 * The checklists an update of a stay, a cabinet's session or a visit took 「still open」 away from: the
 * row counted for one (at its site, open in its window) before and not after, and the checklist has
 * nothing left open now. Noted for the checklist's review (review/change-notes.ts noteJudgedFrom): an
 * exit, a lock or a leaving recorded afterwards at a time before the checklist, a void or a
 * correction of the time or site, made the anomaly go with no trace (an insider probe).
 */
const leftOpenGone = ({ table, opened, closed }: (typeof OPEN_THINGS)[number]) => {
  const openIn = (r: Row, siteId: string, w: { from: string; until: string }) =>
    r.status === 'valid' && r.site_id === siteId && typeof r[opened] === 'string' && Date.parse(r[opened] as string) <= Date.parse(w.until) && (r[closed] == null || Date.parse(String(r[closed])) > Date.parse(w.from));
  // The checklists whose window the row may have been open in: exit before it closed, recorded after it opened (openIn decides).
  const checksNear = (store: Pick<Store, 'stmt'>, r: Row) =>
    r.status !== 'valid' || typeof r.site_id !== 'string' || typeof r[opened] !== 'string'
      ? []
      : (store
          // A window ends by its business day's end, or its exit the next morning: days before the day it opened, less two, are none of them (one index range).
          .stmt(`SELECT * FROM last_exit_checks WHERE site_id = ? AND status = 'valid' AND business_day >= ? AND (? IS NULL OR exited_at < ?)`)
          .all(r.site_id, addDays(jstDate(String(r[opened])), -2), r[closed] ?? null, r[closed] ?? null) as Row[]);
  return {
    table,
    gone: (ctx: { store: Pick<Store, 'stmt'> }, before: Row, after: Row) =>
      checksNear(ctx.store, before)
        .filter((c) => {
          const w = windowOf(checkOf(c));
          return openIn(before, String(c.site_id), w) && !openIn(after, String(c.site_id), w) && leftOpen(ctx.store, String(c.site_id), checkOf(c)) === null;
        })
        .map((row) => ({ row, anomaly: { code: 'left_open', params: { count: 1 } } })),
    // The checklists it is open in the window of now and was not before (a stay of a signed day typed in late: a probe).
    arisen: (ctx: { store: Pick<Store, 'stmt'> }, before: Row | null, after: Row) =>
      checksNear(ctx.store, after).filter((c) => {
        const w = windowOf(checkOf(c));
        return openIn(after, String(c.site_id), w) && !(before && openIn(before, String(c.site_id), w));
      }),
  };
};

export const lastExitModule = recordBook(
  lastExitDefinition,
  {
    // Staff record the checklist of their own site (an insider probe: a head-office employee recorded
    // Osaka's, which filled Osaka's missing day); a clerk records any site's.
    derive: (input, ctx) => {
      if (input.siteId !== undefined) refuseOtherSite(ctx.handler, String(input.siteId));
      return {};
    },
    check: (r, ctx) => {
      if (r.businessDay && r.businessDay > jstDate(ctx.now)) throw new DaichoError('invalid_input', 'lastExit.errors.day_in_future', 'businessDay');
      // Judged when the day or the exit changes: a checklist kept under the rule before it (an exit the next
      // evening) stays correctable in its notes (a review of the change).
      if (touches(ctx.changed, ['businessDay', 'exitedAt']) && r.businessDay && r.exitedAt && !exitOnItsDay(r.businessDay, r.exitedAt)) throw new DaichoError('invalid_input', 'lastExit.errors.exit_not_that_day', 'exitedAt', { hours: NEXT_MORNING_HOURS });
      // Not the day's last exit before the site's day began (its business hours as the server-room book
      // keeps them, in force now, as a write's checks are): an insider probe filed today's checklist at 06:18, all OK, and took the day's one
      // checklist from whoever left last that evening. Asked when the day, the exit or the site changes.
      if (touches(ctx.changed, ['businessDay', 'exitedAt', 'siteId']) && r.siteId && r.businessDay && r.exitedAt) {
        const { start } = serverRoomSettings(ctx.settings)(r.siteId, ctx.now).businessHours;
        if (Date.parse(r.exitedAt) < jstInstant(r.businessDay, start).getTime()) throw new DaichoError('invalid_input', 'lastExit.errors.exit_before_opening', 'exitedAt', { start });
      }
      // The site's items as in force on that day, each answered (an insider probe: a checklist of one
      // made-up item went in, so an NG item could simply be left out).
      // Asked when the items, the site or the day change (a correction of an older checklist's notes keeps its items).
      if (touches(ctx.changed, ['items', 'siteId', 'businessDay']) && r.siteId && r.businessDay && r.items) {
        const asked = ctx.site(r.siteId, jstDayEnd(r.businessDay)).items;
        const given = new Set(r.items.map((i) => i.item));
        const missing = asked.filter((i) => !given.has(i));
        const extra = r.items.map((i) => i.item).filter((i) => !asked.includes(i));
        if (missing.length > 0 || extra.length > 0) throw new DaichoError('invalid_input', 'lastExit.errors.items_not_the_sites', 'items', { missing: missing.join('、') || '—', extra: extra.join('、') || '—' });
      }
      // One per site and business day: a second is a correction of the first.
      if (r.siteId && r.businessDay) {
        const other = ctx.store.stmt(DAY_RECORDED_SQL).get(r.siteId, r.businessDay) as { id: string } | undefined;
        // Her own checklist (she was the last person out) is not hers to correct (errors.own_record): not offered as one.
        if (other && other.id !== ctx.selfId)
          throw ctx.ownRecord(other.id)
            ? new DaichoError('conflict', 'lastExit.errors.already_recorded_own', 'businessDay', { day: r.businessDay })
            : new DaichoError('conflict', 'lastExit.errors.already_recorded', 'businessDay', { day: r.businessDay, recordId: other.id });
      }
    },
    anomalies: (r, ctx) => [ngItems(r.items), recordedLate(r.businessDay, r.recordedAt), leftOpen(ctx.store, r.siteId, r)].filter((a) => a !== null),
  },
  { migrations: [lastExitMigration], contract: lastExitContract },
);

/** The one valid checklist of a site and business day. */
const DAY_RECORDED_SQL = "SELECT id, last_person_id FROM last_exit_checks WHERE site_id = ? AND business_day = ? AND status = 'valid'";

/** Staff act for their own site only (a clerk for any): its checklist, and what is still open there. */
function refuseOtherSite(ctx: HandlerContext, siteId: string, message: 'lastExit.errors.other_site' | 'lastExit.errors.other_site_warnings' = 'lastExit.errors.other_site'): void {
  const own = lastExitModule.ownPerson(ctx, lastExitDefinition.access.write);
  if (!own) return;
  const person = ctx.store.rowById('people', own);
  if (person && person.site_id !== siteId) throw new DaichoError('forbidden', message, 'siteId');
}

lastExitModule.handlers['lastExit.warnings'] = (ctx: HandlerContext, { siteId }: { siteId: string }): LastExitWarnings => {
  mustGetSite(ctx, siteId);
  // Not another site's visitors and who is in its server room (an insider probe: a head-office employee read Osaka's).
  refuseOtherSite(ctx, siteId, 'lastExit.errors.other_site_warnings');
  const openCabinets = ctx.store
    .stmt(
      `SELECT c.code || ' ' || c.name AS cabinet, p.name AS opened_by, s.opened_at FROM cabinet_sessions s JOIN cabinets c ON c.id = s.cabinet_id JOIN people p ON p.id = s.opened_by
       WHERE s.site_id = ? AND s.locked_at IS NULL AND s.status = 'valid' ORDER BY s.opened_at`,
    )
    .all(siteId) as { cabinet: string; opened_by: string; opened_at: string }[];
  const inside = ctx.store
    .stmt(
      `SELECT p.name, s.entered_at FROM server_room_stays s JOIN people p ON p.id = s.person_id
       WHERE s.site_id = ? AND s.exited_at IS NULL AND s.status = 'valid' ORDER BY s.entered_at`,
    )
    .all(siteId) as { name: string; entered_at: string }[];
  const visitors = ctx.store
    .stmt("SELECT name, company, arrived_at FROM visitor_visits WHERE site_id = ? AND left_at IS NULL AND status = 'valid' ORDER BY arrived_at")
    .all(siteId) as { name: string; company: string; arrived_at: string }[];
  return {
    visitorsInside: visitors.map((v) => ({ name: v.name, company: v.company, since: v.arrived_at })),
    openCabinets: openCabinets.map((c) => ({ cabinet: c.cabinet, openedBy: c.opened_by, since: c.opened_at })),
    inServerRoom: inside.map((s) => ({ person: s.name, since: s.entered_at })),
  };
};

/** A site's items, as in force at the end of `day` (a checklist typed in later answers that day's list), or now. */
lastExitModule.handlers['lastExit.items'] = (ctx: HandlerContext, { siteId, day }: { siteId: string; day?: string }): string[] => {
  mustGetSite(ctx, siteId);
  const at = day ? jstDayEnd(day) : ctx.now;
  return ctx.settings.timeline(siteSettingsKey(lastExitDefinition, siteId), (saved) => (saved as { items?: string[] } | undefined)?.items ?? [...lastExitDefinition.siteSettings.defaults.items])(at);
};

/** A site's checklist of a day, if one is kept (staff: of their own site only, as they record). */
lastExitModule.handlers['lastExit.dayRecorded'] = (ctx: HandlerContext, { siteId, day }: { siteId: string; day: string }): { recordId: string; own: boolean } | null => {
  mustGetSite(ctx, siteId);
  refuseOtherSite(ctx, siteId);
  const kept = ctx.store.stmt(DAY_RECORDED_SQL).get(siteId, day) as Row | undefined;
  return kept ? { recordId: String(kept.id), own: isOwnRecord(ctx, kept, 'last_person_id') } : null;
};

lastExitModule.handlers['lastExit.missing'] = (ctx: HandlerContext, { month, siteId }: { month?: string; siteId?: string }): MissingChecklist[] =>
  // A site head of several sites, none named: theirs only (auth/site-scope.ts).
  missingChecklists(ctx, month, siteId).filter((m) => !ctx.readableSites || ctx.readableSites.includes(m.siteId));

/** The business days of a month (this month by default) without a checklist, per site (or for one). */
function missingChecklists(ctx: ReadContext, month?: string, siteId?: string): MissingChecklist[] {
  const m = month ?? jstMonth(ctx.now);
  const today = jstDate(ctx.now);
  const sites = (siteId ? [mustGetSite(ctx, siteId)] : (ctx.store.stmt('SELECT id, name, created_at FROM sites ORDER BY sort_order').all() as { id: string; name: string; created_at: string }[]));
  return sites.flatMap((s) => {
    const recorded = new Set(
      (ctx.store.stmt("SELECT business_day FROM last_exit_checks WHERE site_id = ? AND business_day LIKE ? AND status = 'valid'").all(s.id, `${m}-%`) as { business_day: string }[]).map((r) => r.business_day),
    );
    // From the day the site was set up: the days before it were kept on paper.
    return missingDays(siteCalendar(ctx.settings, s.id), m, jstDate(s.created_at), today, recorded).map((day) => ({ siteId: s.id, siteName: s.name, day }));
  });
}

function calendarView(ctx: HandlerContext, siteId: string): SiteCalendarView {
  const saved = ctx.settings.get(calendarKey(siteId)) as { companyHolidays?: string[]; workedHolidays?: string[] } | undefined;
  return { siteId, companyHolidays: saved?.companyHolidays ?? [], workedHolidays: saved?.workedHolidays ?? [] };
}

lastExitModule.handlers['calendar.get'] = (ctx: HandlerContext, { siteId }: { siteId: string }) => {
  mustGetSite(ctx, siteId);
  return calendarView(ctx, siteId);
};

lastExitModule.handlers['calendar.month'] = (ctx: HandlerContext, { siteId, month }: { siteId: string; month: string }) => {
  mustGetSite(ctx, siteId);
  const today = jstDate(ctx.now);
  const calendar = siteCalendar(ctx.settings, siteId);
  return { today, days: daysOfMonth(month).filter((d) => d <= today).map((date) => ({ date, kind: calendar.day(date).kind })) };
};

lastExitModule.handlers['calendar.update'] = (ctx: HandlerContext, input: { siteId: string; companyHolidays: string[]; workedHolidays: string[]; reason: string | null }) => {
  mustGetSite(ctx, input.siteId);
  const norm = (days: string[]) => [...new Set(days)].sort();
  const next = { companyHolidays: norm(input.companyHolidays), workedHolidays: norm(input.workedHolidays) };
  const both = next.companyHolidays.find((d) => next.workedHolidays.includes(d));
  if (both) throw new DaichoError('invalid_input', 'errors.field.invalid', 'workedHolidays');
  const current = calendarView(ctx, input.siteId);
  if (JSON.stringify([current.companyHolidays, current.workedHolidays]) === JSON.stringify([next.companyHolidays, next.workedHolidays])) throw new DaichoError('invalid_input', 'errors.no_change', 'companyHolidays');
  ctx.store.write(ctx.actor(), (tx) => ctx.settings.set(tx, calendarKey(input.siteId), next, input.reason ?? undefined));
  return calendarView(ctx, input.siteId);
};

/** The monthly review (SPEC §5): each business day of the month without a checklist is an item to dispose of. */
lastExitModule.review = {
  involves: LAST_EXIT_INVOLVES,
  judgedFrom: OPEN_THINGS.map(leftOpenGone),
  monthItems: (ctx, siteId, month) =>
    missingChecklists(ctx, month, siteId).map((m) => ({
      subject: m.day, code: 'missing_day', messageKey: 'review.items.missing_day', params: { day: m.day }, label: '', at: null, // its text says the day (a walk-through: 「…の最終退出点検表がありません 2026-11-02」)
    })),
};
