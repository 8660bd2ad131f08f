import { expect, signIn, test } from './fixtures';
import { CLERK, setUpServerRoom } from './server-room-fixtures';

// The person picker of every person field (host, escort, borrower, opener, locker, receiver, last
// person out): Enter chooses from the list for what is typed now. A walk-through typed 「E100」, saw
// the list for it (木村 of E1003 first), typed 「2」 and pressed Enter at once: 木村 was chosen from
// the list still on screen, not E1002's 佐々木.
test('person picker: Enter right after typing chooses from the list for what was typed, once it comes', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: '入退受付票' }).click();
  await page.getByRole('button', { name: '記録する' }).click();
  const add = page.getByTestId('record-add-dialog');
  const host = add.getByRole('combobox', { name: '面会者（社員）' });
  await host.focus();
  await page.keyboard.type('E100', { delay: 250 });
  await expect(add.getByRole('listbox').getByRole('option').first()).toContainText('木村 三郎');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await expect(host).toHaveValue(/佐々木 次郎/);
  await expect(add.getByRole('listbox')).toHaveCount(0);
  // The dialog was not sent by that Enter: it is still open, the host chosen.
  await expect(add).toBeVisible();
  // A name that finds nobody: Enter stays in the field, which says so, and sends nothing (a walk-through:
  // every other field's error came up at once).
  await host.fill('存在しない人');
  await expect(add.getByRole('listbox')).toContainText('該当する人がいません。');
  await page.keyboard.press('Enter');
  await expect(host).toBeFocused();
  await expect(host).toHaveValue('存在しない人');
  await expect(add.getByText('選んでください。')).toHaveCount(0);
});

// A walk-through: a late paper entry of an earlier day could not name someone who has left since —
// the picker offered only those active today. A record of an earlier day offers them too, marked 無効
// (the core judges whether they were active at the record's time); a record of today does not.
test('person picker: a record of an earlier day also offers people no longer active, marked 無効', async ({ page, app }) => {
  const world = await setUpServerRoom(app);
  await app.core('people.setActive', { id: world.kimura.id, active: false, reason: '退職' }, world.sm);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  await page.getByRole('button', { name: '記録する' }).click();
  const record = page.getByTestId('stay-record-dialog');
  const person = record.getByLabel('入室者');
  await person.fill('木村');
  await expect(record.getByRole('listbox')).toContainText('該当する人がいません。');
  // Yesterday at 10:00.
  const yesterday = new Date(Date.now() + 9 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  await record.getByLabel('入室日時').fill(`${yesterday}T10:00`);
  await person.fill('');
  await person.fill('木村');
  const option = record.getByRole('option', { name: /木村 三郎/ });
  await expect(option).toContainText('無効');
  // Those still active are not marked.
  await person.fill('山田');
  await expect(record.getByRole('option', { name: /山田 太郎/ })).not.toContainText('無効');
});
