import type { Page } from '@playwright/test';
import { expect, test, type App } from './fixtures';
import { journalRows, readerTypes, setUpServerRoom, STAFF, startDoorTerminal } from './server-room-fixtures';

// A keyboard-wedge card reader types a card's characters a few milliseconds apart, then Enter,
// wherever the focus is. A screen that appears while a read is under way must keep the read whole:
// never judge part of it as a card of its own (a wrong number, refused and journaled). On a slow
// machine the keys pressed while the page is busy drawing the new screen are handled late, all at
// once (a CI run: the tail of a card held to the reader twice was judged as a card, a wrong number).
// Here each key is sent with the time it was pressed (readerTypes: the event's timeStamp) and handled
// when the test sends it: the slow machine on purpose, whatever this one's speed.

const startTerminal = startDoorTerminal;

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

// The keypad's title has the focus, to be read out first: no ring round it, as if it could be pressed (a screenshot).
test('door terminal: the keypad title takes the focus without a ring', async ({ page, app }) => {
  await setUpServerRoom(app);
  await startTerminal(page, app.url);
  await page.getByRole('button', { name: '社員番号とPINで入室・退室' }).click();
  const title = page.getByTestId('terminal-keypad-employeeNo').getByRole('heading', { level: 1 });
  await expect(title).toBeFocused();
  await expect(title).toHaveCSS('outline-style', 'none');
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
  await page.keyboard.type('e1001');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-keypad-pin')).toBeVisible();
  await readAsDrawn(page, 'person', 'CARD1003\n');
  await page.keyboard.type('2468');
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
