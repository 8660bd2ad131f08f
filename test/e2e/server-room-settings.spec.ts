import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { localInput, setUpServerRoom, STAFF, stayBase } from './server-room-fixtures';

// SPEC §4: the server-room book's thresholds and purpose list are settings per site. A safety
// manager confirms their password (admin page), changes the business hours (a wrong order is
// refused at the field first), adds a purpose that needs details and retires another; the record
// form then offers the new purpose and no longer the retired one. SPEC §7: a forgotten PIN is
// cleared from the people register with a reason.
test('server-room settings: business hours, a new purpose offered in the record form; PIN reset', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  await app.core('me.setPin', { password: STAFF.password, pin: '2468' }, w.staff);
  const sm = COMPANY.safetyManager;

  await page.goto(app.url);
  await signIn(page, sm.loginId, sm.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();

  // 1. The settings page is an admin page: the password first.
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルームの設定' }).click();
  const elevate = page.getByTestId('elevate-form');
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(sm.password);
  await elevate.getByRole('button', { name: '確認' }).click();
  await expect(page.getByRole('heading', { name: 'サーバルームの設定' })).toBeVisible();
  await expect(page.getByTestId('sr-settings-site')).toHaveValue(w.hq.id);
  await expect(page.getByTestId('sr-settings-state')).toHaveText('この拠点は既定の設定を使っています。保存すると、この拠点専用の設定になります。');
  const start = page.getByRole('textbox', { name: '営業開始' });
  const end = page.getByRole('textbox', { name: '営業終了' });
  await expect(start).toHaveValue('08:00');
  await expect(end).toHaveValue('20:00');
  await expect(page.getByTestId('sr-purpose-row')).toHaveCount(6);

  // 2. Business hours: an end before the start is refused at the field, nothing is saved.
  await start.fill('09:00');
  await end.fill('08:30');
  await page.getByRole('button', { name: '設定を保存' }).click();
  await expect(end).toHaveAccessibleDescription('終了時刻は開始時刻より後にしてください。');
  await end.fill('18:30');
  await page.getByRole('spinbutton', { name: /滞在時間の上限/ }).fill('180');

  // 3. Purposes: add one that needs details, retire 機器設置・撤去.
  await page.getByRole('button', { name: '目的を追加' }).click();
  const added = page.getByRole('textbox', { name: '表示名 7' });
  await expect(added).toBeFocused();
  await added.fill('空調設備点検');
  await page.getByRole('checkbox', { name: '詳細の入力が必要: 空調設備点検' }).check();
  await page.getByRole('button', { name: '廃止: 機器設置・撤去' }).click();
  // A default purpose relabelled: the book says the company's word, as the paper does (it said the catalog's).
  await page.getByRole('textbox', { name: '表示名 1' }).fill('定期保守点検');
  await expect(page.locator('[data-testid="sr-purpose-row"][data-code="equipment"]')).toContainText('廃止');
  await page.getByRole('textbox', { name: '変更の理由' }).fill('空調設備の定期点検を記録簿で管理するため');
  await page.getByRole('button', { name: '設定を保存' }).click();
  await expect(page.getByTestId('flash')).toContainText('本社のサーバルームの設定を保存しました。');
  await expect(page.getByTestId('sr-settings-state')).toHaveText('この拠点専用の設定です。');
  await expect(page.getByRole('button', { name: '戻す: 機器設置・撤去' })).toBeVisible();
  await page.getByRole('heading', { name: 'サーバルームの設定' }).scrollIntoViewIfNeeded();
  await shot(page, 'server-room-settings');

  const saved = (await app.core('serverRoom.getSettings', { siteId: w.hq.id }, w.sm)).value;
  expect(saved.isDefault).toBe(false);
  expect(saved.businessHours).toEqual({ start: '09:00', end: '18:30' });
  expect(saved.maxStayMinutes).toBe(180);
  expect(saved.purposes.find((p) => p.code === 'equipment')?.active).toBe(false);
  expect(saved.purposes.find((p) => p.label === '空調設備点検')).toMatchObject({ requiresNote: true, active: true });

  // The change, field by field and with its reason, in the settings' change history.
  await page.getByRole('link', { name: '設定の変更履歴' }).click();
  const change = page.getByTestId('settings-history-row').first();
  await expect(change).toContainText('サーバルーム入退記録簿の設定（本社）');
  await expect(change).toContainText('営業時間：08:00〜20:00 → 09:00〜18:30');
  await expect(change).toContainText('滞在時間の上限（分）：240 → 180');
  // A list as what changed in it: added, renamed, retired.
  await expect(change).toContainText('目的の一覧：追加：「空調設備点検」（詳細の入力が必要）「保守点検」 → 「定期保守点検」「機器設置・撤去」 → 「機器設置・撤去」（廃止）');
  // Her way back is to a page she may open (設定 is the administrator's).
  await expect(page.getByTestId('back-link').or(page.locator('.back-link a'))).toHaveText('台帳の設定');
  await expect(change).toContainText('空調設備の定期点検を記録簿で管理するため');
  await expect(change).not.toContainText('記録遅れとする時間');
  await shot(page, 'settings-history-server-room');
  await page.goBack();

  // 4. The record form offers the new purpose (and needs its details), not the retired one.
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  await page.getByRole('button', { name: '記録する' }).click();
  const record = page.getByTestId('stay-record-dialog');
  const purpose = record.getByRole('combobox', { name: '目的', exact: true });
  await expect(purpose.locator('option', { hasText: '空調設備点検' })).toHaveCount(1);
  await expect(purpose.locator('option', { hasText: '機器設置・撤去' })).toHaveCount(0);
  await expect(purpose.locator('option', { hasText: '定期保守点検' })).toHaveCount(1);
  await expect(purpose.locator('option', { hasText: /^保守点検$/ })).toHaveCount(0);
  await record.getByLabel('入室者').fill('佐々木');
  await page.getByRole('option', { name: /佐々木 次郎/ }).click();
  await record.getByLabel('入室日時').fill(localInput(stayBase()));
  await purpose.selectOption({ label: '空調設備点検' });
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(record.getByLabel('目的（詳細）')).toHaveAccessibleDescription('この目的では詳細を入力してください。');
  await record.getByLabel('目的（詳細）').fill('空調機2号機のフィルタ交換');
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(record).toHaveCount(0);
  await expect(page.getByTestId('stay-row').filter({ hasText: '佐々木 次郎' }).getByTestId('stay-purpose')).toHaveText('空調設備点検');

  // 5. PIN reset from the people register, with a reason; a person without a PIN is told so.
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  await page.getByRole('button', { name: 'PINをリセット: 山田 太郎' }).click();
  const clear = page.getByTestId('clear-pin-dialog');
  await expect(clear).toContainText('山田 太郎 さん（E1001）');
  await clear.getByRole('button', { name: 'PINをリセットする' }).click();
  await expect(clear.getByLabel('リセットの理由')).toHaveAccessibleDescription(/^入力してください。/);
  await clear.getByLabel('リセットの理由').fill('本人がPINを忘れたため（内線で本人確認済み）');
  await shot(page, 'server-room-clear-pin');
  await clear.getByRole('button', { name: 'PINをリセットする' }).click();
  await expect(clear).toHaveCount(0);
  await expect(page.getByTestId('flash')).toContainText('山田 太郎 さんのPINをリセットしました。');
  expect((await app.core('serverRoom.mine', {}, w.staff)).value.pinSet).toBe(false);

  await page.getByRole('button', { name: 'PINをリセット: 山田 太郎' }).click();
  await clear.getByLabel('リセットの理由').fill('再確認');
  await clear.getByRole('button', { name: 'PINをリセットする' }).click();
  await expect(clear.getByTestId('form-error')).toHaveText('この人のPINは設定されていません（ロックもされていません）。');
  await clear.getByRole('button', { name: 'キャンセル' }).click();
});
