import { COMPANY, expect, shot, signIn, test } from './fixtures';

// Issue 8: a ledger defined under test/ (test/fixtures/ledgers/key-loans*.ts) and registered with one
// line in the core and one in the renderer (test/fixtures/kit-app) gets its screens from the kit:
// the list with its filters, the record and correction dialogs (the core's limits at the field,
// nothing stored on a refusal), void with a reason, and the history.
test.use({ withKeyLoans: true });

/** The current month in Japan, "YYYY-MM", and a day of it at a time, as datetime-local and as an instant. */
function jstMonth(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);
}
const local = (day: number, time: string) => `${jstMonth()}-${String(day).padStart(2, '0')}T${time}`;

test('a kit ledger: record, refusals at the field, anomaly, correct, void, filters, history', async ({ page, app }) => {
  await app.setUp();
  // The core's "now": the 20th of this month, noon in Japan (a key lent on the 18th is kept too long by then).
  app.setClock(`${local(20, '12:00')}:00+09:00`);
  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await page.getByRole('navigation').getByRole('link', { name: '鍵の貸出記録' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '鍵の貸出記録' })).toBeVisible();
  await expect(page.getByText('該当する記録はありません。')).toBeVisible();

  // Refusals at the field, from the definition's limits; nothing is stored.
  await page.getByRole('button', { name: '記録する' }).click();
  const add = page.getByTestId('record-add-dialog');
  await expect(add.getByLabel('拠点')).toHaveValue(/.+/); // the first site, chosen for a new record
  await add.getByLabel('借りた人').fill('山田 太郎');
  await add.getByLabel('本数').fill('9');
  await add.getByLabel('貸出日時').fill(local(18, '09:00'));
  await add.getByRole('button', { name: '記録する' }).click();
  await expect(add.getByRole('textbox', { name: '鍵', exact: true })).toHaveAccessibleDescription('入力してください。');
  await expect(add.getByLabel('本数')).toHaveAccessibleDescription('形式が正しくありません。');
  const token = await app.signInCore(COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const stored = async () => (await app.daicho.dispatcher.call({ token, method: 'keyLoans.list', input: { status: 'all' }, station: 'e2e-core' })).result;
  expect(await stored()).toMatchObject({ ok: true, value: { total: 0 } });
  await add.getByRole('textbox', { name: '鍵', exact: true }).fill('書庫A');
  await add.getByLabel('本数').fill('1');
  await shot(page, 'kit-record-dialog');
  await add.getByRole('button', { name: '記録する' }).click();
  await expect(add).toHaveCount(0);
  // The message names the record (a walk-through: some ledgers said only 記録しました).
  await expect(page.getByTestId('flash')).toContainText('「書庫A」を記録しました。');

  // Kept over the site's 24 hours: the rule's anomaly, with its value, on the row.
  const rowA = page.getByTestId('record-row').filter({ hasText: '書庫A' });
  await expect(rowA.getByTestId('anomaly')).toHaveText('24時間を超えて貸出');
  await expect(rowA).toContainText('本社');

  // A second record, returned in time: no anomaly; "anomalies only" shows only the first.
  await page.getByRole('button', { name: '記録する' }).click();
  await add.getByRole('textbox', { name: '鍵', exact: true }).fill('倉庫');
  await add.getByLabel('借りた人').fill('佐藤 花子');
  await add.getByLabel('本数').fill('2');
  await add.getByLabel('貸出日時').fill(local(19, '09:00'));
  await add.getByLabel('返却日時').fill(local(19, '17:30'));
  await add.getByRole('button', { name: '記録する' }).click();
  await expect(page.getByTestId('record-row')).toHaveCount(2);
  await page.getByTestId('filter-anomalies').check();
  await expect(page.getByTestId('record-row')).toHaveCount(1);
  await expect(page.getByTestId('record-row')).toContainText('書庫A');
  await page.getByTestId('filter-anomalies').uncheck();
  await expect(page.getByTestId('record-row')).toHaveCount(2);

  // A row's dialog closed with Escape gives focus back to the row's button (not the page's 記録する).
  await rowA.getByRole('button', { name: /^訂正: 書庫A/ }).click();
  const amend = page.getByTestId('record-amend-dialog');
  await expect(amend).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(amend).toHaveCount(0);
  await expect(rowA.getByRole('button', { name: /^訂正: 書庫A/ })).toBeFocused();
  // Correct with a reason: only the changed field is sent; the anomaly goes once the key is back.
  await rowA.getByRole('button', { name: /^訂正: 書庫A/ }).click();
  // The dialog says which ledger and which record it corrects, as the row's button did (a walk-through: it named neither).
  await expect(amend.getByRole('heading', { level: 2 })).toHaveText(/の記録を訂正する$/);
  await expect(amend.getByTestId('amend-which')).toHaveText(/^訂正する記録：書庫A.*（貸出日時 /);
  await expect(amend.getByRole('textbox', { name: '鍵', exact: true })).toHaveValue('書庫A');
  // A correction starts on its first field, as every correction does (a user probe: a stay's opened on 目的).
  await expect(amend.getByRole('textbox', { name: '鍵', exact: true })).toBeFocused();
  await expect(amend.getByLabel('拠点')).toHaveCount(0); // not amendable
  await amend.getByRole('button', { name: '訂正する' }).click();
  await expect(amend.getByRole('alert')).toContainText('変更された項目がありません'); // nothing changed: nothing sent
  // A required field emptied is refused at the field (it was left out as unchanged, and "no changes" said).
  const lent = await amend.getByLabel('貸出日時').inputValue();
  await amend.getByLabel('貸出日時').fill('');
  await amend.getByLabel('訂正の理由').fill('貸出日時の訂正');
  await amend.getByRole('button', { name: '訂正する' }).click();
  await expect(amend.getByLabel('貸出日時')).toHaveAccessibleDescription(/^入力してください。/);
  await expect(amend.getByRole('alert').filter({ hasText: '変更された項目がありません' })).toHaveCount(0);
  await amend.getByLabel('貸出日時').fill(lent);
  await amend.getByLabel('訂正の理由').fill('');
  await amend.getByLabel('返却日時').fill(local(18, '15:00'));
  await amend.getByRole('button', { name: '訂正する' }).click();
  await expect(amend.getByLabel('訂正の理由')).toHaveAccessibleDescription(/^入力してください。/);
  await amend.getByLabel('訂正の理由').fill('返却の記入漏れ');
  await amend.getByRole('button', { name: '訂正する' }).click();
  await expect(amend).toHaveCount(0);
  await expect(rowA.getByTestId('anomaly')).toHaveCount(0);
  await expect(rowA).toContainText('訂正1回');

  // Void with a reason: gone from the valid records, struck through among all of them.
  const rowB = page.getByTestId('record-row').filter({ hasText: '倉庫' });
  await rowB.getByRole('button', { name: /^無効にする: 倉庫/ }).click();
  const voidDialog = page.getByTestId('record-void-dialog');
  await voidDialog.getByLabel('無効にする理由').fill('別の台帳の記入');
  await voidDialog.getByRole('button', { name: '無効にする' }).click();
  await expect(page.getByTestId('record-row')).toHaveCount(1);
  // Its row gone, focus is on the page near it — not on a sort button, where Enter sorts the list again (a walk-through).
  await expect.poll(() => page.evaluate(() => (document.activeElement && document.activeElement !== document.body ? (document.activeElement.closest('thead') ? 'sort' : 'page') : 'none'))).toBe('page');
  // Its confirmation is said to this person only: signed out and in again, none of it is left (a
  // walk-through: the next person to sign in read the last one's 「…の退館を記録しました」).
  await expect(page.getByTestId('flash')).toBeVisible();
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByRole('navigation').getByRole('link', { name: '鍵の貸出記録' })).toBeVisible();
  expect(await page.getByTestId('flash').count()).toBe(0); // now, not after waiting out its six seconds
  await page.getByRole('navigation').getByRole('link', { name: '鍵の貸出記録' }).click();
  await expect(page.getByTestId('record-row')).toHaveCount(1);
  await page.getByTestId('filter-status').selectOption('all');
  await expect(page.getByTestId('record-row')).toHaveCount(2);
  await expect(rowB).toHaveAttribute('data-status', 'void');
  await expect(rowB.getByTestId('record-void')).toContainText('別の台帳の記入');
  await expect(rowB.getByRole('button', { name: /^訂正/ })).toHaveCount(0);
  await shot(page, 'kit-ledger-list');

  // History: both versions, what changed and why; back to the list as it was.
  await rowA.getByRole('button', { name: /^履歴: 書庫A/ }).focus();
  await page.keyboard.press('Enter');
  const versions = page.getByTestId('history-version');
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText('訂正');
  await expect(versions.first()).toContainText('返却の記入漏れ');
  await expect(versions.first()).toContainText('返却日時');
  await expect(versions.last()).toContainText('記録');
  await shot(page, 'kit-ledger-history');
  await page.getByRole('main').getByRole('link', { name: '鍵の貸出記録' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('filter-status')).toHaveValue('all');
  // Back on the list, focus is on the row's 履歴 that left it, not at the top of the page (WCAG 2.4.3; a walk-through).
  await expect(rowA.getByRole('button', { name: /^履歴: 書庫A/ })).toBeFocused();
  // The browser's back does the same, from a history opened with the mouse.
  await rowA.getByRole('button', { name: /^履歴: 書庫A/ }).click();
  await expect(versions).toHaveCount(2);
  await page.goBack();
  await expect(rowA.getByRole('button', { name: /^履歴: 書庫A/ })).toBeFocused();

  // The same screens in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Key loans' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Borrower' })).toBeVisible();
});
