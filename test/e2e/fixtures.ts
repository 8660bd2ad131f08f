import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { openDaicho, type Daicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { startHost, type RunningHost } from '../../electron/host/host';
import { chromiumPdfRenderer } from '../../electron/host/chromium-pdf';
import { setWorkerFile } from '../../electron/core/jobs/worker-file';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { keyLoansModule } from '../fixtures/ledgers/key-loans';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STATIC_DIR = path.join(ROOT, 'dist', 'renderer');
const KIT_APP_DIR = path.join(ROOT, 'dist', 'kit-app');
const SHOTS = path.join(ROOT, 'test', 'artifacts', 'screenshots');
// Long jobs (verify, backup) run the worker script the build puts beside the CLI.
setWorkerFile(path.join(ROOT, 'dist', 'node', 'worker.mjs'));

/** The company the tests set up (through the UI or, when the test is about something else, the core). */
export const COMPANY = {
  companyName: '株式会社テスト商事',
  sites: [
    { code: 'HQ', name: '本社' },
    { code: 'OSK', name: '大阪営業所' },
  ],
  sysadmin: { loginId: 'sato.admin', displayName: '佐藤 健', password: 'Kumo-no-ue-7491' },
  safetyManager: { loginId: 'suzuki.sm', displayName: '鈴木 花子', password: 'Hoshi-zora-2283' },
};

export interface App {
  /** The host's address, e.g. http://127.0.0.1:41234/ */
  url: string;
  daicho: Daicho;
  dataDir: string;
  /** Call the core directly, as a caller of its own (not the browser's session). */
  core<M extends MethodName>(method: M, input: Input<M>, token?: string | null): Promise<{ value: Output<M>; token: string | null }>;
  /** Run the first-run setup through the core, for tests about something else. */
  setUp(): Promise<void>;
  /** Sign in through the core (a session of its own); returns the token for `core`. */
  signInCore(loginId: string, password: string): Promise<string>;
  /** The first site (本社), as the core knows it. */
  headOffice(token: string): Promise<{ id: string; name: string }>;
  /**
   * Set the core's clock (an instant, moved forward by hand), or null for the real clock again:
   * for records that must have been made in the past (recorded_at is the core's clock).
   */
  setClock(at: string | number | null): void;
}

/** Save a screenshot of the current screen as test/artifacts/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/**
 * Every mark (badge) in the rows of a list now drawn is whole: inside its cell, not under the sticky
 * actions column, its words not cut (a walk-through: a third line of marks, an English mark, and the
 * checkouts' 状態・異常 under the actions were cut off). Returns the texts of those that are not.
 */
export async function cutMarks(list: Locator): Promise<string[]> {
  return list.evaluate((el) => {
    const end = el.querySelector('thead th.col-end')?.getBoundingClientRect().left ?? Infinity;
    const cut: string[] = [];
    for (const b of el.querySelectorAll<HTMLElement>('tbody .badge')) {
      const r = b.getBoundingClientRect();
      const cell = b.closest('td')!.getBoundingClientRect();
      const words = [b, ...b.querySelectorAll<HTMLElement>('span:not(.visually-hidden)')];
      if (r.right > Math.min(cell.right, end) + 0.5 || r.bottom > cell.bottom + 0.5 || words.some((w) => w.scrollWidth > w.clientWidth + 1)) cut.push(b.textContent ?? '');
    }
    return cut;
  });
}

/** The browser's session token (the host's HttpOnly cookie), to look the session up in the core. */
export async function browserToken(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'daicho_session');
  if (!cookie) throw new Error('the browser has no session cookie');
  return decodeURIComponent(cookie.value);
}

export async function signIn(page: Page, loginId: string, password: string): Promise<void> {
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
  await page.getByRole('button', { name: 'サインイン' }).click();
}

/**
 * Each test gets a fresh, real encrypted data folder (raw key file) in a temp dir, opened with the
 * real core, and the real browser-mode host on a free port serving the built renderer.
 */
export const test = base.extend<{ app: App; withKeyLoans: boolean }>({
  // test.use({ withKeyLoans: true }): the core and the renderer with the test-only ledger on the kit
  // registered (test/fixtures/ledgers/key-loans.ts, test/fixtures/kit-app, built to dist/kit-app).
  withKeyLoans: [false, { option: true }],
  app: async ({ withKeyLoans }, use) => {
    const staticDir = withKeyLoans ? KIT_APP_DIR : STATIC_DIR;
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error(`${path.relative(ROOT, staticDir)} is missing: run \`npm run build\` (npm test builds first).`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-e2e-'));
    let fixedNow: number | null = null;
    const clock = () => new Date(fixedNow ?? Date.now());
    const daicho = await openDaicho({ dataDir, keyStore: new RawKeyFileStore(path.join(dataDir, 'raw.key')), create: true, clock, ledgers: withKeyLoans ? [keyLoansModule] : [], renderPdf: chromiumPdfRenderer() ?? undefined });
    let host: RunningHost | null = null;
    try {
      host = await startHost({ dispatch: (r) => daicho.dispatcher.call(r), port: 0, staticDir, station: 'e2e-browser' });
      const core: App['core'] = async (method, input, token = null) => {
        const out = await daicho.dispatcher.call({ token, method, input, station: 'e2e-core' });
        if (!out.result.ok) throw new Error(`${method}: ${JSON.stringify(out.result.error)}`);
        return { value: out.result.value as Output<typeof method>, token: out.token ?? token };
      };
      await use({
        url: host.url,
        daicho,
        dataDir,
        core,
        setUp: async () => {
          // Each first account's holder replaces the password typed in the wizard with their own.
          // Unlike their own (a new password that is the old one with a little changed is refused).
          const first = (p: string) => (p === COMPANY.sysadmin.password ? 'Hajime-no-kagi-4071' : 'Saisho-no-kagi-6083');
          await core('setup.run', { ...COMPANY, sysadmin: { ...COMPANY.sysadmin, password: first(COMPANY.sysadmin.password) }, safetyManager: { ...COMPANY.safetyManager, password: first(COMPANY.safetyManager.password) } });
          for (const a of [COMPANY.sysadmin, COMPANY.safetyManager]) {
            const token = (await core('auth.signIn', { loginId: a.loginId, password: first(a.password) })).token;
            await core('auth.changePassword', { currentPassword: first(a.password), newPassword: a.password }, token);
            await core('auth.signOut', {}, token);
          }
        },
        signInCore: async (loginId, password) => (await core('auth.signIn', { loginId, password })).token!,
        headOffice: async (token) => (await core('sites.list', {}, token)).value[0],
        setClock: (at) => {
          fixedNow = at === null ? null : typeof at === 'number' ? at : Date.parse(at);
        },
      });
    } finally {
      await host?.close();
      daicho.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect };

/**
 * Links of the page's main area whose names are the same words but go to different places (WCAG
 * 2.4.4): their names, to expect none. A walk-through found three 「持ち出し記録へ」 and, in the review
 * panel, one ledger's title for each of its sites and months.
 */
export async function sameWordsElsewhere(page: Page): Promise<string[]> {
  const targets = new Map<string, Set<string>>();
  for (const link of await page.getByRole('main').getByRole('link').all()) {
    const name = ((await link.getAttribute('aria-label')) ?? (await link.innerText())).trim();
    targets.set(name, (targets.get(name) ?? new Set()).add((await link.getAttribute('href')) ?? ''));
  }
  return [...targets].filter(([, hrefs]) => hrefs.size > 1).map(([name]) => name);
}

/**
 * Japanese punctuation on an English screen (「（」「）」「・」「〜」「：」): each text of the page,
 * accessible name and title that has one, to expect none but the data's own. A walk-through found
 * 「山田 太郎（E1001）」, roles joined with 「・」 and 「22:10 〜 …」 on English screens.
 */
export async function japanesePunctuation(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const marks = /[（）・〜：]/;
    const out = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      const el = n.parentElement;
      if (marks.test(text) && el && el.getClientRects().length > 0 && !el.closest('script, style, [hidden], [aria-hidden="true"]')) out.add((el.textContent ?? text).trim());
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]'))
      for (const attr of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(attr);
        if (v && marks.test(v)) out.add(v);
      }
    return [...out];
  });
}

/** キャンセル on a dialog with typed input: it asks first, as Escape does (a walk-through); closed without saving. */
export async function cancelTyped(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'キャンセル' }).click();
  await dialog.getByTestId('discard-confirm').getByRole('button', { name: '保存せずに閉じる' }).click();
  await expect(dialog).toHaveCount(0);
}
