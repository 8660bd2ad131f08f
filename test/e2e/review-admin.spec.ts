import type { Page } from '@playwright/test';
import type { Role } from '../../shared/domain/roles';
import { COMPANY, expect, japanesePunctuation, shot, signIn, test, type App } from './fixtures';

// Issue 11 (SPEC §2, §5), the admin half of the monthly review in Chromium against the real core:
// the safety manager designates a reviewer (指名) and withdraws it with a reason; every signing key
// is listed, the revoked one with why; the safety manager sets the sites a site head reviews.

const REVIEWER = { loginId: 'yamada.staff', displayName: '山田 太郎', password: 'Natsu-matsuri-5528' };
const HEAD = { loginId: 'takahashi.head', displayName: '高橋 誠', password: 'Aki-no-sora-6402' };

/** The company, and one more account whose holder has set their own password (so it has a signing key). */
async function setUp(app: App, who: typeof REVIEWER, roles: Role[]) {
  await app.setUp();
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await app.core('auth.elevate', { password: COMPANY.sysadmin.password }, admin);
  const temporary = 'Kari-no-pass-8301';
  const account = (await app.core('accounts.create', { loginId: who.loginId, displayName: who.displayName, personId: null, roles, password: temporary }, admin)).value;
  const token = await app.signInCore(who.loginId, temporary);
  await app.core('auth.changePassword', { currentPassword: temporary, newPassword: who.password }, token);
  const sm = await app.signInCore(COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const sites = (await app.core('sites.list', {}, sm)).value;
  return { admin, sm, account, hq: sites.find((s) => s.name === '本社')!, osaka: sites.find((s) => s.name === '大阪営業所')! };
}

/**
 * Sign in as the safety manager, who is first told of every signing key revoked or made in place of
 * another (SPEC §5) — `told`, the notice expected — and of nothing else (a holder's first key is only listed).
 */
async function signInSafetyManager(page: Page, told: string | null) {
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const notices = page.getByTestId('account-notices');
  if (told === null) {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(notices).toHaveCount(0);
    return;
  }
  await expect(notices).toContainText(told);
  await notices.getByRole('button', { name: '確認しました' }).click();
  await expect(notices).toHaveCount(0);
}

/** Open an admin page from the navigation, giving the password again when it asks. */
async function openAdmin(page: Page, link: string, password: string, heading: string) {
  await page.getByRole('navigation').getByRole('link', { name: link }).click();
  const elevate = page.getByTestId('elevate-form');
  await expect(elevate.or(page.getByRole('heading', { name: heading, level: 1 }))).toBeVisible();
  if (await elevate.isVisible()) {
    await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
    await elevate.getByRole('button', { name: '確認' }).click();
  }
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
}

/** A Japan date, days from today, as a date input's value. */
const jstDay = (days: number) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

test('designations: the safety manager designates a reviewer for one ledger and one site, sees it listed, withdraws it with a reason', async ({ page, app }) => {
  const w = await setUp(app, REVIEWER, ['staff']);
  const sm = COMPANY.safetyManager;
  await page.goto(app.url);
  await signInSafetyManager(page, null);
  await openAdmin(page, '点検者の指名', sm.password, '点検者の指名');
  await expect(page.getByText('指名はありません。')).toBeVisible();

  // Nothing chosen: each refusal at its own field, nothing stored.
  const form = page.getByTestId('designation-form');
  await form.getByLabel('終了日').fill(jstDay(-1));
  await form.getByRole('button', { name: '指名する' }).click();
  await expect(form.getByLabel('指名する人')).toHaveAccessibleDescription(/^選んでください。/);
  await expect(form.getByRole('group', { name: '台帳' })).toHaveAccessibleDescription('台帳を1つ以上選んでください。');
  await expect(form.getByRole('group', { name: '拠点' })).toHaveAccessibleDescription('拠点を1つ以上選んでください。');
  await expect(form.getByLabel('終了日')).toHaveAccessibleDescription(/^終了日は開始日以降にしてください。/);
  await expect(form.getByLabel('指名する人')).toBeFocused();
  await shot(page, 'review-designations-errors');
  expect((app.daicho.store.db.prepare('SELECT count(*) AS n FROM reviewer_designations').get() as { n: number }).n).toBe(0);

  // Every ledger with a monthly review is offered.
  const ledgers = form.getByTestId('designation-ledgers').getByRole('checkbox');
  await expect(ledgers).toHaveCount(6);
  await form.getByLabel('指名する人').selectOption({ label: `${REVIEWER.displayName}（${REVIEWER.loginId}）` });
  await form.getByRole('checkbox', { name: '最終退出点検表' }).check();
  await form.getByRole('checkbox', { name: '大阪営業所' }).check();
  await form.getByLabel('開始日').fill(jstDay(0));
  await form.getByLabel('終了日').fill(jstDay(30));
  await expect(form.getByLabel('終了日')).toHaveAccessibleDescription(/^令和/); // the date in 和暦 under the field
  await shot(page, 'review-designations-form');
  await form.getByRole('button', { name: '指名する' }).click();
  await expect(page.getByTestId('flash')).toContainText('指名しました。');

  const row = page.getByTestId('designation-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(REVIEWER.displayName);
  await expect(row).toContainText('最終退出点検表');
  await expect(row).toContainText('大阪営業所');
  await expect(row.getByTestId('designation-status')).toHaveText('有効');
  await expect(row).toContainText(`記録：${sm.displayName}`);
  // The form is empty again for the next one.
  await expect(form.getByLabel('指名する人')).toHaveValue('');
  await expect(form.getByRole('checkbox', { name: '最終退出点検表' })).not.toBeChecked();
  await shot(page, 'review-designations-list');

  let stored = (await app.core('designations.list', {}, w.sm)).value;
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ accountId: w.account.id, ledgers: ['lastExit'], siteIds: [w.osaka.id], validFrom: jstDay(0), validTo: jstDay(30), status: 'valid' });

  // Withdrawn with a reason: the row stays, withdrawn, with the reason.
  await row.getByRole('button', { name: `取り消す（${REVIEWER.displayName}）` }).click();
  const dialog = page.getByTestId('designation-void-dialog');
  await dialog.getByRole('button', { name: '取り消す' }).click();
  await expect(dialog.getByLabel('取り消しの理由')).toHaveAccessibleDescription(/^入力してください。/);
  await dialog.getByLabel('取り消しの理由').fill('担当替えのため');
  await shot(page, 'review-designations-void');
  await dialog.getByRole('button', { name: '取り消す' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('flash')).toContainText(`${REVIEWER.displayName} さんの指名を取り消しました。`);
  await expect(row.getByTestId('designation-status')).toContainText('取り消し済');
  await expect(row.getByTestId('designation-status')).toContainText('理由：担当替えのため');
  await expect(row.getByRole('button', { name: /取り消す/ })).toHaveCount(0);
  await shot(page, 'review-designations-voided');
  await page.getByRole('button', { name: 'English' }).first().click();
  await expect(row.getByTestId('designation-status')).toContainText('Withdrawn');
  await expect(row).toContainText('Last-exit');
  expect(await japanesePunctuation(page)).toEqual([]);
  await shot(page, 'review-designations-en');

  stored = (await app.core('designations.list', {}, w.sm)).value;
  expect(stored[0]).toMatchObject({ status: 'void', voidReason: '担当替えのため' });
  const journal = app.daicho.store.db.prepare("SELECT reason FROM journal WHERE action = 'designations.void'").all() as { reason: string | null }[];
  expect(journal).toEqual([{ reason: '担当替えのため' }]);
});

test('signing keys: every key is listed, a revoked one with when and why', async ({ page, app }) => {
  const w = await setUp(app, REVIEWER, ['staff']);
  // An administrator resets the reviewer's password: their key is revoked.
  await app.core('accounts.resetPassword', { id: w.account.id, temporaryPassword: 'Kari-no-pass-9902', reason: 'パスワードを忘れたため' }, w.admin);
  const keys = (await app.core('signingKeys.list', {}, w.sm)).value;
  expect(keys).toHaveLength(3);

  const sm = COMPANY.safetyManager;
  await page.goto(app.url);
  await signInSafetyManager(page, `${REVIEWER.displayName}（${REVIEWER.loginId}）の署名鍵が失効しました`);
  await page.getByRole('navigation').getByRole('link', { name: '署名鍵' }).click();
  await expect(page.getByRole('heading', { name: '署名鍵の一覧', level: 1 })).toBeVisible();
  // What the fingerprints are for: kept outside the data, checked by verify --keys.
  await expect(page.getByTestId('keys-register')).toContainText('daicho verify --keys');
  const rows = page.getByTestId('signing-key-row');
  await expect(rows).toHaveCount(3);
  for (const k of keys) {
    const row = rows.filter({ hasText: k.fingerprint });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(k.accountName);
  }
  const revoked = rows.filter({ hasText: REVIEWER.displayName });
  await expect(revoked.getByTestId('key-status')).toContainText('失効');
  await expect(revoked.getByTestId('key-status')).toContainText(`失効させた人：${COMPANY.sysadmin.displayName}`);
  await expect(revoked).toContainText('管理者によるパスワード再設定');
  await expect(rows.filter({ hasText: sm.displayName }).getByTestId('key-status')).toHaveText('有効');
  // The created time in 和暦.
  await expect(rows.first().locator('time').first()).toHaveText(/^令和\d+年/);
  await shot(page, 'review-signing-keys');
});

test("accounts: the safety manager sets a site head's sites", async ({ page, app }) => {
  const w = await setUp(app, HEAD, ['site_head']);
  const admin = COMPANY.sysadmin;
  const sm = COMPANY.safetyManager;
  await page.goto(app.url);
  await signInSafetyManager(page, null);
  await openAdmin(page, 'アカウント管理', sm.password, 'アカウント管理');

  const row = page.getByTestId('account-row').filter({ hasText: HEAD.loginId });
  await expect(row.getByTestId('account-sites')).toHaveText('担当拠点：なし（安全管理責任者が担当拠点を設定するまで、点検できる台帳はありません）');
  // Only a site head has sites.
  await expect(page.getByTestId('account-row').filter({ hasText: admin.loginId }).getByRole('button', { name: '担当拠点' })).toHaveCount(0);

  await row.getByRole('button', { name: '担当拠点' }).click();
  const dialog = page.getByTestId('sites-dialog');
  await expect(dialog.getByRole('group', { name: '拠点長として担当する拠点' })).toBeVisible();
  await dialog.getByRole('checkbox', { name: '本社' }).check();
  await dialog.getByRole('checkbox', { name: '大阪営業所' }).check();
  await dialog.getByRole('button', { name: '担当拠点を保存' }).click();
  await expect(dialog.getByRole('textbox', { name: '理由', exact: true })).toHaveAccessibleDescription(/^入力してください。/);
  await dialog.getByRole('textbox', { name: '理由', exact: true }).fill('大阪営業所の拠点長を兼務');
  await shot(page, 'review-account-sites-dialog');
  await dialog.getByRole('button', { name: '担当拠点を保存' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('flash')).toContainText(`${HEAD.displayName} さんの担当拠点を保存しました。`);
  await expect(row.getByTestId('account-sites')).toHaveText('担当拠点：本社・大阪営業所');
  // The one more button of a site head's row stays inside its cell (the row of actions wraps).
  const outside = await row.evaluate((tr) =>
    [...tr.querySelectorAll('td:last-child a, td:last-child button')].flatMap((el) => {
      const cell = el.closest('td')!.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return r.left < cell.left - 0.5 || r.right > cell.right + 0.5 ? [el.textContent] : [];
    }),
  );
  expect(outside).toEqual([]);
  await shot(page, 'review-account-sites');

  const stored = (await app.core('accounts.list', {}, w.admin)).value.find((a) => a.id === w.account.id)!;
  expect([...stored.siteIds].sort()).toEqual([w.hq.id, w.osaka.id].sort());
  const journal = app.daicho.store.db.prepare("SELECT reason FROM journal WHERE action = 'accounts.set_sites'").all() as { reason: string | null }[];
  expect(journal).toEqual([{ reason: '大阪営業所の拠点長を兼務' }]);

  // Saving the same sites again changes nothing: said at the field.
  await row.getByRole('button', { name: '担当拠点' }).click();
  await dialog.getByRole('textbox', { name: '理由', exact: true }).fill('担当拠点の見直し');
  await dialog.getByRole('button', { name: '担当拠点を保存' }).click();
  await expect(dialog.getByRole('group', { name: '拠点長として担当する拠点' })).toHaveAccessibleDescription('変更された項目がありません。内容を変えてから保存してください。');
  await dialog.getByRole('button', { name: 'キャンセル' }).click();

  await page.getByRole('button', { name: 'English' }).first().click();
  await expect(row.getByTestId('account-sites')).toHaveText('Sites: 本社, 大阪営業所');
  expect(await japanesePunctuation(page)).toEqual([]);
  await shot(page, 'review-account-sites-en');
});
