import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { CLERK, localInput, setUpServerRoom, stayBase } from './server-room-fixtures';

// WCAG 2.4.3 at the desk, where a clerk records entry after entry from the keyboard: a dialog starts
// on its first field (not the close button), a refused save puts focus on the first wrong field
// without covering its message with the person list, and when a dialog closes — saved or
// cancelled — focus is back on the button that opened it.
test('dialogs: focus starts on the first field, errors stay visible, and returns to the opener on close', async ({ page, app }) => {
  await setUpServerRoom(app);
  const base = stayBase();
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  const open = page.getByRole('button', { name: '記録する' });

  // Opened and cancelled with Escape: focus is back on the button.
  await open.click();
  const record = page.getByTestId('stay-record-dialog');
  await expect(record.getByLabel('入室者')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(record).toHaveCount(0);
  await expect(open).toBeFocused();

  // Saved empty: focus on the person, its message in view, no list over it.
  await page.keyboard.press('Enter');
  await expect(record.getByLabel('入室者')).toBeFocused();
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(record.getByLabel('入室者')).toBeFocused();
  await expect(record.getByText('入室者を名簿から選んでください。')).toBeVisible();
  await expect(record.getByRole('listbox')).toHaveCount(0);
  await shot(page, 'dialog-focus-error');
  // Typing opens the list; the down arrow too.
  await page.keyboard.type('山田');
  await page.getByRole('option', { name: /山田 太郎/ }).click();
  await record.getByLabel('入室日時').fill(localInput(base));
  await record.getByRole('combobox', { name: '目的', exact: true }).selectOption({ label: '保守点検' });
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(record).toHaveCount(0);
  // Saved: focus is back on the button, ready for the next entry; the message leaves the page's controls in view.
  await expect(open).toBeFocused();
  await expect(page.getByTestId('flash')).toBeVisible();
  await shot(page, 'flash-after-save');

  // The down arrow opens the person list on its first person (not the second), also when it was opened and closed before.
  await open.click();
  const person = record.getByLabel('入室者');
  await page.keyboard.press('ArrowDown');
  const options = record.getByRole('listbox').getByRole('option');
  await expect(options.nth(1)).toBeVisible();
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  const first = (await options.first().locator('.sr-picker-name').textContent())!;
  await page.keyboard.press('Escape');
  await expect(options).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(person).toHaveValue(new RegExp(`^${first}`));
  // Cleared with its × button: focus goes to the field, to choose again.
  await record.getByRole('button', { name: '選択を解除' }).click();
  await expect(person).toHaveValue('');
  await expect(person).toBeFocused();
  // Typed down to one person, Tab takes them and goes on to the next field — not to the × of the
  // name just chosen (a walk-through: a single match still needed ↓ Enter, and each name added a Tab stop).
  await person.pressSequentially(first.slice(0, 2));
  await expect(options).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(person).toHaveValue(new RegExp(`^${first}`));
  await expect(person).not.toBeFocused();
  await expect(record.getByRole('button', { name: '選択を解除' })).not.toBeFocused();
});

// No data is lost to a stray key: a dialog with something typed asks before Escape or × close it.
test('dialogs: Escape, × or キャンセル on typed input asks first; going back keeps it, closing throws it away', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  const open = page.getByRole('button', { name: '記録する' });
  await open.click();
  const record = page.getByTestId('stay-record-dialog');
  const notes = record.getByLabel('備考');
  await notes.fill('空調の点検');
  await page.keyboard.press('Escape');
  const ask = record.getByTestId('discard-confirm');
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button', { name: '入力に戻る' })).toBeFocused();
  await shot(page, 'dialog-discard-confirm');
  // Escape again is "back to the form": focus where it was, the text still there.
  await page.keyboard.press('Escape');
  await expect(ask).toHaveCount(0);
  await expect(notes).toBeFocused();
  await expect(notes).toHaveValue('空調の点検');
  // キャンセル asks too (a walk-through: Tab reaches it just before the submit button, and it threw the form away).
  await record.getByRole('button', { name: 'キャンセル' }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: '入力に戻る' }).click();
  await expect(notes).toHaveValue('空調の点検');
  // The close button asks too; closing without saving goes back to the opener.
  await record.getByRole('button', { name: '閉じる' }).click();
  await ask.getByRole('button', { name: '保存せずに閉じる' }).click();
  await expect(record).toHaveCount(0);
  await expect(open).toBeFocused();
});

// WCAG 2.4.3: a button its own press disables (次の月 on reaching this month, 次のページ on the last page)
// hands focus to the control beside it, not to the page (a walk-through: the next Tab started at the top).
test('a button disabled by its own press gives focus to the control beside it', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  const prev = page.getByRole('button', { name: '前の月' });
  const next = page.getByRole('button', { name: '次の月' });
  const month = page.getByTestId('filter-month');
  await expect(next).toBeDisabled();
  await prev.focus();
  await page.keyboard.press('Enter');
  await expect(next).toBeEnabled();
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(next).toBeDisabled();
  await expect(month).toBeFocused();
  // The next Tab goes on from there, not from the top of the page.
  await page.keyboard.press('Shift+Tab');
  await expect(prev).toBeFocused();
});

// A paste longer than a field takes is cut at its limit by the browser: the field says so, and how
// much was lost (a walk-through: 600 characters pasted into 備考 kept 500, with nothing said).
test('a text at its limit says so, and what a paste lost to it', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  await page.getByRole('button', { name: '記録する' }).click();
  const record = page.getByTestId('stay-record-dialog');
  const notes = record.getByLabel('備考');
  await page.evaluate((text) => navigator.clipboard.writeText(text), 'あ'.repeat(1100));
  await notes.focus();
  await page.keyboard.press('Control+V');
  await expect(notes).toHaveValue('あ'.repeat(1000));
  await expect(notes).toHaveAccessibleDescription(/1000文字までです。貼り付けた文字のうち100文字は入りませんでした。/);
  await shot(page, 'field-paste-cut');
  // Below the limit again, it says nothing.
  await page.keyboard.press('Backspace');
  await expect(record.getByTestId('field-limit').filter({ hasText: /./ })).toHaveCount(0);
});

// A review of the rule above: on the last page, focus rests on the pager's 2 / 2ページ, not on
// 前のページ, where the next Enter of one who pressed 次のページ once too often paged back.
test('次のページ disabled on the last page leaves focus on the page number, and Enter there pages nowhere', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  for (let i = 0; i < 51; i++)
    await app.core('people.add', { name: `試験 ${i + 1}号`, kana: 'シケン', employeeNo: `E7${String(i).padStart(3, '0')}`, department: '総務部', siteId: w.hq.id, cardNo: null, serverRoomAuthorized: false }, w.sm);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  const pageNo = page.locator('.pager-page');
  await expect(pageNo).toHaveText('1 / 2ページ');
  await page.getByRole('button', { name: '次のページ' }).focus();
  await page.keyboard.press('Enter');
  await expect(pageNo).toHaveText('2 / 2ページ');
  await expect(page.getByRole('button', { name: '次のページ' })).toBeDisabled();
  await expect(pageNo).toBeFocused();
  await shot(page, 'pager-last-page-focus');
  await page.keyboard.press('Enter');
  await expect(pageNo).toHaveText('2 / 2ページ');
  // Shift+Tab reaches 前のページ, as from 次のページ.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: '前のページ' })).toBeFocused();
});

// A control disabled only while it works (保存 while saving) gets focus back once it is enabled again,
// if nothing else took focus meanwhile (a review: focus stayed on the control beside it, where the next
// Enter did something else).
test('a button disabled while it works gets focus back when it is done', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.goto(app.url);
  await signIn(page, COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await page.getByRole('navigation').getByRole('link', { name: '営業日カレンダー' }).click();
  const elevate = page.getByTestId('elevate-form');
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(COMPANY.sysadmin.password);
  await elevate.getByRole('button', { name: '確認' }).click();
  await page.getByLabel('会社休日').fill('2026-12-29');
  await page.getByRole('textbox', { name: '変更の理由' }).fill('年末の休業日を追加');
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/calendar.update', async (route) => {
    await held;
    await route.continue();
  });
  const save = page.getByRole('button', { name: '保存する' });
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(save).toBeDisabled();
  // Meanwhile focus is beside it, not on the page.
  await expect.poll(() => page.evaluate(() => document.activeElement !== document.body)).toBe(true);
  release();
  await expect(page.getByTestId('flash')).toContainText('営業日カレンダーを保存しました。');
  await expect(save).toBeFocused();
});
