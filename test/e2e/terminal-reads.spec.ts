import type { Locator, Page } from '@playwright/test';
import { expect, signIn, test, type App } from './fixtures';
import { CLERK, journalRows, readerTypes, setUpServerRoom, STAFF } from './server-room-fixtures';

// A keyboard-wedge card reader types a card's characters a few milliseconds apart, then Enter,
// wherever the focus is. A screen that appears while a read is under way must keep the read whole:
// never judge part of it as a card of its own (a wrong number, refused and journaled). On a slow
// machine the keys pressed while the page is busy drawing the new screen are handled late, all at
// once (a CI run: the tail of a card held to the reader twice was judged as a card, a wrong number).
// Here each key is sent with the time it was pressed (readerTypes: the event's timeStamp) and handled
// when the test sends it: the slow machine on purpose, whatever this one's speed.

async function startTerminal(page: Page, url: string) {
  await page.goto(`${url}#/terminal`);
  const start = page.getByTestId('terminal-start');
  await signIn(page, CLERK.loginId, CLERK.password);
  await start.getByLabel('拠点').selectOption({ label: '本社' });
  await start.getByLabel('あなたのパスワード').fill(CLERK.password);
  await start.getByRole('button', { name: '端末として起動' }).click();
  await expect(page.getByTestId('terminal-card-input')).toBeFocused();
}

/** What each unknown card refused was journaled with. */
const unknownCards = (app: App) => journalRows(app, 'terminal.refused_unknown_card').map((r) => JSON.parse(r.after!) as unknown);

// A card held to the reader, read twice at once: the second read's first half goes to the idle
// screen while it checks the first, the person screen appears, and the rest — pressed 10 ms after
// the first half, handled 300 ms later — comes to it. It is dropped with its Enter, however late.
test('door terminal: a read under way as the person screen appears is dropped whole, however late its keys are handled', async ({ page, app }) => {
  await setUpServerRoom(app);
  await startTerminal(page, app.url);
  // The first read's answer is held until the second read's first half has been handled.
  let answer!: () => void;
  const held = new Promise<void>((r) => (answer = r));
  await page.route('**/api/terminal.identify', async (route) => {
    await held;
    await route.continue();
  }, { times: 1 });

  const at = Date.now() - 1_000;
  await readerTypes(page, 'CARD1001\n', at, 10);
  await readerTypes(page, 'CARD', at + 100, 10);
  await expect(page.getByTestId('terminal-card-input')).toHaveValue('CARD');
  // A slow machine: his screen is drawn long after the last key it saw.
  await page.waitForTimeout(300);
  answer();
  const enterScreen = page.getByTestId('terminal-enter-screen');
  await expect(enterScreen).toContainText('山田 太郎 さん');
  await readerTypes(page, '1001\n', at + 140, 10);

  // Still his screen, nothing refused; and it takes the next read, a whole one: 木村's, refused.
  await expect(enterScreen.getByRole('heading', { level: 1 })).toBeFocused();
  await readerTypes(page, 'CARD1003\n');
  await expect(page.getByTestId('terminal-refused-message')).toHaveText('木村 三郎 さんにはサーバルームへの入室許可がないため、入室できません。');
  expect(unknownCards(app)).toStrictEqual([]);
});

// The refusal (8 s) and the confirmation (4 s) go back to the idle screen by themselves as a card is
// read: the read's first half went to the result screen, its rest comes to the idle screen's card
// input. It is carried to the idle screen whole and identified as the card it is — not dropped (the
// tap lost, nothing said), nor identified by its tail. The page's clock is Playwright's here (it
// times the keys too: Event.timeStamp), paused, so that the return falls between the two halves.
test('door terminal: a read under way as the refusal or the confirmation goes back by itself is carried to the idle screen whole', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.clock.install();
  await startTerminal(page, app.url);
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000)); // ahead of the page clock even on a loaded machine
  await page.keyboard.type('NOPE9999');
  await page.keyboard.press('Enter');
  const refused = page.getByTestId('terminal-refused');
  await expect(refused.getByTestId('terminal-refused-message')).toHaveText('この社員証は登録されていません。');
  await expect(refused.getByRole('button', { name: 'OK', exact: true })).toBeFocused();

  // His card, read as the refusal goes back (8 s): half on the refusal, half on the idle screen.
  await page.clock.runFor(7_990);
  await page.keyboard.type('CARD');
  await expect(refused).toBeVisible();
  await page.clock.runFor(20);
  await expect(page.getByTestId('terminal-card-input')).toBeFocused();
  await page.keyboard.type('1001');
  await page.keyboard.press('Enter');
  const enterScreen = page.getByTestId('terminal-enter-screen');
  await expect(enterScreen).toContainText('山田 太郎 さん');
  await page.getByRole('radio', { name: '保守点検' }).click();
  await page.getByTestId('terminal-enter').click();
  const done = page.getByTestId('terminal-done');
  await expect(done).toContainText('入室を記録しました');

  // 佐々木's card, read as the confirmation goes back (4 s): its characters all on the confirmation, its Enter on the idle screen.
  await page.clock.runFor(3_990);
  await page.keyboard.type('CARD1002');
  await expect(done).toBeVisible();
  await page.clock.runFor(20);
  await expect(page.getByTestId('terminal-card-input')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(enterScreen).toContainText('佐々木 次郎 さん');
  expect(unknownCards(app)).toStrictEqual([{ by: 'card', cardNo: 'NOPE9999', siteId: expect.any(String) }]);
});

// 社員番号とPIN tapped while a card is read (a walk-through: the employee number got the card
// number's tail). The keys of a read never go to the keypad: the read under way is carried to it and
// identified as the card, whole; a card read on the keypad itself too (its first key, typed as a
// person's would be, taken back). A person's keys, slower than a reader's, are the keypad's; a few
// typed fast with no Enter after them are theirs too, put back.
test('door terminal: no key of a card read lands in the keypad: a read under way as 社員番号とPIN is tapped is identified whole', async ({ page, app }) => {
  await setUpServerRoom(app);
  await startTerminal(page, app.url);
  const pinButton = page.getByRole('button', { name: '社員番号とPINで入室・退室' });
  const display = page.getByTestId('terminal-keypad-display');
  const enterScreen = page.getByTestId('terminal-enter-screen');
  const refusedMessage = page.getByTestId('terminal-refused-message');

  // Half his card on the idle screen, the tap, the rest on the keypad: pressed 5 ms apart, whatever the tap took.
  const at = Date.now() - 1_000;
  await readerTypes(page, 'CARD', at);
  await expect(page.getByTestId('terminal-card-input')).toHaveValue('CARD');
  await pinButton.click();
  await expect(page.getByTestId('terminal-keypad-employeeNo')).toBeVisible();
  await readerTypes(page, '1001\n', at + 20);
  await expect(enterScreen).toContainText('山田 太郎 さん');
  await expect(page.getByTestId('terminal-keypad-pin')).toHaveCount(0);

  // A card read on the keypad itself: 木村's, identified (refused: not authorized); nothing typed.
  await page.keyboard.press('Escape');
  await pinButton.click();
  await expect(page.getByTestId('terminal-keypad-employeeNo')).toBeVisible();
  await readerTypes(page, 'CARD1003\n');
  await expect(refusedMessage).toHaveText('木村 三郎 さんにはサーバルームへの入室許可がないため、入室できません。');

  // His number typed on a keyboard, a person's pace; then fast, with no Enter: his keys still, put back.
  await page.keyboard.press('Enter');
  await pinButton.click();
  await readerTypes(page, 'e10', Date.now() - 1_000, 150); // a person's keys: 150 ms apart
  await expect(display).toHaveText('E10');
  // Its title has the focus, to be read out first: no ring round it once keys are typed, as if it could be pressed (a screenshot).
  const title = page.getByTestId('terminal-keypad-employeeNo').getByRole('heading', { level: 1 });
  await expect(title).toBeFocused();
  await expect(title).toHaveCSS('outline-style', 'none');
  await readerTypes(page, '01');
  await expect(display).toHaveText('E1001');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-keypad-pin')).toBeVisible();
  expect(unknownCards(app)).toStrictEqual([]);
  expect(journalRows(app, 'terminal.refused_not_authorized')).toHaveLength(1);
});

/** Every value `field` takes from now on (its input events), kept in the page. */
async function keepValues(page: Page, field: Locator) {
  await field.evaluate((el: HTMLInputElement) => {
    const kept: string[] = [];
    (window as unknown as { kept: string[] }).kept = kept;
    el.addEventListener('input', () => kept.push(el.value));
  });
}
const valuesKept = (page: Page) => page.evaluate(() => (window as unknown as { kept: string[] }).kept);

// A field with the focus on the terminal (the purpose's note, a companion's number, the stop dialog's
// login ID) keeps what a person types, never a card read's keys: on the person screen the read is
// the next person's card, identified; with the stop dialog open it is not taken, and said so.
test('door terminal: no key of a card read lands in a field: the note and companion fields, the stop dialog', async ({ page, app }) => {
  await setUpServerRoom(app);
  await startTerminal(page, app.url);
  const enterScreen = page.getByTestId('terminal-enter-screen');
  const refusedMessage = page.getByTestId('terminal-refused-message');
  const notAuthorized = '木村 三郎 さんにはサーバルームへの入室許可がないため、入室できません。';

  // その他: its note takes the focus; a note typed, then 木村's card read into it.
  await readerTypes(page, 'CARD1001\n');
  await expect(enterScreen).toContainText('山田 太郎 さん');
  await page.getByRole('radio', { name: 'その他' }).click();
  const note = page.getByLabel('目的の詳細');
  await note.focus();
  await readerTypes(page, 'ups', Date.now() - 1_000, 150); // a person's keys: 150 ms apart
  await expect(note).toHaveValue('ups');
  await keepValues(page, note);
  await readerTypes(page, 'CARD1003\n');
  await expect(refusedMessage).toHaveText(notAuthorized);
  // The read's first key went in as a person's would, taken back at the second; the note as typed.
  const kept = await valuesKept(page);
  expect(kept[0]).toBe('upsC');
  expect(kept.at(-1)).toBe('ups');

  // A companion's number: typed fast with no Enter, the person's (put back); a card read, not in it.
  await page.keyboard.press('Enter');
  await readerTypes(page, 'CARD1001\n');
  await expect(enterScreen).toContainText('山田 太郎 さん');
  await page.getByRole('button', { name: '同行者を追加' }).click();
  const companion = page.getByLabel('同行社員の社員番号');
  await companion.focus();
  await readerTypes(page, 'E1002');
  await expect(companion).toHaveValue('E1002');
  await keepValues(page, companion);
  await readerTypes(page, 'CARD1003\n');
  await expect(refusedMessage).toHaveText(notAuthorized);
  expect((await valuesKept(page)).at(-1)).toBe('E1002');

  // The stop dialog's login ID: a card read is not typed into it, nor does its Enter send the dialog.
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '端末を終了' }).click();
  const dialog = page.getByTestId('terminal-stop-dialog');
  const loginId = dialog.getByLabel('ログインID');
  await expect(loginId).toBeFocused();
  await readerTypes(page, 'CARD1001\n');
  await expect(dialog.getByTestId('terminal-stop-card')).toHaveText('この画面を開いている間はカードを読み取りません（入力欄にも入れていません）。入退室を記録するには、この画面を閉じてからカードをかざしてください。');
  await expect(loginId).toHaveValue('');
  await expect(loginId).not.toHaveAttribute('aria-invalid', 'true');
  expect(journalRows(app, 'terminal.refused_not_authorized')).toHaveLength(2);
  expect(unknownCards(app)).toStrictEqual([]);
});

// The start screen (no terminal yet: stopped, or the host restarted) has the sign-in's fields: a
// card held to the reader there typed its number into ログインID and its Enter sent the sign-in.
test('door terminal: no key of a card read lands in the start screen’s sign-in; it is said the card was not read', async ({ page, app }) => {
  await setUpServerRoom(app);
  await page.goto(`${app.url}#/terminal`);
  const start = page.getByTestId('terminal-start');
  const loginId = start.getByLabel('ログインID');
  await expect(loginId).toBeFocused();
  await readerTypes(page, 'CARD1001\n');
  await expect(start.getByTestId('terminal-start-card')).toHaveText('入退室端末はまだ起動していないため、カードは読み取っていません。総務担当に連絡してください。');
  await expect(loginId).toHaveValue('');
  await expect(loginId).not.toHaveAttribute('aria-invalid', 'true');
  // A clerk's sign-in, typed at a person's pace, is the field's.
  await readerTypes(page, 'tanaka', Date.now() - 1_000, 150);
  await expect(loginId).toHaveValue('tanaka');
});

/**
 * When the kiosk shows `screen`, a card read at that very moment: its keys right after the screen is
 * drawn (a MutationObserver's callback, after React's commit and before its passive effects — where
 * a reader's queued keys are handled on a busy machine: input goes before the page's own tasks).
 * Whether each key was cancelled (its character kept out of the card input) is kept in the page.
 */
async function readAsDrawn(page: Page, screen: string, text: string) {
  await page.evaluate(
    ([screen, text]) => {
      const kiosk = document.querySelector('[data-testid="terminal"]')!;
      const observer = new MutationObserver(() => {
        if (kiosk.getAttribute('data-screen') !== screen) return;
        observer.disconnect();
        (window as unknown as { cancelled: boolean[] }).cancelled = [...text].map((ch) => {
          const e = new KeyboardEvent('keydown', { key: ch === '\n' ? 'Enter' : ch, bubbles: true, cancelable: true });
          (document.activeElement ?? document.body).dispatchEvent(e);
          return e.defaultPrevented;
        });
      });
      observer.observe(kiosk, { attributes: true, attributeFilter: ['data-screen'] });
    },
    [screen, text] as const,
  );
}

// A read that comes the moment a screen is drawn is that screen's, whole: no key of it is lost to
// the screen before (its listener still there a moment) nor missed by the new one (its listener not
// there yet: the first characters went nowhere).
test('door terminal: a read as a screen is drawn is the new screen’s, whole: nothing of it taken by the screen before', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  await app.core('me.setPin', { password: STAFF.password, pin: '2468' }, w.staff);
  await page.clock.install();
  await startTerminal(page, app.url);
  const refusedMessage = page.getByTestId('terminal-refused-message');
  const notAuthorized = '木村 三郎 さんにはサーバルームへの入室許可がないため、入室できません。';

  // From the idle screen: his card, and 木村's read as his screen is drawn.
  await readAsDrawn(page, 'person', 'CARD1003\n');
  await readerTypes(page, 'CARD1001\n');
  await expect(refusedMessage).toHaveText(notAuthorized);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-card-input')).toBeFocused();

  // From the keypad: his number and PIN, and 木村's read as his screen is drawn.
  const pinButton = page.getByRole('button', { name: '社員番号とPINで入室・退室' });
  await pinButton.click();
  // Typed at a person's pace: keys as fast as a reader's are a card read (cardReads.ts), on the keypad too.
  await page.keyboard.type('e1001', { delay: 150 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-keypad-pin')).toBeVisible();
  await readAsDrawn(page, 'person', 'CARD1003\n');
  await page.keyboard.type('2468', { delay: 150 });
  await page.keyboard.press('Enter');
  await expect(refusedMessage).toHaveText(notAuthorized);
  expect(journalRows(app, 'terminal.refused_not_authorized')).toHaveLength(2);
  expect(unknownCards(app)).toStrictEqual([]);

  // The keypad gone back to the idle screen by itself (20 s), a card read into the card input as it
  // is drawn: none of its keys cancelled (the keypad's listener took the digits, kept out of the input).
  await page.keyboard.press('Enter');
  await pinButton.click();
  await expect(page.getByTestId('terminal-keypad-employeeNo')).toBeVisible();
  await readAsDrawn(page, 'idle', 'CARD1001');
  await page.clock.runFor(20_000);
  await expect(page.getByTestId('terminal-idle')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { cancelled: boolean[] }).cancelled)).toEqual(Array(8).fill(false));
});
