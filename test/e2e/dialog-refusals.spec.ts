import { cancelTyped, expect, shot, signIn, test } from './fixtures';
import { CLERK, setUpServerRoom } from './server-room-fixtures';

// A user probe from the keyboard alone. (b) A refused save in the checkout dialog showed no summary
// of what to correct, and when focus was already in the field at fault (Ctrl+Enter there) nothing was
// said at all. Every dialog (Modal) now sums a refused save up above the form — how many, each field
// named, a button to it — says the count, and focus goes to the first field to correct.
// (c) A person typed in a picker but not chosen is unsaved input: Escape first closes the list (the
// text stays), then the dialog asks before throwing it away.

test('a refused save is summed up above the form, each field named and one key away, focus on the first to correct', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  await app.core('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: w.hq.id, storagePlace: '総務部キャビネットB', encrypted: false }, w.clerk);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'ノートPC・可搬媒体持ち出し記録' }).click();
  await page.getByRole('button', { name: '記録する' }).click();
  const add = page.getByTestId('record-add-dialog');
  const summary = add.getByTestId('dialog-error-summary');
  // The clerk records for others: 持出者 starts empty. Neither it nor 資産 chosen, saved from 目的 with Ctrl+Enter.
  await add.getByLabel('目的').fill('顧客先での説明');
  await add.getByLabel('持出先').fill('株式会社サンプル');
  await add.getByLabel('返却予定').fill(new Date(Date.now() + 9 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 11) + '18:00');
  await add.getByLabel('目的').focus();
  await page.keyboard.press('Control+Enter');
  // Focus at the first field to correct, which says why; above the form, how many and which, said as well.
  const asset = add.getByLabel('資産');
  const borrower = add.getByRole('combobox', { name: '持出者' });
  await expect(asset).toBeFocused();
  await expect(asset).toHaveAccessibleDescription(/選んでください/);
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('paragraph')).toHaveText('入力内容に2件の問題があります。');
  await expect(summary.getByRole('button')).toHaveText(['資産', '持出者']);
  await expect(add.getByTestId('dialog-error-count')).toHaveText('入力内容に2件の問題があります。');
  await shot(page, 'dialog-error-summary');
  // Each named field one key away: 持出者 from the summary.
  await summary.getByRole('button', { name: '持出者' }).press('Enter');
  await expect(borrower).toBeFocused();
  await expect(borrower).toHaveAccessibleDescription(/./);
  await expect(add.getByRole('listbox')).toHaveCount(0);
  // Both chosen from the keyboard: the summary goes with the last message.
  await page.keyboard.type('木村');
  await expect(add.getByRole('option', { name: /木村 三郎/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(borrower).toHaveValue(/木村 三郎/);
  await expect(summary.getByRole('button')).toHaveText(['資産']);
  await expect(summary.getByRole('paragraph')).toHaveText('入力内容に1件の問題があります。');
  await asset.selectOption({ label: 'SD-001 SanDisk 64GB' });
  await expect(summary).toHaveCount(0);
  // A due time before the time out, refused by the core while focus is in that very field: nothing moved,
  // so the summary says it (a user probe: nothing was shown or said).
  const due = add.getByLabel('返却予定');
  await due.fill(new Date(Date.now() + 9 * 3_600_000 - 86_400_000).toISOString().slice(0, 11) + '09:00');
  await due.focus();
  await page.keyboard.press('Control+Enter');
  await expect(due).toHaveAccessibleDescription(/返却予定は持出日時より後にしてください。/);
  await expect(due).toBeFocused();
  await expect(summary.getByRole('paragraph')).toHaveText('入力内容に1件の問題があります。');
  await expect(summary.getByRole('button')).toHaveText(['返却予定']);
  await expect(add.getByTestId('dialog-error-count')).toHaveText('入力内容に1件の問題があります。');
  expect((app.daicho.store.db.prepare('SELECT count(*) AS n FROM asset_checkouts').get() as { n: number }).n).toBe(0);
  // In English, the same, in its words.
  await cancelTyped(add);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await add.getByLabel('Purpose').focus();
  await page.keyboard.press('Control+Enter');
  await expect(add.getByLabel('Asset')).toBeFocused();
  await expect(summary.getByRole('paragraph')).toHaveText(/^\d+ fields need attention\.$/);
  await expect(summary.getByRole('button').first()).toHaveText('Asset');
  await expect(summary.getByRole('button', { name: 'Borrower' })).toBeVisible();
  await expect(add.getByTestId('dialog-error-count')).toHaveText(/^\d+ fields need attention\.$/);
});

test('a return recorded by the clerk with no receiver: focus on 受領者, a person picker, and the summary names it', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const sd = (await app.core('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: w.hq.id, storagePlace: '総務部キャビネットB', encrypted: false }, w.clerk)).value;
  await app.core('checkouts.add', { assetId: sd.id, borrowerId: w.kimura.id, purpose: '撮影', destination: '取引先', checkedOutAt: new Date(Date.now() - 3_600_000).toISOString(), dueAt: new Date(Date.now() + 86_400_000).toISOString() }, w.clerk);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'ノートPC・可搬媒体持ち出し記録' }).click();
  await page.getByTestId('record-row').filter({ hasText: 'SD-001' }).getByRole('button', { name: '返却' }).click();
  const ret = page.getByTestId('return-dialog');
  const receiver = ret.getByRole('combobox', { name: '受領者' });
  await expect(receiver).toHaveValue(/田中 一郎/);
  await ret.getByRole('button', { name: '選択を解除' }).click();
  await expect(receiver).toHaveValue('');
  await ret.getByLabel('返却時の状態').selectOption({ label: '異常なし' });
  // Saved from another field: focus goes to the one to correct.
  await ret.getByLabel('データの扱い').focus();
  await page.keyboard.press('Control+Enter');
  await expect(receiver).toBeFocused();
  await expect(receiver).toHaveAccessibleDescription(/./);
  await expect(ret.getByTestId('dialog-error-summary').getByRole('button')).toHaveText(['受領者']);
});

test('a person typed but not chosen: Escape closes the list and keeps it, then the dialog asks before throwing it away', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  await page.getByRole('button', { name: '記録する' }).click();
  const record = page.getByTestId('stay-record-dialog');
  const person = record.getByLabel('入室者');
  await expect(person).toBeFocused();
  await page.keyboard.type('山田');
  await expect(record.getByRole('option', { name: /山田 太郎/ })).toBeVisible();
  // The first Escape closes the list; what was typed stays.
  await page.keyboard.press('Escape');
  await expect(record.getByRole('listbox')).toHaveCount(0);
  await expect(person).toHaveValue('山田');
  await expect(record.getByTestId('discard-confirm')).toHaveCount(0);
  // The second asks: going back keeps it, where it was.
  await page.keyboard.press('Escape');
  const question = record.getByTestId('discard-confirm');
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: '入力に戻る' }).click();
  await expect(person).toBeFocused();
  await expect(person).toHaveValue('山田');
  // キャンセル asks too; thrown away only when said so.
  await record.getByRole('button', { name: 'キャンセル' }).click();
  await question.getByRole('button', { name: '保存せずに閉じる' }).click();
  await expect(record).toHaveCount(0);

  // The same picker in a kit ledger's dialog (a checkout's 持出者), in English.
  await page.getByRole('navigation').getByRole('link', { name: 'ノートPC・可搬媒体持ち出し記録' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  const add = page.getByTestId('record-add-dialog');
  const borrower = add.getByRole('combobox', { name: 'Borrower' });
  await borrower.focus();
  await page.keyboard.type('木村');
  await expect(add.getByRole('option', { name: /木村 三郎/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(add.getByRole('listbox')).toHaveCount(0);
  await expect(borrower).toHaveValue('木村');
  await page.keyboard.press('Escape');
  const asked = add.getByTestId('discard-confirm');
  await expect(asked).toContainText('What you typed is not saved yet.');
  await asked.getByRole('button', { name: 'Back to the form' }).click();
  await expect(borrower).toBeFocused();
  // Emptied, nothing is typed any more: Escape closes at once.
  await borrower.fill('');
  // (Emptied, the list offers everyone: the first Escape closes it.)
  await page.keyboard.press('Escape');
  await expect(add.getByRole('listbox')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(add).toHaveCount(0);
});
