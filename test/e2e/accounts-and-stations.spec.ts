import { COMPANY, expect, shot, signIn, test } from './fixtures';
import type { Locator } from '@playwright/test';
import { CLERK, setUpServerRoom } from './server-room-fixtures';

// Issue 6: the desk and the door terminal in two tabs of one browser; a safety manager reads what
// was done to an account; stations are shown by the name an administrator gives them.

test('the desk and the door terminal in two tabs of one browser keep their own sessions', async ({ page, app, context }) => {
  const world = await setUpServerRoom(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByTestId('user-name')).toHaveText(CLERK.displayName);

  // A second tab becomes the door terminal: it signs in on its own start screen.
  const kiosk = await context.newPage();
  await kiosk.goto(`${app.url}#/terminal`);
  const start = kiosk.getByTestId('terminal-start');
  await signIn(kiosk, CLERK.loginId, CLERK.password);
  await start.getByLabel('拠点').selectOption(world.hq.id);
  await start.getByLabel('あなたのパスワード').fill(CLERK.password);
  await start.getByRole('button', { name: '端末として起動' }).click();
  await expect(kiosk.getByTestId('terminal-idle')).toBeVisible();
  await shot(kiosk, 'two-tabs-terminal');

  // The desk tab, reloaded, is still the clerk's desk; the terminal tab, reloaded, is still the terminal.
  await page.reload();
  await expect(page.getByTestId('user-name')).toHaveText(CLERK.displayName);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' })).toBeVisible();
  await shot(page, 'two-tabs-desk');
  await kiosk.reload();
  await expect(kiosk.getByTestId('terminal-idle')).toBeVisible();
});

test('a safety manager reads an account\'s history; stations show the name an administrator gives them', async ({ page, app }) => {
  await setUpServerRoom(app);
  const admin = COMPANY.sysadmin;
  await page.goto(app.url);
  await signIn(page, admin.loginId, admin.password);

  // The administrator names the station this browser writes from (the host's "e2e-browser").
  await page.getByRole('navigation').getByRole('link', { name: '設定', exact: true }).click();
  await page.getByTestId('elevate-form').getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await page.getByTestId('elevate-form').getByRole('button', { name: '確認' }).click();
  const stations = page.getByTestId('stations');
  const row = stations.getByTestId('station-row').filter({ hasText: 'e2e-browser' });
  await expect(row).toBeVisible();
  // Each admin table's scroll area is a region the keyboard reaches, named as its heading (a probe).
  await expectScrollRegion(stations.getByRole('region', { name: '端末の名前' }));
  await row.getByRole('textbox', { name: /表示名/ }).fill('総務課 事務PC');
  // Why, kept with the rename in the settings' history (a probe: names swapped, listed nowhere).
  await row.getByRole('textbox', { name: /^変更の理由（任意）/ }).fill('導入時の命名');
  await shot(page, 'stations');
  await row.getByRole('button', { name: /^保存/ }).click();
  await expect(page.getByTestId('flash')).toContainText('端末の名前を保存しました。');
  await expect(row).toContainText('総務課 事務PC');
  await expect(row.getByRole('textbox', { name: /^変更の理由/ })).toHaveCount(0);
  await page.getByTestId('settings-history-link').click();
  const renamed = page.getByTestId('settings-history-row').filter({ hasText: '端末の表示名' });
  await expect(renamed).toHaveCount(1);
  await expect(renamed).toContainText('名前なし → 「総務課 事務PC」');
  await expect(renamed).toContainText('導入時の命名');
  await expectScrollRegion(page.getByRole('region', { name: '設定の変更履歴' }));
  await shot(page, 'settings-history-station');
  await page.getByRole('button', { name: 'サインアウト' }).click();

  // The safety manager opens the administrator's account history: sign-ins, from the named station.
  const sm = COMPANY.safetyManager;
  await signIn(page, sm.loginId, sm.password);
  await page.getByRole('navigation').getByRole('link', { name: 'アカウント管理' }).click();
  await page.getByTestId('elevate-form').getByRole('textbox', { name: 'パスワード', exact: true }).fill(sm.password);
  await page.getByTestId('elevate-form').getByRole('button', { name: '確認' }).click();
  // She reads; she does not administer. (Asked once the list is drawn: before it, no button is there either.)
  const adminRow = page.getByTestId('account-row').filter({ hasText: admin.loginId });
  await expect(adminRow.getByRole('link', { name: `履歴（${admin.displayName}）` })).toBeVisible();
  await expectScrollRegion(page.getByRole('region', { name: 'アカウント管理' }));
  expect(await page.getByRole('button', { name: 'アカウントを登録' }).count()).toBe(0);
  expect(await adminRow.getByRole('button', { name: 'パスワード再設定' }).count()).toBe(0);
  await adminRow.getByRole('link', { name: `履歴（${admin.displayName}）` }).click();
  await expect(page.getByRole('heading', { name: `${admin.displayName}（${admin.loginId}）の履歴` })).toBeVisible();
  const history = page.getByTestId('account-history');
  await expect(history.getByTestId('account-history-row').filter({ hasText: 'サインイン' }).filter({ hasText: '総務課 事務PC' }).first()).toBeVisible();
  await expect(history).not.toContainText('e2e-browser');
  await expectScrollRegion(page.getByRole('region', { name: `${admin.displayName}（${admin.loginId}）の履歴` }));
  await shot(page, 'account-history');
});

test('an administrator links an account to a person only with a safety manager’s approval, typed by her (an insider probe)', async ({ page, app }) => {
  await setUpServerRoom(app);
  const admin = COMPANY.sysadmin;
  await page.goto(app.url);
  await signIn(page, admin.loginId, admin.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'アカウント管理' }).click();
  await page.getByTestId('elevate-form').getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await page.getByTestId('elevate-form').getByRole('button', { name: '確認' }).click();
  await page.getByRole('button', { name: '人員の紐付け（田中 一郎）' }).click();
  const dialog = page.getByTestId('link-person-dialog');
  // Who made the account and when, for the one asked to approve its link.
  await expect(dialog.getByTestId('account-created')).toHaveText(/^このアカウントは令和\d+年\d+月\d+日.*に.+（.+）が作成しました。$/);
  // No approval asked before a person is chosen (asked once the dialog's fields are drawn).
  await expect(dialog.getByLabel('人員')).toBeVisible();
  expect(await dialog.getByTestId('approval').count()).toBe(0);
  await dialog.getByLabel('人員').fill('佐々木');
  await page.getByRole('option', { name: /佐々木 次郎/ }).click();
  await dialog.getByLabel('理由').fill('名簿の登録に合わせて');
  // Choosing a person asks for the approval; without it nothing is saved, and focus is at its field.
  await expect(dialog.getByTestId('approval')).toContainText('安全管理責任者の承認');
  await dialog.getByRole('button', { name: '保存する' }).click();
  await expect(dialog.getByLabel('承認者のログインID')).toBeFocused();
  await shot(page, 'link-person-approval');
  await dialog.getByLabel('承認者のログインID').fill(COMPANY.safetyManager.loginId);
  await dialog.getByLabel('承認者のパスワード').fill(COMPANY.safetyManager.password);
  await dialog.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('flash')).toContainText('田中 一郎 さんのアカウントの紐付けを保存しました。');
  // Unlinking asks for the approval too (an insider probe: an administrator alone unlinked a site head,
  // whose own stay's anomaly was then theirs to dispose of). None is asked before the link is shown.
  await page.getByRole('button', { name: '人員の紐付け（田中 一郎）' }).click();
  await expect(dialog.getByLabel('人員')).toHaveValue(/佐々木 次郎/);
  expect(await dialog.getByTestId('approval').count()).toBe(0);
  await dialog.getByRole('button', { name: '選択を解除' }).click();
  await dialog.getByLabel('理由').fill('紐付けの誤り');
  await expect(dialog.getByTestId('approval')).toContainText('安全管理責任者の承認');
  await dialog.getByRole('button', { name: '保存する' }).click();
  await expect(dialog.getByLabel('承認者のログインID')).toBeFocused();
  await dialog.getByLabel('承認者のログインID').fill(COMPANY.safetyManager.loginId);
  await dialog.getByLabel('承認者のパスワード').fill(COMPANY.safetyManager.password);
  await dialog.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('flash')).toContainText('田中 一郎 さんのアカウントの紐付けを保存しました。');
});

/** A table's scroll area: one region, reached by the keyboard (Tab stops on it, so the arrow keys scroll it). */
async function expectScrollRegion(region: Locator) {
  await expect(region).toHaveCount(1);
  await expect(region).toHaveAttribute('tabindex', '0');
  await expect(region.locator('table')).toHaveCount(1);
  await region.focus();
  await expect(region).toBeFocused();
}
