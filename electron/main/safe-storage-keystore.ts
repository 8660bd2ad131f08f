import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { SAFE_STORAGE_KEY_FILE, type KeyStore, writeFileAtomic, StoreError } from '../core';

export { SAFE_STORAGE_KEY_FILE };

/** The OS key store cannot protect the key here; Daicho refuses rather than keep it in clear. */
export class SafeStorageUnavailableError extends Error {
  constructor(readonly reason: 'basic_text' | 'unavailable') {
    super(
      reason === 'basic_text'
        ? 'No OS key store (GNOME Keyring / KWallet) is available: Electron would keep the database key obfuscated, not encrypted, so Daicho will not start. ' +
            'Start a keyring for this desktop session, or use browser mode with a passphrase (daicho serve). / ' +
            'OSの鍵ストア（GNOME キーリング／KWallet）が利用できないため起動できません。キーリングを有効にするか、ブラウザモード（daicho serve）をご利用ください。'
        : 'The OS key store is not available, so the database key cannot be protected. / OSの鍵ストアが利用できないため、データベースの鍵を保護できません。',
    );
    this.name = 'SafeStorageUnavailableError';
  }
}

/**
 * SPEC §8 (a): the database key wrapped by the OS key store through Electron safeStorage
 * (DPAPI on Windows, Keychain on macOS, libsecret/KWallet on Linux — never `basic_text`).
 * The wrapped key lives in key.safestorage beside the database.
 */
export class SafeStorageKeyStore implements KeyStore {
  readonly kind = 'safeStorage' as const;
  readonly authenticated = true;
  constructor(private readonly dir: string) {}

  private get file(): string {
    return path.join(this.dir, SAFE_STORAGE_KEY_FILE);
  }

  /** Call after app 'ready'. Throws SafeStorageUnavailableError when the key cannot be protected. */
  static async assertAvailable(): Promise<void> {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    // Like Signal Desktop: on Linux the basic_text backend is a hard-coded password, i.e. no protection.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') throw new SafeStorageUnavailableError('basic_text');
    if (!available) throw new SafeStorageUnavailableError('unavailable');
  }

  exists(): boolean {
    return fs.existsSync(this.file);
  }

  async load(): Promise<Buffer> {
    await SafeStorageKeyStore.assertAvailable();
    let out: { result: string; shouldReEncrypt: boolean };
    try {
      out = await safeStorage.decryptStringAsync(fs.readFileSync(this.file));
    } catch {
      // Another user's or another machine's key store cannot open it: the recovery code can.
      throw new StoreError('wrong_key', 'the OS key store could not unwrap the key; use the recovery code');
    }
    if (!/^[0-9a-f]{64}$/.test(out.result)) throw new StoreError('bad_key_file', this.file);
    const key = Buffer.from(out.result, 'hex');
    if (out.shouldReEncrypt) await this.save(key);
    return key;
  }

  async save(key: Buffer): Promise<void> {
    await SafeStorageKeyStore.assertAvailable();
    writeFileAtomic(this.file, await safeStorage.encryptStringAsync(key.toString('hex')));
  }
}
