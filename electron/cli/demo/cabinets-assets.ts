import type { AssetKind } from '../../../shared/ledgers/assets';
import { NATIONAL_CALENDAR, jstDate } from '../../../shared/calendar';
import { demoAccountFor } from './company';
import type { DemoContext, DemoStep } from './context';
import { jstAt } from './time';
import { accessLogDay } from './access-log';
import { lastExitDay } from './last-exit';
import { guestCards, visitorInsideNow, visitorsDay } from './visitors';

// SPEC §4.2 and §4.3 in the demo story, through the API with the demo clock: the registers, then
// every business day's cabinet sessions and checkouts from the day after the register upkeep until
// now — each anomaly a few times, a lost USB stick, an overdue laptop and an open cabinet right now.

const MINUTE = 60_000;
const iso = (d: Date) => d.toISOString();

/** The business days (national calendar) from `from` (days after the demo start) up to the real now, as [day offset, date]. */
function businessDays(ctx: DemoContext, fromDay: number): number[] {
  const out: number[] = [];
  for (let day = fromDay; jstAt(ctx.start, day, '00:00') < ctx.end; day++) if (NATIONAL_CALENDAR.isBusinessDay(jstDate(jstAt(ctx.start, day, '12:00')))) out.push(day);
  return out;
}

/** The day offset of today (Japan). */
function today(ctx: DemoContext): number {
  let day = 0;
  while (jstAt(ctx.start, day + 1, '00:00') <= ctx.end) day++;
  return day;
}

const CABINETS = [
  { site: 'HQ', code: 'C-HQ-01', name: '人事書類庫', location: '本社3F 総務部', contentClass: 'personal', dept: '人事部' },
  { site: 'HQ', code: 'C-HQ-02', name: '契約書保管庫', location: '本社2F 営業部', contentClass: 'confidential', dept: '営業部' },
  { site: 'OSK', code: 'C-OSK-01', name: '顧客台帳庫', location: '大阪拠点 事務室', contentClass: 'personal', dept: '業務部' },
  { site: 'NGY', code: 'C-NGY-01', name: '見積・契約書庫', location: '名古屋拠点 事務室', contentClass: 'confidential', dept: '業務部' },
] as const;

const ASSETS: { site: string; tag: string; kind: AssetKind; model: string; encrypted: boolean }[] = [
  { site: 'HQ', tag: 'PC-HQ-01', kind: 'laptop', model: 'Panasonic CF-SV1', encrypted: true },
  { site: 'HQ', tag: 'PC-HQ-02', kind: 'laptop', model: 'Panasonic CF-SV1', encrypted: true },
  { site: 'HQ', tag: 'PC-HQ-03', kind: 'laptop', model: 'Dynabook G83', encrypted: true },
  { site: 'HQ', tag: 'USB-HQ-01', kind: 'usb_memory', model: 'BUFFALO RUF3-HSL32G', encrypted: true },
  { site: 'HQ', tag: 'USB-HQ-02', kind: 'usb_memory', model: 'BUFFALO RUF3-HSL32G', encrypted: true },
  { site: 'HQ', tag: 'HDD-HQ-01', kind: 'external_disk', model: 'I-O DATA HDPH-UT1', encrypted: true },
  { site: 'HQ', tag: 'SD-HQ-01', kind: 'sd_card', model: 'SanDisk Extreme 64GB', encrypted: false },
  { site: 'OSK', tag: 'PC-OSK-01', kind: 'laptop', model: 'Dynabook G83', encrypted: true },
  { site: 'OSK', tag: 'USB-OSK-01', kind: 'usb_memory', model: 'ELECOM MF-PGU3', encrypted: true },
  { site: 'NGY', tag: 'PC-NGY-01', kind: 'laptop', model: 'Dynabook G83', encrypted: true },
];

const PURPOSES = ['人事書類の確認', '契約書の出し入れ', '監査資料の準備', '書類の返却', '新規ファイルの格納'];
const TRIPS = [
  ['顧客先での提案', '株式会社ヤマト物産'],
  ['展示会での説明', '東京ビッグサイト'],
  ['出張（保守作業）', '株式会社中部工業'],
  ['在宅勤務', '自宅'],
  ['データの受け渡し', '税理士法人みらい'],
] as const;

type Person = DemoContext['people'][number];
interface CabinetPlan {
  cabinet: { id: string };
  openers: Person[];
  strangers: Person[];
}
interface RegistersMade {
  cabinets: CabinetPlan[];
  assets: { id: string; assetTag: string; siteId: string }[];
}
/** What the registers step made, for the days step (one demo run, one context). */
const made = new WeakMap<DemoContext, RegistersMade>();

/** SPEC §4.2 and §4.3 registers: the cabinets and who may open them, and the assets. */
export const cabinetAndAssetRegisters: DemoStep = {
  name: 'cabinets and assets registers (who may open each cabinet)',
  async run(ctx) {
    const clerk = await ctx.as('clerk');
    const staffPerson = ctx.people.find((p) => p.name === demoAccountFor('staff').name)!;
    const siteId = (code: string) => ctx.sites.find((s) => s.code === code)!.id;
    ctx.clock.set(jstAt(ctx.start, 21, '09:10'));
    const cabinets: CabinetPlan[] = [];
    for (const c of CABINETS) {
      // Not the clerk who keeps the register: nobody grants themselves a cabinet (errors.self_grant).
      const clerkName = demoAccountFor('clerk').name;
      const local = ctx.people.filter((p) => p.active && p.siteId === siteId(c.site) && p.name !== clerkName);
      const custodian = local.find((p) => p.department === c.dept) ?? local[0];
      ctx.clock.advance(3 * MINUTE);
      const cabinet = await clerk.ok('cabinets.add', { code: c.code, name: c.name, location: c.location, siteId: siteId(c.site), contentClass: c.contentClass, custodianId: custodian.id, notes: null });
      // Two or three more people may open it; the staff member may open the head office's first.
      const allowed = local.filter((p) => p.id !== custodian.id).slice(0, 2 + ctx.rng.int(0, 1));
      if (c.code === 'C-HQ-01' && !allowed.some((p) => p.id === staffPerson.id)) allowed.push(staffPerson);
      for (const p of allowed) await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: p.id, authorized: true, reason: '業務上必要（安全管理責任者承認済）' });
      cabinets.push({ cabinet, openers: [custodian, ...allowed], strangers: local.filter((p) => p.id !== custodian.id && !allowed.includes(p)) });
    }
    const assets = [];
    for (const a of ASSETS) {
      ctx.clock.advance(2 * MINUTE);
      assets.push(await clerk.ok('assets.add', { assetTag: a.tag, kind: a.kind, model: a.model, serial: `${a.tag.replace(/-/g, '')}${ctx.rng.int(1000, 9999)}`, siteId: siteId(a.site), storagePlace: '総務部 鍵付きキャビネットB', encrypted: a.encrypted, notes: null }));
    }
    made.set(ctx, { cabinets, assets });
    await guestCards(ctx);
    ctx.log(`${cabinets.length} cabinets, ${assets.length} assets`);
  },
};

/**
 * SPEC §4.2 and §4.3, day by day until now: each business day's cabinet sessions and checkouts and
 * returns (every anomaly a few times), then the stories of now — a USB stick lost last week, a
 * laptop overdue, a cabinet open right now.
 */
export const cabinetAndCheckoutDays: DemoStep = {
  name: 'cabinet open/lock log and checkout record (months of days)',
  async run(ctx) {
    const { cabinets, assets } = made.get(ctx)!;
    const clerk = await ctx.as('clerk');
    const sm = await ctx.as('safety_manager');
    const clerkAccount = demoAccountFor('clerk');
    const smAccount = demoAccountFor('safety_manager');
    const siteId = (code: string) => ctx.sites.find((s) => s.code === code)!.id;
    const clerkPerson = ctx.people.find((p) => p.name === clerkAccount.name)!;
    const smPerson = ctx.people.find((p) => p.name === smAccount.name)!;
    const staffPerson = ctx.people.find((p) => p.name === demoAccountFor('staff').name)!;
    const approval = (borrowerId: string) =>
      borrowerId === clerkPerson.id ? { approverLoginId: smAccount.loginId, approverPassword: smAccount.password } : { approverLoginId: clerkAccount.loginId, approverPassword: clerkAccount.password };
    const borrowersAt = (assetSiteId: string) => ctx.people.filter((p) => p.active && p.siteId === assetSiteId && p.id !== smPerson.id);
    const receiverFor = (borrowerId: string) => (clerkPerson.id === borrowerId ? smPerson.id : clerkPerson.id);
    // The clerk's own checkout comes back to the safety manager, who confirms with her password (as any borrower's does).
    const received = (borrowerId: string, receivedBy: string) =>
      borrowerId === clerkPerson.id ? { receiver: { loginId: smAccount.loginId, password: smAccount.password } } : { receivedBy };

    const cabinetCounts: Record<string, number> = {};
    const checkoutCounts: Record<string, number> = {};
    const tally = (into: Record<string, number>, codes: { code: string }[]) => codes.forEach((a) => (into[a.code] = (into[a.code] ?? 0) + 1));
    const out = new Map<string, { id: string; dueAt: Date; borrowerId: string }>(); // by asset id
    let sessions = 0;
    let checkouts = 0;
    const exits = { count: 0 };
    const last = today(ctx);
    for (const day of businessDays(ctx, 22)) {
      if (day >= last - 4) break; // the last days are for the stories of now
      // First thing in the morning, the month's access-log checks (SPEC §4.6) when they are due.
      await accessLogDay(ctx, day, last);
      // The day's events in time order: returns and checkouts in the morning, cabinet sessions through the day.
      for (const [assetId, c] of [...out]) {
        if (jstAt(ctx.start, day, '23:59') < c.dueAt) continue;
        const late = ctx.rng.chance(0.12);
        const at = late ? jstAt(ctx.start, day, '08:40') : new Date(Math.min(c.dueAt.getTime() - 30 * MINUTE, jstAt(ctx.start, day, '08:50').getTime()));
        if (at <= ctx.clock.now()) continue;
        ctx.clock.set(new Date(at.getTime() + 2 * MINUTE));
        const receivedBy = ctx.rng.chance(0.04) ? c.borrowerId : receiverFor(c.borrowerId);
        const damaged = ctx.rng.chance(0.05);
        const r = await clerk.ok('checkouts.return', { id: c.id, returnedAt: iso(at), ...received(c.borrowerId, receivedBy), ...(damaged ? { condition: 'damaged', notes: '筐体の角に割れ。修理を依頼' } : { condition: 'good', notes: null }), dataHandling: '不要データ消去済' });
        // Back damaged, it went to 修理中 with the return; repaired the same day, it is back in storage.
        if (damaged) await clerk.ok('assets.amend', { id: assetId, changes: { state: 'in_storage' }, reason: '修理完了（筐体交換）' });
        tally(checkoutCounts, r.anomalies);
        out.delete(assetId);
      }
      if (ctx.rng.chance(0.45)) {
        const free = assets.filter((a) => !out.has(a.id));
        const asset = free.length ? ctx.rng.pick(free) : null;
        const at = jstAt(ctx.start, day, `09:${String(ctx.rng.int(0, 5) * 10).padStart(2, '0')}`);
        if (asset && at > ctx.clock.now()) {
          const borrower = ctx.rng.pick(borrowersAt(asset.siteId));
          const [purpose, destination] = ctx.rng.pick(TRIPS);
          const dueAt = jstAt(ctx.start, day + ctx.rng.int(0, 3), '18:00');
          ctx.clock.set(new Date(at.getTime() + MINUTE));
          const c = await clerk.ok('checkouts.add', { assetId: asset.id, borrowerId: borrower.id, purpose, destination, checkedOutAt: iso(at), dueAt: iso(dueAt), notes: null, approval: approval(borrower.id) });
          out.set(asset.id, { id: c.id, dueAt, borrowerId: borrower.id });
          checkouts++;
        }
      }
      // Visitors from mid-morning (SPEC §4.5).
      await visitorsDay(ctx, day);
      for (const { cabinet, openers, strangers } of cabinets) {
        if (!ctx.rng.chance(0.55)) continue;
        // Every anomaly a few times over the months: one kind in each run of 25 sessions.
        const kind = sessions % 25;
        let by = ctx.rng.pick(openers);
        let openAt = jstAt(ctx.start, day, `${String(ctx.rng.int(10, 16)).padStart(2, '0')}:${String(ctx.rng.int(0, 5) * 10).padStart(2, '0')}`);
        let minutes = ctx.rng.int(5, 60);
        let lockBy = by;
        if (kind === 3 && strangers.length) by = lockBy = ctx.rng.pick(strangers); // opened by someone not authorized
        else if (kind === 8) minutes = ctx.rng.int(130, 200); // open too long
        else if (kind === 13) lockBy = ctx.rng.pick(openers.filter((p) => p.id !== by.id)) ?? by; // locked by another
        else if (kind === 18) openAt = jstAt(ctx.start, day, '20:20'); // outside business hours
        else if (kind === 23) {
          openAt = jstAt(ctx.start, day, '17:40'); // not locked until the next morning
          minutes = 15 * 60;
        }
        const lockAt = new Date(openAt.getTime() + minutes * MINUTE);
        // Recorded at the desk when it was locked (a late one the next morning).
        ctx.clock.set(new Date(Math.max(lockAt.getTime(), ctx.clock.now().getTime()) + ctx.rng.int(1, 10) * MINUTE));
        const s = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: iso(openAt), openedBy: by.id, purpose: ctx.rng.pick(PURPOSES), lockedAt: iso(lockAt), lockedBy: lockBy.id, notes: null });
        tally(cabinetCounts, s.anomalies);
        sessions++;
      }
      // In the evening, each site's last person out (SPEC §4.4).
      await lastExitDay(ctx, day, exits);
    }
    // What is still out comes back, but for the stories of now.
    for (const [assetId, c] of [...out]) {
      ctx.clock.advance(5 * MINUTE);
      const r = await clerk.ok('checkouts.return', { id: c.id, ...received(c.borrowerId, receiverFor(c.borrowerId)), condition: 'good', dataHandling: '不要データ消去済', notes: null });
      tally(checkoutCounts, r.anomalies);
      out.delete(assetId);
    }
    const hq = borrowersAt(siteId('HQ')).filter((p) => p.id !== clerkPerson.id && p.id !== staffPerson.id);
    // A USB stick lost on a business trip a few days ago.
    const stick = assets.find((a) => a.assetTag === 'USB-HQ-02')!;
    ctx.clock.set(jstAt(ctx.start, last - 4, '09:30'));
    const lostOne = await clerk.ok('checkouts.add', {
      assetId: stick.id, borrowerId: hq[3].id, purpose: 'データの受け渡し', destination: '税理士法人みらい', checkedOutAt: iso(ctx.clock.now()), dueAt: iso(jstAt(ctx.start, last - 4, '18:00')), notes: null, approval: approval(hq[3].id),
    });
    ctx.clock.set(jstAt(ctx.start, last - 4, '19:10'));
    await clerk.ok('checkouts.reportLoss', { id: lostOne.id, reason: '帰社途中の電車内で紛失。鉄道会社に遺失届を提出済。暗号化済のため内容の読み出しは不可。' });
    // A laptop out since three days ago, due yesterday: overdue now.
    const laptop = assets.find((a) => a.assetTag === 'PC-HQ-03')!;
    ctx.clock.set(jstAt(ctx.start, last - 3, '09:20'));
    await clerk.ok('checkouts.add', {
      assetId: laptop.id, borrowerId: hq[5].id, purpose: '出張（保守作業）', destination: '株式会社中部工業', checkedOutAt: iso(ctx.clock.now()), dueAt: iso(jstAt(ctx.start, last - 1, '18:00')), notes: null, approval: approval(hq[5].id),
    });
    // The safety manager then requires approval for SD cards too: earlier SD card checkouts show as missing it.
    ctx.clock.set(jstAt(ctx.start, last - 2, '11:00'));
    await sm.ok('checkouts.updateSettings', { siteId: siteId('HQ'), changes: { approvalKinds: ['laptop', 'usb_memory', 'external_disk', 'sd_card'] }, reason: 'SDカードも承認対象とする（安全管理委員会の決定）' });
    // The last days' last-exit checklists: the day of the lost stick typed in late (more than a day after), the rest in time.
    for (const day of businessDays(ctx, last - 4)) if (day < last) await lastExitDay(ctx, day, exits);
    // Right now: the staff member has the head office's personal-data cabinet open (lock it from the dashboard).
    const staff = await ctx.as('staff');
    const openedAt = new Date(Math.max(ctx.clock.now().getTime() + MINUTE, ctx.end.getTime() - 25 * MINUTE));
    ctx.clock.set(openedAt);
    await staff.ok('cabinetLog.add', { cabinetId: cabinets[0].cabinet.id, openedAt: iso(openedAt), openedBy: staffPerson.id, purpose: '人事書類の確認', lockedAt: null, lockedBy: null, notes: null });
    await visitorInsideNow(ctx);
    const list = (c: Record<string, number>) => Object.entries(c).map(([code, n]) => `${code} ${n}`).join(', ');
    ctx.log(`${sessions + 1} cabinet sessions (1 open now); anomalies: ${list(cabinetCounts)}`);
    ctx.log(`${checkouts + 2} checkouts (a lost USB stick, a laptop overdue now); anomalies at return: ${list(checkoutCounts)}`);
    ctx.log(`${exits.count} site business days with a last-exit checklist expected, a few forgotten`);
  },
};
