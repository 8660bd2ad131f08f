import type { Locator, Page } from '@playwright/test';
import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { CLERK, LANDSCAPE, PORTRAIT, setUpServerRoom, terminalShots } from './server-room-fixtures';

// Issue 6, point 16: the words. A screen that asks only for the password says a wrong password is
// wrong (not "login ID or password"); the door terminal's unknown-card screen says 「総務担当に
// 連絡してください。」 once; a required select says 選んでください; サーバ, never the long form; and
// Japanese lines break between phrases, not inside a word (表示されませ/ん), at 1280×800 and in
// the terminal at 800×1280.

/** The words (each within one text node under `root`) whose characters do not all sit on one line. */
async function splitWords(root: Locator, words: string[]): Promise<string[]> {
  return root.evaluate((el, list) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const found = new Set<string>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const node = n as Text;
      for (const word of list) {
        let at = node.data.indexOf(word);
        while (at >= 0) {
          found.add(word);
          const tops = new Set<number>();
          for (let i = at; i < at + word.length; i++) {
            const r = document.createRange();
            r.setStart(node, i);
            r.setEnd(node, i + 1);
            const rect = r.getClientRects()[0];
            if (rect) tops.add(Math.round(rect.top / 4));
          }
          if (tops.size > 1) out.push(word);
          at = node.data.indexOf(word, at + 1);
        }
      }
    }
    for (const word of list) if (!found.has(word)) out.push(`(not found) ${word}`);
    return out;
  }, words);
}

const count = (text: string, part: string) => text.split(part).length - 1;

test('lock screen and door terminal: the password is wrong; the unknown card said once; lines break between phrases', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();

  // The lock screen has no login ID field: a wrong password is a wrong password, said at the field.
  // The user button is named by what it shows, then what it is (label in name, WCAG 2.5.3), and says whether it is open.
  const userButton = page.getByRole('button', { name: /ユーザーメニュー/ });
  await expect(userButton).toHaveAccessibleName(/^田中 一郎\s*総務担当\s*ユーザーメニュー$/);
  await expect(userButton).toHaveAttribute('aria-expanded', 'false');
  await userButton.click();
  await expect(userButton).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('button', { name: '画面をロック' }).click();
  const lock = page.getByTestId('lock-screen');
  const password = lock.getByRole('textbox', { name: 'パスワード', exact: true });
  await password.fill('not-my-password-1');
  await lock.getByRole('button', { name: 'ロックを解除' }).click();
  await expect(password).toHaveAccessibleDescription('パスワードが正しくありません。');
  await expect(lock).not.toContainText('ログインID');
  await shot(page, 'wording-lock-wrong-password');
  await password.fill(CLERK.password);
  await lock.getByRole('button', { name: 'ロックを解除' }).click();
  await expect(lock).toHaveCount(0);

  // A required select says 選んでください (the record form's purpose).
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  await page.getByRole('button', { name: '記録する' }).click();
  const record = page.getByTestId('stay-record-dialog');
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(record.getByRole('combobox', { name: '目的', exact: true })).toHaveAccessibleDescription('選んでください。');
  await expect(record.getByRole('combobox', { name: /^入室者/ })).toHaveAccessibleDescription('入室者を名簿から選んでください。');
  await shot(page, 'wording-required-select');
  await record.getByRole('button', { name: 'キャンセル' }).click();

  // The host out of reach: サーバ (the company's spelling), not the long form with ー.
  await page.route('**/api/serverRoom.list', (route) => route.abort());
  await page.getByTestId('filter-state').selectOption('open');
  await expect(page.getByTestId('form-error')).toContainText('サーバに接続できません。');
  await expect(page.locator('body')).not.toContainText(['サー', 'バー'].join(''));
  await page.unroute('**/api/serverRoom.list');

  // The door terminal keeps a session of its own (issue 6 point 17): sign in on its start screen,
  // then starting it asks for the password only.
  await page.goto(`${app.url}#/terminal`);
  const start = page.getByTestId('terminal-start');
  await signIn(page, CLERK.loginId, CLERK.password);
  await start.getByLabel('あなたのパスワード').fill('not-my-password-1');
  await start.getByRole('button', { name: '端末として起動' }).click();
  await expect(start.getByLabel('あなたのパスワード')).toHaveAccessibleDescription('パスワードが正しくありません。');
  await start.getByLabel('あなたのパスワード').fill(CLERK.password);
  await start.getByRole('button', { name: '端末として起動' }).click();
  await expect(page.getByTestId('terminal-idle')).toBeVisible();

  // An unknown card: what happened, then once what to do.
  await page.keyboard.type('NOPE9999');
  await page.keyboard.press('Enter');
  const refused = page.getByTestId('terminal-refused');
  await expect(refused.getByTestId('terminal-refused-message')).toHaveText('この社員証は登録されていません。');
  expect(count(await refused.innerText(), '総務担当に連絡してください')).toBe(1);
  for (const size of [LANDSCAPE, PORTRAIT]) {
    await page.setViewportSize(size);
    expect(await splitWords(refused, ['登録されていません', '総務担当に', '連絡してください'])).toEqual([]);
  }
  await terminalShots(page, 'wording-unknown-card');
  await refused.getByRole('button', { name: 'OK' }).click();

  // Someone without authorization, in portrait: 「入室許可が/ないため」, not 「な/いため」.
  await page.setViewportSize(PORTRAIT);
  await page.keyboard.type('CARD1003');
  await page.keyboard.press('Enter');
  await expect(refused.getByTestId('terminal-refused-message')).toContainText('入室許可がないため、入室できません');
  expect(await splitWords(refused, ['ないため', 'サーバルーム', '入室できません', '総務担当に', '連絡してください'])).toEqual([]);
  await terminalShots(page, 'wording-not-authorized');
});

async function wizardAccountStep(page: Page) {
  await page.getByLabel('会社名').fill(COMPANY.companyName);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: /システム管理者/ })).toBeVisible();
}

test('desk screens at 1280×800: Japanese lines break between phrases', async ({ page, app }) => {
  // The setup wizard's login-id hint: 「…使え/ません。」 before.
  await page.goto(app.url);
  await wizardAccountStep(page);
  const hint = page.locator('.field-hint').filter({ hasText: '共用ID' });
  expect(await splitWords(hint, ['使えません', '共用ID', '半角英数字と'])).toEqual([]);
  await shot(page, 'wording-setup-hint');

  // The people register and a history page.
  await app.setUp();
  const sm = await app.signInCore(COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const hq = await app.headOffice(sm);
  const person = (await app.core('people.add', { name: '長谷川 ひとみ', kana: 'ハセガワ ヒトミ', employeeNo: 'E9001', department: '経営企画本部 情報セキュリティ推進室', siteId: hq.id, cardNo: null, serverRoomAuthorized: true }, sm)).value;
  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.goto(`${app.url}#/people`);
  const row = page.getByTestId('person-row').filter({ hasText: '長谷川 ひとみ' });
  expect(await splitWords(row.getByTestId('person-department'), ['セキュリティ', '推進室', '経営企画本部'])).toEqual([]);
  await expect(row.locator('time')).toHaveText(/^令和\d+年\d+月\d+日$/);
  expect(await row.locator('td').evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.textContent))).toEqual([]);
  expect(await splitWords(page.locator('.page-lead'), ['必要で', '変更前の', '残ります'])).toEqual([]);
  await shot(page, 'wording-people');
  await page.goto(`${app.url}#/people/${person.id}/history`);
  await expect(page.getByTestId('history-version')).toHaveCount(1);
  await shot(page, 'wording-history');
});

// A user probe: the server-room book's main button said 入退室を記録, every other ledger's 記録する.
test("every ledger's main button has the same words, and is named by them, in Japanese and in English", async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
  const ledgers = ['server-room', 'cabinet-log', 'checkouts', 'visitors', 'last-exit'];
  const mainButtons = async () => {
    const said: string[] = [];
    for (const path of ledgers) {
      await page.goto(`${app.url}#/${path}`);
      const main = page.locator('main .btn-primary').first();
      await expect(main).toBeVisible();
      const words = (await main.textContent())!.trim();
      await expect(main).toHaveAccessibleName(words);
      said.push(words);
    }
    return said;
  };
  expect(await mainButtons()).toEqual(ledgers.map(() => '記録する'));
  await page.getByRole('button', { name: 'English' }).first().click();
  expect(await mainButtons()).toEqual(ledgers.map(() => 'Record'));
});
