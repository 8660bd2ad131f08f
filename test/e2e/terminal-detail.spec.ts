import { expect, test } from './fixtures';
import { setUpServerRoom, startDoorTerminal } from './server-room-fixtures';

// A purpose that needs its detail (その他), 入室 pressed with the detail empty: the door refuses at the
// field. A probe at 1024×768 found focus on the greeting and the field half under the fixed header.
test('door terminal: a purpose whose detail is missing takes focus to the detail, in view, marked', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.setViewportSize({ width: 1024, height: 768 });
  await startDoorTerminal(page, app.url);

  await page.keyboard.type('CARD1001');
  await page.keyboard.press('Enter');
  const enterScreen = page.getByTestId('terminal-enter-screen');
  await expect(enterScreen).toContainText('山田 太郎 さん');
  await page.getByRole('radio', { name: 'その他' }).click();
  const detail = page.getByRole('textbox', { name: '目的の詳細' });
  await detail.fill('   ');
  await page.getByTestId('terminal-enter').click();

  await expect(page.getByTestId('terminal-inline-error')).toHaveText('この目的では詳細を入力してください。');
  await expect(detail).toBeFocused();
  await expect(detail).toHaveAttribute('aria-invalid', 'true');
  await expect(detail).toHaveAccessibleDescription('この目的では詳細を入力してください。');
  await expect(detail).toBeInViewport({ ratio: 1 });
  // Clear of the fixed header above the scrolling body.
  const [fieldTop, bodyTop] = await Promise.all([detail.evaluate((e) => e.getBoundingClientRect().top), page.locator('.kiosk-person-body').evaluate((e) => e.getBoundingClientRect().top)]);
  expect(fieldTop).toBeGreaterThanOrEqual(bodyTop);
  // Typed, it goes in.
  await detail.fill('ラック増設の下見');
  await page.getByTestId('terminal-enter').click();
  await expect(page.getByTestId('terminal-done')).toContainText('入室を記録しました');
});
