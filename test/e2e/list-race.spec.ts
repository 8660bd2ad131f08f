import type { Page } from '@playwright/test';
import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { CLERK, earlierThisMonth, seedBookMonth } from './server-room-fixtures';

// Issue 6, point 18: two filter changes within a moment (a month, then the page size) must both
// land in the address, and the list must show the answer to the latest request whatever order the
// answers arrive in. The list calls are slowed down so that the first answer arrives last.

/** Delay each call of `method`: the n-th request waits delays[n] ms (then the last one) before it goes. */
async function slowDown(page: Page, method: string, delays: number[]) {
  let n = 0;
  const seen: unknown[] = [];
  await page.route(`**/api/${method}`, async (route) => {
    const wait = delays[Math.min(n++, delays.length - 1)];
    seen.push(route.request().postDataJSON());
    await new Promise((r) => setTimeout(r, wait));
    await route.continue();
  });
  return seen;
}

/** Two changes in the same moment: both selects changed and their change events sent in one task. */
async function changeBoth(page: Page, first: { selector: string; value: string }, second: { selector: string; value: string }) {
  await page.evaluate(([a, b]) => {
    for (const { selector, value } of [a, b]) {
      const select = document.querySelector(selector) as HTMLSelectElement;
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }, [first, second] as const);
}

test('server-room book: a month and then the page size, quickly, with answers out of order', async ({ page, app }) => {
  const s = await seedBookMonth(app);
  const month = (await app.core('serverRoom.list', { month: s.month, pageSize: 500 }, s.world.sm)).value;
  const monthIds = new Set(month.rows.map((r) => r.id));
  // Something in this month too, so that "the old month put back" would show rows.
  for (const [person, minutes] of [[s.world.yamada, 60], [s.world.sasaki, 30]] as const) {
    // Both times in this month, however early in it the test runs.
    const entered = earlierThisMonth((minutes + 10) * 60_000);
    const exited = Math.max(earlierThisMonth(minutes * 60_000), entered);
    await app.core('serverRoom.record', { siteId: s.world.hq.id, personId: person.id, enteredAt: new Date(entered).toISOString(), exitedAt: new Date(exited).toISOString(), purpose: 'maintenance' }, s.world.clerk);
  }

  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  await expect(page.getByTestId('pager-total')).toContainText('全2件');

  // The first answer (the month, 50 a page) is held back longer than the second (the month, 100 a page).
  const requests = await slowDown(page, 'serverRoom.list', [1500, 100]);
  await changeBoth(page, { selector: '[data-testid="filter-month"]', value: s.month }, { selector: '.pager-size select', value: '100' });

  await expect(page).toHaveURL(new RegExp(`month=${s.month}`));
  await expect(page).toHaveURL(/size=100/);
  await expect(page.getByTestId('filter-month')).toHaveValue(s.month);
  await expect(page.locator('.pager-size select')).toHaveValue('100');
  await expect(page.getByTestId('pager-total')).toHaveText(`全${s.total}件（1〜100件目）`);
  // Let the held-back answer arrive: it must not replace the latest one.
  await page.waitForTimeout(1800);
  await expect(page.getByTestId('pager-total')).toHaveText(`全${s.total}件（1〜100件目）`);
  expect(new URL(page.url().replace('#/', '')).searchParams.get('month')).toBe(s.month);
  const shown = await page.getByTestId('stay-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')!));
  expect(shown.length).toBeGreaterThan(5);
  expect(shown.filter((id) => !monthIds.has(id))).toEqual([]);
  // The last request asked for the new month with the new page size.
  expect(requests.at(-1)).toMatchObject({ month: s.month, pageSize: 100 });
  await shot(page, 'list-race-book');

  // Two requests in flight: the page size back to 50 (its answer held back), then 異常のみ a moment
  // later (answered at once). The late answer to the older request must not replace the newer one.
  await page.unroute('**/api/serverRoom.list');
  const second = await slowDown(page, 'serverRoom.list', [1500, 100]);
  await page.locator('.pager-size select').selectOption('50');
  await expect.poll(() => second.length).toBe(1);
  await page.getByTestId('filter-anomalies').check();
  await expect(page.getByTestId('pager-total')).toHaveText(`全${s.flagged.length}件`);
  await page.waitForTimeout(1800);
  expect(second).toHaveLength(2);
  await expect(page.getByTestId('pager-total')).toHaveText(`全${s.flagged.length}件`);
  await expect(page).toHaveURL(/anomalies=1/);
  await expect(page).not.toHaveURL(/size=/);
  const flaggedShown = await page.getByTestId('stay-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')!));
  expect(flaggedShown.filter((id) => !s.flagged.includes(id))).toEqual([]);
  await shot(page, 'list-race-book-out-of-order');
});

test('people register: a site and then the page size, quickly, with answers out of order', async ({ page, app }) => {
  await app.setUp();
  const sm = await app.signInCore(COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const [hq, osaka] = (await app.core('sites.list', {}, sm)).value;
  for (let i = 1; i <= 64; i++) {
    const n = String(i).padStart(3, '0');
    const kana = [...n].map((d) => 'アイウエオカキクケコ'[Number(d)]).join('');
    await app.core('people.add', { name: `社員 ${n}`, kana: `シャイン ${kana}`, employeeNo: `P${n}`, department: '営業部', siteId: i <= 8 ? hq.id : osaka.id, cardNo: null, serverRoomAuthorized: false }, sm);
  }
  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  await expect(page.getByTestId('pager-total')).toContainText('全64件');

  const requests = await slowDown(page, 'people.list', [1500, 100]);
  await changeBoth(page, { selector: '[data-testid="filter-site"]', value: osaka.id }, { selector: '.pager-size select', value: '100' });
  await expect(page).toHaveURL(new RegExp(`site=${osaka.id}`));
  await expect(page).toHaveURL(/size=100/);
  await expect(page.getByTestId('pager-total')).toHaveText('全56件');
  await page.waitForTimeout(1800);
  await expect(page.getByTestId('pager-total')).toHaveText('全56件');
  await expect(page.getByTestId('person-row').filter({ hasText: '本社' })).toHaveCount(0);
  expect(requests.at(-1)).toMatchObject({ siteId: osaka.id, pageSize: 100 });
  await shot(page, 'list-race-people');
});
