import { FAST_KDF_SWITCH } from '../../electron/core/keys/cost';

/**
 * Run `fn` with the test-only cheap scrypt on or off (electron/core/keys/cost.ts), then put the
 * suite's setting back. Off, new hashes and key files cost what SPEC §2 says: for the tests of that
 * cost itself (the bound on simultaneous checks, the cost a new hash gets).
 */
export async function withFastKdf<T>(on: boolean, fn: () => Promise<T>): Promise<T> {
  const was = process.env[FAST_KDF_SWITCH];
  if (on) process.env[FAST_KDF_SWITCH] = '1';
  else delete process.env[FAST_KDF_SWITCH];
  try {
    return await fn();
  } finally {
    if (was === undefined) delete process.env[FAST_KDF_SWITCH];
    else process.env[FAST_KDF_SWITCH] = was;
  }
}

/** SPEC §2's cost for the duration of `fn`. */
export const withProductionKdf = <T>(fn: () => Promise<T>): Promise<T> => withFastKdf(false, fn);
