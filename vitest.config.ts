import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at once on the CI's 2 cores (Vitest's default is one fewer than the cores: one there): the
    // run took ~1000 s with one, 701 s with two, every test passing (2026-12-07).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/helpers/build-worker.ts'],
    // TEST ONLY: new password/PIN hashes and key files get a cheap scrypt (FAST_KDF_SWITCH in
    // electron/core/keys/cost.ts; test/unit/secret-cost.test.ts checks it is on). The commands the
    // tests start inherit it (test/helpers/cli.ts). Tests of the cost itself turn it off.
    env: { DAICHO_TEST_FAST_KDF: '1' },
  },
});
