import { formatDate } from '../../shared/dates';
import { COMPANY, browserToken, expect, shot, signIn, test } from './fixtures';

// Admin screens (SPEC §2): the password again before admin work, accounts with the safety
// manager's approval for privileged roles, suspension with a planned deletion date, password
// reset and the forced change at next sign-in, and the settings.
test('administrator: re-authentication, accounts, approval, suspension, reset, settings', async ({ page, app }) => {
  await app.setUp();
  await page.goto(app.url);
  const admin = COMPANY.sysadmin;
  const sm = COMPANY.safetyManager;
  await signIn(page, admin.loginId, admin.password);
  await expect(page.getByTestId('user-name')).toHaveText(admin.displayName);

  // Admin screens ask for the password first (Art. 16(6)).
  const nav = page.getByRole('navigation');
  await nav.getByRole('link', { name: 'アカウント管理' }).click();
  const elevate = page.getByTestId('elevate-form');
  await expect(elevate).toBeVisible();
  // Focus is on the password it asks for, not on the page one Tab before it.
  await expect(elevate.getByRole('textbox', { name: 'パスワード', exact: true })).toBeFocused();
  await shot(page, 'elevate');
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill('not-the-password');
  await elevate.getByRole('button', { name: '確認' }).click();
  await expect(elevate.getByRole('textbox', { name: 'パスワード', exact: true })).toHaveAccessibleDescription(/^パスワードが正しくありません。/);
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await elevate.getByRole('button', { name: '確認' }).click();
  await expect(page.getByRole('heading', { name: 'アカウント管理' })).toBeVisible();
  await expect(page.getByTestId('account-row')).toHaveCount(2);

  // A clerk: no approval needed. A shared id is refused at the field.
  await page.getByRole('button', { name: 'アカウントを登録' }).click();
  let dialog = page.getByTestId('create-account-dialog');
  await dialog.getByLabel('氏名').fill('田中 一郎');
  await dialog.getByLabel('ログインID').fill('guest');
  await dialog.getByLabel('総務担当').check();
  await dialog.getByLabel('一般社員').uncheck();
  await dialog.getByRole('textbox', { name: '仮パスワード' }).fill('Asa-no-hikari-5521');
  await expect(dialog.getByTestId('approval')).toHaveCount(0);
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByLabel('ログインID')).toHaveAccessibleDescription(/共用IDは使えません/);
  await shot(page, 'accounts-create-error');
  await dialog.getByLabel('ログインID').fill('tanaka.i');
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('flash')).toContainText('田中 一郎 さんのアカウントを登録しました。');

  // A second system administrator: the safety manager approves with their own password (Art. 15).
  await page.getByRole('button', { name: 'アカウントを登録' }).click();
  dialog = page.getByTestId('create-account-dialog');
  await dialog.getByLabel('氏名').fill('木村 誠');
  await dialog.getByLabel('ログインID').fill('kimura.m');
  await dialog.getByLabel('システム管理者').check();
  await dialog.getByRole('textbox', { name: '仮パスワード' }).fill('Yuu-hi-no-oka-3390');
  const approval = dialog.getByTestId('approval');
  await expect(approval).toBeVisible();
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(approval.getByLabel('承認者のログインID')).toHaveAttribute('aria-invalid', 'true');
  await approval.getByLabel('承認者のログインID').fill(sm.loginId);
  await approval.getByRole('textbox', { name: '承認者のパスワード' }).fill(sm.password);
  await shot(page, 'accounts-create-approval');
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog).toHaveCount(0);
  const kimura = page.getByTestId('account-row').filter({ hasText: 'kimura.m' });
  await expect(kimura).toContainText('システム管理者');
  await expect(kimura).toContainText('要パスワード変更');

  // Suspend the clerk with a planned deletion date (never deleted, Art. 16(5)).
  const tanaka = page.getByTestId('account-row').filter({ hasText: 'tanaka.i' });
  await tanaka.getByRole('button', { name: '利用停止' }).click();
  const suspend = page.getByTestId('suspend-dialog');
  await suspend.getByLabel('理由').fill('月末付で退職');
  // Not "never": within a year and a day (an insider probe set 2999-12-31).
  await suspend.getByLabel('削除予定日').fill('2099-03-31');
  await suspend.getByRole('button', { name: '利用停止にする' }).click();
  await expect(suspend.getByLabel('削除予定日')).toHaveAccessibleDescription(/削除予定日は今日から366日以内の日付を指定してください/);
  const planned = new Date(Date.now() + 60 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  const wareki = formatDate(planned, 'ja');
  await suspend.getByLabel('削除予定日').fill(planned);
  await expect(suspend).toContainText(wareki);
  await shot(page, 'accounts-suspend');
  await suspend.getByRole('button', { name: '利用停止にする' }).click();
  await expect(suspend).toHaveCount(0);
  await expect(tanaka).toContainText('利用停止');
  await expect(tanaka).toContainText(`削除予定日 ${wareki}`);
  await expect(tanaka.getByRole('button', { name: '利用停止' })).toHaveCount(0);
  // A suspension can be undone (a walk-through: it could not): 利用再開 asks a reason (accounts-reactivate.test.ts).
  await tanaka.getByRole('button', { name: /^利用再開/ }).click();
  const reactivate = page.getByTestId('reactivate-dialog');
  await expect(reactivate).toContainText('同じ人が同じログインIDを使い続けます');
  await expect(reactivate.getByLabel('理由')).toBeFocused();
  await reactivate.getByRole('button', { name: 'キャンセル' }).click();
  await expect(reactivate).toHaveCount(0);

  // His own roles: adding one asks for a safety manager's approval, though the clerk's role is no
  // privilege (nobody raises his own powers alone). Taking it out again, the approval goes.
  const self = page.getByTestId('account-row').filter({ hasText: admin.loginId });
  // Each action names whose account it is.
  await self.getByRole('button', { name: `権限変更（${admin.displayName}）`, exact: true }).click();
  const roles = page.getByTestId('roles-dialog');
  // Asked once the dialog's fields are drawn (before that, no approval is there either).
  await expect(roles.getByRole('checkbox', { name: /総務担当/ })).toBeVisible();
  expect(await roles.getByTestId('approval').count()).toBe(0);
  await roles.getByRole('checkbox', { name: /総務担当/ }).check();
  await expect(roles.getByTestId('approval')).toContainText('ご自分のアカウントに権限を追加するには、本人以外の安全管理責任者の承認が必要です。');
  await roles.getByLabel('理由').fill('総務兼務');
  await roles.getByRole('button', { name: '変更する' }).click();
  await expect(roles.getByTestId('approval').getByLabel('承認者のログインID')).toHaveAttribute('aria-invalid', 'true');
  // Left empty, it says so (not "too short").
  await expect(roles.getByTestId('approval').getByLabel('承認者のログインID')).toHaveAccessibleDescription('入力してください。');
  await shot(page, 'accounts-roles-self');
  await roles.getByRole('checkbox', { name: /総務担当/ }).uncheck();
  await expect(roles.getByTestId('approval')).toHaveCount(0);
  await roles.getByRole('button', { name: 'キャンセル' }).click();
  await expect(roles).toHaveCount(0);

  // Reset a password: a weak one is refused at the field. He is a system administrator, so a safety
  // manager approves the reset in the same dialog (issue 6): without it, it is refused at the field.
  await kimura.getByRole('button', { name: 'パスワード再設定' }).click();
  const reset = page.getByTestId('reset-dialog');
  // What it does to a signing key is said before, not found at the next sign-off (a walk-through).
  await expect(reset.getByTestId('reset-key-note')).toContainText('署名鍵を持っている場合、その鍵は失効します');
  await reset.getByRole('textbox', { name: '仮パスワード' }).fill('kimura.m-2026-x');
  await reset.getByLabel('理由').fill('本人からの依頼');
  const resetApproval = reset.getByTestId('approval');
  await expect(resetApproval).toContainText('安全管理責任者の承認');
  await reset.getByRole('button', { name: '再設定する' }).click();
  await expect(resetApproval.getByLabel('承認者のログインID')).toHaveAttribute('aria-invalid', 'true');
  await resetApproval.getByLabel('承認者のログインID').fill(sm.loginId);
  await resetApproval.getByRole('textbox', { name: '承認者のパスワード' }).fill(sm.password);
  await reset.getByRole('button', { name: '再設定する' }).click();
  await expect(reset.getByRole('textbox', { name: '仮パスワード' })).toHaveAccessibleDescription('パスワードにログインIDを含めないでください。');
  await reset.getByRole('textbox', { name: '仮パスワード' }).fill('Mori-no-kaze-8812');
  await resetApproval.getByRole('textbox', { name: '承認者のパスワード' }).fill(sm.password);
  await shot(page, 'accounts-reset');
  await reset.getByRole('button', { name: '再設定する' }).click();
  await expect(reset).toHaveCount(0);
  await shot(page, 'accounts');

  // Settings: the idle lock stays within 1–10 minutes (Art. 11(4)).
  await nav.getByRole('link', { name: '設定', exact: true }).click();
  const minutes = page.getByLabel('自動ロックまでの時間（分）');
  await expect(minutes).toHaveValue('5');
  await minutes.fill('11');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(minutes).toHaveAccessibleDescription(/1〜10分の範囲で指定してください。/);
  await minutes.fill('3');
  await page.getByLabel('会社名').fill('株式会社テスト商事 本店');
  await page.getByRole('textbox', { name: '変更の理由' }).first().fill('共用端末が増えたため');
  await shot(page, 'settings');

  // The elevation has run out meanwhile (the core's 10 minutes): saving asks for the password
  // again, then goes through.
  app.daicho.sessions.get(await browserToken(page))!.elevatedUntil = Date.now() - 1000;
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const prompt = page.getByTestId('elevate-dialog');
  await expect(prompt).toBeVisible();
  await shot(page, 'elevate-dialog');
  await prompt.getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await prompt.getByRole('button', { name: '確認' }).click();
  await expect(prompt).toHaveCount(0);
  await expect(page.getByTestId('flash')).toHaveText(/設定を保存しました。/);
  await expect(page.getByTestId('company-name')).toHaveText('株式会社テスト商事 本店');
  await nav.getByRole('link', { name: 'ダッシュボード' }).click();
  await expect(page.getByText('操作がない状態が3分続くと')).toBeVisible();

  // Who changed which setting, from what to what, and why: the settings' change history.
  await nav.getByRole('link', { name: '設定', exact: true }).click();
  await page.getByRole('link', { name: '設定の変更履歴' }).click();
  await expect(page.getByRole('heading', { name: '設定の変更履歴', level: 1 })).toBeVisible();
  const rows = page.getByTestId('settings-history-row');
  const idle = rows.filter({ hasText: '自動ロックまでの時間（分）' });
  await expect(idle).toContainText('5分 → 3分');
  await expect(idle).toContainText('共用端末が増えたため');
  await expect(idle).toContainText(admin.displayName);
  await expect(rows.filter({ hasText: '株式会社テスト商事 本店' })).toContainText('株式会社テスト商事 → 株式会社テスト商事 本店');
  await shot(page, 'settings-history');

  // The reset account must change its password at sign-in before anything else.
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await signIn(page, 'kimura.m', 'Mori-no-kaze-8812');
  // He is told who reset his password, with whose approval and why (issue 6): on the password
  // screen first, where it cannot be dismissed by whoever knows the temporary password.
  await expect(page.getByRole('heading', { name: 'パスワードの変更' })).toBeVisible();
  const inline = page.getByTestId('account-notice-list');
  await expect(inline.getByTestId('account-notice')).toHaveCount(1);
  await expect(inline).toContainText(`${admin.displayName}（${admin.loginId}）がパスワードを再設定しました。`);
  await expect(inline).toContainText(`承認：${sm.displayName}`);
  await expect(inline).toContainText('理由：本人からの依頼');
  await expect(page.getByTestId('account-notices')).toHaveCount(0);
  await shot(page, 'account-notices-inline');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await page.getByRole('textbox', { name: '現在のパスワード' }).fill('Mori-no-kaze-8812');
  await page.getByRole('textbox', { name: '新しいパスワード', exact: true }).fill('Hana-mizuki-0417');
  await page.getByRole('textbox', { name: '新しいパスワード（確認）' }).fill('Hana-mizuki-0471');
  await page.getByRole('button', { name: '変更する' }).click();
  await expect(page.getByRole('textbox', { name: '新しいパスワード（確認）' })).toHaveAccessibleDescription('確認用のパスワードが一致しません。');
  await shot(page, 'password-forced');
  await page.getByRole('textbox', { name: '新しいパスワード（確認）' }).fill('Hana-mizuki-0417');
  // Sent from the keyboard (Enter): the focus moved next is drawn as keyboard focus (:focus-visible).
  await page.getByRole('textbox', { name: '新しいパスワード（確認）' }).press('Enter');
  // With his own password set, he marks the notice as read.
  const notices = page.getByTestId('account-notices');
  await expect(notices).toBeVisible();
  await expect(notices).toContainText('がパスワードを再設定しました。');
  // The lead has the focus, to be read out first, without a field's ring round it (a user probe).
  const lead = notices.locator('.notice-lead');
  await expect(lead).toBeFocused();
  expect(await lead.evaluate((el) => [el.matches(':focus-visible'), getComputedStyle(el).outlineStyle])).toEqual([true, 'none']);
  await shot(page, 'account-notices');
  // Enter there is 確認しました, the dialog's one button (a user probe: Enter did nothing).
  await lead.press('Enter');
  await expect(notices).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await expect(page.getByTestId('flash')).toHaveText(/パスワードを変更しました。/);
  await expect(nav.getByRole('link', { name: 'アカウント管理' })).toBeVisible();

  // The safety manager's approval was used to create the administrator: told so at their sign-in,
  // and — being the one everyone else is told to tell — told what to do themselves.
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await signIn(page, sm.loginId, sm.password);
  const smNotices = page.getByTestId('account-notices');
  await expect(smNotices).toContainText('あなたの承認で');
  await expect(smNotices).toContainText('すぐにパスワードを変更し、システム管理者と経緯を確認してください。');
  await expect(smNotices).not.toContainText('安全管理責任者に連絡');
});

test('changing one’s own roles ends the session, and the sign-in page says why (a probe: 「接続が切れたため…」)', async ({ page, app }) => {
  await app.setUp();
  await page.goto(app.url);
  const admin = COMPANY.sysadmin;
  const sm = COMPANY.safetyManager;
  await signIn(page, admin.loginId, admin.password);
  await page.getByRole('navigation').getByRole('link', { name: 'アカウント管理' }).click();
  const elevate = page.getByTestId('elevate-form');
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await elevate.getByRole('button', { name: '確認' }).click();
  const self = page.getByTestId('account-row').filter({ hasText: admin.loginId });
  await self.getByRole('button', { name: `権限変更（${admin.displayName}）`, exact: true }).click();
  const roles = page.getByTestId('roles-dialog');
  await roles.getByRole('checkbox', { name: /総務担当/ }).check();
  await roles.getByLabel('理由').fill('総務兼務');
  await roles.getByTestId('approval').getByLabel('承認者のログインID').fill(sm.loginId);
  await roles.getByTestId('approval').getByRole('textbox', { name: '承認者のパスワード' }).fill(sm.password);
  await roles.getByRole('button', { name: '変更する' }).click();
  await expect(page.getByText('あなたの権限を変更しました。新しい権限でサインインし直してください。')).toBeVisible();
  await expect(page.getByText('接続が切れたため')).toHaveCount(0);
  await signIn(page, admin.loginId, admin.password);
  await expect(page.getByTestId('user-name')).toHaveText(admin.displayName);
});
