import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { setUpServerRoom } from './server-room-fixtures';

// SPEC §4: every kit ledger's thresholds are settings per site, changed from one admin page (before
// it, only through the API). A safety manager confirms the password, a wrong value is refused at its
// field by the core and nothing is saved, and each ledger's card saves on its own with a reason.
test('ledger settings: per site, a card a ledger, refused at the field, saved with a reason', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const sm = COMPANY.safetyManager;
  await page.goto(app.url);
  await signIn(page, sm.loginId, sm.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();

  await page.getByRole('navigation').getByRole('link', { name: '台帳の設定' }).click();
  const elevate = page.getByTestId('elevate-form');
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(sm.password);
  await elevate.getByRole('button', { name: '確認' }).click();
  await expect(page.getByRole('heading', { name: '台帳の設定（拠点別）', level: 1 })).toBeVisible();
  await expect(page.getByTestId('ledger-settings-site')).toHaveValue(w.hq.id);
  for (const title of ['キャビネット開施錠記録簿', 'ノートPC・可搬媒体持ち出し記録', '最終退出点検表', '入退受付票', 'アクセスログ確認記録'])
    await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();

  // Cabinets: the defaults, then an end before the start and a limit out of range, each at its field.
  const cabinets = page.getByTestId('ledger-settings-cabinetLog');
  const start = cabinets.getByRole('textbox', { name: '営業開始時刻' });
  const end = cabinets.getByRole('textbox', { name: '営業終了時刻' });
  const limit = cabinets.getByRole('textbox', { name: '開いたままにできる時間（分）' });
  await expect(start).toHaveValue('08:00');
  await expect(limit).toHaveValue('120');
  await expect(cabinets).toContainText('既定の設定を使用中');
  // Rules that decide anomalies change with a reason (required): typed first, so each refusal below is its field's.
  await expect(cabinets.getByRole('textbox', { name: '変更の理由' })).toHaveAttribute('aria-required', 'true');
  await cabinets.getByRole('textbox', { name: '変更の理由' }).fill('施錠確認を早める');
  await limit.fill('3');
  await cabinets.getByRole('button', { name: '保存する （キャビネット開施錠記録簿）' }).click();
  await expect(limit).toHaveAccessibleDescription(/5分から1440分の間で入力してください。/);
  await expect(limit).toBeFocused();
  await limit.fill('90');
  await end.fill('07:00');
  await cabinets.getByRole('button', { name: '保存する （キャビネット開施錠記録簿）' }).click();
  await expect(end).toHaveAccessibleDescription(/終了は開始より後の時刻にしてください。/);
  expect((await app.core('cabinetLog.getSettings', { siteId: w.hq.id }, w.sm)).value).toMatchObject({ isDefault: true, maxOpenMinutes: 120 });
  await end.fill('19:00');
  await cabinets.getByRole('textbox', { name: '変更の理由' }).fill('施錠確認を早める');
  await cabinets.getByRole('button', { name: '保存する （キャビネット開施錠記録簿）' }).click();
  await expect(page.getByTestId('flash')).toContainText('本社の「キャビネット開施錠記録簿」の設定を保存しました。');
  await expect(cabinets).toContainText('この拠点専用の設定');
  expect((await app.core('cabinetLog.getSettings', { siteId: w.hq.id }, w.sm)).value).toMatchObject({ isDefault: false, businessStart: '08:00', businessEnd: '19:00', maxOpenMinutes: 90 });

  // Checkouts: SD cards need approval too, chosen from the keyboard.
  const checkouts = page.getByTestId('ledger-settings-checkouts');
  await expect(checkouts.getByRole('checkbox', { name: 'ノートPC' })).toBeChecked();
  const sd = checkouts.getByRole('checkbox', { name: 'SDカード' });
  await sd.focus();
  await page.keyboard.press('Space');
  await expect(sd).toBeChecked();
  // Without a reason: said at the reason box, and nothing saved.
  await checkouts.getByRole('button', { name: '保存する （ノートPC・可搬媒体持ち出し記録）' }).click();
  await expect(checkouts.getByRole('textbox', { name: '変更の理由' })).toBeFocused();
  await expect(checkouts.getByRole('textbox', { name: '変更の理由' })).toHaveAccessibleDescription(/^入力してください。/);
  await checkouts.getByRole('textbox', { name: '変更の理由' }).fill('SDカードも承認制にするため');
  await checkouts.getByRole('button', { name: '保存する （ノートPC・可搬媒体持ち出し記録）' }).click();
  await expect(page.getByTestId('flash')).toContainText('「ノートPC・可搬媒体持ち出し記録」の設定を保存しました。');
  expect((await app.core('checkouts.getSettings', { siteId: w.hq.id }, w.sm)).value.approvalKinds).toEqual(['laptop', 'usb_memory', 'external_disk', 'sd_card']);

  // The access-log due day: out of range at its field; the last-exit items, one a line.
  const accessLog = page.getByTestId('ledger-settings-accessLog');
  const due = accessLog.getByRole('textbox', { name: '確認期限（翌月の日付）' });
  await due.fill('31');
  await accessLog.getByRole('button', { name: '保存する （アクセスログ確認記録）' }).click();
  await expect(due).toHaveAccessibleDescription(/^1日から28日の間で入力してください。/);
  const lastExit = page.getByTestId('ledger-settings-lastExit');
  const items = lastExit.getByRole('textbox', { name: '点検項目' });
  await expect(items).toHaveValue(/^窓の施錠\n出入口の施錠/);
  await items.fill('窓の施錠\n  出入口の施錠\n\n金庫の施錠');
  await lastExit.getByRole('textbox', { name: '変更の理由' }).fill('金庫の点検を追加するため');
  await lastExit.getByRole('button', { name: '保存する （最終退出点検表）' }).click();
  await expect(page.getByTestId('flash')).toContainText('「最終退出点検表」の設定を保存しました。');
  await expect(items).toHaveValue('窓の施錠\n出入口の施錠\n金庫の施錠');
  // Visitors: the company representatives by employee number (Art. 8(2)); one no one has is named at the field.
  const visitors = page.getByTestId('ledger-settings-visitors');
  const reps = visitors.getByRole('textbox', { name: '会社代表者（社員番号）' });
  await expect(reps).toHaveValue('');
  await expect(reps).not.toHaveAttribute('aria-required', 'true');
  await visitors.getByRole('textbox', { name: '変更の理由' }).fill('会社代表者の登録');
  await reps.fill('E1001\nE9999');
  await visitors.getByRole('button', { name: '保存する （入退受付票）' }).click();
  await expect(reps).toHaveAccessibleDescription(/社員番号 E9999 の人は人員名簿にいません。/);
  await reps.fill('E1001');
  await visitors.getByRole('button', { name: '保存する （入退受付票）' }).click();
  await expect(page.getByTestId('flash')).toContainText('「入退受付票」の設定を保存しました。');
  expect((await app.core('visitors.getSettings', { siteId: w.hq.id }, w.sm)).value.representatives).toEqual(['E1001']);
  await page.getByRole('heading', { name: '台帳の設定（拠点別）', level: 1 }).scrollIntoViewIfNeeded();
  await shot(page, 'ledger-settings');

  // Another site with something typed and not saved: asked first; going back keeps it.
  const osaka = (await app.core('sites.list', {}, w.sm)).value[1];
  await limit.fill('45');
  await page.getByTestId('ledger-settings-site').selectOption(osaka.id);
  const ask = page.getByTestId('discard-confirm');
  await expect(ask.getByRole('button', { name: '入力に戻る' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('ledger-settings-site')).toHaveValue(w.hq.id);
  await expect(limit).toHaveValue('45');
  await page.getByTestId('ledger-settings-site').selectOption(osaka.id);
  await ask.getByRole('button', { name: '保存せずに拠点を切り替える' }).click();
  // Another site keeps its defaults.
  await expect(page.getByTestId('ledger-settings-cabinetLog').getByRole('textbox', { name: '営業終了時刻' })).toHaveValue('20:00');
  await expect(page.getByTestId('ledger-settings-cabinetLog')).toContainText('既定の設定を使用中');
});
