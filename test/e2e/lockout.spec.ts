import { COMPANY, expect, shot, signIn, test } from './fixtures';

// Issue 2 acceptance (b): 5 wrong passwords lock the account; the lock message shows, and then
// even the right password is refused.
test('five wrong passwords lock the account, and then the right one is refused too', async ({ page, app }) => {
  await app.setUp();
  await page.goto(app.url);
  const sm = COMPANY.safetyManager;

  for (let i = 1; i <= 4; i++) {
    await signIn(page, sm.loginId, `wrong-password-${i}`);
    await expect(page.getByTestId('form-error')).toHaveText('ログインIDまたはパスワードが正しくありません。');
    if (i === 1) await shot(page, 'signin-bad-credentials');
  }
  // An unknown id gets the very same message (nothing reveals whether an account exists).
  await signIn(page, 'nobody.here', 'wrong-password-x');
  await expect(page.getByTestId('form-error')).toHaveText('ログインIDまたはパスワードが正しくありません。');

  await signIn(page, sm.loginId, 'wrong-password-5');
  const locked = 'サインインに続けて失敗したため、15分間サインインできません。時間をおいて再度お試しください。';
  await expect(page.getByTestId('form-error')).toHaveText(locked);
  await shot(page, 'signin-locked');

  await signIn(page, sm.loginId, sm.password);
  await expect(page.getByTestId('form-error')).toHaveText(locked);
  await expect(page.getByRole('heading', { name: 'サインイン' })).toBeVisible();
  // The password box is emptied after every refusal.
  await expect(page.getByRole('textbox', { name: 'パスワード', exact: true })).toHaveValue('');

  // The lock is the account's, not the browser's: a fresh session is refused as well.
  await expect(app.signInCore(sm.loginId, sm.password)).rejects.toThrow(/account_locked/);
});
