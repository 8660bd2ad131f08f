import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { setUpServerRoom } from './server-room-fixtures';

// Issue 7: a record changed outside Daicho (with the database key) is refused by every save and named
// by verify. The administrator looks it up on the settings page by the number the refusal gave, sees
// what differs from its history, and accepts it as found with a reason, her password and the safety
// manager's approval; the data verifies again.
test('a record changed outside Daicho: looked up, compared with its history and accepted as found', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const db = app.daicho.store.db;
  db.prepare('UPDATE people SET department = ? WHERE id = ?').run('経理部', w.yamada.id);
  const seq = db.prepare("SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = 'people' AND entity_id = ?").pluck().get(w.yamada.id) as number;
  expect(app.daicho.verify().ok).toBe(false);

  await page.goto(app.url);
  const admin = COMPANY.sysadmin;
  await signIn(page, admin.loginId, admin.password);
  await page.getByRole('navigation').getByRole('link', { name: '設定', exact: true }).click();
  const elevate = page.getByTestId('elevate-form');
  await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await elevate.getByRole('button', { name: '確認' }).click();

  const section = page.getByRole('region', { name: '台帳の外で変更された記録' });
  const ref = section.getByRole('textbox', { name: '履歴の番号または記録のID' });
  // Not a number nor an ID: said at the field, nothing looked up.
  await ref.fill('山田さん');
  await section.getByRole('button', { name: '調べる' }).click();
  await expect(ref).toHaveAccessibleDescription(/履歴の番号（数字）または記録のIDを入力してください/);
  await ref.fill(String(seq));
  await ref.press('Enter');
  const diff = section.getByTestId('outside-record');
  await expect(diff).toContainText('名簿（人）');
  // The record found is announced: its heading takes the focus.
  await expect(diff.getByRole('heading', { name: '見つかった記録' })).toBeFocused();
  const row = diff.getByRole('row', { name: /department/ });
  await expect(row.getByRole('cell').nth(0)).toHaveText('情報システム部');
  await expect(row.getByRole('cell').nth(1)).toHaveText('経理部');
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'outside-record');

  await section.getByRole('button', { name: '現在の内容のまま受け入れる' }).click();
  const dialog = page.getByTestId('outside-accept-dialog');
  await expect(dialog).toContainText('名簿（人）の記録');
  // What is approved is in front of the approver: the differences, in the dialog itself.
  const approved = dialog.getByTestId('outside-record-approved').getByRole('row', { name: /department/ });
  await expect(approved.getByRole('cell').nth(1)).toHaveText('経理部');
  const reason = dialog.getByLabel('受け入れる理由（経緯と確認した内容）');
  await expect(reason).toBeFocused();
  await dialog.getByRole('button', { name: '受け入れる' }).click();
  await expect(reason).toHaveAccessibleDescription(/入力してください|必須/);
  await reason.fill('移行作業で部署名を直接修正したことを作業記録で確認した');
  await dialog.getByLabel('あなたのパスワード（本人確認）').fill(admin.password);
  await dialog.getByLabel('承認者のログインID').fill(COMPANY.safetyManager.loginId);
  await dialog.getByRole('textbox', { name: '承認者のパスワード' }).fill('Wrong-password-0000');
  await dialog.getByRole('button', { name: '受け入れる' }).click();
  await expect(dialog.getByRole('textbox', { name: '承認者のパスワード' })).toHaveAccessibleDescription(/パスワード/);
  await shot(page, 'outside-accept-dialog');
  await dialog.getByRole('textbox', { name: '承認者のパスワード' }).fill(COMPANY.safetyManager.password);
  await dialog.getByRole('button', { name: '受け入れる' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/記録を受け入れました（履歴の番号 \d+）/)).toBeVisible();
  await expect(diff).toBeHidden();
  expect(app.daicho.verify()).toMatchObject({ ok: true, problemCount: 0 });

  // In English, the same section names its parts in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('region', { name: 'Records changed outside Daicho' })).toBeVisible();

  // The approver is told at her next sign-in, with the fields that differed (an insider probe: the record's kind and ID alone).
  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const notice = page.getByTestId('account-notices').getByTestId('account-notice').filter({ hasText: '台帳の外で変更された記録' });
  await expect(notice.getByTestId('notice-outside-fields')).toHaveText('履歴と違っていた項目：所属部署');
});
