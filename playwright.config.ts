import { defineConfig, devices } from '@playwright/test';

// Browser end-to-end tests: the real UI (dist/renderer, built by `npm test` first) in Debian's
// Chromium against the real browser-mode host and a real encrypted data folder per test
// (test/e2e/fixtures.ts). Never `npx playwright install`: the system Chromium is used.
export default defineConfig({
  testDir: 'test/e2e',
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
