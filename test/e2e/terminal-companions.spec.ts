import { expect, shot, test } from './fixtures';
import { journalRows, readerTypes, startDoor, stayCount, terminalShots } from './server-room-fixtures';

// An insider probe: a companion named at the door by employee number alone was written into the
// ledger — anyone could record that the safety manager went in with them. Now the companion's number
// is followed by their own PIN on the masked keypad (the same keys as the PIN of identify), and 入室
// checks it; a refusal is said at the companion's number, the focus there, and nothing is recorded.
test('door terminal: a companion by employee number types their own PIN on the keypad; a wrong one is refused at the number, nothing recorded', async ({ page, app }) => {
  const { w } = await startDoor(page, app, { pin: true }); // 山田 (E1001) has the PIN 2468
  const enterScreen = page.getByTestId('terminal-enter-screen');
  const pinPad = page.getByTestId('terminal-keypad-companion-pin');
  const companionNo = page.getByLabel('同行社員の社員番号');

  // 佐々木 taps his card and names 山田 by her number.
  await readerTypes(page, 'CARD1002\n');
  await expect(enterScreen).toContainText('佐々木 次郎 さん');
  await page.getByRole('radio', { name: '保守点検' }).click();
  await page.getByRole('button', { name: '同行者を追加' }).click();
  await companionNo.fill('e1001');
  await page.getByRole('button', { name: '同行社員を追加' }).click();

  // The PIN keypad, asking for hers: its title has the focus, says whose; the keys as at identify, named by their words.
  await expect(pinPad).toBeVisible();
  const title = pinPad.getByRole('heading', { level: 1 });
  await expect(title).toHaveText('同行者（社員番号 E1001）のPINを入力してください');
  await expect(title).toBeFocused();
  await expect(pinPad).toContainText('同行する方ご本人が入力してください。PINを設定していない方は、ご自身の社員証をかざして入室するか、総務担当に台帳へ記録してもらってください。');
  const keys = await pinPad.getByRole('button').evaluateAll((bs) => bs.map((b) => b.textContent!.trim()));
  expect(keys).toEqual([...'123456789', 'クリア', '0', '1文字消す', 'やめる', '同行者に追加']);
  for (const k of keys) await expect(pinPad.getByRole('button', { name: k, exact: true })).toBeVisible();
  await expect(pinPad.getByRole('group', { name: '同行者（社員番号 E1001）のPINを入力してください' })).toBeVisible();
  // Masked, typed on a keyboard.
  await page.keyboard.type('1357');
  await expect(page.getByTestId('terminal-keypad-display')).toHaveText('●●●●');
  await terminalShots(page, 'companion-pin');
  await shot(page, 'terminal-companion-pin');
  await page.keyboard.press('Enter');

  // Added, back on the screen, the focus on the number field for the next one.
  await expect(enterScreen).toBeVisible();
  await expect(page.getByTestId('terminal-employee-chip')).toHaveText(['社員番号 E1001']);
  await expect(companionNo).toBeFocused();
  await expect(companionNo).toHaveValue('');

  // 入室: the wrong PIN is refused at her number — the chip gone, the number back, the focus and the words there.
  await page.getByTestId('terminal-enter').click();
  const refusal = page.getByTestId('terminal-companion-error');
  const words = '社員番号 E1001 またはそのPINが正しくありません。同行する方ご本人が入力してください。PINを設定していない方は、ご自身の社員証をかざして入室するか、総務担当に台帳へ記録してもらってください。';
  await expect(refusal).toHaveText(words);
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(companionNo).toHaveValue('E1001');
  await expect(companionNo).toBeFocused();
  await expect(companionNo).toHaveAttribute('aria-invalid', 'true');
  await expect(companionNo).toHaveAccessibleDescription(words);
  await expect(companionNo).toBeInViewport({ ratio: 1 });
  await expect(refusal).toBeInViewport();
  await expect(page.getByTestId('terminal-employee-chip')).toHaveCount(0);
  await expect(page.getByTestId('terminal-inline-error')).toHaveCount(0); // said once, where she is looking
  await terminalShots(page, 'companion-pin-refused');
  expect(stayCount(app)).toBe(0);
  const fails = journalRows(app, 'terminal.pin_fail');
  expect(fails).toHaveLength(1);
  expect(fails[0]).toMatchObject({ actor: `person:${w.sasaki.id}`, entity: 'door_credentials' });
  expect(JSON.stringify(fails)).not.toContain('1357');

  // やめる (Escape) on the keypad goes back with the number kept; then the right PIN, on the screen's keys.
  await page.getByRole('button', { name: '同行社員を追加' }).click();
  await expect(pinPad).toBeVisible();
  await expect(refusal).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(enterScreen).toBeVisible();
  await expect(companionNo).toHaveValue('E1001');
  await expect(companionNo).toBeFocused();
  await page.getByRole('button', { name: '同行社員を追加' }).click();
  for (const d of '2468') await pinPad.getByRole('button', { name: d, exact: true }).click();
  await pinPad.getByRole('button', { name: '同行者に追加' }).click();
  await expect(page.getByTestId('terminal-employee-chip')).toHaveText(['社員番号 E1001']);
  await page.getByTestId('terminal-enter').click();
  await expect(page.getByTestId('terminal-done')).toContainText('入室を記録しました');
  expect(stayCount(app)).toBe(1);
  await page.getByTestId('terminal-done').click();
  await expect(page.getByTestId('terminal-inside').getByTestId('terminal-inside-name')).toHaveText(['佐々木 次郎', '山田 太郎']);
  const stay = app.daicho.store.db.prepare('SELECT person_id, companions FROM server_room_stays').get() as { person_id: string; companions: string };
  expect(stay).toEqual({ person_id: w.sasaki.id, companions: JSON.stringify({ employees: [{ personId: w.yamada.id }], visitors: [] }) });
});

test('door terminal: the companion’s PIN keypad in English, and no card read while it is up', async ({ page, app }) => {
  await startDoor(page, app, { pin: true });
  await readerTypes(page, 'CARD1002\n');
  await expect(page.getByTestId('terminal-enter-screen')).toContainText('佐々木 次郎 さん');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Add companions' }).click();
  await page.getByLabel('Accompanying employee no.').fill('E1001');
  await page.getByRole('button', { name: 'Add employee' }).click();
  const pinPad = page.getByTestId('terminal-keypad-companion-pin');
  await expect(pinPad.getByRole('heading', { level: 1 })).toHaveText('Companion (employee no. E1001): enter your PIN');
  await expect(pinPad).toContainText('The accompanying employee types their own PIN.');
  expect(await pinPad.getByRole('button').evaluateAll((bs) => bs.map((b) => b.textContent!.trim()))).toEqual([...'123456789', 'Clear', '0', 'Backspace', 'Cancel', 'Add companion']);
  // A PIN keyed in as fast as a reader types is the PIN, not a card read of the next person.
  await readerTypes(page, '24689\n');
  await expect(page.getByTestId('terminal-enter-screen')).toBeVisible();
  await expect(page.getByTestId('terminal-employee-chip')).toHaveText(['Employee no. E1001']);
  expect(journalRows(app, 'terminal.refused_unknown_card')).toHaveLength(0);
});
