import type { Page } from '@playwright/test';
import { COMPANY, browserToken, expect, shot, signIn, test, type App } from './fixtures';

// Issue 2 acceptance (c): the idle lock appears, unlocks with the password, and what was typed in a
// form before locking is still there afterwards.
/**
 * The page counts its API calls in flight, from the call to fetch until its answer has been read
 * (the browser's request events reach the test late). The heartbeat goes only when the last input
 * came after the last answer: an answer read after the test's input (a list still loading on a
 * loaded CI machine) holds it back, and a test that waited for it timed out (2026-12-04).
 */
async function countCallsInFlight(page: Page) {
  await page.addInitScript(() => {
    let inflight = 0;
    const send = window.fetch.bind(window);
    window.fetch = (...args: Parameters<typeof fetch>) => {
      if (!String(args[0]).startsWith('/api/')) return send(...args);
      inflight++;
      let open = true;
      const end = () => {
        if (open) inflight--;
        open = false;
      };
      return send(...args).then(
        (res) => {
          const read = res.json.bind(res);
          res.json = () => read().finally(() => void Promise.resolve().then(end));
          return res;
        },
        (e: unknown) => {
          end();
          throw e;
        },
      );
    };
    Object.defineProperty(window, '__apiInflight', { get: () => inflight });
  });
}

/** Until the page has no API call in flight and their answers' continuations have run (each check is a task of its own). */
async function callsSettled(page: Page) {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __apiInflight: number }).__apiInflight), { intervals: [10] })
    .toBe(0);
}

/** How many heartbeats the page has sent since this was called. */
function countHeartbeats(page: Page): () => number {
  let sent = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/auth.session')) sent++;
  });
  return () => sent;
}

/** An idle lock of `minutes` (1 unless said), set by the administrator through the core; the safety manager signed in, the page's clock in the test's hands, its calls in flight counted. */
async function signedInWithLock(page: Page, app: App, minutes = 1) {
  await countCallsInFlight(page);
  await app.setUp();
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await app.core('auth.elevate', { password: COMPANY.sysadmin.password }, admin);
  await app.core('settings.update', { idleLockMinutes: minutes }, admin);
  await page.clock.install();
  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await expect(page.getByText(`操作がない状態が${minutes}分続くと`)).toBeVisible();
}

test('idle lock keeps unsaved input, unlocks with the password', async ({ page, app }) => {
  await signedInWithLock(page, app);
  const sm = COMPANY.safetyManager;

  // Start typing a new person, then walk away.
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  await page.getByRole('button', { name: '人員を登録' }).click();
  const add = page.getByTestId('add-dialog');
  await add.getByLabel('氏名').fill('小野寺 美咲');
  await add.getByLabel('フリガナ').fill('オノデラ ミサキ');
  await add.getByLabel('社員番号').fill('E0420');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);

  // While someone is at work, a heartbeat (at most once a minute) keeps the core's idle clock
  // in step, and the screen does not lock. (Counted from before the typing: on a loaded machine the
  // page's clock also runs on by itself, and the heartbeat could go out during the typing.)
  const heartbeats = countHeartbeats(page);
  await callsSettled(page);
  await page.clock.fastForward('00:35');
  await add.getByLabel('所属部署').pressSequentially('経理');
  await callsSettled(page);
  await page.clock.fastForward('00:30');
  await expect.poll(heartbeats).toBeGreaterThan(0);
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await add.getByLabel('所属部署').press('End');

  await page.clock.fastForward('00:40');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0); // not yet
  await page.clock.fastForward('00:30');
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  await expect(lock).toContainText(`${sm.displayName}（${sm.loginId}）がサインインしています`);
  // The core knows: nothing but unlock works for this session now. The screen locks first and
  // then tells the core, so the core's state is waited for, not read once.
  const token = await browserToken(page);
  await expect.poll(() => app.daicho.sessions.get(token)?.locked).toBe(true);
  await shot(page, 'lock-screen');

  await lock.getByRole('textbox', { name: 'パスワード', exact: true }).fill('not-my-password');
  await lock.getByRole('button', { name: 'ロックを解除' }).click();
  // The lock screen asks only for the password: a wrong one is said to be the password.
  await expect(lock.getByRole('textbox', { name: 'パスワード', exact: true })).toHaveAccessibleDescription('パスワードが正しくありません。');
  await lock.getByRole('textbox', { name: 'パスワード', exact: true }).fill(sm.password);
  await lock.getByRole('button', { name: 'ロックを解除' }).click();
  await expect(lock).toHaveCount(0);
  expect(app.daicho.sessions.get(token)?.locked).toBe(false);

  // The form underneath stayed mounted: the typing survived.
  await expect(add.getByLabel('氏名')).toHaveValue('小野寺 美咲');
  await expect(add.getByLabel('フリガナ')).toHaveValue('オノデラ ミサキ');
  await expect(add.getByLabel('社員番号')).toHaveValue('E0420');
  await expect(add.getByLabel('所属部署')).toHaveValue('経理');

  // Locked by the core instead (its own idle clock): the next call shows the lock, and after
  // unlocking the refused call goes through.
  await add.getByLabel('所属部署').fill('経理部');
  app.daicho.sessions.get(token)!.locked = true;
  await add.getByRole('button', { name: '登録する' }).click();
  await expect(lock).toBeVisible();
  await lock.getByRole('textbox', { name: 'パスワード', exact: true }).fill(sm.password);
  await lock.getByRole('button', { name: 'ロックを解除' }).click();
  await expect(lock).toHaveCount(0);
  await expect(add).toHaveCount(0);
  await expect(page.getByTestId('person-row').filter({ hasText: '小野寺 美咲' })).toBeVisible();
});

test('a heartbeat answered after the screen locked does not unlock it (a race seen in CI)', async ({ page, app }) => {
  await signedInWithLock(page, app);
  // A page that polls nothing.
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  await expect(page.getByRole('heading', { name: '人員名簿' })).toBeVisible();
  // The heartbeat's answer is held back until after the screen has locked. Whether it went out is
  // known from here (on a loaded machine it went out at the first step already, unseen: a CI run).
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  let heldOnce = false;
  await page.route('**/api/auth.session', async (route) => {
    if (heldOnce) return route.continue();
    heldOnce = true;
    const answer = await route.fetch();
    await held;
    await route.fulfill({ response: answer });
  });
  // The list's own calls answered before the input below (an answer read after it is contact after
  // the last input, and no heartbeat goes: the held request was waited for in vain in a CI run).
  await callsSettled(page);
  // Active half a minute in: half the lock's minute after the last contact the heartbeat goes out (and is held)…
  await page.clock.fastForward('00:30');
  await page.mouse.move(10, 10);
  await page.clock.fastForward('00:35');
  await expect.poll(() => heldOnce).toBe(true);
  // …then a minute without input locks the screen; the held answer (unlocked, as it was) arrives after.
  await page.clock.fastForward('00:35');
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  release();
  await page.waitForTimeout(500);
  await expect(lock).toBeVisible();
});

// With a 2-minute lock the panels poll more often than the heartbeat goes; with a 1-minute lock the
// heartbeat must go before the minute is up.
for (const minutes of [2, 1]) {
  test(`someone at work on the dashboard is not locked (a ${minutes}-minute lock): its panels’ polls do not stand in for the heartbeat`, async ({ page, app }) => {
    // The core's clock waits for the page's calls in flight (counted in the page: see
    // countCallsInFlight), as real time would not run ahead of them (under a loaded CI machine a
    // heartbeat answered five steps later found the minute gone; a heartbeat sent by the step's timer
    // but not yet reported let the core's clock run on, and the 1-minute lock came down in a CI run).
    await signedInWithLock(page, app, minutes);
    // The core's clock moves with the page's, so that its own idle clock is what is tested. The
    // page's clock stops running by itself: else it ran ahead of the core's by the test's real time,
    // and a heartbeat sent a few seconds late in the core's time still came in before the minute.
    // The core's clock is two seconds ahead: a call reaches it a moment after it is sent (with no
    // lag, a heartbeat sent a full minute after the last one came in just in time).
    const LAG = 2000;
    const start = Date.now() + 1000;
    app.setClock(start + LAG);
    await page.clock.pauseAt(start);
    let elapsed = 0;
    const pass = async (seconds: number) => {
      for (let s = 0; s < seconds; s += 5) {
        await callsSettled(page);
        elapsed += 5000;
        app.setClock(start + elapsed + LAG);
        await page.clock.fastForward(5000);
      }
    };
    // The dashboard polls who is inside, the open cabinets and the assets out every 30 seconds
    // (background refreshes, which the core does not count as activity). Five minutes of work:
    const polled = page.waitForRequest((r) => r.url().endsWith('/api/serverRoom.inside'));
    for (let i = 0; i < 15; i++) {
      await page.mouse.move(20 + i, 20);
      await pass(20);
    }
    await polled;
    await pass(5); // the last check of the lock, and the polls it starts, have run
    const token = await browserToken(page);
    await expect(page.getByTestId('lock-screen')).toHaveCount(0);
    expect(app.daicho.sessions.get(token)?.locked).toBe(false);
    // Then idle: the screen locks after the lock's minutes, polls or not.
    await pass(minutes * 60 + 10);
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    app.setClock(null);
  });
}
