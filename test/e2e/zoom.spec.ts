import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { CLERK, seedBookMonth, setUpServerRoom } from './server-room-fixtures';
import { formatDate, formatDateShort } from '../../shared/dates';

// WCAG 1.4.10 / JIS X 8341-3 at 200% zoom (1280×800 seen as 640×400 CSS px): one column; the menu a
// strip that scrolls sideways; the page header's actions below the title, in the window, reached by Tab.
test('at 200% zoom the server-room book and the dashboard reflow: every action in the window', async ({ page, app }) => {
  const s = await seedBookMonth(app);
  await page.setViewportSize({ width: 640, height: 400 });
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await shot(page, 'zoom200-dashboard');
  await page.goto(`${app.url}#/server-room?month=${s.month}`);
  const record = page.getByRole('button', { name: '記録する' });
  await expect(record).toBeVisible();
  await record.focus();
  const box = (await record.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(640);
  // The window itself never scrolls sideways (the menu strip and the table scroll in their own boxes).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
  await shot(page, 'zoom200-server-room');
  // A time's hover text is the date in words, not the stored value.
  for (const title of await page.locator('time[title]').evaluateAll((els) => els.slice(0, 5).map((e) => e.getAttribute('title')))) expect(title).toMatch(/^令和\d+年/);
});

test('a register is registered in, not recorded in: its button, dialog title and submit say 登録 (a walk-through)', async ({ page, app }) => {
  await seedBookMonth(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.goto(`${app.url}#/assets`);
  await page.getByRole('button', { name: '登録する' }).click();
  const dialog = page.getByTestId('record-add-dialog');
  await expect(dialog.getByRole('heading', { name: '持出資産台帳に登録する' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: '登録する' })).toBeVisible();
});

test('a screen that fails while drawing says so in its place; the menu still works (a walk-through: the window went blank)', async ({ page, app }) => {
  await seedBookMonth(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  // The host answered with something the screen cannot draw (as a host of another version might).
  await page.route('**/api/sites.list', (route) => route.fulfill({ json: { ok: true, value: [null] } }));
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  await expect(page.getByTestId('page-failed')).toContainText('この画面を表示できませんでした。');
  await expect(page.getByRole('button', { name: '再読み込み' })).toBeVisible();
  // Another screen from the menu draws as usual.
  await page.getByRole('navigation').getByRole('link', { name: 'ダッシュボード' }).click();
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await expect(page.getByTestId('page-failed')).toHaveCount(0);
});

test.describe('on a PC whose clock is not set to Japan time', () => {
  test.use({ timezoneId: 'UTC' });
  test('dates and times are Japan’s, whatever the PC’s zone (a walk-through: 08:00 in Tokyo showed the day before)', async ({ page, app }) => {
    const w = await setUpServerRoom(app);
    // Yesterday 08:00 in Tokyo is the day before yesterday 23:00 in UTC.
    const day = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Tokyo' });
    const enteredAt = new Date(`${day}T08:00:00+09:00`).toISOString();
    await app.core('serverRoom.record', { siteId: w.hq.id, personId: w.yamada.id, enteredAt, exitedAt: new Date(`${day}T08:30:00+09:00`).toISOString(), purpose: 'maintenance' }, w.clerk);
    await page.goto(app.url);
    await signIn(page, CLERK.loginId, CLERK.password);
    await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
    await expect(page.getByTestId('today')).toHaveText(formatDate(new Date(), 'ja', { weekday: true, timeZone: 'Asia/Tokyo' }));
    await page.goto(`${app.url}#/server-room?month=${day.slice(0, 7)}`);
    const row = page.getByTestId('stay-row').filter({ hasText: '山田 太郎' }).first();
    // The day as the list writes it (12月6日（日）; the year where it is not this one's), Japan's.
    await expect(row).toContainText(formatDateShort(day, 'ja', new Date(), 'Asia/Tokyo'));
    await expect(row).toContainText('08:00');
  });
});

// A walk-through at 200% zoom: the safety manager's list of months to review stuck out of its card by
// 32 px, the page scrolled sideways and 「点検する」 was cut off at the edge.
test('at 200% zoom the review list keeps the page in the window: its tables scroll in their own box', async ({ page, app }) => {
  await seedBookMonth(app);
  await page.setViewportSize({ width: 640, height: 400 });
  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`${app.url}#/review`);
  await expect(page.getByTestId('review-units')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
  const main = page.locator('main');
  expect(await main.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  await shot(page, 'zoom200-review-list');
});
