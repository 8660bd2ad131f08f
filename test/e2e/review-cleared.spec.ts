import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { CLERK, lastMonthBusinessDay as lastMonth, setUpServerRoom } from './server-room-fixtures';

// SPEC §5: an anomaly a correction took away is on the month's review in words, with the reason,
// to dispose of like the anomaly itself (review/review.ts noteClearedAnomalies).

test('monthly review: an anomaly a correction took away is an item with its reason, disposed of from the keyboard', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const { month, at } = lastMonth();
  // A five-hour stay (over the 4-hour limit), its exit then corrected to an hour after the entry.
  app.setClock(at('16:30'));
  const stay = (await app.core('serverRoom.record', { siteId: w.hq.id, personId: w.yamada.id, enteredAt: at('11:00'), exitedAt: at('16:00'), purpose: 'maintenance' }, w.clerk)).value;
  await app.core('serverRoom.amend', { id: stay.id, changes: { exitedAt: at('12:00') }, reason: '退室時刻の入力誤り' }, w.clerk);
  app.setClock(null);
  await app.core('auth.unlock', { password: CLERK.password }, w.clerk);

  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  // Signed in and on the dashboard first: a page opened before the sign-in's own move there is sent back to it.
  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
  await page.goto(`${app.url}#/review/serverRoom/${w.hq.id}/${month}`);
  const item = page.getByTestId('review-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('記録の変更で消えた異常');
  await expect(item).toContainText('田中 一郎による訂正で異常「長時間滞在」が消えました（理由：退室時刻の入力誤り）');
  await expect(item).toContainText('山田 太郎');
  await expect(page.getByRole('button', { name: '電子署名する' })).toBeDisabled();
  // From the signature, one key to the item still to answer (a walk-through: one of 33 left, and only scrolling to it).
  await page.getByRole('button', { name: '未記入の異常へ移動' }).click();
  await expect(item.getByRole('radio').first()).toBeFocused();
  await shot(page, 'review-cleared');
  // Nothing is chosen for the reviewer (a walk-through: every item started on 問題なし): asked to choose.
  await item.getByRole('button', { name: '対応を記録' }).click();
  await expect(item.getByRole('group', { name: '対応' })).toHaveAccessibleDescription('選んでください。');
  // The group and the button say which item they are for (a walk-through: seven of each, alike, on one review).
  await expect(item.getByRole('group', { name: '対応' })).toHaveAccessibleName(/^対応: 田中 一郎による訂正で異常「長時間滞在」/);
  await expect(item.getByRole('button', { name: '対応を記録' })).toHaveAccessibleName(/^対応を記録: 田中 一郎による訂正で異常「長時間滞在」/);
  await item.getByRole('radio', { name: '問題なし' }).check();
  await item.getByLabel('説明').fill('入力誤りの訂正を本人に確認した');
  await item.getByRole('button', { name: '対応を記録' }).click();
  await expect(item.getByTestId('disposition')).toContainText('問題なし');
  await expect(page.getByRole('button', { name: '電子署名する' })).toBeEnabled();
  // On the month's paper too, under the table with what was decided (a read-through: only the month's own anomalies were printed).
  await page.getByRole('link', { name: '印刷・出力' }).click();
  const onPaper = page.frameLocator('[data-testid="print-preview"]').locator('.month-items li');
  await expect(onPaper).toHaveCount(1);
  await expect(onPaper).toContainText('［記録の変更で消えた異常］山田 太郎');
  await expect(onPaper).toContainText('田中 一郎による訂正で異常「長時間滞在」が消えました（理由：退室時刻の入力誤り）');
  await expect(onPaper).toContainText('対応：問題なし（入力誤りの訂正を本人に確認した）');
  await shot(page, 'print-cleared-item');
});

test('monthly review: a register correction that loosens a rule is an item with its reason', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const { month, at } = lastMonth();
  app.setClock(at('10:00'));
  const asset = (await app.core('assets.add', { assetTag: 'NB-001', kind: 'laptop', model: 'ThinkPad X1', serial: null, siteId: w.hq.id, storagePlace: '総務部 保管庫', encrypted: true, notes: null }, w.clerk)).value;
  await app.core('assets.amend', { id: asset.id, changes: { kind: 'other' }, reason: '分類の見直し' }, w.clerk);
  app.setClock(null);
  await app.core('auth.unlock', { password: CLERK.password }, w.clerk);

  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
  await page.goto(`${app.url}#/review/checkouts/${w.hq.id}/${month}`);
  const item = page.getByTestId('review-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('設定・台帳の変更');
  // …and who made the change, as an anomaly a correction took away names its changer.
  await expect(item).toContainText(`持出資産台帳の訂正で、NB-001の持ち出しに承認が要らなくなりました（${CLERK.displayName}による変更。理由：分類の見直し）`);
  await expect(page.getByRole('button', { name: '電子署名する' })).toBeDisabled();
  await shot(page, 'review-register-change');
});
