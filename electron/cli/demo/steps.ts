import { jstDate } from '../../../shared/calendar';
import { addDays } from '../../../shared/dates';
import { planServerRoomDemo, type ServerRoomDemoPlan } from '../../core';
import { ApiCaller } from '../api-caller';
import { DEMO_ACCOUNTS, DEMO_COMPANY_NAME, DEMO_SITES, DEMO_STAFF_PIN, SERVER_ROOM_DEPARTMENTS, demoAccountFor, type DemoAccount } from './company';
import type { DemoContext, DemoStep } from './context';
import { FAMILY_NAMES, GIVEN_NAMES } from './names';
import { jstAt } from './time';
import { cabinetAndAssetRegisters, cabinetAndCheckoutDays } from './cabinets-assets';
import { systemsRegister } from './access-log';
import { monthlyReviews } from './reviews';

const MINUTE = 60_000;

/** SPEC §2 first run, through the same setup.run the wizard calls. */
const setup: DemoStep = {
  name: 'company, sites, first administrator and safety manager (setup.run)',
  async run(ctx) {
    const sysadmin = demoAccountFor('sysadmin');
    const sm = demoAccountFor('safety_manager');
    const wizard = new ApiCaller(ctx.daicho, 'desk:HQ-PC');
    const first = (a: DemoAccount) => `Shoki-Kagi-${a.password.slice(-4)}-${ctx.rng.int(1000, 9999)}`;
    const firsts = new Map([sysadmin, sm].map((a) => [a.loginId, first(a)]));
    const { recoveryCode } = await wizard.ok('setup.run', {
      companyName: DEMO_COMPANY_NAME,
      sites: DEMO_SITES.map((s) => ({ code: s.code, name: s.name })),
      sysadmin: { loginId: sysadmin.loginId, displayName: sysadmin.name, password: firsts.get(sysadmin.loginId)! },
      safetyManager: { loginId: sm.loginId, displayName: sm.name, password: firsts.get(sm.loginId)! },
    });
    ctx.recoveryCode = recoveryCode;
    // Each holder replaces the password typed in the wizard with their own at the first sign-in.
    for (const a of [sm, sysadmin]) await firstSignIn(ctx, a, firsts.get(a.loginId)!);
    ctx.sites = await (await ctx.as('safety_manager')).ok('sites.list', {});
  },
};

/** The holder signs in with a password someone else set, changes it to their own (Art. 17) and signs out. */
async function firstSignIn(ctx: DemoContext, account: DemoAccount, temporary: string): Promise<void> {
  const holder = new ApiCaller(ctx.daicho, `desk:${account.siteCode}-PC`);
  await holder.ok('auth.signIn', { loginId: account.loginId, password: temporary });
  await holder.ok('auth.changePassword', { currentPassword: temporary, newPassword: account.password });
  await holder.ok('auth.signOut', {});
}

/** The safety manager at the administrator's desk, approving with her own password (an account linked to a person). */
function safetyManagerApproval(): { approverLoginId: string; approverPassword: string } {
  const sm = demoAccountFor('safety_manager');
  return { approverLoginId: sm.loginId, approverPassword: sm.password };
}

/**
 * The administrator creates an account with a temporary password; its holder signs in, changes
 * it to their own (Art. 17) and signs out — all through the API, all journaled.
 */
async function createAccount(ctx: DemoContext, account: DemoAccount, personId: string | null): Promise<void> {
  const admin = await ctx.as('sysadmin');
  const temporary = `Shoki-Kagi-${ctx.rng.int(1000, 9999)}`;
  await admin.ok('accounts.create', { loginId: account.loginId, displayName: account.name, personId, roles: [account.role], password: temporary, ...(personId ? { approval: safetyManagerApproval() } : {}) });
  ctx.clock.advance(ctx.rng.int(5, 40) * MINUTE);
  await firstSignIn(ctx, account, temporary);
}

const clerkAccount: DemoStep = {
  name: 'the general-affairs clerk account',
  async run(ctx) {
    ctx.clock.advance(30 * MINUTE);
    await createAccount(ctx, demoAccountFor('clerk'), null);
  },
};

/**
 * SPEC §4.1 people register: the account holders first, then everyone else, site by site. The holders
 * are registered on the safety manager's say, and the first accounts linked to them, before the clerk
 * registers the rest: an account no person stands behind grants no entry (errors.no_person_behind).
 */
const peopleRegister: DemoStep = {
  name: 'people register (~50 people in 3 sites)',
  async run(ctx) {
    const sm = await ctx.as('safety_manager');
    const clerk = await ctx.as('clerk');
    const siteId = (code: string) => ctx.sites.find((s) => s.code === code)!.id;
    const usedNames = new Set(DEMO_ACCOUNTS.map((a) => a.name));
    let serial = 0;
    const employeeNo = () => `${ctx.rng.int(1995, 2024)}${String(++serial).padStart(3, '0')}`;
    const cardNo = () => `012E${Array.from({ length: 12 }, () => '0123456789ABCDEF'[ctx.rng.int(0, 15)]).join('')}`;
    const add = async (p: { name: string; kana: string; department: string; siteCode: string; serverRoomAuthorized: boolean; cardNo?: string }, by = clerk) => {
      ctx.clock.advance(ctx.rng.int(1, 4) * MINUTE);
      const card = p.cardNo ?? cardNo();
      const added = await by.ok('people.add', {
        name: p.name, kana: p.kana, employeeNo: employeeNo(), department: p.department, siteId: siteId(p.siteCode), cardNo: card, serverRoomAuthorized: p.serverRoomAuthorized,
      });
      // The card as typed: the register shows only its last four.
      ctx.people.push({ ...added, cardNo: card });
    };
    for (const a of DEMO_ACCOUNTS) await add(a, sm);
    await linkFirstAccounts(ctx);
    for (const site of DEMO_SITES) {
      const holders = DEMO_ACCOUNTS.filter((a) => a.siteCode === site.code).length;
      for (let i = 0; i < site.headcount - holders; i++) {
        let name: string, kana: string;
        do {
          const [fk, fr] = ctx.rng.pick(FAMILY_NAMES);
          const [gk, gr] = ctx.rng.pick(GIVEN_NAMES);
          [name, kana] = [`${fk} ${gk}`, `${fr} ${gr}`];
        } while (usedNames.has(name));
        usedNames.add(name);
        const department = site.departments[i % site.departments.length];
        await add({ name, kana, department, siteCode: site.code, serverRoomAuthorized: SERVER_ROOM_DEPARTMENTS.has(department) || ctx.rng.chance(0.05) });
      }
    }
  },
};

/** The first accounts (made at setup, and the clerk's) are linked to their people once they are in the register. */
async function linkFirstAccounts(ctx: DemoContext): Promise<void> {
  const admin = await ctx.as('sysadmin');
  const accounts = await admin.ok('accounts.list', {});
  // Nobody links their own account: the safety manager links the administrator's.
  for (const [role, by] of [['safety_manager', 'sysadmin'], ['clerk', 'sysadmin'], ['sysadmin', 'safety_manager']] as const) {
    const a = demoAccountFor(role);
    const account = accounts.find((x) => x.loginId === a.loginId)!;
    const person = ctx.people.find((p) => p.name === a.name)!;
    ctx.clock.advance(ctx.rng.int(1, 3) * MINUTE);
    await (await ctx.as(by)).ok('accounts.setPerson', { id: account.id, personId: person.id, reason: '人員名簿の登録に合わせて紐付け', ...(by === 'sysadmin' ? { approval: safetyManagerApproval() } : {}) });
  }
}

const otherAccounts: DemoStep = {
  name: 'accounts for the site heads and a staff member, linked to their people',
  async run(ctx) {
    ctx.clock.set(jstAt(ctx.start, 1, '10:00'));
    for (const a of DEMO_ACCOUNTS.filter((x) => x.role === 'site_head' || x.role === 'staff')) {
      const person = ctx.people.find((p) => p.name === a.name);
      await createAccount(ctx, a, person?.id ?? null);
    }
    // The staff member sets his own door-terminal PIN at the desk (SPEC §7), to try at the terminal.
    const staff = await ctx.as('staff');
    await staff.ok('me.setPin', { password: demoAccountFor('staff').password, pin: DEMO_STAFF_PIN });
  },
};

/** A register is kept, not just filled: a transfer, a lost card, a leaver, a new authorization. */
const registerUpkeep: DemoStep = {
  name: 'register upkeep (transfer, card reissue, leaver, authorization)',
  async run(ctx) {
    const clerk = await ctx.as('clerk');
    const sm = await ctx.as('safety_manager');
    const holders = new Set(DEMO_ACCOUNTS.map((a) => a.name));
    const others = ctx.people.filter((p) => !holders.has(p.name));
    const hq = ctx.sites.find((s) => s.code === 'HQ')!;
    const replace = (p: (typeof ctx.people)[number]) => (ctx.people = ctx.people.map((x) => (x.id === p.id ? p : x)));

    ctx.clock.set(jstAt(ctx.start, 6, '10:15'));
    const mover = others.find((p) => p.siteId !== hq.id)!;
    replace(await clerk.ok('people.amend', { id: mover.id, changes: { siteId: hq.id, department: '営業部' }, reason: '人事異動（本社営業部へ）' }));

    ctx.clock.set(jstAt(ctx.start, 9, '14:40'));
    const loser = others[7];
    replace(await clerk.ok('people.amend', { id: loser.id, changes: { cardNo: `012E${loser.cardNo!.slice(4, 10)}7F3A91` }, reason: '社員証紛失のため再発行（旧カード無効化済）' }));

    ctx.clock.set(jstAt(ctx.start, 13, '17:30'));
    const leaver = others[12];
    replace(await clerk.ok('people.setActive', { id: leaver.id, active: false, reason: '退職（月末付）' }));

    ctx.clock.set(jstAt(ctx.start, 20, '11:05'));
    const newAdmin = others.find((p) => !p.serverRoomAuthorized && p.siteId === hq.id)!;
    replace(await sm.ok('people.amend', { id: newAdmin.id, changes: { serverRoomAuthorized: true }, reason: 'サーバ保守担当に任命（安全管理責任者承認）' }));
  },
};

/**
 * SPEC §4.1 server-room entry book: from the day after the register upkeep until now — door
 * records, desk entries, a few of every anomaly, and someone inside right now. Planned before the
 * cabinet and checkout days and written as the demo clock passes their times, so that the two
 * ledgers' writes keep one journal in time order (no false clock anomaly, SPEC §8).
 */
let serverRoomPlan: ServerRoomDemoPlan | null = null;
const serverRoomPlanned: DemoStep = {
  name: 'server-room entry book (planned: written as the clock passes)',
  async run(ctx) {
    const clerk = await (await ctx.as('clerk')).ok('auth.session', {});
    serverRoomPlan = planServerRoomDemo(ctx.daicho, {
      siteIds: ctx.sites.map((s) => s.id),
      personIds: ctx.people.filter((p) => p.active).map((p) => p.id),
      clerkAccountId: clerk!.accountId,
      // From the day after the register upkeep (the API-driven ledgers before this step moved the clock on).
      from: addDays(jstDate(jstAt(ctx.start, 20, '12:00')), 1),
      to: addDays(jstDate(ctx.end), -1),
      now: ctx.end,
      seed: 1,
    });
    const plan = serverRoomPlan;
    plan.runUntil(ctx.clock.now().getTime());
    ctx.clock.follow((at) => plan.runUntil(at));
  },
};

const serverRoom: DemoStep = {
  name: 'server-room entry book (months of stays)',
  async run(ctx) {
    ctx.clock.set(ctx.end);
    const r = serverRoomPlan!.finish();
    serverRoomPlan = null;
    const anomalies = Object.entries(r.anomalies).filter(([, n]) => n > 0).map(([code, n]) => `${code} ${n}`).join(', ');
    ctx.log(`${r.stays} stays, ${r.openNow} inside now, ${r.refusals} refusals at the door; anomalies: ${anomalies}`);
  },
};

/** The demo story, in order. Each ledger adds its demo data with one line here. */
export const DEMO_STEPS: DemoStep[] = [setup, clerkAccount, peopleRegister, otherAccounts, registerUpkeep, cabinetAndAssetRegisters, systemsRegister, serverRoomPlanned, cabinetAndCheckoutDays, serverRoom, monthlyReviews];
