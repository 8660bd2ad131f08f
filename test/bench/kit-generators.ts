import { jstDate, jstInstant, jstMonth, jstMonthRange, NATIONAL_CALENDAR } from '../../shared/calendar';
import { addDays } from '../../shared/dates';
import type { Actor } from '../../electron/core/store/store';
import type { JournaledTable } from '../../electron/core/store/migrations';
import { seededRandom } from '../../electron/core/util/seeded-random';
import { signInNow, type Dataset, type Generator } from './dataset';
import type { KitAction } from '../../shared/domain/journal-actions';

// SPEC §10's data set, the shares of the cabinet open/lock log and the checkout record: their
// registers through the API, then years of records written as the record book writes them (the
// same columns and journal rows, through Store.write, 5,000 to a transaction). They are recorded
// at the end of the history — as if the paper ledgers of the years before were typed in when the
// office moved to Daicho: the journal's time never goes back (the server-room generator before
// this one has walked the clock to the end), while each record's own time is spread over the years.

/** Shares of SPEC §10's ~1.5 M records. */
export const CABINET_SHARE = 0.06;
export const CHECKOUT_SHARE = 0.02;
const MIN = 60_000;
const BATCH = 5000;

/** The business days of the history, each with how many records it gets (spread evenly, with noise). */
function businessDays(ds: Dataset): string[] {
  const out: string[] = [];
  const last = addDays(jstDate(ds.to), -2);
  for (let d = addDays(jstDate(ds.from), 1); d <= last; d = addDays(d, 1)) if (NATIONAL_CALENDAR.isBusinessDay(d)) out.push(d);
  return out;
}

async function deskActor(ds: Dataset): Promise<Actor> {
  const session = await ds.caller.ok('auth.session', {});
  if (!session) throw new Error('the bench caller is not signed in');
  return { actor: session.accountId, station: ds.caller.station };
}

/** Write rows in transactions of BATCH at the journal head's time (never back), checkpointing between. */
function writeInBatches(ds: Dataset, desk: Actor, total: number, row: (i: number) => { table: string; values: Record<string, unknown>; action: KitAction }, progress: (n: number) => void): number {
  const head = ds.daicho.store.journalHead().at;
  ds.clock.at = Math.max(head ? Date.parse(head) + 1000 : 0, ds.to.getTime());
  let done = 0;
  while (done < total) {
    const n = Math.min(BATCH, total - done);
    ds.daicho.store.write(desk, (tx) => {
      for (let i = 0; i < n; i++) {
        const r = row(done + i);
        tx.insert(r.table as JournaledTable, { ...r.values, recorded_at: tx.now, recorded_by: desk.actor, station: desk.station }, { action: r.action });
      }
    });
    done += n;
    ds.clock.at = (ds.clock.at ?? 0) + 1000;
    ds.daicho.store.checkpointNow();
    progress(done);
  }
  return done;
}

export const cabinetLogGenerator: Generator = {
  name: 'cabinet open/lock sessions (Store.write, 5,000 a transaction)',
  async generate(ds, _budget, progress) {
    const target = Math.round(ds.opts.records * CABINET_SHARE);
    if (target === 0) return 0;
    const r = seededRandom(4242);
    await signInNow(ds); // the real clock, and a session not idle since the start of the history
    const cabinets: { id: string; siteId: string; openers: string[] }[] = [];
    for (const [i, site] of ds.sites.entries())
      for (let k = 1; k <= 2; k++) {
        const custodianId = ds.personIds[(i + k * 7) % ds.personIds.length];
        const c = await ds.caller.ok('cabinets.add', { code: `B-${site.code}-${k}`, name: k === 1 ? '人事書類庫' : '契約書保管庫', location: `${site.name} 総務`, siteId: site.id, contentClass: k === 1 ? 'personal' : 'confidential', custodianId, notes: null });
        cabinets.push({ id: c.id, siteId: site.id, openers: [custodianId, ...ds.personIds.filter((_, j) => j % ds.sites.length === i).slice(0, 4)] });
      }
    const desk = await deskActor(ds);
    const days = businessDays(ds);
    const perDay = target / days.length;
    return writeInBatches(
      ds,
      desk,
      target,
      (n) => {
        const day = days[Math.min(days.length - 1, Math.floor(n / perDay))];
        const c = cabinets[n % cabinets.length];
        const by = r.pick(c.openers);
        const opened = jstInstant(day, `${String(r.int(8, 18)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`).getTime();
        const minutes = r.chance(0.02) ? r.int(130, 240) : r.int(5, 60);
        return {
          table: 'cabinet_sessions',
          action: 'cabinetLog.add',
          values: {
            id: ds.daicho.store.newId(), cabinet_id: c.id, site_id: c.siteId, opened_at: new Date(opened).toISOString(), opened_by: by, purpose: '書類の確認',
            locked_at: new Date(opened + minutes * MIN).toISOString(), locked_by: r.chance(0.03) ? r.pick(c.openers) : by, notes: null,
            status: 'valid', void_reason: null, amended_at: null, amend_count: 0,
          },
        };
      },
      progress,
    );
  },
};

export const checkoutGenerator: Generator = {
  name: 'asset checkouts (Store.write, 5,000 a transaction)',
  async generate(ds, _budget, progress) {
    const target = Math.round(ds.opts.records * CHECKOUT_SHARE);
    if (target === 0) return 0;
    const r = seededRandom(4343);
    await signInNow(ds); // the real clock, and a session not idle since the start of the history
    // SD cards need no approval by default: the register's assets for the generated history.
    const assets: { id: string; siteId: string }[] = [];
    for (const site of ds.sites)
      for (let k = 1; k <= 6; k++) {
        const a = await ds.caller.ok('assets.add', { assetTag: `B-${site.code}-SD${k}`, kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: site.id, storagePlace: '総務', encrypted: true, notes: null });
        assets.push({ id: a.id, siteId: site.id });
      }
    const desk = await deskActor(ds);
    const days = businessDays(ds);
    const perDay = target / days.length;
    return writeInBatches(
      ds,
      desk,
      target,
      (n) => {
        const day = days[Math.min(days.length - 1, Math.floor(n / perDay))];
        const a = assets[n % assets.length];
        const borrower = ds.personIds[(n * 7) % ds.personIds.length];
        const out = jstInstant(day, `${String(r.int(9, 11)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`).getTime();
        const due = out + r.int(6, 72) * 3600_000;
        const back = r.chance(0.06) ? due + r.int(1, 48) * 3600_000 : due - r.int(1, 5) * 3600_000;
        return {
          table: 'asset_checkouts',
          action: 'checkouts.add',
          values: {
            id: ds.daicho.store.newId(), asset_id: a.id, site_id: a.siteId, borrower_id: borrower, purpose: 'データの受け渡し', destination: '取引先', checked_out_at: new Date(out).toISOString(),
            due_at: new Date(due).toISOString(), approved_by: null, returned_at: new Date(Math.max(back, out + MIN)).toISOString(), received_by: ds.personIds[(n * 7 + 1) % ds.personIds.length],
            condition: 'good', data_handling: '不要データ消去済', lost_at: null, notes: null, status: 'valid', void_reason: null, amended_at: null, amend_count: 0,
          },
        };
      },
      progress,
    );
  },
};

/** SPEC §4.6: every system's access logs checked every month of the history (a few hundred records; its nature, not a share). */
export const accessLogGenerator: Generator = {
  name: 'access-log checks (Store.write)',
  async generate(ds, _budget, progress) {
    await signInNow(ds);
    const r = seededRandom(4444);
    const desk = await deskActor(ds);
    // The register as systems.add writes it (the bench signs in as the safety manager; the register is the administrator's).
    const systems: { id: string; siteId: string }[] = ds.sites.flatMap((site) => [1, 2, 3].map(() => ({ id: ds.daicho.store.newId(), siteId: site.id })));
    ds.daicho.store.write(desk, (tx) => {
      systems.forEach((s, k) =>
        tx.insert('log_systems' as JournaledTable, {
          id: s.id, code: `B-${k + 1}`, name: `業務サーバ${k + 1}`, kind: k % 3 === 2 ? 'network' : 'server', site_id: s.siteId, log_location: 'ログサーバ', retention_months: 12, notes: null,
          status: 'valid', void_reason: null, recorded_at: tx.now, recorded_by: desk.actor, station: desk.station, amended_at: null, amend_count: 0,
        }, { action: 'systems.add' }),
      );
    });
    const months: string[] = [];
    for (let m = jstMonth(ds.from); m < jstMonth(ds.to); m = jstMonth(jstMonthRange(m).end)) months.push(m);
    const total = months.length * systems.length;
    return writeInBatches(
      ds,
      desk,
      total,
      (n) => {
        const month = months[Math.floor(n / systems.length)];
        const s = systems[n % systems.length];
        const checked = jstInstant(`${jstMonth(jstMonthRange(month).end)}-0${r.int(3, 9)}`, '10:00').toISOString();
        const finding = r.chance(0.05) ? '不審なログイン試行' : null;
        return {
          table: 'access_log_checks',
          action: 'accessLog.add',
          values: {
            id: ds.daicho.store.newId(), system_id: s.id, site_id: s.siteId, month, checked_at: checked, logs_complete: r.chance(0.02) ? 0 : 1, stored_safely: 1,
            anomaly_found: finding, action_taken: finding ? '確認済（正当なアクセス）' : null, status: 'valid', void_reason: null, amended_at: null, amend_count: 0,
          },
        };
      },
      progress,
    );
  },
};

/** SPEC §4.4: every site's last-exit checklist of every business day of the history (its nature, not a share). */
export const lastExitGenerator: Generator = {
  name: 'last-exit checklists (Store.write)',
  async generate(ds, _budget, progress) {
    await signInNow(ds);
    const r = seededRandom(4545);
    const desk = await deskActor(ds);
    const days = businessDays(ds);
    const items = ['窓の施錠', '出入口の施錠', 'キャビネットの施錠', 'サーバルームの施錠', '照明の消灯'];
    return writeInBatches(
      ds,
      desk,
      days.length * ds.sites.length,
      (n) => {
        const day = days[Math.floor(n / ds.sites.length)];
        const site = ds.sites[n % ds.sites.length];
        const ng = r.chance(0.03) ? r.int(0, items.length - 1) : -1;
        return {
          table: 'last_exit_checks',
          action: 'lastExit.add',
          values: {
            id: ds.daicho.store.newId(), site_id: site.id, business_day: day, exited_at: jstInstant(day, `19:${String(r.int(0, 59)).padStart(2, '0')}`).toISOString(),
            last_person_id: ds.personIds[(n * 3) % ds.personIds.length],
            items: JSON.stringify(items.map((item, i) => (i === ng ? { item, ok: false, remark: '修理依頼済' } : { item, ok: true, remark: null }))),
            notes: null, status: 'valid', void_reason: null, amended_at: null, amend_count: 0,
          },
        };
      },
      progress,
    );
  },
};

/** SPEC §4.5: visitors over the history, the share of SPEC §10's records (reception room or beyond, signed out). */
export const VISITOR_SHARE = 0.02;
export const visitorGenerator: Generator = {
  name: 'visitors (Store.write, 5,000 a transaction)',
  async generate(ds, _budget, progress) {
    const target = Math.round(ds.opts.records * VISITOR_SHARE);
    if (target === 0) return 0;
    await signInNow(ds);
    const r = seededRandom(4646);
    const desk = await deskActor(ds);
    const days = businessDays(ds);
    const perDay = target / days.length;
    return writeInBatches(
      ds,
      desk,
      target,
      (n) => {
        const day = days[Math.min(days.length - 1, Math.floor(n / perDay))];
        const site = ds.sites[n % ds.sites.length];
        const arrived = jstInstant(day, `${String(r.int(9, 16)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`).getTime();
        return {
          table: 'visitor_visits',
          action: 'visitors.add',
          values: {
            id: ds.daicho.store.newId(), site_id: site.id, name: '来訪 太郎', company: '株式会社サンプル', purpose: '打合せ', host_id: ds.personIds[(n * 5) % ds.personIds.length], area: 'reception',
            guest_card_id: null, escort_id: null, designated_by: null, arrived_at: new Date(arrived).toISOString(), left_at: new Date(arrived + r.int(20, 90) * MIN).toISOString(),
            card_returned_at: null, status: 'valid', void_reason: null, amended_at: null, amend_count: 0,
          },
        };
      },
      progress,
    );
  },
};
