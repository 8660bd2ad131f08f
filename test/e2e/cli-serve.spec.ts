import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../electron/cli/demo/company';

// Self-contained: this spec makes its own demo data and starts its own `daicho serve`, the way a
// newcomer does after `npm run build` — it needs nothing from the other specs or the config.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'daicho.mjs');

test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } });
test.describe.configure({ mode: 'serial' });

let tmp = '';
let server: ChildProcess | null = null;
let url = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-cli-serve-'));
  const env = { ...process.env, DAICHO_PASSPHRASE: '', DAICHO_RECOVERY_CODE: '' };
  const key = path.join(tmp, 'demo.key');
  const demo = spawnSync(process.execPath, [BIN, 'demo', '--data', path.join(tmp, 'data'), '--raw-key-file', key], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (demo.status !== 0) throw new Error(`daicho demo failed:\n${demo.stdout}\n${demo.stderr}`);
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

test('daicho serve on demo data shows the sign-in page, and a demo sign-in works', async ({ page }) => {
  await page.goto(url);
  const loginId = page.locator('input[autocomplete="username"]');
  const password = page.locator('input[autocomplete="current-password"]');
  await expect(loginId).toBeVisible();
  await expect(password).toBeVisible();

  const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'clerk')!;
  await loginId.fill(clerk.loginId);
  await password.fill(clerk.password);
  await page.locator('form button[type="submit"]').click();
  await expect(loginId).toBeHidden();
  await expect(page.getByText(clerk.name).first()).toBeVisible();
});
