import { defineConfig, devices } from '@playwright/test';
import { FAST_KDF_SWITCH } from './electron/core/keys/cost';

// Browser end-to-end tests: the real UI (dist/renderer, built by `npm test` first) in Debian's
// Chromium against the real browser-mode host and a real encrypted data folder per test
// (test/e2e/fixtures.ts). Never `npx playwright install`: the system Chromium is used.

// TEST ONLY: new password/PIN hashes and key files get a cheap scrypt (electron/core/keys/cost.ts), in
// the workers' own core and in the `daicho` commands they start, which inherit the environment.
process.env[FAST_KDF_SWITCH] = '1';
export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  tsconfig: './test/e2e/tsconfig.json',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
