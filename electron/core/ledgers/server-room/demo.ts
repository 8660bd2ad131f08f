import { addDays } from '../../../../shared/dates';
import { jstDate, jstInstant, makeBusinessCalendar } from '../../../../shared/calendar';
import { SERVER_ROOM_ANOMALY_CODES, type ServerRoomAnomalyCode, type StoredCompanions } from '../../../../shared/ledgers/serverRoom';
import type { Settings } from '../../settings';
import type { Actor, Store } from '../../store/store';
import { anomaliesOf, PERSON_ACTOR_PREFIX, type StayRow } from './repo';
import { checkStay, insertStay, type StayDraft } from './rules';
import { seededRandom } from '../../util/seeded-random';
import { DOOR_CREDENTIALS_TABLE } from './door-credentials';
import { authorizedNowSql } from '../people/authorizations';
import type { JournalAction } from '../../../../shared/domain/journal-actions';

// Demo data for `daicho demo` (SPEC §9): months of realistic server-room stays, most recorded at
// the door terminal as they happened, some typed in at the desk by a clerk — and a few that break
// each anomaly rule, so the monthly review has something to look at. Everything goes through the
// one write path (Store.write) with a clock set to when each thing would have been recorded, in
// time order, so the journal reads like real use and verifies.

export interface ServerRoomDemoOptions {
  /** Sites to fill. */
  siteIds: string[];
  /**
   * People who use the server room; each mostly enters at their own site. Include at least one
   * person who is not server-room authorized to get the not_authorized anomaly and a refusal.
   */
  personIds: string[];
  /** The clerk account that types late or paper entries at the desk. */
  clerkAccountId: string;
  /** First and last Japan calendar day, "YYYY-MM-DD", inclusive. Default: the 3 months before `now`, up to yesterday. */
  from?: string;
  to?: string;
  /** "Now" for the demo (default: the real clock). Nothing is recorded after it. */
  now?: Date;
  /** Leave one person inside now at each site (entered ~25 min before `now`). Default true. */
  insideNow?: boolean;
  /** Same seed, same data. Default 1. */
  seed?: number;
}

export interface ServerRoomDemoResult {
  stays: number;
  openNow: number;
  refusals: number;
  anomalies: Record<ServerRoomAnomalyCode, number>;
}


const VENDORS = [
  { name: '高橋 誠', company: '株式会社ネクストシステムズ' },
  { name: '伊藤 裕子', company: '東日本データサービス株式会社' },
  { name: '渡辺 大輔', company: '株式会社サーバテック' },
  { name: '中村 翔', company: 'ミドリ電設株式会社' },
];
const ITEMS_IN = ['LTOテープ 2本', '交換用HDD 1台', 'ノートPC 1台（業者持込）', '保守用工具一式', 'UPS交換用バッテリー'];
const ITEMS_OUT = ['LTOテープ 2本（外部保管へ）', '故障HDD 1台（データ消去後返却）', 'ノートPC 1台（業者持込分）'];

interface PersonInfo {
  id: string;
  site_id: string;
  authorized: boolean;
  card_no: string | null;
}

interface PlannedEvent {
  at: number;
  order: number;
  run: () => void;
}

const MIN = 60_000;

/** The demo's stays, planned and run in time order: everything at once, or interleaved with other ledgers' writes. */
export interface ServerRoomDemoPlan {
  /** Runs what was planned up to that moment (inclusive), in time order: a journal's times never go back. */
  runUntil(at: number): void;
  /** Runs the rest (up to `now`) and tells what was made. */
  finish(): ServerRoomDemoResult;
}

export function seedServerRoomDemo(d: { store: Store; settings: Settings }, opts: ServerRoomDemoOptions): ServerRoomDemoResult {
  return planServerRoomDemo(d, opts).finish();
}

/**
 * Plans the demo's stays without writing any: the caller runs them as its own clock moves
 * (`runUntil`), so that other ledgers' demo writes and these keep one journal in time order (a
 * write earlier than the journal's last is a clock anomaly, SPEC §8).
 */
export function planServerRoomDemo(d: { store: Store; settings: Settings }, opts: ServerRoomDemoOptions): ServerRoomDemoPlan {
  const now = opts.now ?? new Date();
  const to = opts.to ?? addDays(jstDate(now), -1);
  const from = opts.from ?? addDays(to, -91);
  const r = seededRandom(opts.seed ?? 1);
  const calendar = makeBusinessCalendar();

  let clock = now.getTime();
  const store = d.store.atClock(() => new Date(clock));
  const sites = opts.siteIds.map((id) => store.stmt('SELECT id, code FROM sites WHERE id = ?').get(id) as { id: string; code: string });
  const people = opts.personIds.map(
    (id) =>
      store
        .stmt(
          `SELECT p.id, p.site_id, ${authorizedNowSql('p.id', 'server_room')} AS authorized, c.card_no FROM people p
           LEFT JOIN ${DOOR_CREDENTIALS_TABLE} c ON c.person_id = p.id WHERE p.id = ?`,
        )
        .get(id) as PersonInfo,
  );
  const authorized = people.filter((p) => p.authorized);
  const unauthorized = people.filter((p) => !p.authorized);
  const clerk: Actor = { actor: opts.clerkAccountId, station: 'desk-soumu' };
  const door = (siteCode: string): string => `terminal:${siteCode}:demo`;

  const events: PlannedEvent[] = [];
  let order = 0;
  const plan = (at: number, run: () => void) => events.push({ at, order: order++, run });
  const created: string[] = [];
  let refusals = 0;
  /** The stay of this demo recorded last (by entry time) that matches a condition, as of the demo clock. */
  const latest = (where: string): StayRow | undefined =>
    store
      .stmt(`SELECT * FROM server_room_stays WHERE status = 'valid' AND ${where} AND id IN (SELECT value FROM json_each(?)) ORDER BY entered_at DESC LIMIT 1`)
      .get(JSON.stringify(created)) as StayRow | undefined;

  const tryInsert = (draft: StayDraft, who: Actor, action: JournalAction): string | null => {
    try {
      checkStay(store, d.settings, draft, { selfId: null, now: new Date(clock), changed: 'all' });
    } catch {
      return null; // a generated stay that the rules refuse is simply not recorded
    }
    const id = store.newId();
    store.write(who, (tx) => insertStay(tx, id, draft, { recordedBy: who.actor, station: who.station, action }));
    created.push(id);
    return id;
  };
  const personActor = (p: PersonInfo, siteCode: string): Actor => ({ actor: `${PERSON_ACTOR_PREFIX}${p.id}`, station: door(siteCode) });
  const noCompanions = (): StoredCompanions => ({ employees: [], visitors: [] });

  /** A stay recorded at the door: entry when it happened, exit when it happened (or never). */
  const doorStay = (p: PersonInfo, site: { id: string; code: string }, enter: number, exit: number | null, draft: Partial<StayDraft>) => {
    let id: string | null = null;
    plan(enter, () => {
      id = tryInsert(
        {
          siteId: site.id, personId: p.id, enteredAt: new Date(enter).toISOString(), exitedAt: null, purpose: 'maintenance', purposeNote: null,
          companions: noCompanions(), itemsIn: null, itemsOut: null, notes: null, ...draft,
        },
        personActor(p, site.code),
        'terminal.enter',
      );
    });
    if (exit !== null) {
      plan(exit, () => {
        if (id) store.write(personActor(p, site.code), (tx) => tx.update('server_room_stays', id!, { exited_at: new Date(exit).toISOString(), exit_recorded_at: tx.now }, { action: 'terminal.exit' }));
      });
    }
    return () => id;
  };

  /** A whole stay typed in at the desk by the clerk at `recordAt`. */
  const deskStay = (p: PersonInfo, site: { id: string }, enter: number, exit: number, recordAt: number, draft: Partial<StayDraft>) => {
    plan(recordAt, () => {
      tryInsert(
        {
          siteId: site.id, personId: p.id, enteredAt: new Date(enter).toISOString(), exitedAt: new Date(exit).toISOString(), purpose: 'maintenance',
          purposeNote: null, companions: noCompanions(), itemsIn: null, itemsOut: null, notes: null, ...draft,
        },
        clerk,
        'serverRoom.record',
      );
    });
  };

  const at = (date: string, hhmm: string) => jstInstant(date, hhmm).getTime();
  const peopleOf = (siteId: string) => {
    const own = authorized.filter((p) => p.site_id === siteId);
    return own.length ? own : authorized;
  };

  // Ordinary days: on each business day, a few people at each site, one stay each.
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  for (const site of sites) {
    const crew = peopleOf(site.id);
    if (crew.length === 0) continue;
    for (const day of days) {
      if (!calendar.isBusinessDay(day)) continue;
      const count = r.int(0, Math.min(3, crew.length));
      const used = new Set<string>();
      for (let i = 0; i < count; i++) {
        const p = r.pick(crew);
        if (used.has(p.id)) continue;
        used.add(p.id);
        const enter = at(day, `${String(r.int(9, 16)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`) + r.int(0, 59) * 1000;
        const minutes = r.int(8, 95);
        const purpose = r.pick(['maintenance', 'maintenance', 'backup_media', 'backup_media', 'incident', 'equipment', 'vendor_witness']);
        const draft: Partial<StayDraft> = { purpose };
        if (purpose === 'backup_media') {
          draft.itemsIn = 'LTOテープ 2本';
          draft.itemsOut = 'LTOテープ 2本（外部保管へ）';
        }
        if (purpose === 'vendor_witness' || purpose === 'equipment') {
          draft.companions = { employees: [], visitors: [{ ...r.pick(VENDORS), escortPersonId: p.id }] };
          if (r.chance(0.5)) draft.itemsIn = r.pick(ITEMS_IN);
          if (r.chance(0.3)) draft.itemsOut = r.pick(ITEMS_OUT);
        }
        if (r.chance(0.85)) doorStay(p, site, enter, enter + minutes * MIN, draft);
        else deskStay(p, site, enter, enter + minutes * MIN, enter + minutes * MIN + r.int(5, 90) * MIN, { ...draft, notes: '紙の記録簿から転記' });
      }
    }
  }

  // Each month, at each site, a few stays that break each rule — so every monthly review has some.
  const dayAt = (list: string[], frac: number) => list[Math.min(list.length - 1, Math.floor(list.length * frac))];
  const months = [...new Set(days.map((day) => day.slice(0, 7)))];
  for (const month of months) {
    const businessDays = days.filter((day) => day.startsWith(month) && calendar.isBusinessDay(day));
    const offDays = days.filter((day) => day.startsWith(month) && !calendar.isBusinessDay(day));
    sites.forEach((site, si) => {
      const crew = peopleOf(site.id);
      if (crew.length === 0 || businessDays.length < 10) return;
      const p = crew[si % crew.length];
      const q = crew[(si + 1) % crew.length];
      const shift = si * 0.03;

      // Forgot to record the exit: closed at the door the next morning (no exit that day, and a long stay).
      const d1 = dayAt(businessDays, 0.12 + shift);
      doorStay(p, site, at(d1, '17:40'), at(addDays(d1, 1), '08:41'), { purpose: 'backup_media', itemsIn: 'LTOテープ 2本' });
      // An incident that took a long afternoon.
      const d2 = dayAt(businessDays, 0.3 + shift);
      doorStay(q, site, at(d2, '13:05'), at(d2, '18:20'), { purpose: 'incident', purposeNote: 'ファイルサーバ応答なし、RAID再構築' });
      // Outside business hours: an evening call-out on a business day, and a day off.
      const d3 = dayAt(businessDays, 0.45 + shift);
      doorStay(p, site, at(d3, '21:12'), at(d3, '22:03'), { purpose: 'incident', purposeNote: '監視アラート（UPS）対応' });
      if (offDays.length) {
        const d4 = dayAt(offDays, 0.5 + shift);
        doorStay(q, site, at(d4, '10:30'), at(d4, '11:15'), { purpose: 'equipment', purposeNote: '休日の機器入替' });
      }
      // A vendor recorded without an escort (typed from a paper note at the desk).
      const d5 = dayAt(businessDays, 0.55 + shift);
      deskStay(p, site, at(d5, '14:00'), at(d5, '15:10'), at(d5, '16:00'), {
        purpose: 'vendor_witness', companions: { employees: [], visitors: [{ ...VENDORS[si % VENDORS.length], escortPersonId: null }] }, notes: '同行社員の記入漏れ',
      });
      // A paper entry typed in three days late, which also overlaps a door record of the same person.
      const d6 = dayAt(businessDays, 0.7 + shift);
      doorStay(q, site, at(d6, '10:00'), at(d6, '10:40'), { purpose: 'maintenance' });
      deskStay(q, site, at(d6, '10:20'), at(d6, '11:00'), at(d6, '10:20') + 3 * 24 * 60 * MIN, { purpose: 'maintenance', notes: '紙の記録簿から転記（重複の可能性あり）' });
      // Someone without authorization: refused at the door, then recorded at the desk as accompanied work.
      const u = unauthorized[si % Math.max(1, unauthorized.length)];
      if (u) {
        const d7 = dayAt(businessDays, 0.8 + shift);
        plan(at(d7, '15:29'), () => {
          store.write({ actor: 'terminal', station: door(site.code) }, (tx) => tx.event('terminal.refused_not_authorized', 'people', u.id, { siteId: site.id }));
          refusals++;
        });
        deskStay(u, site, at(d7, '15:30'), at(d7, '15:50'), at(d7, '17:10'), {
          purpose: 'other', purposeNote: 'ネットワーク配線の確認', companions: { employees: [{ personId: p.id }], visitors: [] }, notes: '入室許可なし。立会い社員あり',
        });
      }
      // The door terminal could not reach the ledger host for a while (SPEC §11): its entry and exit
      // were queued with their real times and arrived together when the link came back.
      const d9 = dayAt(businessDays, 0.6 + shift);
      plan(at(d9, '10:20'), () => {
        tryInsert(
          {
            siteId: site.id, personId: q.id, enteredAt: new Date(at(d9, '09:15')).toISOString(), exitedAt: new Date(at(d9, '09:50')).toISOString(), purpose: 'maintenance',
            purposeNote: null, companions: noCompanions(), itemsIn: null, itemsOut: null, notes: null,
          },
          personActor(q, site.code),
          'terminal.enter',
        );
      });
      // An unknown card held to the reader.
      const d8 = dayAt(businessDays, 0.9 + shift);
      plan(at(d8, '12:02'), () => {
        store.write({ actor: 'terminal', station: door(site.code) }, (tx) => tx.event('terminal.refused_unknown_card', 'people', null, { siteId: site.id, by: 'card', cardNo: `9${String(si).padStart(3, '0')}1234` }));
        refusals++;
      });
    });

    // A correction and a void, as a clerk makes them the morning after.
    if (businessDays.length >= 10) {
      plan(at(dayAt(businessDays, 0.5), '09:10'), () => {
        const row = latest("recorded_by LIKE 'person:%' AND purpose = 'maintenance' AND exited_at IS NOT NULL");
        if (row)
          store.write(clerk, (tx) =>
            tx.update('server_room_stays', row.id, { purpose: 'backup_media', amended_at: tx.now, amend_count: row.amend_count + 1 }, { action: 'serverRoom.amend', reason: '目的の選択誤り（本人申告）' }),
          );
      });
      plan(at(dayAt(businessDays, 0.65), '09:20'), () => {
        const row = latest("notes = '紙の記録簿から転記' AND exited_at IS NOT NULL");
        if (row) store.write(clerk, (tx) => tx.update('server_room_stays', row.id, { status: 'void', void_reason: '二重登録' }, { action: 'serverRoom.void', reason: '二重登録' }));
      });
    }
  }

  // Who is inside right now.
  if (opts.insideNow ?? true) {
    sites.forEach((site, si) => {
      const crew = peopleOf(site.id);
      if (crew.length) doorStay(crew[(si + 2) % crew.length], site, now.getTime() - 25 * MIN, null, { purpose: 'maintenance' });
    });
  }

  events.sort((a, b) => a.at - b.at || a.order - b.order);
  let next = 0;
  const runUntil = (until: number) => {
    const end = Math.min(until, now.getTime());
    for (; next < events.length && events[next].at <= end; next++) {
      clock = events[next].at;
      events[next].run();
    }
  };
  return {
    runUntil,
    finish: () => {
      runUntil(now.getTime());
      return result();
    },
  };

  function result(): ServerRoomDemoResult {
    const finalRows = created.map((id) => store.stmt('SELECT * FROM server_room_stays WHERE id = ?').get(id) as StayRow);
    const anomalies = Object.fromEntries(SERVER_ROOM_ANOMALY_CODES.map((c) => [c, 0])) as Record<ServerRoomAnomalyCode, number>;
    for (const list of anomaliesOf(store, d.settings, finalRows, now).values()) for (const a of list) anomalies[a.code]++;
    const openNow = finalRows.filter((row) => row.status === 'valid' && row.exited_at === null).length;
    return { stays: finalRows.length, openNow, refusals, anomalies };
  }
}
