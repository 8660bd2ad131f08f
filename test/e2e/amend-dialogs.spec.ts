import type { Page } from '@playwright/test';
import { expect, shot, signIn, test } from './fixtures';
import { CLERK, jstAt, setUpServerRoom } from './server-room-fixtures';

// Issue 6, point 12: an amend dialog starts from the record's current values — every field, the
// selects too (their options may arrive after the dialog opened) — and its save button is in view
// at 1280×800 when it opens (the footer with the buttons stays at the bottom while the body scrolls).

test('server-room amend dialog: every field starts from the stay, the save button in view', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const osaka = (await app.core('sites.list', {}, w.sm)).value[1];
  const yesterday = new Date(Date.now() - 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  const stay = (
    await app.core(
      'serverRoom.record',
      {
        siteId: osaka.id,
        personId: w.yamada.id,
        enteredAt: jstAt(yesterday, '13:05'),
        exitedAt: jstAt(yesterday, '15:40'),
        purpose: 'other',
        purposeNote: '空調機の点検立会い',
        companions: { employees: [{ personId: w.sasaki.id }], visitors: [{ name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: w.sasaki.id }] },
        itemsIn: '交換用フィルター 4枚',
        itemsOut: '使用済みフィルター 4枚',
        notes: '点検報告書は総務で保管',
      },
      w.clerk,
    )
  ).value;

  // Straight to the book and into the amend dialog: the site's purposes are not loaded yet.
  const { row, amend } = await openStayAmend(page, app.url, stay.id);
  // Closed with Escape, focus is back on the row's button (not the search box).
  await expect(amend).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(amend).toHaveCount(0);
  await expect(row.getByRole('button', { name: /^訂正: 山田 太郎/ })).toBeFocused();
  await row.getByRole('button', { name: /^訂正: 山田 太郎/ }).click();

  await expect(amend.getByRole('combobox', { name: /^入室者/ })).toHaveValue('山田 太郎（E1001）');
  // It starts on its first field, 入室者 — not on 目的, whose options were still coming (a user probe).
  await expect(amend.getByRole('combobox', { name: /^入室者/ })).toBeFocused();
  await expect(amend.getByRole('combobox', { name: /^拠点/ })).toHaveValue(osaka.id);
  await expect(amend.getByRole('combobox', { name: /^拠点/ }).locator('option:checked')).toHaveText('大阪営業所');
  await expect(amend.getByLabel('入室日時')).toHaveValue(`${yesterday}T13:05`);
  await expect(amend.getByLabel('退室日時')).toHaveValue(`${yesterday}T15:40`);
  const purpose = amend.getByRole('combobox', { name: /^目的/ });
  await expect(purpose).toHaveValue('other');
  await expect(purpose.locator('option:checked')).toHaveText('その他');
  await expect(amend.getByLabel('目的（詳細）')).toHaveValue('空調機の点検立会い');
  await expect(amend.getByLabel('同行社員 1', { exact: true })).toHaveValue('佐々木 次郎');
  const visitor = amend.getByTestId('stay-visitor');
  await expect(visitor.getByLabel('氏名')).toHaveValue('高橋 誠');
  await expect(visitor.getByLabel('会社名')).toHaveValue('株式会社ネクストシステムズ');
  await expect(visitor.getByLabel('同行する社員')).toHaveValue(w.sasaki.id);
  await expect(visitor.getByLabel('同行する社員').locator('option:checked')).toHaveText('佐々木 次郎');
  await expect(amend.getByLabel('持込物品')).toHaveValue('交換用フィルター 4枚');
  await expect(amend.getByLabel('持出物品')).toHaveValue('使用済みフィルター 4枚');
  await expect(amend.getByLabel('備考')).toHaveValue('点検報告書は総務で保管');
  // Nothing is marked changed: the form is the record as it is.
  await expect(amend.locator('.changed-tag')).toHaveCount(0);

  // The save button is in view as the dialog opens, and stays in view while the body scrolls.
  const save = amend.getByRole('button', { name: '訂正する', exact: true });
  await expect(save).toBeInViewport({ ratio: 1 });
  await expect(amend.getByRole('button', { name: 'キャンセル' })).toBeInViewport({ ratio: 1 });
  await shot(page, 'amend-stay-open');
  await amend.getByLabel('訂正の理由').fill('退室時刻の記入誤り');
  await expect(amend.getByLabel('訂正の理由')).toBeInViewport();
  await expect(save).toBeInViewport({ ratio: 1 });
  // The focused field is not hidden under the footer.
  const reasonBox = await amend.getByLabel('訂正の理由').boundingBox();
  const footerBox = await amend.locator('.form-actions').boundingBox();
  expect(reasonBox!.y + reasonBox!.height).toBeLessThanOrEqual(footerBox!.y + 1);
  await shot(page, 'amend-stay-scrolled');

  // Saving with only the exit changed sends just that change.
  await amend.getByLabel('退室日時').fill(`${yesterday}T15:10`);
  await save.click();
  await expect(amend).toHaveCount(0);
  const after = (await app.core('serverRoom.get', { id: stay.id }, w.clerk)).value;
  expect(after).toMatchObject({ purpose: 'other', purposeNote: '空調機の点検立会い', siteId: osaka.id, amendCount: 1, exitedAt: new Date(jstAt(yesterday, '15:10')).toISOString() });
  const versions = app.daicho.store.db.prepare("SELECT after FROM journal WHERE action = 'serverRoom.amend'").all() as { after: string }[];
  expect(versions).toHaveLength(1);
});

test('people register amend dialog: every field starts from the person, the save button in view', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const osaka = (await app.core('sites.list', {}, w.sm)).value[1];
  const person = (
    await app.core(
      'people.add',
      { name: '長谷川 ひとみ', kana: 'ハセガワ ヒトミ', employeeNo: 'E9001', department: '経営企画本部 情報セキュリティ推進室', siteId: osaka.id, cardNo: 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6', serverRoomAuthorized: true },
      w.sm,
    )
  ).value;
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.goto(`${app.url}#/people?q=E9001`);
  await page.getByRole('button', { name: `訂正: ${person.name}` }).click();
  const amend = page.getByTestId('amend-dialog');
  await expect(amend.getByLabel('氏名')).toHaveValue('長谷川 ひとみ');
  await expect(amend.getByLabel('氏名')).toBeFocused(); // its first field, as every correction
  await expect(amend.getByLabel('フリガナ')).toHaveValue('ハセガワ ヒトミ');
  await expect(amend.getByLabel('社員番号')).toHaveValue('E9001');
  await expect(amend.getByLabel('所属部署')).toHaveValue('経営企画本部 情報セキュリティ推進室');
  await expect(amend.getByRole('combobox', { name: /^拠点/ })).toHaveValue(osaka.id);
  await expect(amend.getByRole('combobox', { name: /^拠点/ }).locator('option:checked')).toHaveText('大阪営業所');
  // The card by its last four (an insider probe: a clerk read cards whole and identified at the door as anyone); said so.
  const card = amend.getByLabel('社員証番号');
  await expect(card).toHaveValue('••••Q5R6');
  await expect(card).toHaveAccessibleDescription(/下4桁だけを表示/);
  await expect(amend.getByLabel('サーバルーム入室許可')).toBeChecked();
  await expect(amend.getByRole('button', { name: '訂正する' })).toBeInViewport({ ratio: 1 });
  await shot(page, 'amend-person-open');
  // Left as shown, the card is kept: a correction of the department alone changes only that.
  await amend.getByLabel('所属部署').fill('経営企画本部');
  await amend.getByLabel('訂正の理由').fill('組織変更による部署名の変更');
  // Ctrl+Enter saves from the reason box (where Enter is a new line), as the save button says.
  await expect(amend.getByRole('button', { name: '訂正する' })).toHaveAttribute('aria-keyshortcuts', 'Control+Enter');
  await amend.getByLabel('訂正の理由').press('Control+Enter');
  await expect(amend).toBeHidden();
  expect(app.daicho.store.db.prepare('SELECT card_no FROM door_credentials WHERE person_id = ?').get(person.id)).toEqual({ card_no: 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6' });
  // A new card typed over it replaces it (focus selects the one shown).
  await page.getByRole('button', { name: `訂正: ${person.name}` }).click();
  await page.getByTestId('amend-dialog').getByLabel('社員証番号').focus();
  await page.keyboard.type('NEWCARD7788');
  await page.getByTestId('amend-dialog').getByLabel('訂正の理由').fill('社員証紛失のため再発行');
  await page.getByTestId('amend-dialog').getByRole('button', { name: '訂正する' }).click();
  await expect(page.getByTestId('amend-dialog')).toBeHidden();
  expect(app.daicho.store.db.prepare('SELECT card_no FROM door_credentials WHERE person_id = ?').get(person.id)).toEqual({ card_no: 'NEWCARD7788' });
});

test('server-room amend dialog: a time after the stay was written down is refused at its field, saying when it was written', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const yesterday = new Date(Date.now() - 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  // Typed in yesterday at 16:30, for a stay of the early afternoon.
  app.setClock(jstAt(yesterday, '16:30'));
  const stay = (await app.core('serverRoom.record', { siteId: w.hq.id, personId: w.yamada.id, enteredAt: jstAt(yesterday, '13:05'), exitedAt: jstAt(yesterday, '15:40'), purpose: 'maintenance' }, w.clerk)).value;
  app.setClock(null);
  await app.core('auth.unlock', { password: CLERK.password }, w.clerk);

  const { amend } = await openStayAmend(page, app.url, stay.id);
  await expect(amend.getByLabel('入室日時')).toHaveValue(`${yesterday}T13:05`);
  // Moved to the evening, after it was written down: not a time in the future, but not one it can have happened at.
  await amend.getByLabel('入室日時').fill(`${yesterday}T17:00`);
  await amend.getByLabel('退室日時').fill(`${yesterday}T17:30`);
  await amend.getByLabel('訂正の理由').fill('入室時刻の記入誤り');
  await amend.getByRole('button', { name: '訂正する', exact: true }).click();
  await expect(amend.getByLabel('入室日時')).toHaveAccessibleDescription(/^この記録は.*16:30に書かれたものなので、それより後に起きたことにはできません。/);
  await expect(amend.getByLabel('退室日時')).toHaveAccessibleDescription(/^この日時は.*16:30に記録されたものなので、それより後にはできません。/);
  await shot(page, 'amend-after-recorded');
  expect((await app.core('serverRoom.get', { id: stay.id }, w.clerk)).value).toMatchObject({ enteredAt: jstAt(yesterday, '13:05'), amendCount: 0 });
});

/** Signed in as the clerk, the server-room book's amend dialog of a stay of 山田 太郎, opened from its row. */
async function openStayAmend(page: Page, url: string, stayId: string) {
  await page.goto(url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.goto(`${url}#/server-room?month=all`);
  const row = page.locator(`[data-id="${stayId}"]`);
  await row.getByRole('button', { name: /^訂正: 山田 太郎/ }).click();
  return { row, amend: page.getByTestId('stay-amend-dialog') };
}
