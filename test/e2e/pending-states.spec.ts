import { COMPANY, expect, shot, signIn, test } from './fixtures';

// A user probe: slow checks gave no sign that they were working (sign-in, the e-signature, the door
// terminal's PIN: only the button faded), and the print page's PDF buttons did nothing, silently, while
// the preview loaded (印刷… and CSV were disabled, the PDF ones not).

test('a slow sign-in says 確認しています… in sight and in a live region while it is checked', async ({ page, app }) => {
  await app.setUp();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/auth.signIn', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(app.url);
  const status = page.getByRole('status').filter({ hasText: '確認しています…' });
  await expect(status).toHaveCount(0);
  await signIn(page, COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await expect(status).toBeVisible();
  await shot(page, 'pending-sign-in');
  release();
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
});

test('the print page: while the preview loads every button says so when pressed, and works once it is shown', async ({ page, app }) => {
  await app.setUp();
  const sm = await app.signInCore(COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const hq = await app.headOffice(sm);
  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/print.sheet', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${app.url}#/print/serverRoom/${hq.id}/2026-11`);
  const names = ['印刷…', 'PDFで保存', 'CSVで保存', 'この月の台帳一式をPDFで保存'];
  for (const name of names) {
    const b = page.getByRole('button', { name, exact: true });
    // Each one focusable and said to be unavailable (aria-disabled), none natively disabled.
    await expect(b).toHaveAttribute('aria-disabled', 'true');
    await expect(b).not.toHaveAttribute('disabled');
  }
  const note = page.getByTestId('print-not-ready');
  await expect(note).toHaveCount(0);
  // Pressed from the keyboard (a pointer's click waits for the button to be enabled).
  await page.getByRole('button', { name: 'PDFで保存', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(note).toHaveText('プレビューを読み込み中です。表示されてからもう一度押してください。');
  await expect(page.getByRole('button', { name: 'PDFで保存', exact: true })).toBeFocused();
  await shot(page, 'print-not-ready');
  release();
  await expect(page.getByTestId('print-preview')).toBeVisible();
  await expect(note).toHaveCount(0);
  for (const name of names) await expect(page.getByRole('button', { name, exact: true })).toHaveAttribute('aria-disabled', 'false');
});
