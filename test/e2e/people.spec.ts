import { COMPANY, expect, shot, signIn, test, cancelTyped } from './fixtures';

// The people register beyond the happy path: refusals at the field with nothing stored,
// deactivation with a reason, filters, store-side paging and sorting, a virtualized 500-row page,
// and the English catalog.
test('people register: refusals at the field, deactivation, filters, paging, English', async ({ page, app }) => {
  await app.setUp();
  const token = await app.signInCore(COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const hq = await app.headOffice(token);
  // 320 people already on file, entered through the core.
  for (let i = 1; i <= 320; i++) {
    const n = String(i).padStart(4, '0');
    const kana = [...n].map((d) => 'アイウエオカキクケコ'[Number(d)]).join('');
    await app.core('people.add', { name: `社員 ${n}`, kana: `シャイン ${kana}`, employeeNo: `P${n}`, department: i % 2 ? '営業部' : '製造部', siteId: hq.id, cardNo: null, serverRoomAuthorized: i % 10 === 0 }, token);
  }

  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByText('320名')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  const total = page.getByTestId('pager-total');
  await expect(total).toContainText('全320件');
  await expect(page.getByText('1 / 7ページ')).toBeVisible();

  // Invalid input: the message sits at the field, and nothing is stored.
  await page.getByRole('button', { name: '人員を登録' }).click();
  const add = page.getByTestId('add-dialog');
  await add.getByLabel('氏名').fill('重複 次郎');
  await add.getByLabel('フリガナ').fill('juufuku jirou');
  await add.getByLabel('社員番号').fill('P0001');
  await add.getByLabel('所属部署').fill('総務部');
  await add.getByRole('button', { name: '登録する' }).click();
  await expect(add.getByLabel('フリガナ')).toHaveAccessibleDescription('フリガナはカタカナまたはひらがなで入力してください。');
  await add.getByLabel('フリガナ').fill('ジュウフク ジロウ');
  await add.getByRole('button', { name: '登録する' }).click();
  // The core refuses the duplicate employee number; its message lands on that field.
  await expect(add.getByLabel('社員番号')).toHaveAccessibleDescription('この社員番号はすでに登録されています。');
  await expect(add.getByLabel('社員番号')).toBeFocused();
  await shot(page, 'people-add-refused');
  await cancelTyped(add);
  expect((await app.core('people.list', { search: '重複' }, token)).value.total).toBe(0);

  // Search, then deactivate with a reason.
  // Its name is the words it shows (a walk-through heard 「検索」 for a box that reads 「記録を検索」).
  await expect(page.getByRole('searchbox', { name: '氏名・フリガナ・社員番号・部署で検索', exact: true })).toHaveAttribute('placeholder', '氏名・フリガナ・社員番号・部署で検索');
  await page.getByTestId('people-search').fill('P0007');
  await expect(total).toContainText('全1件');
  const row = page.getByTestId('person-row').filter({ hasText: '社員 0007' });
  await row.getByRole('button', { name: '無効にする: 社員 0007' }).click();
  const deactivate = page.getByTestId('set-active-dialog');
  await deactivate.getByRole('button', { name: '無効にする' }).click();
  await expect(deactivate.getByLabel('理由')).toHaveAccessibleDescription(/入力してください。/);
  await deactivate.getByLabel('理由').fill('11月30日付で退職');
  await shot(page, 'people-deactivate');
  await deactivate.getByRole('button', { name: '無効にする' }).click();
  await expect(deactivate).toHaveCount(0);
  await expect(total).toContainText('全0件'); // only active people are listed by default
  await page.getByLabel('状態').selectOption({ label: 'すべて' });
  await expect(row).toContainText('無効');
  await page.getByLabel('状態').selectOption({ label: '無効のみ' });
  await expect(total).toContainText('全1件');
  await page.getByLabel('状態').selectOption({ label: '有効のみ' });
  await page.getByTestId('people-search').fill('');
  await expect(total).toContainText('全319件');

  // Sorting happens in the store: employee number, descending.
  await page.getByRole('button', { name: '社員番号' }).click();
  await expect(page.getByRole('columnheader', { name: '社員番号' })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: '社員番号' }).click();
  await expect(page.getByRole('columnheader', { name: '社員番号' })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('person-row').first()).toContainText('P0320');
  await page.getByRole('button', { name: '次のページ' }).click();
  await expect(page.getByTestId('person-row').first()).toContainText('P0270');
  await expect(page.getByText('2 / 7ページ')).toBeVisible();

  // 500 rows per page: all 319 on one page, but only the rows in view are in the DOM.
  await page.getByLabel('表示件数').selectOption('500');
  await expect(page.getByText('1 / 1ページ')).toBeVisible();
  await expect(page.getByTestId('person-row').first()).toContainText('P0320');
  const rendered = await page.getByTestId('person-row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  await page.getByTestId('people-table').locator('xpath=..').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('person-row').filter({ hasText: 'P0001' })).toBeVisible();
  await shot(page, 'people-list-500');

  // English, remembered across a reload.
  await page.getByRole('button', { name: 'English' }).first().click();
  await expect(page.getByRole('heading', { name: 'People register' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'People register' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Dashboard' })).toBeVisible();
  // The registration date in English: this month's short name (Japan time), whatever month it is.
  await expect(page.getByTestId('person-row').first()).toContainText(new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'Asia/Tokyo' }).format(new Date()));
  await shot(page, 'people-list-en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await shot(page, 'signin-en');
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { name: 'サインイン' })).toBeVisible();
});
