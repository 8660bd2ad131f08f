import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { StoreError } from '../store/errors';
import { unwrapKey, wrapKey, type WrappedKey } from './wrap';
import { PASSPHRASE_KEY_FILE, RECOVERY_FILE, writeFileAtomic } from '../store/data-folder';
import { passwordProblem } from '../../../shared/domain/password-policy';

/**
 * Where the database key is kept (SPEC §8). The key itself is 256 random bits; a KeyStore keeps
 * it wrapped and gives it back to whoever can unwrap it.
 */
export interface KeyStore {
  readonly kind: 'safeStorage' | 'passphrase' | 'raw-key-file' | 'recovery';
  /**
   * True when a key it loads is known to be the one it was given (an authenticated unwrap:
   * AES-GCM or the OS key store); a raw key file is just 64 hex characters.
   */
  readonly authenticated: boolean;
  /** True when a wrapped key is already kept here. */
  exists(): boolean;
  load(): Promise<Buffer>;
  /** Keep a new key (first run). */
  save(key: Buffer): Promise<void>;
}

export { DB_FILE, PASSPHRASE_KEY_FILE, RECOVERY_FILE, SAFE_STORAGE_KEY_FILE } from '../store/data-folder';

export function newDatabaseKey(): Buffer {
  return randomBytes(32);
}

function readJson(file: string): WrappedKey {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as WrappedKey;
  } catch {
    throw new StoreError('bad_key_file', file);
  }
}

/** (b) a passphrase-wrapped key file, for the headless host and the CLI. */
export class PassphraseKeyStore implements KeyStore {
  readonly kind = 'passphrase' as const;
  readonly authenticated = true;
  constructor(private readonly dir: string, private readonly passphrase: string) {}
  private get file() {
    return path.join(this.dir, PASSPHRASE_KEY_FILE);
  }
  exists() {
    return fs.existsSync(this.file);
  }
  load() {
    return unwrapKey(readJson(this.file), this.passphrase);
  }
  async save(key: Buffer) {
    // The key file travels with every backup: its passphrase follows the password rules (SPEC §2).
    if (passwordProblem(this.passphrase)) throw new StoreError('weak_passphrase');
    writeFileAtomic(this.file, JSON.stringify(await wrapKey(key, this.passphrase, 'passphrase'), null, 2));
  }
}

/** (c) a raw key file: 64 hex characters, for sites that keep keys in their own secrets store. */
export class RawKeyFileStore implements KeyStore {
  readonly kind = 'raw-key-file' as const;
  readonly authenticated = false;
  constructor(private readonly file: string) {}
  exists() {
    return fs.existsSync(this.file);
  }
  async load() {
    const text = fs.readFileSync(this.file, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new StoreError('bad_key_file', 'a raw key file holds exactly 64 hex characters');
    return Buffer.from(text, 'hex');
  }
  async save(key: Buffer) {
    writeFileAtomic(this.file, key.toString('hex') + '\n');
  }
}

/** (d) the recovery code shown once at setup: opens the data on another machine. */
export class RecoveryKeyStore implements KeyStore {
  readonly kind = 'recovery' as const;
  readonly authenticated = true;
  constructor(private readonly dir: string, private readonly code: string) {}
  private get file() {
    return path.join(this.dir, RECOVERY_FILE);
  }
  exists() {
    return fs.existsSync(this.file);
  }
  load() {
    return unwrapKey(readJson(this.file), normalizeRecoveryCode(this.code));
  }
  async save(key: Buffer) {
    writeFileAtomic(this.file, JSON.stringify(await wrapKey(key, normalizeRecoveryCode(this.code), 'recovery'), null, 2));
  }
}

// Crockford base32 without look-alikes: 25 characters = 125 bits, shown in 5 groups of 5.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecoveryCode(): string {
  const bytes = randomBytes(25);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

export function normalizeRecoveryCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** True when the code unwraps this data's recovery file to exactly this key (a wrong code is just false). */
export async function recoveryCodeOpens(dir: string, key: Buffer, code: string): Promise<boolean> {
  const store = new RecoveryKeyStore(dir, code);
  if (!store.exists()) return false;
  try {
    const got = await store.load();
    return got.length === key.length && timingSafeEqual(got, key);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'wrong_key') return false;
    throw err;
  }
}

/** Issue a new recovery code for a key, replacing any earlier one; the code is returned once. */
export async function issueRecoveryCode(dir: string, key: Buffer): Promise<string> {
  const code = newRecoveryCode();
  await new RecoveryKeyStore(dir, code).save(key);
  return code;
}
