/**
 * What a NEW password or PIN hash and a NEW passphrase or recovery-code key wrapping cost: SPEC §2
 * and §8, scrypt at OWASP parameters (N=2^17, r=8, p=1). Each hash and key file keeps the
 * parameters it was made with, and a check reads them from there: an older or cheaper hash keeps
 * working whatever the setting is when it is checked.
 */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** SPEC §2 / §8. Each run holds 128 × N × r bytes = 128 MiB while it runs (keys/wrap.ts bounds how many run). */
export const SCRYPT: ScryptCost = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

/**
 * TEST ONLY. The test suites set DAICHO_TEST_FAST_KDF=1 (vitest.config.ts, playwright.config.ts) so
 * that the hundreds of accounts, PINs and key files they make cost a few milliseconds each instead
 * of several hundred: the CLI they start as child processes gets it through the environment. Nothing in
 * the product sets it; a packaged desktop app ignores it; the `daicho` command prints
 * FAST_KDF_WARNING on stderr whenever it is in effect. Only the exact value "1" turns it on.
 */
export const FAST_KDF_SWITCH = 'DAICHO_TEST_FAST_KDF';
export const TEST_ONLY_SCRYPT: ScryptCost = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });

export const FAST_KDF_WARNING =
  `daicho: WARNING: ${FAST_KDF_SWITCH}=1 — TEST ONLY: new passwords, PINs and key files get scrypt N=2^10, not SPEC's N=2^17, ` +
  `and are easy to crack; never use it for real data. / 警告: テスト専用の弱いハッシュ設定 (${FAST_KDF_SWITCH}=1) です。実データでは使わないでください。`;

/** The one place the switch is read; at each use, so that a test can turn it off around one case. */
export function fastKdfInEffect(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[FAST_KDF_SWITCH] === '1';
}

/** The cost of a new hash or key wrapping: SPEC's, unless the test-only switch is on. */
export function newSecretCost(env: NodeJS.ProcessEnv = process.env): ScryptCost {
  return fastKdfInEffect(env) ? TEST_ONLY_SCRYPT : SCRYPT;
}

/** The line a host prints on stderr at start while the switch is on; null when it is off. */
export function fastKdfWarning(env: NodeJS.ProcessEnv = process.env): string | null {
  return fastKdfInEffect(env) ? FAST_KDF_WARNING : null;
}
