import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'daicho.mjs');
const SHOTS = '/tmp/probe-shots';
test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

let tmp = '';
let server: ChildProcess | null = null;
let url = '';
const ACC = {
  clerk: ['takahashi.miho', 'Momiji-Techo-2947'],
  sm: ['suzuki.yoko', 'Hinode-Shiro-5820'],
  staff: ['kobayashi.shota', 'Tsubame-Kaze-3752'],
  admin: ['sato.kenichi', 'Aozora-Kagi-7314'],
} as const;

test.beforeAll(async () => {
  test.setTimeout(400_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-probe-'));
  const env = { ...process.env, DAICHO_PASSPHRASE: '', DAICHO_RECOVERY_CODE: '' };
  const key = path.join(tmp, 'demo.key');
  const tpl = process.env.PROBE_TEMPLATE;
  if (tpl) {
    fs.cpSync(path.join(tpl, 'data'), path.join(tmp, 'data'), { recursive: true });
    fs.copyFileSync(path.join(tpl, 'demo.key'), key);
  } else {
    const demo = spawnSync(process.execPath, [BIN, 'demo', '--data', path.join(tmp, 'data'), '--raw-key-file', key], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (demo.status !== 0) throw new Error(`daicho demo failed:\n${demo.stdout}\n${demo.stderr}`);
  }
  server = spawn(process.execPath, [BIN, 'serve', '--data', path.join(tmp, 'data'), '--raw-key-file', key, '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  url = await new Promise<string>((resolve, reject) => {
    server!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server!.on('exit', (code) => reject(new Error(`daicho serve exited with ${code}:\n${out}`)));
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const done = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await done;
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function snap(page: Page, name: string, full = false) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: full });
}
async function signIn(page: Page, who: keyof typeof ACC) {
  await page.goto(url);
  await page.locator('input[autocomplete="username"]').fill(ACC[who][0]);
  await page.locator('input[autocomplete="current-password"]').fill(ACC[who][1]);
  await page.locator('form button[type="submit"]').click();
  await expect(page.locator('input[autocomplete="username"]')).toBeHidden({ timeout: 20_000 });
}
function dumpText(page: Page, name: string) {
  return page.evaluate(() => document.body.innerText).then((t) => fs.writeFileSync(path.join(SHOTS, `${name}.txt`), t));
}


async function tour(page: Page, route: string, name: string) {
  await page.goto(url + route);
  await page.waitForLoadState('networkidle');
  await snap(page, name);
  await dumpText(page, name);
  const btns = await page.locator('main button, main a, main input, main select, main textarea').evaluateAll((els) => els.map((e) => `${e.tagName} ${(e as HTMLInputElement).type ?? ''} [${e.getAttribute('aria-label') ?? ''}] ${(e.textContent ?? '').trim().slice(0, 40)} ${e.getAttribute('href') ?? ''}`));
  fs.writeFileSync(path.join(SHOTS, `${name}.ctl.txt`), btns.join('\n'));
}


async function ctl(page: Page, name: string, scope = 'body') {
  const btns = await page.locator(`${scope} button, ${scope} a, ${scope} input, ${scope} select, ${scope} textarea, ${scope} label`).evaluateAll((els) => els.map((e) => `${e.tagName} ${(e as HTMLInputElement).type ?? ''} name=${e.getAttribute('name') ?? ''} id=${e.id} [${e.getAttribute('aria-label') ?? ''}] ${(e.textContent ?? '').trim().slice(0, 50)} ${e.getAttribute('href') ?? ''}`));
  fs.writeFileSync(path.join(SHOTS, `${name}.ctl.txt`), btns.join('\n'));
}
async function focusInfo(page: Page) {
  return page.evaluate(() => { const e = document.activeElement as HTMLElement | null; return e ? `${e.tagName} [${e.getAttribute('aria-label') ?? ''}] ${(e.textContent ?? '').trim().slice(0, 40)}` : 'none'; });
}
const log: string[] = [];
function note(s: string) { log.push(s); fs.writeFileSync(path.join(SHOTS, 'log.txt'), log.join('\n')); }


test('clerk server room', async ({ page }) => {
  await signIn(page, 'clerk');
  await page.getByRole('button', { name: '確認しました' }).click();
  await page.goto(url + '#/server-room');
  const open = page.getByRole('button', { name: '入退室を記録' });
  await open.click();
  const dlg = page.locator('dialog[open]');
  note('focus on open: ' + (await focusInfo(page)));
  // type notes first, then submit empty-ish
  await dlg.getByLabel('備考').fill('テスト備考メモ');
  await dlg.getByRole('button', { name: '記録する' }).click();
  await snap(page, '12-sr-empty-submit');
  note('focus after invalid submit: ' + (await focusInfo(page)));
  await dumpText(page, '12-sr-empty-submit');
  // pick person by keyboard
  const person = dlg.getByPlaceholder('氏名・カナ・社員番号で検索');
  await person.click();
  await person.pressSequentially('佐藤');
  await page.waitForTimeout(800);
  await snap(page, '13-sr-person-search');
  await person.press('ArrowDown');
  await person.press('Enter');
  await page.waitForTimeout(300);
  note('person after Enter: ' + (await person.inputValue()));
  note('notes kept after invalid submit: ' + (await dlg.getByLabel('備考').inputValue()));
  await dlg.locator('select[name=purpose]').selectOption({ index: 1 });
  // exit before entry -> validation
  const enteredVal = await dlg.getByLabel('入室日時').inputValue();
  note('entered default: ' + enteredVal);
  const d = new Date(Date.now() + 9 * 3600_000 - 60 * 60_000).toISOString().slice(0, 16);
  await dlg.getByLabel('退室日時').fill(d);
  await dlg.getByRole('button', { name: '記録する' }).click();
  await snap(page, '14-sr-exit-before-entry');
  await dumpText(page, '14-sr-exit-before-entry');
  await dlg.getByLabel('退室日時').fill('');
  await dlg.getByRole('button', { name: '記録する' }).click();
  await page.waitForTimeout(800);
  await snap(page, '15-sr-after-save');
  note('focus after save: ' + (await focusInfo(page)));
  note('dialog still open after save: ' + (await page.locator('dialog[open]').count()));
  await dumpText(page, '15-sr-after-save');
  // escape test
  await open.click();
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  note('dialog open after Escape: ' + (await page.locator('dialog[open]').count()) + ' focus: ' + (await focusInfo(page)));
  // exit for the new row (佐藤)
  const exitBtn = page.locator('main').getByRole('button', { name: /退室を記録: 佐藤/ }).first();
  note('exit buttons for 佐藤: ' + (await page.locator('main').getByRole('button', { name: /退室を記録: 佐藤/ }).count()));
  await exitBtn.click();
  await snap(page, '16-sr-exit-dialog');
  await dumpText(page, '16-sr-exit-dialog');
  await ctl(page, '16-sr-exit-dialog', 'dialog[open]');

  await page.locator('dialog[open]').getByRole('button', { name: '退室を記録する' }).click();
  await page.waitForTimeout(800);
  await snap(page, '17-sr-after-exit');
  note('focus after exit: ' + (await focusInfo(page)));
  // amend
  const amend = page.locator('main').getByRole('button', { name: /^訂正: 佐藤/ }).first();
  await amend.click();
  await page.waitForTimeout(300);
  await snap(page, '18-sr-amend');
  await dumpText(page, '18-sr-amend');
  await ctl(page, '18-sr-amend', 'dialog[open]');

  const dlg2 = page.locator('dialog[open]');
  await dlg2.locator('input[name=purposeNote]').fill('UPS点検');
  await dlg2.getByRole('button', { name: '訂正を記録する' }).click();
  await page.waitForTimeout(400);
  await snap(page, '19-sr-amend-noreason');
  await dumpText(page, '19-sr-amend-noreason');
  note('purposeNote kept: ' + (await dlg2.locator('input[name=purposeNote]').inputValue()));
  await dlg2.locator('textarea[name=reason]').fill('目的の詳細を追記');
  await dlg2.getByRole('button', { name: '訂正を記録する' }).click();
  await page.waitForTimeout(800);
  await snap(page, '20-sr-after-amend');
  note('focus after amend: ' + (await focusInfo(page)));
  await page.locator('main').getByRole('button', { name: /^無効にする: 佐藤/ }).first().click();
  await page.waitForTimeout(300);
  await snap(page, '21-sr-void');
  await dumpText(page, '21-sr-void');
  await page.keyboard.press('Escape');
  await page.locator('main').getByRole('button', { name: /^履歴: 佐藤/ }).first().click();
  await page.waitForTimeout(800);
  await snap(page, '22-sr-history');
  await dumpText(page, '22-sr-history');
});

test('clerk other ledgers forms', async ({ page }) => {
  await signIn(page, 'clerk');
  await page.getByRole('button', { name: '確認しました' }).click();
  for (const [r, n] of [['#/cabinet-log', '30-cab-form'], ['#/checkouts', '31-co-form'], ['#/visitors', '32-vis-form'], ['#/last-exit', '33-le-form']] as const) {
    await page.goto(url + r);
    await page.getByRole('button', { name: '記録する' }).first().click();
    await page.waitForTimeout(500);
    await snap(page, n);
    await dumpText(page, n);
    await ctl(page, n, 'dialog[open]');
    await page.keyboard.press('Escape');
  }
});
