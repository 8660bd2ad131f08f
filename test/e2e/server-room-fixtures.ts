import { isNationalHoliday, weekdayOf } from '../../shared/calendar';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from '@playwright/test';
import type { Role } from '../../shared/domain/roles';
import type { Input } from '../../shared/api/contract';
import type { Person } from '../../shared/ledgers/people';
import { COMPANY, expect, signIn, type App } from './fixtures';

// Set-up for the server-room browser tests, through the real dispatcher (as a caller of its own):
// the company, people with cards, a clerk and a staff account (linked to a person). The browser
// steps then drive the real UI against the same core.

const SHOTS = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'test', 'artifacts', 'screenshots');

export const CLERK = { loginId: 'tanaka.clerk', displayName: '田中 一郎', password: 'Sakura-fubuki-3917' };
export const STAFF = { loginId: 'yamada.staff', displayName: '山田 太郎', password: 'Natsu-matsuri-5528' };

export interface ServerRoomWorld {
  hq: { id: string; name: string };
  yamada: Person;
  sasaki: Person;
  kimura: Person;
  /** The clerk's person (no card, no server-room entry). */
  tanaka: Person;
  /** Core tokens (sessions of their own, not the browser's). */
  sm: string;
  clerk: string;
  staff: string;
}

export async function setUpServerRoom(app: App): Promise<ServerRoomWorld> {
  await app.setUp();
  const sm = await app.signInCore(COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await app.core('auth.elevate', { password: COMPANY.sysadmin.password }, admin);
  const hq = await app.headOffice(sm);
  const person = async (name: string, kana: string, no: string, authorized: boolean) =>
    (
      await app.core(
        'people.add',
        { name, kana, employeeNo: no, department: '情報システム部', siteId: hq.id, cardNo: `CARD${no.slice(1)}`, serverRoomAuthorized: authorized },
        sm,
      )
    ).value;
  const yamada = await person('山田 太郎', 'ヤマダ タロウ', 'E1001', true);
  const sasaki = await person('佐々木 次郎', 'ササキ ジロウ', 'E1002', true);
  const kimura = await person('木村 三郎', 'キムラ サブロウ', 'E1003', false);

  const account = async (a: { loginId: string; displayName: string; password: string }, roles: Role[], personId: string | null) => {
    const temporary = 'Kari-no-pass-8301';
    // Linked to a person: the safety manager approves (an administrator alone links no one).
    await app.core('accounts.create', { loginId: a.loginId, displayName: a.displayName, personId, roles, password: temporary, ...(personId ? { approval: { approverLoginId: COMPANY.safetyManager.loginId, approverPassword: COMPANY.safetyManager.password } } : {}) }, admin);
    const token = await app.signInCore(a.loginId, temporary);
    return (await app.core('auth.changePassword', { currentPassword: temporary, newPassword: a.password }, token)).token!;
  };
  // The clerk is a person of the register too (no card, no server-room entry): an account no person
  // stands behind corrects, voids and grants nothing (errors.no_person_behind).
  const tanaka = (await app.core('people.add', { name: '田中 一郎', kana: 'タナカ イチロウ', employeeNo: 'E3001', department: '総務部', siteId: hq.id, cardNo: null, serverRoomAuthorized: false }, sm)).value;
  const clerk = await account(CLERK, ['clerk'], tanaka.id);
  const staff = await account(STAFF, ['staff'], yamada.id);
  // She has read that her approval was used (so her next sign-in opens on the dashboard, as the tests expect).
  const seen = (await app.core('auth.session', {}, sm)).value?.notices ?? [];
  if (seen.length > 0) await app.core('auth.acknowledgeNotices', { ids: seen.map((n) => n.id) }, sm);
  return { hq, yamada, sasaki, kimura, tanaka, sm, clerk, staff };
}

/** Journal rows with this action (read straight from the store). */
export function journalRows(app: App, action: string): { action: string; actor: string; station: string; entity: string | null; entity_id: string | null; after: string | null }[] {
  return app.daicho.store.db.prepare('SELECT action, actor, station, entity, entity_id, after FROM journal WHERE action = ? ORDER BY seq').all(action) as never;
}

export function stayCount(app: App): number {
  return (app.daicho.store.db.prepare('SELECT count(*) AS n FROM server_room_stays').get() as { n: number }).n;
}

/** A Japan time as a datetime-local value, minutes from a base instant. */
export function localInput(base: number, minutes = 0): string {
  return new Date(base + minutes * 60_000 + 9 * 3_600_000).toISOString().slice(0, 16);
}

/**
 * A base time for a test's stays: 40 minutes ago, but not before today's 00:00 in Japan (so the
 * stays fall in the list's default month whatever the hour the test runs).
 */
export function stayBase(now = Date.now()): number {
  const jst = now + 9 * 3_600_000;
  const todayStart = jst - (jst % 86_400_000) - 9 * 3_600_000;
  const base = Math.max(now - 40 * 60_000, todayStart);
  return base - (base % 60_000);
}

export const LANDSCAPE = { width: 1280, height: 800 };
export const PORTRAIT = { width: 800, height: 1280 };

/** The terminal screen at 1280×800 and 800×1280: test/artifacts/screenshots/terminal-<screen>-<w>x<h>.png. */
export async function terminalShots(page: Page, screen: string): Promise<void> {
  for (const size of [LANDSCAPE, PORTRAIT]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(50);
    await page.screenshot({ path: path.join(SHOTS, `terminal-${screen}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(LANDSCAPE);
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/**
 * A keyboard-wedge card reader: the characters of `text` ('\n' is Enter) pressed `gap` ms apart
 * from `at` (ms since the epoch; by default so that the last is pressed now), by their own time (the
 * event's timeStamp: Input.dispatchKeyEvent's timestamp), as a reader's keys are whatever the page
 * is busy with. Playwright's keyboard presses a key only once the page has handled the one before:
 * on a loaded machine, its keys around a screen change are hundreds of milliseconds apart by their
 * own time — no card read (renderer/src/terminal/cardReads.ts), a person typing. A page whose clock
 * is Playwright's (page.clock) times every key by that clock instead.
 */
export async function readerTypes(page: Page, text: string, at?: number, gap = 5): Promise<void> {
  let session = sessions.get(page);
  if (!session) sessions.set(page, (session = page.context().newCDPSession(page)));
  const cdp = await session;
  const start = at ?? Date.now() - (text.length - 1) * gap;
  for (const [i, ch] of [...text].entries()) {
    const timestamp = (start + i * gap) / 1000;
    const key =
      ch === '\n'
        ? { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' }
        : { key: ch, code: /\d/.test(ch) ? `Digit${ch}` : /[a-z]/i.test(ch) ? `Key${ch.toUpperCase()}` : '', windowsVirtualKeyCode: ch.toUpperCase().charCodeAt(0), text: ch };
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, unmodifiedText: key.text, timestamp });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: key.key, code: key.code, windowsVirtualKeyCode: key.windowsVirtualKeyCode, timestamp: timestamp + 0.001 });
  }
}

/** A second browser window (its own cookies) with the project's locale, zone and size. */
export async function deskWindow(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: LANDSCAPE, deviceScaleFactor: 1, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  return context.newPage();
}

/** The Japan month before the current one ("YYYY-MM"). */
export function previousMonth(now = Date.now()): string {
  const jst = new Date(now + 9 * 3_600_000);
  const d = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A Japan local date and time ("2026-10-05", "09:30") as an ISO instant. */
export function jstAt(date: string, hhmm: string): string {
  return new Date(`${date}T${hhmm}:00+09:00`).toISOString();
}

export interface SeededMonth {
  world: ServerRoomWorld;
  month: string;
  /** Every valid stay of the month. */
  total: number;
  /** The stays with at least one anomaly, as the core judges them (serverRoom.list of the whole month). */
  flagged: string[];
  /** A stay whose exit is on the next day (entered 22:10, left 01:20). */
  nextDayExitId: string;
  /** A voided stay (with a reason). */
  voidedId: string;
}

/**
 * A month of the server-room book as the clerk keeps it: the previous month, each day's stays
 * recorded that night (the core's clock is set back, so they are not late records), ~8 stays on
 * each of 15 business days, about one in five with an anomaly (an unauthorized person, a stay over
 * 4 h, a visitor without escort, an entry at night, a weekend entry), a next-day exit and a
 * voided stay. The core's clock is the real one again afterwards; then sign the browser in.
 */
/**
 * An instant `msAgo` before now, but not before the current Japan month began: "a while ago, this
 * month" stays in this month's list even when the test runs in the first hour of a month.
 */
export function earlierThisMonth(msAgo: number): number {
  const now = Date.now();
  const jst = new Date(now + 9 * 3_600_000);
  const monthStart = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), 1) - 9 * 3_600_000;
  return Math.max(now - msAgo, monthStart);
}

export async function seedBookMonth(app: App): Promise<SeededMonth> {
  const month = previousMonth();
  const daysInMonth = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  // The last day is left out: its stays would be recorded in the next month.
  const days = Array.from({ length: daysInMonth - 1 }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
  app.setClock(Date.parse(`${month}-01T00:00:00+09:00`) - 2 * 86_400_000);
  const world = await setUpServerRoom(app);
  const extra: Person[] = [];
  const names = [
    ['伊藤 美咲', 'イトウ ミサキ'],
    ['渡辺 健太', 'ワタナベ ケンタ'],
    ['中村 由美', 'ナカムラ ユミ'],
    ['小林 翔', 'コバヤシ ショウ'],
    ['加藤 恵', 'カトウ メグミ'],
  ];
  for (const [i, [name, kana]] of names.entries()) {
    extra.push((await app.core('people.add', { name, kana, employeeNo: `E20${10 + i}`, department: '情報システム部', siteId: world.hq.id, cardNo: `CARD20${10 + i}`, serverRoomAuthorized: true }, world.sm)).value);
  }
  const authorized = [world.yamada, world.sasaki, ...extra];
  const purposes = ['maintenance', 'backup_media', 'incident', 'equipment', 'maintenance', 'backup_media', 'maintenance'];
  let clerk = world.clerk;
  let nextDayExitId = '';
  let voidedId = '';
  let businessDays = 0;
  for (const date of days) {
    const weekday = new Date(`${date}T12:00:00+09:00`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (weekend && businessDays % 2 === 1) continue;
    if (!weekend && businessDays >= 15) continue;
    // The day's stays are recorded that night (02:00 the next day, at most 19 h after an entry).
    const next = new Date(Date.parse(`${date}T12:00:00+09:00`) + 86_400_000).toISOString().slice(0, 10);
    app.setClock(jstAt(next, '02:00'));
    clerk = (await app.core('auth.unlock', { password: CLERK.password }, clerk)).token ?? clerk;
    const record = async (personId: string, from: string, to: string | null, extraFields: Partial<Input<'serverRoom.record'>> = {}) =>
      (
        await app.core(
          'serverRoom.record',
          { siteId: world.hq.id, personId, enteredAt: from, exitedAt: to, purpose: 'maintenance', ...extraFields },
          clerk,
        )
      ).value;
    if (weekend) {
      await record(world.yamada.id, jstAt(date, '10:00'), jstAt(date, '11:30'), { purpose: 'incident' }); // outside business hours
      continue;
    }
    const n = businessDays++;
    for (let k = 0; k < authorized.length; k++) {
      const p = authorized[k];
      const start = 9 * 60 + k * 55;
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const long = (n + k) % 9 === 0; // over 4 h
      await record(p.id, jstAt(date, hhmm(start)), jstAt(date, hhmm(start + (long ? 290 : 25 + ((n * 7 + k * 11) % 30)))), {
        purpose: purposes[k % purposes.length],
        itemsIn: k === 1 ? 'バックアップテープ 2本' : null,
      });
    }
    // Someone without authorization, every third day.
    if (n % 3 === 0) await record(world.kimura.id, jstAt(date, '16:40'), jstAt(date, '17:05'), { purpose: 'equipment' });
    // A vendor without escort, every fourth day.
    if (n % 4 === 1)
      await record(world.sasaki.id, jstAt(date, '17:30'), jstAt(date, '18:10'), {
        purpose: 'vendor_witness',
        companions: { employees: [], visitors: [{ name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: null }] },
      });
    if (n === 2) {
      // Entered late at night, left after midnight: the exit is on the next day.
      nextDayExitId = (await record(world.yamada.id, jstAt(date, '22:10'), jstAt(next, '01:20'), { purpose: 'incident', purposeNote: null })).id;
    }
    if (n === 4) {
      const wrong = await record(world.sasaki.id, jstAt(date, '19:00'), jstAt(date, '19:20'), { purpose: 'other', purposeNote: 'ラック配線の確認（記録の誤り）' });
      voidedId = (await app.core('serverRoom.void', { id: wrong.id, reason: '別の日の記録を誤って入力したため' }, clerk)).value.id;
    }
  }
  app.setClock(null);
  // Back to the real clock: the core sessions have been idle for weeks.
  const sm = (await app.core('auth.unlock', { password: COMPANY.safetyManager.password }, world.sm)).token ?? world.sm;
  world.sm = sm;
  world.clerk = (await app.core('auth.unlock', { password: CLERK.password }, clerk)).token ?? clerk;
  const all = (await app.core('serverRoom.list', { month, pageSize: 500 }, sm)).value;
  return { world, month, total: all.total, flagged: all.rows.filter((r) => r.anomalies.length > 0).map((r) => r.id), nextDayExitId, voidedId };
}

/** Last month (Japan), and a business day in it (a weekday that is no national holiday) at a given time, as an ISO instant. */
export function lastMonthBusinessDay() {
  const jst = new Date(Date.now() + 9 * 3600_000);
  const first = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 1, 1));
  const month = `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}`;
  let day = 8;
  while ([0, 6].includes(weekdayOf(`${month}-${String(day).padStart(2, '0')}`)) || isNationalHoliday(`${month}-${String(day).padStart(2, '0')}`)) day++;
  const date = `${month}-${String(day).padStart(2, '0')}`;
  return { month, at: (hhmm: string) => new Date(`${date}T${hhmm}:00+09:00`).toISOString() };
}

/** The door terminal started at 本社 by the clerk in this page: its idle screen, the card input focused. */
export async function startDoorTerminal(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/terminal`);
  const start = page.getByTestId('terminal-start');
  await signIn(page, CLERK.loginId, CLERK.password);
  await start.getByLabel('拠点').selectOption({ label: '本社' });
  await start.getByLabel('あなたのパスワード').fill(CLERK.password);
  await start.getByRole('button', { name: '端末として起動' }).click();
  await expect(page.getByTestId('terminal-card-input')).toBeFocused();
}

/** The door terminal started at 本社 by the clerk (山田's PIN, 2468, set first when asked): its idle screen, the card input focused. */
export async function startDoor(page: Page, app: App, { pin }: { pin: boolean }) {
  const w = await setUpServerRoom(app);
  if (pin) await app.core('me.setPin', { password: STAFF.password, pin: '2468' }, w.staff);
  await startDoorTerminal(page, app.url);
  return { w, idle: page.getByTestId('terminal-idle'), cardInput: page.getByTestId('terminal-card-input') };
}
