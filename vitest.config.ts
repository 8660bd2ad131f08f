import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/build-worker.ts'],
    // TEST ONLY: new password/PIN hashes and key files get a cheap scrypt (FAST_KDF_SWITCH in
    // electron/core/keys/cost.ts; test/unit/secret-cost.test.ts checks it is on). The commands the
    // tests start inherit it (test/helpers/cli.ts). Tests of the cost itself turn it off.
    env: { DAICHO_TEST_FAST_KDF: '1' },
  },
});
