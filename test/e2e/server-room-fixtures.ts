import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import type { Role } from '../../shared/domain/roles';
import type { Person } from '../../shared/ledgers/people';
import { COMPANY, type App } from './fixtures';

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
    await app.core('accounts.create', { loginId: a.loginId, displayName: a.displayName, personId, roles, password: temporary }, admin);
    const token = await app.signInCore(a.loginId, temporary);
    return (await app.core('auth.changePassword', { currentPassword: temporary, newPassword: a.password }, token)).token!;
  };
  const clerk = await account(CLERK, ['clerk'], null);
  const staff = await account(STAFF, ['staff'], yamada.id);
  return { hq, yamada, sasaki, kimura, sm, clerk, staff };
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

/** A second browser window (its own cookies) with the project's locale, zone and size. */
export async function deskWindow(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: LANDSCAPE, deviceScaleFactor: 1, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  return context.newPage();
}
