import { jstDate, jstDayStart, NATIONAL_CALENDAR } from '../../shared/calendar';
import { addDays } from '../../shared/dates';
import type { StoredCompanions } from '../../shared/ledgers/serverRoom';
import { checkStay, insertStay, type StayDraft } from '../../electron/core/ledgers/server-room/rules';
import { DaichoError } from '../../shared/api/errors';
import type { Actor } from '../../electron/core/store/store';
import { authorizedNowSql } from '../../electron/core/ledgers/people/authorizations';
import type { Generator } from './dataset';
import { seededRandom, type Rng } from '../../electron/core/util/seeded-random';
import { testAction } from '../helpers/test-action';

/** The desk's refusals of one person in two places at once: a random draw that meets one is not recorded. */
const ONE_PLACE_REFUSALS: ReadonlySet<string> = new Set(['serverRoom.errors.companion_inside', 'serverRoom.errors.companion_with_other', 'serverRoom.errors.inside_as_companion']);

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田'];
const FAMILY_KANA = ['サトウ', 'スズキ', 'タカハシ', 'タナカ', 'イトウ', 'ワタナベ', 'ヤマモト', 'ナカムラ', 'コバヤシ', 'カトウ', 'ヨシダ', 'ヤマダ'];
const GIVEN = ['健一', '陽子', '大輔', '美穂', '翔太', '直樹', '花子', '拓也', '由美', '誠'];
const GIVEN_KANA = ['ケンイチ', 'ヨウコ', 'ダイスケ', 'ミホ', 'ショウタ', 'ナオキ', 'ハナコ', 'タクヤ', 'ユミ', 'マコト'];
const DEPARTMENTS = ['総務部', '情報システム部', '営業部', '経理部', '開発部'];

/** SPEC §10: 150 people over 3 sites — through the API, like a clerk typing them in. */
export const peopleGenerator: Generator = {
  name: 'people register (through the API)',
  async generate(ds, _budget, progress) {
    for (let i = 0; i < ds.opts.people; i++) {
      ds.clock.at = ds.from.getTime() + i * 1000;
      const p = await ds.caller.ok('people.add', {
        name: `${FAMILY[i % FAMILY.length]} ${GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]}`,
        kana: `${FAMILY_KANA[i % FAMILY.length]} ${GIVEN_KANA[Math.floor(i / FAMILY.length) % GIVEN.length]}`,
        employeeNo: `G${String(i + 1).padStart(5, '0')}`,
        department: DEPARTMENTS[i % DEPARTMENTS.length],
        siteId: ds.sites[i % ds.sites.length].id,
        cardNo: `BC${String(i + 1).padStart(8, '0')}`,
        // Three in four may enter the server room: the stays below need a crew of ~37 per site.
        serverRoomAuthorized: i % 4 !== 3,
      });
      ds.personIds.push(p.id);
      if (i % 50 === 0) progress(i);
    }
    return 0; // the register is not counted as ledger records
  },
};


const MIN = 60_000;

/**
 * The share of the record budget that is server-room stays: the bulk of SPEC §10's ~1.5 M records
 * until the other ledgers have generators (each takes its share from here and from the filler).
 */
export const SERVER_ROOM_SHARE = 0.8;
/** HQ is the busiest room. */
const SITE_WEIGHTS = [0.4, 0.33, 0.27];
/** Weekends and holidays see planned work only. */
const OFF_DAY_WEIGHT = 0.08;

const PURPOSES = [
  { code: 'maintenance', weight: 34, minutes: [10, 60] },
  { code: 'backup_media', weight: 26, minutes: [5, 20] },
  { code: 'incident', weight: 8, minutes: [15, 120] },
  { code: 'equipment', weight: 10, minutes: [30, 150] },
  { code: 'vendor_witness', weight: 14, minutes: [30, 180] },
  { code: 'other', weight: 8, minutes: [10, 45] },
] as const;
const PURPOSE_TOTAL = PURPOSES.reduce((n, p) => n + p.weight, 0);
const INCIDENT_NOTES = ['ファイルサーバ応答なし', '監視アラート（UPS）対応', 'コアスイッチ再起動', 'RAID再構築の確認'];
const OTHER_NOTES = ['温湿度計の点検', 'ラック機器の棚卸し', '清掃業者の立会い', 'ネットワーク配線の確認'];
const NOTES = ['定期点検（月次）', 'ラック3の温度確認', '作業報告書は共有フォルダに保存', '紙の記録簿から転記'];
const VENDORS = [
  { name: '高橋 誠', company: '株式会社ネクストシステムズ' },
  { name: '伊藤 裕子', company: '東日本データサービス株式会社' },
  { name: '渡辺 大輔', company: '株式会社サーバテック' },
  { name: '中村 翔', company: 'ミドリ電設株式会社' },
];
const ITEMS_IN = ['交換用HDD 1台', 'ノートPC 1台（業者持込）', '保守用工具一式', 'UPS交換用バッテリー'];
const ITEMS_OUT = ['故障HDD 1台（データ消去後返却）', 'ノートPC 1台（業者持込分）', '旧バッテリー 2個'];

interface CrewMember {
  id: string;
  siteId: string;
  authorized: boolean;
  /** Some people are in the room far more often than others. */
  weight: number;
}

/** One stay to record, and the Japan day whose evening batch records it (later than its own day when typed in late). */
interface Planned {
  draft: StayDraft;
  recordOn: string;
}

function pickPurpose(r: Rng): (typeof PURPOSES)[number] {
  let x = r.next() * PURPOSE_TOTAL;
  for (const p of PURPOSES) if ((x -= p.weight) < 0) return p;
  return PURPOSES[0];
}

function pickWeighted(r: Rng, crew: readonly CrewMember[], total: number): CrewMember {
  let x = r.next() * total;
  for (const c of crew) if ((x -= c.weight) < 0) return c;
  return crew[crew.length - 1];
}

/** A stay as the desk form would send it, with the details its purpose usually has. */
function stayDraft(r: Rng, p: CrewMember, site: readonly CrewMember[], purpose: string, enterMs: number, minutes: number): StayDraft {
  const companions: StoredCompanions = { employees: [], visitors: [] };
  let purposeNote: string | null = null;
  let itemsIn: string | null = null;
  let itemsOut: string | null = null;
  if (purpose === 'backup_media') {
    itemsIn = 'LTOテープ 2本';
    itemsOut = 'LTOテープ 2本（外部保管へ）';
  }
  if (purpose === 'incident' && r.chance(0.6)) purposeNote = r.pick(INCIDENT_NOTES);
  if (purpose === 'other') purposeNote = r.pick(OTHER_NOTES);
  if (purpose === 'vendor_witness' || (purpose === 'equipment' && r.chance(0.5))) {
    // Art. 8(2): the person entering escorts the vendor; now and then the escort is left blank (an anomaly).
    const n = r.chance(0.2) ? 2 : 1;
    for (let i = 0; i < n; i++) companions.visitors.push({ ...VENDORS[(r.int(0, VENDORS.length - 1) + i) % VENDORS.length], escortPersonId: r.chance(0.02) ? null : p.id });
    if (r.chance(0.5)) itemsIn = r.pick(ITEMS_IN);
    if (r.chance(0.3)) itemsOut = r.pick(ITEMS_OUT);
  }
  if (r.chance(0.08)) {
    const other = r.pick(site);
    if (other.id !== p.id) companions.employees.push({ personId: other.id });
  }
  return {
    siteId: p.siteId, personId: p.id, enteredAt: new Date(enterMs).toISOString(), exitedAt: new Date(enterMs + minutes * MIN).toISOString(),
    purpose, purposeNote, companions, itemsIn, itemsOut, notes: r.chance(0.1) ? r.pick(NOTES) : null,
  };
}

/**
 * One site's stays of one Japan day: each person's stays one after another in their own slots
 * (one person never overlaps with themselves, except where an anomaly is meant), mostly in
 * business hours, plus now and then what the SPEC §4.1 anomaly rules are for.
 */
function planSiteDay(r: Rng, day: string, lastDay: string, count: number, crew: CrewMember[], everyone: CrewMember[], business: boolean): Planned[] {
  const out: Planned[] = [];
  const dayStart = jstDayStart(day).getTime();
  const at = (minuteOfDay: number) => dayStart + minuteOfDay * MIN + r.int(0, 59) * 1000;
  const plan = (draft: StayDraft, recordOn = day) => out.push({ draft, recordOn });
  const total = crew.reduce((n, c) => n + c.weight, 0);
  const counts = new Map<CrewMember, number>();
  for (let i = 0; i < count; i++) {
    const c = pickWeighted(r, crew, total);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  // A long incident (over the 4 h maximum) takes one person's whole afternoon.
  if (business && r.chance(0.01)) {
    const c = r.pick(crew);
    counts.delete(c);
    plan({ ...stayDraft(r, c, everyone, 'incident', at(12 * 60 + r.int(30, 90)), r.int(250, 330)), purposeNote: r.pick(INCIDENT_NOTES) });
  }
  // Ordinary stays: business hours on business days (08:00–20:00), daytime planned work on other days.
  const [from, to] = business ? [8 * 60, 20 * 60] : [9 * 60, 18 * 60];
  for (const [c, n] of counts) {
    const slot = Math.floor((to - from) / n);
    for (let j = 0; j < n; j++) {
      const purpose = pickPurpose(r);
      const minutes = Math.max(3, Math.min(r.int(purpose.minutes[0], purpose.minutes[1]), Math.floor(slot * 0.85)));
      plan(stayDraft(r, c, everyone, purpose.code, at(from + j * slot + r.int(0, slot - minutes - 1)), minutes));
    }
  }
  if (!business) return out;
  const evening = new Set<CrewMember>();
  // An evening call-out, after everyone's slots: outside business hours.
  if (r.chance(0.05)) {
    const c = r.pick(crew);
    evening.add(c);
    plan({ ...stayDraft(r, c, everyone, 'incident', at(r.int(20 * 60 + 20, 22 * 60 + 20)), r.int(20, 90)), purposeNote: '監視アラート対応（時間外）' });
  }
  // Forgot to record the exit: left at night, closed the next morning and typed in then.
  if (day < lastDay && r.chance(0.01)) {
    const c = r.pick(crew);
    if (!evening.has(c)) {
      const enter = at(r.int(20 * 60 + 5, 20 * 60 + 15));
      const exit = jstDayStart(addDays(day, 1)).getTime() + (7 * 60 + 50) * MIN;
      plan({ ...stayDraft(r, c, everyone, 'backup_media', enter, 10), exitedAt: new Date(exit).toISOString(), notes: '退室記録漏れ（翌朝確認）' }, addDays(day, 1));
    }
  }
  // Someone without authorization, accompanied by a crew member.
  const unauthorized = everyone.filter((p) => !p.authorized);
  if (unauthorized.length && r.chance(0.08)) {
    const u = r.pick(unauthorized);
    const escort = r.pick(crew);
    plan({
      ...stayDraft(r, u, everyone, 'other', at(r.int(10 * 60, 16 * 60)), r.int(15, 45)),
      purposeNote: 'ネットワーク配線の確認', companions: { employees: [{ personId: escort.id }], visitors: [] }, notes: '入室許可なし。立会い社員あり',
    });
  }
  // Now and then a stay is typed in from the paper book days later (late record).
  for (const p of out) {
    if (p.recordOn === day && r.chance(0.004)) {
      const later = addDays(day, r.int(2, 4));
      p.recordOn = later <= lastDay ? later : lastDay;
    }
  }
  return out;
}

/**
 * SPEC §4.1 server-room stays over the years, sites and people: the bulk of the ledger records.
 * Written the way the desk writes them (serverRoom.record: checkStay, then insertStay through
 * Store.write — same columns, same journal rows), but one transaction per day: a clerk typing in
 * the day's paper book in the evening, with the clock set to then. The next evening also corrects
 * (serverRoom.amend) or voids (serverRoom.void) a few of the day before, as the handlers do.
 */
export const serverRoomGenerator: Generator = {
  name: 'server-room stays (Store.write, one transaction a day)',
  async generate(ds, budget, progress) {
    const target = Math.round(budget * SERVER_ROOM_SHARE);
    if (target === 0) return 0;
    const { store, settings } = ds.daicho;
    const r = seededRandom(2041);
    const session = await ds.caller.ok('auth.session', {});
    if (!session) throw new Error('the bench caller is not signed in');
    const desk: Actor = { actor: session.accountId, station: ds.caller.station };

    const people = (store.stmt(`SELECT id, site_id, ${authorizedNowSql('people.id', 'server_room')} AS server_room_authorized FROM people WHERE active = 1 ORDER BY employee_no`).all() as {
      id: string; site_id: string; server_room_authorized: number;
    }[]).map((p): CrewMember => ({ id: p.id, siteId: p.site_id, authorized: p.server_room_authorized === 1, weight: 0.4 + r.next() * 1.6 }));
    const sites = ds.sites.map((s, i) => {
      const everyone = people.filter((p) => p.siteId === s.id);
      return { id: s.id, weight: SITE_WEIGHTS[i] ?? 1 / ds.sites.length, everyone, crew: everyone.filter((p) => p.authorized) };
    });
    const siteWeights = sites.reduce((n, s) => n + s.weight, 0);

    const days: { day: string; business: boolean }[] = [];
    const lastDay = addDays(jstDate(ds.to), -1);
    for (let d = addDays(jstDate(ds.from), 1); d <= lastDay; d = addDays(d, 1)) days.push({ day: d, business: NATIONAL_CALENDAR.isBusinessDay(d) });
    const perWeight = target / (days.reduce((n, d) => n + (d.business ? 1 : OFF_DAY_WEIGHT), 0) * siteWeights);

    const pending = new Map<string, StayDraft[]>();
    let yesterday: { id: string; draft: StayDraft }[] = [];
    let done = 0;
    let clock = 0;
    days.forEach(({ day, business }, di) => {
      const today: StayDraft[] = pending.get(day) ?? [];
      pending.delete(day);
      for (const s of sites) {
        if (s.crew.length === 0) continue;
        const expected = perWeight * s.weight * (business ? 1 : OFF_DAY_WEIGHT) * (0.75 + r.next() * 0.5);
        const count = Math.floor(expected) + (r.chance(expected % 1) ? 1 : 0);
        for (const p of planSiteDay(r, day, lastDay, count, s.crew, s.everyone, business)) {
          if (p.recordOn === day) today.push(p.draft);
          else pending.set(p.recordOn, [...(pending.get(p.recordOn) ?? []), p.draft]);
        }
      }
      const lastExit = Math.max(0, ...today.map((d) => Date.parse(d.exitedAt ?? d.enteredAt)));
      clock = Math.max(jstDayStart(day).getTime() + (20 * 60 + r.int(30, 70)) * MIN, lastExit + r.int(5, 30) * MIN, clock + 1000);
      ds.clock.at = clock;
      const now = new Date(clock);
      const recorded: { id: string; draft: StayDraft }[] = [];
      store.write(desk, (tx) => {
        // The morning-after corrections of yesterday's entries, exactly as serverRoom.amend / serverRoom.void write them.
        for (const y of yesterday) {
          if (y.draft.purpose === 'maintenance' && r.chance(0.008)) {
            const after = { ...y.draft, purpose: 'backup_media' };
            checkStay(store, settings, after, { selfId: y.id, now, changed: new Set(['purpose']) });
            tx.update('server_room_stays', y.id, { purpose: 'backup_media', amended_at: tx.now, amend_count: 1 }, { action: 'serverRoom.amend', reason: '目的の選択誤り（本人申告）' });
          } else if (r.chance(0.002)) {
            tx.update('server_room_stays', y.id, { status: 'void', void_reason: '二重登録' }, { action: 'serverRoom.void', reason: '二重登録' });
          }
        }
        for (const draft of today) {
          try {
            checkStay(store, settings, draft, { selfId: null, now, changed: 'all' });
          } catch (err) {
            // A companion drawn at random who was inside then (on a stay of their own, or with someone else), or a person
            // inside as someone's companion: the desk refuses it, so the day's book has no such line.
            if (err instanceof DaichoError && ONE_PLACE_REFUSALS.has(err.messageKey)) continue;
            throw err;
          }
          const id = store.newId();
          insertStay(tx, id, draft, { recordedBy: desk.actor, station: desk.station, action: 'serverRoom.record' });
          recorded.push({ id, draft });
        }
      });
      yesterday = recorded;
      done += recorded.length;
      if (di % 30 === 0) {
        progress(done);
        // This loop never lets the event loop turn, so neither the store's idle checkpoint nor one in
        // its worker would come: without this the write-ahead log grows to tens of GB over 10 years.
        store.checkpointNow();
      }
    });

    // Who is in the server room now: one open stay per site, entered a little while ago.
    clock = Math.max(ds.to.getTime(), clock + 1000);
    ds.clock.at = clock;
    store.write(desk, (tx) => {
      sites.forEach((s, i) => {
        if (s.crew.length === 0) return;
        // The first of the crew the desk takes (one already in as another site's companion is not).
        for (let k = 0; k < s.crew.length; k++) {
          const c = s.crew[(i + k) % s.crew.length];
          const draft = { ...stayDraft(r, c, s.everyone, 'maintenance', clock - (25 + 7 * i) * MIN, 0), exitedAt: null };
          try {
            checkStay(store, settings, draft, { selfId: null, now: new Date(clock), changed: 'all' });
          } catch (err) {
            if (err instanceof DaichoError && ONE_PLACE_REFUSALS.has(err.messageKey)) continue;
            throw err;
          }
          insertStay(tx, store.newId(), draft, { recordedBy: desk.actor, station: desk.station, action: 'serverRoom.record' });
          done++;
          break;
        }
      });
    });
    return done;
  },
};

/**
 * Stand-in until every ledger has a generator: the remaining record volume as journal rows
 * (one hash-chained row per record, with a record-sized payload), written through Store.write in
 * batches so the chain is real. Replace its share as ledgers add their own generators.
 */
export const journalFiller: Generator = {
  name: 'ledger-record stand-in (journal rows)',
  async generate(ds, budget, progress) {
    const BATCH = 5000;
    const span = ds.to.getTime() - ds.from.getTime() - 86_400_000;
    const start = ds.from.getTime() + 86_400_000;
    // The ledger generators before it have walked the clock to the end already; the journal's time
    // never goes back (that would be a clock anomaly, SPEC §8), so the filler writes at that time.
    const head = ds.daicho.store.journalHead().at;
    const notBefore = head ? Date.parse(head) : 0;
    let done = 0;
    while (done < budget) {
      const n = Math.min(BATCH, budget - done);
      const batchAt = start + Math.floor((span * (done + n)) / budget);
      ds.clock.at = Math.max(batchAt, notBefore);
      ds.daicho.store.write({ actor: 'bench', station: 'bench' }, (tx) => {
        for (let i = 0; i < n; i++) {
          const k = done + i;
          const site = ds.sites[k % ds.sites.length];
          const person = ds.personIds[k % ds.personIds.length] ?? null;
          const occurred = new Date(batchAt - (n - i) * 60_000).toISOString();
          tx.event(testAction('bench.record'), 'bench_record', `r${k}`, {
            site: site.id, person, occurredAt: occurred, purpose: '保守点検', note: 'バックアップ媒体交換のため入室', companions: [], items: null,
          });
        }
      });
      done += n;
      ds.daicho.store.checkpointNow(); // see serverRoomGenerator
      if (done % 50_000 < BATCH) progress(done);
    }
    return done;
  },
};
