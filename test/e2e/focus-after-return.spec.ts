import { expect, signIn, test } from './fixtures';
import { CLERK, setUpServerRoom } from './server-room-fixtures';

// A walk-through: from the list of what is out now, a return took its row away and focus went to the
// next row's 返却 — one Enter from the return dialog of someone else's medium.
test('after a return takes its row away, focus is on no other row’s action', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const sd = async (tag: string) =>
    (await app.core('assets.add', { assetTag: tag, kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: w.hq.id, storagePlace: '総務部キャビネットB', encrypted: false }, w.clerk)).value as { id: string };
  const out = Date.now() - 3_600_000;
  for (const [tag, who] of [['SD-001', w.yamada.id], ['SD-002', w.sasaki.id]] as const)
    await app.core('checkouts.add', { assetId: (await sd(tag)).id, borrowerId: who, purpose: '資料の受け渡し', destination: '本社 会議室', checkedOutAt: new Date(out).toISOString(), dueAt: new Date(out + 86_400_000).toISOString() }, w.clerk);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'ノートPC・可搬媒体持ち出し記録' }).click();
  await page.getByTestId('checkouts-out-now').getByRole('link').first().click();
  const rows = page.getByTestId('record-row');
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: 'SD-001' }).getByRole('button', { name: /^返却: / }).click();
  const ret = page.getByTestId('return-dialog');
  await ret.getByLabel('受領者').fill('佐々木');
  await page.getByRole('option', { name: /佐々木 次郎/ }).click();
  await ret.getByLabel('返却時の状態').selectOption({ label: '異常なし' });
  await ret.getByRole('button', { name: '返却を記録' }).click();
  await expect(ret).toHaveCount(0);
  await expect(rows).toHaveCount(1);
  // Somewhere, not on SD-002's actions.
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName ?? 'BODY')).not.toBe('BODY');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).not.toMatch(/SD-002/);
  expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="record-row"]')?.textContent ?? '')).not.toMatch(/SD-002/);
});
