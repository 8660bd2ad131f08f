import { cancelTyped, COMPANY, expect, shot, signIn, test } from './fixtures';
import { CLERK, localInput, setUpServerRoom, stayCount } from './server-room-fixtures';
import type { Locator, Page } from '@playwright/test';

/** The clerk signed in, the server-room book's 記録する dialog open. */
async function openStayDialog(page: Page, url: string): Promise<Locator> {
  await page.goto(url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  await page.getByRole('button', { name: '記録する' }).click();
  return page.getByTestId('stay-record-dialog');
}

/** 山田 enters to attend vendor work (the dialog then takes visitors). */
async function vendorWork(page: Page, record: Locator): Promise<void> {
  await record.getByLabel('入室者').fill('山田');
  await page.getByRole('option', { name: /山田 太郎/ }).click();
  await record.getByRole('combobox', { name: '目的', exact: true }).selectOption({ label: '業者作業立会い' });
}

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
  const record = await openStayDialog(page, app.url);
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

// A user probe: in the stay dialog a companion row's refusal was named by the summary as the row's
// nearest control (a company refused named and focused the name beside it), its message tied to no
// control. Each row's control now has its own message beside it, described by it, and the summary
// names the row and the control, one key from it — refused by the form or by the core.
test('a stay’s companion rows: each refusal at its own control, named with its row in the summary, one key away', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const record = await openStayDialog(page, app.url);
  const summary = record.getByTestId('dialog-error-summary');
  await vendorWork(page, record);
  await record.getByRole('button', { name: '同行社員を追加' }).click();
  await record.getByRole('button', { name: '来訪者・業者を追加' }).click();
  await record.getByRole('button', { name: '来訪者・業者を追加' }).click();
  const first = record.getByTestId('stay-visitor').nth(0);
  const second = record.getByTestId('stay-visitor').nth(1);
  await first.getByLabel('氏名').fill('高橋 誠');
  await first.getByLabel('会社名').fill('株式会社ネクストシステムズ');
  await second.getByLabel('氏名').fill('鈴木 一郎');
  const company = record.getByRole('textbox', { name: '来訪者・業者 2 の会社名', exact: true });
  const employee = record.getByRole('combobox', { name: '同行社員 1', exact: true });
  // Refused by the form: no employee chosen in its row, visitor 2 without a company.
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(summary.getByRole('paragraph')).toHaveText('入力内容に2件の問題があります。');
  await expect(summary.getByRole('button')).toHaveText(['同行社員 1', '来訪者・業者 2 の会社名']);
  await record.evaluate((d) => d.scrollTo(0, 0));
  await shot(page, 'stay-rows-summary');
  await summary.getByRole('button', { name: '来訪者・業者 2 の会社名' }).click();
  await expect(company).toBeFocused();
  await expect(company).toHaveAttribute('aria-invalid', 'true');
  await expect(company).toHaveAccessibleDescription('入力してください。');
  // Only that control: its row's name and escort are not at fault.
  await expect(second.getByLabel('氏名')).toHaveAttribute('aria-invalid', 'false');
  await expect(second.getByLabel('同行する社員')).toHaveAttribute('aria-invalid', 'false');
  await summary.getByRole('button', { name: '同行社員 1' }).click();
  await expect(employee).toBeFocused();
  await expect(employee).toHaveAttribute('aria-invalid', 'true');
  await expect(employee).toHaveAccessibleDescription('同行社員を名簿から選んでください。');
  // Refused by the core (companions.visitors.1.company): a placeholder for a company.
  await page.keyboard.type('佐々木');
  await page.getByRole('option', { name: /佐々木 次郎/ }).click();
  await company.fill('-');
  await record.getByLabel('持込物品').focus();
  await page.keyboard.press('Control+Enter');
  await expect(company).toHaveAccessibleDescription('「-」や「なし」ではなく、実際の内容を入力してください。');
  await expect(summary.getByRole('button')).toHaveText(['来訪者・業者 2 の会社名']);
  await expect(company).toHaveAttribute('aria-invalid', 'true');
  await expect(second.getByLabel('氏名')).toHaveAttribute('aria-invalid', 'false');
  await shot(page, 'stay-visitor-company-refused');
  await record.getByLabel('持込物品').focus();
  await summary.getByRole('button', { name: '来訪者・業者 2 の会社名' }).press('Enter');
  await expect(company).toBeFocused();
  // Refused by the core at an employee row (companions.employees.0.personId): the person entering as their own companion.
  await company.fill('鈴木工業株式会社');
  await employee.fill('山田');
  await record.getByRole('listbox').getByRole('option', { name: /山田 太郎/ }).click();
  await record.getByLabel('持込物品').focus();
  await page.keyboard.press('Control+Enter');
  await expect(employee).toHaveAccessibleDescription('入室者本人を同行者に含めないでください。');
  await expect(summary.getByRole('button')).toHaveText(['同行社員 1']);
  await summary.getByRole('button', { name: '同行社員 1' }).click();
  await expect(employee).toBeFocused();
  expect(stayCount(app)).toBe(0);
  // Corrected: saved, the dialog gone.
  await employee.fill('佐々木');
  await page.getByRole('option', { name: /佐々木 次郎/ }).click();
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(record).toHaveCount(0);
  expect(stayCount(app)).toBe(1);
  const stored = app.daicho.store.db.prepare('SELECT companions FROM server_room_stays').get() as { companions: string };
  expect(JSON.parse(stored.companions)).toMatchObject({ employees: [{ personId: w.sasaki.id }], visitors: [{ company: '株式会社ネクストシステムズ' }, { company: '鈴木工業株式会社' }] });
  // In English, the row and the control in its words.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await record.getByRole('button', { name: 'Add a visitor or vendor' }).click();
  await record.getByTestId('stay-visitor').getByLabel('Name').fill('Jane Smith');
  await record.getByRole('button', { name: 'Record', exact: true }).click();
  await summary.getByRole('button', { name: 'Visitor 1 company', exact: true }).click();
  await expect(record.getByRole('textbox', { name: 'Visitor 1 company', exact: true })).toBeFocused();
});

// A probe of the same rows: an employee escorting a visitor taken out of the party left the escort's
// select showing the person entering while the form kept the one removed, and the core refused an
// escort the screen did not show. The visitor is then without escort, as the select says.
test('a visitor’s escort taken out of the party: the select and the form both say no escort, and the save is not refused', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const record = await openStayDialog(page, app.url);
  await vendorWork(page, record);
  await record.getByRole('button', { name: '同行社員を追加' }).click();
  await page.keyboard.type('佐々木');
  await record.getByRole('listbox').getByRole('option', { name: /佐々木 次郎/ }).click();
  await record.getByRole('button', { name: '来訪者・業者を追加' }).click();
  const visitor = record.getByTestId('stay-visitor');
  await visitor.getByLabel('氏名').fill('高橋 誠');
  await visitor.getByLabel('会社名').fill('株式会社ネクストシステムズ');
  const escort = record.getByRole('combobox', { name: '来訪者・業者 1 に同行する社員', exact: true });
  await escort.selectOption({ label: '佐々木 次郎' });
  await record.getByRole('button', { name: '削除: 同行社員 1' }).click();
  await expect(escort.locator('option:checked')).toHaveText('同行する社員なし');
  await expect(escort).toHaveValue('');
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(record).toHaveCount(0);
  const stored = app.daicho.store.db.prepare('SELECT person_id, companions FROM server_room_stays').get() as { person_id: string; companions: string };
  expect(stored.person_id).toBe(w.yamada.id);
  expect(JSON.parse(stored.companions)).toEqual({ employees: [], visitors: [{ name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: null }] });
});

test('the lock dialog: a refused save summed up, each field one key away, then saved', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const cabinet = (await app.core('cabinets.add', { code: 'C-02', name: '契約書庫', location: '本社2F 営業部', siteId: w.hq.id, contentClass: 'confidential', custodianId: w.kimura.id }, w.clerk)).value;
  const openedAt = Date.now() - 10 * 60_000;
  await app.core('cabinetLog.add', { cabinetId: cabinet.id, openedAt: new Date(openedAt).toISOString(), openedBy: w.kimura.id, purpose: '契約書の確認' }, w.clerk);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await page.getByRole('navigation').getByRole('link', { name: 'キャビネット開施錠記録簿' }).click();
  await page.getByTestId('record-row').filter({ hasText: '契約書庫' }).getByRole('button', { name: /^施錠: / }).click();
  const lock = page.getByTestId('lock-dialog');
  const summary = lock.getByTestId('dialog-error-summary');
  const by = lock.getByRole('combobox', { name: '施錠者' });
  const at = lock.getByLabel('施錠日時');
  await expect(by).toHaveValue('木村 三郎（E1003）');
  // No one named, and a time before the opening: the form refuses the first.
  await lock.getByRole('button', { name: '選択を解除' }).click();
  await at.fill(localInput(openedAt, -60));
  await lock.getByRole('button', { name: '施錠を記録' }).click();
  await expect(summary.getByRole('paragraph')).toHaveText('入力内容に1件の問題があります。');
  await expect(summary.getByRole('button')).toHaveText(['施錠者']);
  await at.focus();
  await summary.getByRole('button', { name: '施錠者' }).click();
  await expect(by).toBeFocused();
  await expect(by).toHaveAccessibleDescription(/選んでください/);
  await page.keyboard.type('木村');
  await page.getByRole('option', { name: /木村 三郎/ }).click();
  // Then the core, the time.
  await lock.getByRole('button', { name: '施錠を記録' }).click();
  await expect(at).toHaveAccessibleDescription(/施錠日時は開錠日時より後にしてください。/);
  await expect(summary.getByRole('button')).toHaveText(['施錠日時']);
  await by.focus();
  await summary.getByRole('button', { name: '施錠日時' }).click();
  await expect(at).toBeFocused();
  expect((app.daicho.store.db.prepare('SELECT locked_by FROM cabinet_sessions').get() as { locked_by: string | null }).locked_by).toBeNull();
  await at.fill(localInput(openedAt, 5));
  await lock.getByRole('button', { name: '施錠を記録' }).click();
  await expect(lock).toHaveCount(0);
  expect((app.daicho.store.db.prepare('SELECT locked_by FROM cabinet_sessions').get() as { locked_by: string | null }).locked_by).toBe(w.kimura.id);
});

test('the account–person link dialog: a refused save summed up, each field one key away, then saved', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const admin = COMPANY.sysadmin;
  await page.goto(app.url);
  await signIn(page, admin.loginId, admin.password);
  await page.getByRole('navigation').getByRole('link', { name: 'アカウント管理' }).click();
  await page.getByTestId('elevate-form').getByRole('textbox', { name: 'パスワード', exact: true }).fill(admin.password);
  await page.getByTestId('elevate-form').getByRole('button', { name: '確認' }).click();
  await page.getByRole('button', { name: '人員の紐付け（田中 一郎）' }).click();
  const dialog = page.getByTestId('link-person-dialog');
  const summary = dialog.getByTestId('dialog-error-summary');
  await dialog.getByLabel('人員').fill('佐々木');
  await page.getByRole('option', { name: /佐々木 次郎/ }).click();
  // No reason, no approval: three fields refused, named in the form's order.
  await dialog.getByRole('button', { name: '保存する' }).click();
  await expect(summary.getByRole('paragraph')).toHaveText('入力内容に3件の問題があります。');
  await expect(summary.getByRole('button')).toHaveText(['理由', '承認者のログインID', '承認者のパスワード']);
  await summary.getByRole('button', { name: '理由' }).click();
  await expect(dialog.getByLabel('理由')).toBeFocused();
  await page.keyboard.type('名簿の登録に合わせて');
  await summary.getByRole('button', { name: '承認者のログインID' }).click();
  await expect(dialog.getByLabel('承認者のログインID')).toBeFocused();
  await page.keyboard.type(COMPANY.safetyManager.loginId);
  await dialog.getByLabel('承認者のパスワード').fill('Not-her-password-1');
  // The core refuses the approver's password: named, one key away, emptied to be typed again.
  await dialog.getByRole('button', { name: '保存する' }).click();
  await expect(summary.getByRole('button')).toHaveText(['承認者のパスワード']);
  await expect(summary.getByRole('paragraph')).toHaveText('入力内容に1件の問題があります。');
  await dialog.getByLabel('理由').focus();
  await summary.getByRole('button', { name: '承認者のパスワード' }).click();
  await expect(dialog.getByLabel('承認者のパスワード')).toBeFocused();
  await expect(dialog.getByLabel('承認者のパスワード')).toHaveValue('');
  expect((app.daicho.store.db.prepare('SELECT person_id FROM accounts WHERE login_id = ?').get(CLERK.loginId) as { person_id: string }).person_id).toBe(w.tanaka.id);
  await page.keyboard.type(COMPANY.safetyManager.password);
  await dialog.getByRole('button', { name: '保存する' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('flash')).toContainText('田中 一郎 さんのアカウントの紐付けを保存しました。');
  expect((app.daicho.store.db.prepare('SELECT person_id FROM accounts WHERE login_id = ?').get(CLERK.loginId) as { person_id: string }).person_id).toBe(w.sasaki.id);
});
