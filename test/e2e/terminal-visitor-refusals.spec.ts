import { expect, test } from './fixtures';
import { readerTypes, startDoor, stayCount, terminalShots } from './server-room-fixtures';

// A probe at the door: a vendor's company 「-」 (a placeholder the core refuses) was refused at the top
// of the screen, the vendor left a chip with nothing to correct, no control marked; and a visitor with
// a name but no company was dropped unsaid by 入室, the entry recorded without them. Now each refusal
// of a visitor — the terminal's own and the core's — is said under the very control it is about (tied
// by aria-describedby, aria-invalid), the focus there, the visitor back in the fields, nothing stored.
test('door terminal: a visitor refused (company 「-」 or a 外字, no company) is said at its control when added or at 入室, focused, nothing stored', async ({ page, app }) => {
  const { w } = await startDoor(page, app, { pin: false });
  const enterScreen = page.getByTestId('terminal-enter-screen');
  const name = page.getByLabel('来訪者・業者の氏名');
  const company = page.getByLabel('会社名', { exact: true });
  const escort = page.getByLabel('同行する社員');
  const chips = page.getByTestId('terminal-visitor-chip');
  const refusal = page.getByTestId('terminal-visitor-error');

  await readerTypes(page, 'CARD1002\n');
  await expect(enterScreen).toContainText('佐々木 次郎 さん');
  await page.getByRole('radio', { name: '保守点検' }).click();
  await page.getByRole('button', { name: '同行者を追加' }).click();
  await name.fill('高橋 誠');
  await company.fill('株式会社ネクストシステムズ');
  await page.getByRole('button', { name: '来訪者・業者を追加' }).click();
  await name.fill('田中 一郎');
  await company.fill('-');
  // Added: refused there, as the core would at 入室 (before, it was said after 入室) — under 会社名, 田中 still in the fields.
  await page.getByRole('button', { name: '来訪者・業者を追加' }).click();
  const placeholder = '「-」や「なし」ではなく、実際の内容を入力してください。';
  await expect(refusal).toHaveText(placeholder);
  await expect(refusal).toHaveCount(1);
  await expect(name).toHaveValue('田中 一郎');
  await expect(company).toHaveValue('-');
  await expect(company).toBeFocused();
  await expect(company).toHaveAttribute('aria-invalid', 'true');
  await expect(company).toHaveAccessibleDescription(placeholder);
  await expect(company).toHaveAccessibleName('会社名');
  await expect(company).toBeInViewport({ ratio: 1 });
  await expect(refusal).toBeInViewport();
  // Directly under the company, not beside the name or the escort.
  const [box, under] = [await company.boundingBox(), await refusal.boundingBox()];
  expect(under!.y).toBeGreaterThanOrEqual(box!.y + box!.height - 1);
  expect(Math.abs(under!.x - box!.x)).toBeLessThan(4);
  for (const other of [name, escort]) {
    await expect(other).not.toHaveAttribute('aria-invalid', 'true');
    await expect(other).not.toHaveAttribute('aria-describedby', /./);
  }
  await expect(chips).toHaveText([/高橋 誠（株式会社ネクストシステムズ）/]);
  await expect(page.getByTestId('terminal-inline-error')).toHaveCount(0); // said once, where it is to be corrected
  expect(stayCount(app)).toBe(0);
  await terminalShots(page, 'visitor-refused');
  // 入室 with it still there: refused at the same control, nothing sent; a 外字 (drawn as a box elsewhere) too.
  await page.getByTestId('terminal-enter').click();
  await expect(refusal).toHaveText(placeholder);
  await company.fill('\uE000電設');
  await page.getByRole('button', { name: '来訪者・業者を追加' }).click();
  await expect(company).toHaveAttribute('aria-invalid', 'true');
  await expect(refusal).not.toHaveText(placeholder);
  await expect(chips).toHaveCount(1);
  expect(stayCount(app)).toBe(0);

  // Corrected and 入室 again (the visitor still in the fields goes in too): both recorded.
  await company.fill('ミドリ電設株式会社');
  await page.getByTestId('terminal-enter').click();
  await expect(page.getByTestId('terminal-done')).toContainText('入室を記録しました');
  const stay = app.daicho.store.db.prepare('SELECT companions FROM server_room_stays').get() as { companions: string };
  expect(JSON.parse(stay.companions).visitors).toEqual([
    { name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: w.sasaki.id },
    { name: '田中 一郎', company: 'ミドリ電設株式会社', escortPersonId: w.sasaki.id },
  ]);
  await page.getByTestId('terminal-done').click();

  // 山田 types a visitor's name but no company and presses 入室: the terminal refuses it at 会社名, nothing sent.
  await readerTypes(page, 'CARD1001\n');
  await expect(enterScreen).toContainText('山田 太郎 さん');
  await page.getByRole('radio', { name: '保守点検' }).click();
  await page.getByRole('button', { name: '同行者を追加' }).click();
  await name.fill('青木 二郎');
  await page.getByRole('button', { name: '同行者の入力を閉じる' }).click();
  await page.getByTestId('terminal-enter').click();
  const needsCompany = '会社名も入力してください（来訪者・業者は氏名と会社名を記録します）。';
  await expect(refusal).toHaveText(needsCompany);
  await expect(company).toBeFocused();
  await expect(company).toHaveAttribute('aria-invalid', 'true');
  await expect(company).toHaveAccessibleDescription(needsCompany);
  await expect(name).toHaveValue('青木 二郎');
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  expect(stayCount(app)).toBe(1);
  // The company alone: refused at the name, in English too.
  await name.fill('');
  await company.fill('ミドリ電設株式会社');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByTestId('terminal-enter').click();
  const needsName = 'Enter the name too (a visitor or vendor is recorded with name and company).';
  const nameEn = page.getByLabel('Visitor or vendor name');
  await expect(refusal).toHaveText(needsName);
  await expect(nameEn).toBeFocused();
  await expect(nameEn).toHaveAccessibleDescription(needsName);
  await expect(page.getByLabel('Company', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  expect(stayCount(app)).toBe(1);
});

// An escort refused by the core (one no longer among the companions): said at the escort, as sent.
test('door terminal: a visitor’s escort refused by the core is said at the escort, focused, nothing stored', async ({ page, app }) => {
  await startDoor(page, app, { pin: true }); // 山田 (E1001) has the PIN 2468
  const escort = page.getByLabel('同行する社員');
  await readerTypes(page, 'CARD1002\n');
  await expect(page.getByTestId('terminal-enter-screen')).toContainText('佐々木 次郎 さん');
  await page.getByRole('radio', { name: '保守点検' }).click();
  await page.getByRole('button', { name: '同行者を追加' }).click();
  await page.getByLabel('同行社員の社員番号').fill('E1001');
  await page.getByRole('button', { name: '同行社員を追加' }).click();
  for (const d of '2468') await page.getByTestId('terminal-keypad-companion-pin').getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: '同行者に追加' }).click();
  await page.getByLabel('来訪者・業者の氏名').fill('高橋 誠');
  await page.getByLabel('会社名', { exact: true }).fill('株式会社ネクストシステムズ');
  await escort.selectOption({ label: '社員番号 E1001' });
  await page.getByRole('button', { name: '来訪者・業者を追加' }).click();
  // 山田 is taken off again; her visitor still names her as escort.
  await page.getByRole('button', { name: '削除: E1001' }).click();
  await page.getByTestId('terminal-enter').click();
  const words = '来訪者に同行する社員は、入室者本人か同行社員から選んでください（第8条第2項）。';
  await expect(page.getByTestId('terminal-visitor-error')).toHaveText(words);
  await expect(escort).toBeFocused();
  await expect(escort).toHaveAttribute('aria-invalid', 'true');
  await expect(escort).toHaveAccessibleDescription(words);
  await expect(escort).toHaveValue('E1001');
  await expect(page.getByLabel('来訪者・業者の氏名')).toHaveValue('高橋 誠');
  await expect(page.getByTestId('terminal-visitor-chip')).toHaveCount(0);
  await expect(page.getByTestId('terminal-inline-error')).toHaveCount(0);
  expect(stayCount(app)).toBe(0);
  // The person entering escorts: recorded.
  await escort.selectOption({ label: '佐々木 次郎（本人）' });
  await page.getByTestId('terminal-enter').click();
  await expect(page.getByTestId('terminal-done')).toContainText('入室を記録しました');
  expect(stayCount(app)).toBe(1);
});
