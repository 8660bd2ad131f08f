import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from '../../electron/core/auth/passwords';
import { FAST_KDF_SWITCH, FAST_KDF_WARNING, fastKdfWarning, newSecretCost, SCRYPT, TEST_ONLY_SCRYPT } from '../../electron/core/keys/cost';
import { unwrapKey, wrapKey } from '../../electron/core/keys/wrap';
import { withFastKdf } from '../helpers/kdf-cost';

// Issue 8 item 7: the suites make their hashes with a cheap scrypt through one switch; the product
// keeps SPEC §2's cost, and every hash keeps verifying with the cost stored in it.

const cost = (hash: string) => hash.split('$').slice(1, 4).map(Number);

describe('the cost of new hashes and key files', () => {
  it('is SPEC §2\'s (scrypt N=2^17, r=8, p=1) unless the test-only switch is exactly "1"', () => {
    expect(SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    expect(TEST_ONLY_SCRYPT.N).toBeLessThan(SCRYPT.N);
    expect(newSecretCost({})).toBe(SCRYPT);
    for (const value of ['', '0', 'true', 'yes', ' 1', '1 ']) expect(newSecretCost({ [FAST_KDF_SWITCH]: value })).toBe(SCRYPT);
    expect(newSecretCost({ [FAST_KDF_SWITCH]: '1' })).toBe(TEST_ONLY_SCRYPT);
    expect(fastKdfWarning({})).toBeNull();
    expect(fastKdfWarning({ [FAST_KDF_SWITCH]: '1' })).toBe(FAST_KDF_WARNING);
    expect(FAST_KDF_WARNING).not.toContain('\n');
  });

  it('this suite runs with the switch on (vitest.config.ts)', () => {
    expect(process.env[FAST_KDF_SWITCH]).toBe('1');
  });

  it('a new password hash uses N=2^17 with the switch off and the low N with it on; either verifies under either setting', async () => {
    const pass = 'Kumo-no-ue-7491';
    const slow = await withFastKdf(false, () => hashSecret(pass));
    const fast = await withFastKdf(true, () => hashSecret(pass));
    expect(cost(slow)).toEqual([2 ** 17, 8, 1]);
    expect(cost(fast)).toEqual([TEST_ONLY_SCRYPT.N, TEST_ONLY_SCRYPT.r, TEST_ONLY_SCRYPT.p]);
    for (const on of [false, true]) {
      await withFastKdf(on, async () => {
        for (const hash of [slow, fast]) {
          expect(await verifySecret(pass, hash, { queue: true })).toBe(true);
          expect(await verifySecret('Kumo-no-ue-7492', hash, { queue: true })).toBe(false);
        }
      });
    }
  });

  it('a key file keeps the cost it was wrapped with, and unwraps under either setting', async () => {
    const key = Buffer.alloc(32, 7);
    const slow = await withFastKdf(false, () => wrapKey(key, 'Umi-no-kaze-2048', 'passphrase'));
    const fast = await withFastKdf(true, () => wrapKey(key, 'Umi-no-kaze-2048', 'passphrase'));
    expect({ N: slow.N, r: slow.r, p: slow.p }).toEqual(SCRYPT);
    expect({ N: fast.N, r: fast.r, p: fast.p }).toEqual(TEST_ONLY_SCRYPT);
    for (const on of [false, true]) {
      await withFastKdf(on, async () => {
        for (const w of [slow, fast]) expect(await unwrapKey(w, 'Umi-no-kaze-2048')).toEqual(key);
        await expect(unwrapKey(fast, 'Umi-no-kaze-2049')).rejects.toMatchObject({ code: 'wrong_key' });
      });
    }
  });
});
