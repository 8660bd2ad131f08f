import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { lastMonthBusinessDay as lastMonth, setUpServerRoom } from './server-room-fixtures';

// The monthly review in Chromium: one answer recorded for the month's other items of the same anomaly
// still to answer, each as its own disposition (a walk-through: nine 休日の入室 of one maintenance
// week, and twenty missing checklists, answered one by one).

test('a disposition recorded for the month’s other items of the same anomaly too, each its own; others left as they were', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const { month, at } = lastMonth();
  // Three evening stays (営業時間外の入室), and one long stay (another anomaly).
  app.setClock(at('23:00'));
  for (const [enter, exit] of [['21:00', '21:10'], ['21:20', '21:30'], ['21:40', '21:50']])
    await app.core('serverRoom.record', { siteId: w.hq.id, personId: w.yamada.id, enteredAt: at(enter), exitedAt: at(exit), purpose: 'maintenance' }, w.clerk);
  await app.core('serverRoom.record', { siteId: w.hq.id, personId: w.sasaki.id, enteredAt: at('09:00'), exitedAt: at('17:30'), purpose: 'maintenance' }, w.clerk);
  app.setClock(null);

  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
  await page.goto(`${app.url}#/review/serverRoom/${w.hq.id}/${month}`);
  const evening = page.getByTestId('review-item').filter({ hasText: '営業時間外の入室' });
  await expect(evening).toHaveCount(3);
  const long = page.getByTestId('review-item').filter({ hasNotText: '営業時間外の入室' });
  await expect(long).toHaveCount(1);
  // The long stay's form offers nothing of the kind, an answer chosen: it is the only one of its anomaly.
  await long.getByRole('radio', { name: '是正済' }).check();
  await expect(long.getByLabel('原因')).toBeVisible();
  await expect(long.getByTestId('disposition-alike')).toHaveCount(0);

  const first = evening.first();
  // Offered once an answer is chosen, each other item named, none chosen for it (one anomaly's name covers different causes).
  await expect(first.getByTestId('disposition-alike')).toHaveCount(0);
  await first.getByRole('radio', { name: '問題なし' }).check();
  await first.getByLabel('説明').fill('夜間メンテナンスの作業日。事前に申請あり');
  const others = first.getByTestId('disposition-alike').getByRole('checkbox');
  await expect(others).toHaveCount(2);
  await expect(first.getByTestId('disposition-alike')).toContainText('21:20');
  await expect(first.getByTestId('disposition-alike')).toContainText('21:40');
  for (const i of [0, 1]) await expect(others.nth(i)).not.toBeChecked();
  await others.nth(0).check();
  await others.nth(1).check();
  await shot(page, 'review-alike');
  await first.getByRole('button', { name: /^対応を記録/ }).click();
  await expect(page.getByText('3件に対応を記録しました。')).toBeVisible();
  // Each of the three has it, as its own; the long stay is still to answer.
  await expect(evening.getByTestId('disposition')).toHaveCount(3);
  for (const i of [0, 1, 2]) await expect(evening.nth(i).getByTestId('disposition')).toContainText('夜間メンテナンスの作業日。事前に申請あり');
  await expect(long.getByTestId('disposition')).toHaveCount(0);
  // …and has the focus: a first answer moves it on to the next item still open (a user probe).
  await expect(long.getByRole('radio').first()).toBeFocused();
  const journaled = await app.core('review.get', { ledger: 'serverRoom', siteId: w.hq.id, month }, w.sm);
  expect(journaled.value.items.filter((i) => i.disposition?.explanation === '夜間メンテナンスの作業日。事前に申請あり')).toHaveLength(3);
});
