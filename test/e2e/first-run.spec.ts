import { COMPANY, expect, shot, signIn, test } from './fixtures';

// Issue 2 acceptance (a): first-run setup in the UI → sign in → add a person → see them in the
// list → amend with a reason → the history shows both versions → sign out.
test('first run: setup, sign in, add and amend a person, history, sign out', async ({ page, app }) => {
  await page.goto(app.url);

  // Step 1: company and sites (本社 first, then a branch).
  await expect(page.getByRole('heading', { name: '初期設定' })).toBeVisible();
  await page.getByLabel('会社名').fill(COMPANY.companyName);
  await expect(page.getByLabel('拠点コード').first()).toHaveValue('HQ');
  await expect(page.getByLabel('拠点名').first()).toHaveValue('本社');
  await page.getByRole('button', { name: '拠点を追加' }).click();
  await page.getByLabel('拠点コード').nth(1).fill('OSK');
  await page.getByLabel('拠点名').nth(1).fill('大阪営業所');
  await shot(page, 'setup-1-company');
  await page.getByRole('button', { name: '次へ' }).click();

  // Step 2: the system administrator, with the password rules shown.
  const admin = COMPANY.sysadmin;
  await page.getByLabel('氏名').fill(admin.displayName);
  await page.getByLabel('ログインID').fill(admin.loginId);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await page.getByLabel('パスワード（確認）').fill(admin.password);
  await expect(page.getByText('10文字以上')).toBeVisible();
  await shot(page, 'setup-2-sysadmin');
  await page.getByRole('button', { name: '次へ' }).click();

  // Step 3: the safety manager. The same name as the administrator is warned about, not blocked.
  const sm = COMPANY.safetyManager;
  await page.getByLabel('氏名').fill(admin.displayName);
  await expect(page.getByTestId('same-person-warning')).toBeVisible();
  await shot(page, 'setup-3-same-person-warning');
  await page.getByLabel('氏名').fill(sm.displayName);
  await expect(page.getByTestId('same-person-warning')).toHaveCount(0);
  await page.getByLabel('ログインID').fill(sm.loginId);
  // Whoever runs the wizard types her first password; she replaces it with her own at first sign-in.
  const smFirst = 'Hajimari-no-kagi-3310';
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(smFirst);
  await page.getByLabel('パスワード（確認）').fill(smFirst);
  await page.getByRole('button', { name: '次へ' }).click();

  // Step 4: confirm and register.
  await expect(page.getByTestId('setup-confirm')).toContainText('大阪営業所');
  await expect(page.getByTestId('setup-confirm')).toContainText(sm.loginId);
  await expect(page.getByText('最初のサインイン時に自分のパスワードに変更します')).toBeVisible();
  await shot(page, 'setup-4-confirm');
  await page.getByRole('button', { name: '登録する' }).click();

  // The recovery code, shown once; one group typed back before going on.
  const codeBox = page.getByTestId('recovery-code');
  await expect(codeBox).toBeVisible({ timeout: 30_000 });
  const code = (await codeBox.getAttribute('data-code'))!;
  expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
  const typeBack = page.getByTestId('recovery-typeback');
  const group = Number(await typeBack.getAttribute('data-group'));
  await expect(page.getByText(`${group}番目のグループ`)).toBeVisible();
  await shot(page, 'setup-5-recovery-code');
  await typeBack.fill(group === 1 ? code.split('-')[1] : code.split('-')[0]);
  await page.getByRole('button', { name: /サインインへ進む/ }).click();
  await expect(page.getByText('入力した文字が復旧コードと一致しません')).toBeVisible();
  await typeBack.fill(code.split('-')[group - 1].toLowerCase());
  await page.getByRole('button', { name: /サインインへ進む/ }).click();

  // Sign in as the safety manager (who may keep the people register).
  await expect(page.getByRole('heading', { name: 'サインイン' })).toBeVisible();
  await expect(page.getByText('初期設定が完了しました')).toBeVisible();
  await shot(page, 'signin');
  await signIn(page, sm.loginId, smFirst);
  // A password typed by someone else (issue 6): she sets her own before anything else.
  await expect(page.getByRole('heading', { name: 'パスワードの変更' })).toBeVisible();
  await page.getByRole('textbox', { name: '現在のパスワード' }).fill(smFirst);
  await page.getByRole('textbox', { name: '新しいパスワード', exact: true }).fill(sm.password);
  await page.getByRole('textbox', { name: '新しいパスワード（確認）' }).fill(sm.password);
  await page.getByRole('button', { name: '変更する' }).click();
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await expect(page.getByTestId('company-name')).toHaveText(COMPANY.companyName);
  await expect(page.getByTestId('user-name')).toHaveText(sm.displayName);
  await expect(page.getByTestId('today')).toContainText('令和');
  // Of the admin screens, a safety manager is offered only the accounts (to read them and their
  // history, issue 6), not the settings.
  await expect(page.getByRole('link', { name: 'アカウント管理' })).toHaveCount(1);
  await expect(page.getByRole('link', { name: '設定', exact: true })).toHaveCount(0);
  await shot(page, 'dashboard');

  // Add a person.
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  await expect(page.getByRole('heading', { name: '人員名簿' })).toBeVisible();
  await page.getByRole('button', { name: '人員を登録' }).click();
  const add = page.getByTestId('add-dialog');
  await add.getByLabel('氏名').fill('山田 太郎');
  await add.getByLabel('フリガナ').fill('ヤマダ タロウ');
  await add.getByLabel('社員番号').fill('E0001');
  await add.getByLabel('所属部署').fill('総務部');
  await add.getByLabel('拠点').selectOption({ label: '大阪営業所' });
  await add.getByLabel('社員証番号').fill('C12345');
  await add.getByLabel('サーバルーム入室許可').check();
  await shot(page, 'people-add');
  await add.getByRole('button', { name: '登録する' }).click();
  await expect(add).toHaveCount(0);
  await expect(page.getByTestId('flash')).toContainText('山田 太郎 さんを登録しました');

  // See them in the list.
  const row = page.getByTestId('person-row').filter({ hasText: '山田 太郎' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('E0001');
  await expect(row).toContainText('大阪営業所');
  await expect(row).toContainText('令和');
  await expect(page.getByTestId('pager-total')).toContainText('全1件');
  await shot(page, 'people-list');

  // Amend with a reason: only the changed field is sent.
  await row.getByRole('button', { name: /^訂正/ }).click();
  const amend = page.getByTestId('amend-dialog');
  await expect(amend.getByLabel('氏名')).toHaveValue('山田 太郎');
  await amend.getByLabel('所属部署').fill('情報システム部');
  await amend.getByRole('button', { name: '訂正する' }).click();
  // The reason is required: the message sits at the field.
  await expect(amend.getByLabel('訂正の理由')).toHaveAttribute('aria-invalid', 'true');
  await expect(amend.getByLabel('訂正の理由')).toHaveAccessibleDescription(/入力してください。/);
  await amend.getByLabel('訂正の理由').fill('4月1日付の異動による');
  await shot(page, 'people-amend');
  await amend.getByRole('button', { name: '訂正する' }).click();
  await expect(amend).toHaveCount(0);
  await expect(row).toContainText('情報システム部');

  // The history shows both versions, the change highlighted before → after.
  await row.getByRole('button', { name: /^履歴/ }).click();
  await expect(page.getByRole('heading', { name: /山田 太郎（E0001）の履歴/ })).toBeVisible();
  const versions = page.getByTestId('history-version');
  await expect(versions).toHaveCount(2);
  const latest = versions.first();
  await expect(latest).toContainText('第2版');
  await expect(latest).toContainText('訂正');
  await expect(latest).toContainText('4月1日付の異動による');
  await expect(latest).toContainText(sm.displayName);
  const changed = latest.getByTestId('changed-field');
  await expect(changed).toHaveCount(1);
  await expect(changed.getByTestId('before')).toHaveText('総務部');
  await expect(changed.getByTestId('after')).toHaveText('情報システム部');
  await expect(versions.nth(1)).toContainText('第1版');
  await expect(versions.nth(1)).toContainText('ヤマダ タロウ');
  await expect(versions.nth(1)).toContainText('総務部');
  await shot(page, 'people-history');

  // The user menu: change the password by choice.
  await page.getByRole('button', { name: /ユーザーメニュー/ }).click();
  await expect(page.getByRole('link', { name: 'パスワード変更' })).toBeVisible();
  await shot(page, 'user-menu');
  await page.getByRole('link', { name: 'パスワード変更' }).click();
  await expect(page.getByRole('heading', { name: 'パスワードの変更' })).toBeVisible();
  await page.getByRole('textbox', { name: '現在のパスワード' }).fill(sm.password);
  await page.getByRole('textbox', { name: '新しいパスワード', exact: true }).fill('suzuki.sm-2026-aki');
  await page.getByRole('textbox', { name: '新しいパスワード（確認）' }).fill('suzuki.sm-2026-aki');
  await page.getByRole('button', { name: '変更する' }).click();
  await expect(page.getByRole('textbox', { name: '新しいパスワード', exact: true })).toHaveAccessibleDescription('パスワードにログインIDを含めないでください。');
  await shot(page, 'password-change');
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();

  // Sign out.
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await expect(page.getByRole('heading', { name: 'サインイン' })).toBeVisible();
  await expect(page.getByText('サインアウトしました。')).toBeVisible();
  await shot(page, 'signed-out');
});
