import { COMPANY, expect, shot, test } from './fixtures';
import type { Page } from '@playwright/test';

// Issue 6, point 13: the setup wizard refuses a shared login id and weak passwords on the step
// where they are typed, at the field, when 次へ is pressed (the rules of the core's schema,
// shared/domain/password-policy), not only after 登録する on the last step; the checklist marks
// the common-password rule ✗ while typing.

async function toAccountStep(page: Page) {
  await page.getByLabel('会社名').fill(COMPANY.companyName);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: /システム管理者/ })).toBeVisible();
}

async function fillAccount(page: Page, a: { displayName: string; loginId: string; password: string }) {
  await page.getByLabel('氏名').fill(a.displayName);
  await page.getByLabel('ログインID').fill(a.loginId);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(a.password);
  await page.getByRole('textbox', { name: 'パスワード（確認）' }).fill(a.password);
}

const rule = (page: Page, name: RegExp) => page.locator('.password-rules li').filter({ hasText: name });

test('setup wizard: a shared id and weak passwords are refused at the field on 次へ', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: '初期設定' })).toBeVisible();
  await toAccountStep(page);
  const loginId = page.getByLabel('ログインID');
  const password = page.getByRole('textbox', { name: 'パスワード', exact: true });
  const next = page.getByRole('button', { name: '次へ' });
  const onStep2 = () => expect(page.getByRole('heading', { name: /システム管理者/ })).toBeVisible();

  // A shared login id (Art. 16(2)).
  await fillAccount(page, { displayName: '佐藤 健', loginId: 'admin', password: 'Kumo-no-ue-7491' });
  await next.click();
  await expect(loginId).toHaveAccessibleDescription(/^guest・admin・test などの共用IDは使えません。door・kioskpc・admin.hq のように場所や用途だけを表すIDも使えません（1人1ID）。/);
  await expect(loginId).toBeFocused();
  await onStep2();
  await shot(page, 'setup-step-shared-id');
  await loginId.fill('sato.ken');
  await expect(loginId).toHaveAttribute('aria-invalid', 'false');

  // Too short.
  await password.fill('Kumo-74');
  await page.getByRole('textbox', { name: 'パスワード（確認）' }).fill('Kumo-74');
  await next.click();
  await expect(password).toHaveAccessibleDescription('パスワードは10文字以上にしてください。');
  await onStep2();

  // Common: the checklist says so while typing, and 次へ refuses it.
  await password.fill('password123');
  await page.getByRole('textbox', { name: 'パスワード（確認）' }).fill('password123');
  await expect(rule(page, /よく使われるパスワード/)).toHaveClass(/rule-bad/);
  await expect(rule(page, /よく使われるパスワード/)).toContainText('満たしていません');
  await expect(rule(page, /10文字以上/)).toHaveClass(/rule-ok/);
  await shot(page, 'setup-step-common-checklist');
  await next.click();
  await expect(password).toHaveAccessibleDescription('よく使われるパスワードや単純な並びは使えません。');
  await onStep2();
  await shot(page, 'setup-step-common');
  await password.fill('aaaaaaaaaa');
  await page.getByRole('textbox', { name: 'パスワード（確認）' }).fill('aaaaaaaaaa');
  await expect(rule(page, /よく使われるパスワード/)).toHaveClass(/rule-bad/);
  await next.click();
  await expect(password).toHaveAccessibleDescription('よく使われるパスワードや単純な並びは使えません。');

  // Contains the login id, then the name.
  await password.fill('xsato.ken-7491');
  await page.getByRole('textbox', { name: 'パスワード（確認）' }).fill('xsato.ken-7491');
  await expect(rule(page, /ログインIDを含まない/)).toHaveClass(/rule-bad/);
  await next.click();
  await expect(password).toHaveAccessibleDescription('パスワードにログインIDを含めないでください。');
  await page.getByLabel('氏名').fill('Yamamoto Ken');
  await password.fill('Yamamoto-7491q');
  await page.getByRole('textbox', { name: 'パスワード（確認）' }).fill('Yamamoto-7491q');
  await expect(rule(page, /氏名を含まない/)).toHaveClass(/rule-bad/);
  await next.click();
  await expect(password).toHaveAccessibleDescription('パスワードに氏名を含めないでください。');
  await onStep2();
  await shot(page, 'setup-step-contains-name');

  // A good one passes to the next step; the safety manager's step refuses the same way.
  await fillAccount(page, COMPANY.sysadmin);
  await expect(page.locator('.password-rules li.rule-bad')).toHaveCount(0);
  await next.click();
  await expect(page.getByRole('heading', { name: /安全管理責任者/ })).toBeVisible();
  await fillAccount(page, { displayName: COMPANY.safetyManager.displayName, loginId: 'guest01', password: 'password123' });
  await next.click();
  await expect(page.getByLabel('ログインID')).toHaveAccessibleDescription(/^guest・admin・test などの共用IDは使えません/);
  await expect(page.getByRole('textbox', { name: 'パスワード', exact: true })).toHaveAccessibleDescription('よく使われるパスワードや単純な並びは使えません。');
  await expect(page.getByRole('heading', { name: /安全管理責任者/ })).toBeVisible();
  await shot(page, 'setup-step-sm-refused');
  expect((await app.core('setup.status', {})).value.needsSetup).toBe(true);
});
