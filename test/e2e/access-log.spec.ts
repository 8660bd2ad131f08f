import { COMPANY, expect, shot, signIn, test } from './fixtures';

// Issue 10 (SPEC §4.6) in Chromium against the real core: the administrator sees last month's
// unchecked systems on the dashboard, records a check with an anomaly and the action taken on it,
// and the system leaves the dashboard's list; a second check of the same month is refused.

function lastMonth(): string {
  const jst = new Date(Date.now() + 9 * 3_600_000);
  const d = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

test('access-log check: unchecked systems on the dashboard, a check with an anomaly and its action, once a month', async ({ page, app }) => {
  await app.setUp();
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  const hq = await app.headOffice(admin);
  await app.core('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバ /archive/fs01', retentionMonths: 12 }, admin);
  await app.core('systems.add', { code: 'CL-01', name: 'Microsoft 365', kind: 'cloud', siteId: hq.id, logLocation: '監査ログ', retentionMonths: 12 }, admin);

  await page.goto(app.url);
  await signIn(page, COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  const panel = page.getByTestId('unchecked-systems');
  await expect(panel.getByTestId('unchecked-system')).toHaveCount(2);
  await shot(page, 'dashboard-unchecked-systems');

  await page.getByRole('navigation').getByRole('link', { name: 'アクセスログ確認記録' }).click();
  // The window's title says the page (WCAG 2.4.2; it was 「台帳」 on every page).
  await expect(page).toHaveTitle('アクセスログ確認記録 — 台帳');
  // What is still to check is said above the list too, and read again after each save (a walk-through: only 「該当する記録はありません」).
  const onList = page.getByTestId('unchecked-systems');
  await expect(onList.getByTestId('unchecked-system')).toHaveCount(2);
  await page.getByRole('button', { name: '記録する' }).click();
  const add = page.getByTestId('record-add-dialog');
  await add.getByLabel('システム').selectOption({ label: 'SV-01 ファイルサーバ' });
  // The month being checked now is last month: the form starts there (a walk-through found it empty).
  await expect(add.getByLabel('対象月')).toHaveValue(lastMonth());
  // What leaving the findings empty means is said at the field (a walk-through).
  await expect(add.getByLabel('見つかった異常')).toHaveAccessibleDescription('異常がなければ空欄のままにしてください。');
  // 取得 and 保管 are chosen each time, はい or いいえ in the ledger's words: none starts chosen, and
  // saving without them says so at each (a walk-through: the checkboxes started as 不足あり / 不備あり).
  const logs = add.getByRole('radiogroup', { name: '1か月分のログを取得' });
  const stored = add.getByRole('radiogroup', { name: 'ログを安全に保管' });
  await expect(logs.getByRole('radio')).toHaveCount(2);
  for (const group of [logs, stored]) for (const radio of await group.getByRole('radio').all()) await expect(radio).not.toBeChecked();
  await add.getByRole('button', { name: '記録する' }).click();
  await expect(logs).toHaveAccessibleDescription('選んでください。');
  await expect(stored).toHaveAccessibleDescription('選んでください。');
  await expect(logs.getByRole('radio', { name: '取得済' })).toBeFocused();
  await logs.getByRole('radio', { name: '取得済' }).check();
  await stored.getByRole('radio', { name: '保管済' }).check();
  await add.getByLabel('見つかった異常').fill('深夜帯の管理者ログイン 2件');
  // 「なし」 typed as the action is refused at the field, its two-line message in view above the buttons (a user probe at 1280×800: half under them).
  await add.getByLabel('対応').fill('なし');
  await add.getByRole('button', { name: '記録する' }).click();
  await expect(add.getByLabel('対応')).toBeFocused();
  const message = add.locator('.field-error').filter({ hasText: 'まだ対応していないときは' });
  await expect(message).toBeInViewport({ ratio: 1 });
  const [messageBottom, footerTop] = await Promise.all([message.evaluate((e) => e.getBoundingClientRect().bottom), add.locator('.form-actions').last().evaluate((e) => e.getBoundingClientRect().top)]);
  expect(messageBottom).toBeLessThanOrEqual(footerTop);
  await add.getByLabel('対応').fill('本人に確認し、正当な保守作業であることを作業報告書で確認');
  await shot(page, 'access-log-record');
  await add.getByRole('button', { name: '記録する' }).click();
  await expect(add).toHaveCount(0);
  const row = page.getByTestId('record-row').filter({ hasText: 'ファイルサーバ' });
  await expect(row).toContainText('取得済');
  await expect(row).toContainText('深夜帯の管理者ログイン 2件');
  await expect(onList.getByTestId('unchecked-system')).toHaveCount(1);
  await expect(onList).toContainText('Microsoft 365');
  await shot(page, 'access-log-list');
  // A system still to check opens its check with the system and month given (a walk-through: each began from a dropdown).
  await onList.getByRole('button', { name: /^確認を記録（CL-01 Microsoft 365）$/ }).click();
  await expect(add.getByLabel('システム').locator('option:checked')).toHaveText('CL-01 Microsoft 365');
  await expect(add.getByLabel('対象月')).toHaveValue(lastMonth());
  await add.getByRole('button', { name: 'キャンセル' }).click();
  await expect(add).toHaveCount(0);

  // The same system and month again: refused at the field, nothing stored.
  await page.getByRole('button', { name: '記録する' }).click();
  await add.getByLabel('システム').selectOption({ label: 'SV-01 ファイルサーバ' });
  await add.getByLabel('対象月').fill(lastMonth());
  await logs.getByRole('radio', { name: '不足あり' }).check();
  await stored.getByRole('radio', { name: '保管済' }).check();
  await add.getByRole('button', { name: '記録する' }).click();
  await expect(add.getByLabel('対象月')).toHaveAccessibleDescription(/すでに確認済みです/);
  // The browser's Back with the form filled: the dialog asks, as its × does, and nothing typed is lost
  // (a user probe: Back threw a filled form away without a word); going back to the form keeps it all.
  await page.goBack();
  await expect(add.getByTestId('discard-confirm')).toBeVisible();
  await expect(add.getByLabel('システム').locator('option:checked')).toHaveText('SV-01 ファイルサーバ');
  await add.getByTestId('discard-confirm').getByRole('button', { name: '入力に戻る' }).click();
  await expect(add.getByLabel('対象月')).toHaveValue(lastMonth());
  // Back again asks again.
  await page.goBack();
  await expect(add.getByTestId('discard-confirm')).toBeVisible();
  await add.getByTestId('discard-confirm').getByRole('button', { name: '保存せずに閉じる' }).click();
  await expect(add).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'アクセスログ確認記録' })).toBeVisible();
  expect((app.daicho.store.db.prepare('SELECT count(*) AS n FROM access_log_checks').get() as { n: number }).n).toBe(1);

  await page.getByRole('navigation').getByRole('link', { name: 'ダッシュボード' }).click();
  await expect(panel.getByTestId('unchecked-system')).toHaveCount(1);
  await expect(panel.getByTestId('unchecked-system')).toContainText('Microsoft 365');
  await page.getByRole('navigation').getByRole('link', { name: 'システム台帳' }).click();
  await expect(page.getByTestId('record-row')).toHaveCount(2);
  await shot(page, 'systems-register');

  // Each site's business-day calendar, with the password again (admin work).
  await page.getByRole('navigation').getByRole('link', { name: '営業日カレンダー' }).click();
  const elevate = page.getByTestId('elevate-form');
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(COMPANY.sysadmin.password);
  await elevate.getByRole('button', { name: '確認' }).click();
  await page.getByLabel('会社休日').fill('2026-12-29\n2026-12-30');
  // The month as the rules would judge it with the dates as typed: December 2026, from whichever month the test runs in.
  const month = page.getByTestId('calendar-month');
  const towards = new Date().toISOString().slice(0, 7) < '2026-12' ? '次の月' : '前の月';
  for (let i = 0; i < 36 && (await month.locator('.cal-title').textContent()) !== '令和8年12月'; i++) await month.getByRole('button', { name: towards }).click();
  await expect(month.locator('.cal-title')).toHaveText('令和8年12月');
  await expect(month.locator('[data-date="2026-12-29"]')).toHaveAttribute('data-kind', 'company_holiday');
  await expect(month.locator('[data-date="2026-12-29"]')).toContainText('会社休日');
  await expect(month.locator('[data-date="2026-12-05"]')).toHaveAttribute('data-kind', 'weekend');
  // 31 days, 8 of them weekends, the two company holidays typed: 21 business days.
  await expect(month.getByTestId('calendar-month-count')).toHaveText('営業日 21日');
  await month.scrollIntoViewIfNeeded();
  await shot(page, 'site-calendar-month');
  // A national holiday by its name; a typed day taken out is a business day again.
  await month.getByRole('button', { name: '前の月' }).click();
  await expect(month.locator('[data-date="2026-11-23"]')).toHaveAttribute('data-kind', 'national_holiday');
  await expect(month.locator('[data-date="2026-11-23"]')).toContainText('勤労感謝の日');
  // A day already begun is judged by the calendar as it stood then: typed in as a holiday now, it stays a business day, said so.
  await page.getByLabel('会社休日').fill('2026-11-20\n2026-12-29\n2026-12-30');
  await expect(month.locator('[data-date="2026-11-20"]')).toHaveAttribute('data-kind', 'business');
  await expect(month.locator('[data-date="2026-11-20"]')).toContainText('判定済み（変更は効きません）');
  await page.getByLabel('会社休日').fill('2026-12-29\n2026-12-30');
  await expect(month.locator('[data-date="2026-11-20"]')).not.toContainText('判定済み');
  await month.getByRole('button', { name: '次の月' }).click();
  await page.getByLabel('会社休日').fill('2026-12-29\n2026-12-30\n2026-12-31');
  await expect(month.getByTestId('calendar-month-count')).toHaveText('営業日 20日');
  // Lines that are not days: said at the box, naming them, the box marked and focused; nothing saved (a user probe: one message at the page's top, out of sight).
  const holidays = page.getByLabel('会社休日');
  await holidays.fill('2026-12-29\n2026-02-30\n2026/12/30\n明日');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(holidays).toBeFocused();
  await expect(holidays).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field', { has: holidays }).locator('.field-error')).toHaveText('日付として読めない行があります：2026-02-30・2026/12/30・明日。1行に1日、「2026-12-29」の形で入力してください。');
  await expect(holidays).toHaveAccessibleDescription(/^日付として読めない行があります：/);
  expect(app.daicho.store.db.prepare('SELECT value FROM settings WHERE id = ?').get(`calendar.site.${hq.id}`)).toBeUndefined();
  await page.getByLabel('会社休日').fill('2026-12-29\n2026-12-30');
  await page.getByRole('textbox', { name: '変更の理由' }).fill('年末の休業日を追加');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('flash')).toContainText('営業日カレンダーを保存しました。');
  await expect(holidays).not.toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'site-calendar');
  const saved = app.daicho.store.db.prepare('SELECT value FROM settings WHERE id = ?').get(`calendar.site.${hq.id}`) as { value: string };
  expect(JSON.parse(saved.value)).toEqual({ companyHolidays: ['2026-12-29', '2026-12-30'], workedHolidays: [] });
});
