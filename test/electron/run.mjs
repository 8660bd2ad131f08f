#!/usr/bin/env node
// npm run test:electron — the Electron end-to-end suite (Playwright's _electron). It needs the
// Electron binary, which is downloaded from github.com on first use; where that download is not
// possible the suite does not run, says so, and exits 3 — which is NOT a pass. This is why it is
// not part of `npm test` (browser mode covers the UI there). On Linux it also needs a display
// (run it under xvfb-run on a server).
/* global window, location -- code inside page.evaluate runs in the window */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DID_NOT_RUN = 3;

/** The Electron executable, without triggering a download (require('electron') would try one). */
function electronBinary() {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const exe = process.env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel) : path.join(pkg, 'dist', rel);
  return fs.existsSync(exe) ? exe : null;
}

const exe = electronBinary();
if (!exe) {
  console.error('Electron end-to-end suite DID NOT RUN: Electron binary not available on this machine');
  console.error('  (where github.com is reachable: "npx install-electron --no", then "npm run test:electron")');
  process.exit(DID_NOT_RUN);
}

if (!fs.existsSync(path.join(ROOT, 'dist/electron/main.cjs')) || !fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'))) {
  const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (b.status !== 0) process.exit(1);
}

const { _electron } = await import('playwright');
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-electron-'));
const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([true, name]);
  } catch (err) {
    results.push([false, `${name}: ${err instanceof Error ? err.message : String(err)}`]);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// A checkout (not packaged) honours these two: a temp profile, and a raw key file because test
// machines have no OS key store (a packaged app always uses safeStorage).
const app = await _electron.launch({
  executablePath: exe,
  args: [ROOT],
  cwd: ROOT,
  env: { ...process.env, DAICHO_USER_DATA: userData, DAICHO_TEST_RAW_KEY: '1' },
  timeout: 60_000,
});
try {
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');

  await check('the window shows the app from app://daicho/, not file://', async () => {
    assert(page.url().startsWith('app://daicho/'), `url is ${page.url()}`);
  });
  await check('first run shows the setup page (a form)', async () => {
    await page.locator('form').first().waitFor({ state: 'visible', timeout: 20_000 });
  });
  await check('the page sees exactly one bridge object and no Node', async () => {
    const seen = await page.evaluate(() => ({
      keys: Object.keys(window.daicho ?? {}),
      require: typeof globalThis.require,
      process: typeof globalThis.process,
    }));
    assert(JSON.stringify(seen) === JSON.stringify({ keys: ['call'], require: 'undefined', process: 'undefined' }), JSON.stringify(seen));
  });
  await check('the bridge reaches the core: setup.status says setup is needed', async () => {
    const r = await page.evaluate(() => window.daicho.call('setup.status', {}));
    assert(r.ok === true && r.value.needsSetup === true, JSON.stringify(r));
  });
  await check('the window runs sandboxed with context isolation', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const p = BrowserWindow.getAllWindows()[0].webContents.getLastWebPreferences();
      return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity };
    });
    assert(prefs.contextIsolation === true && prefs.sandbox === true && prefs.nodeIntegration === false && prefs.webSecurity !== false, JSON.stringify(prefs));
  });
  await check('new windows are denied', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    assert(opened, 'window.open returned a window');
    assert(app.windows().length === 1, `${app.windows().length} windows`);
  });
  await check('navigation away from the app is denied', async () => {
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert(page.url().startsWith('app://daicho/'), `navigated to ${page.url()}`);
  });
} finally {
  await app.close();
  fs.rmSync(userData, { recursive: true, force: true });
}

for (const [ok, name] of results) console.log(`${ok ? '✓' : '✗'} ${name}`);
const failed = results.filter(([ok]) => !ok).length;
console.log(failed ? `Electron end-to-end suite: ${failed} of ${results.length} failed` : `Electron end-to-end suite: all ${results.length} passed`);
process.exit(failed ? 1 : 0);
