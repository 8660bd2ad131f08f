import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { StoreError, writeFileAtomic, type KeyStore } from '../core';

// SPEC §8 and §11: a station's own secrets — the Ed25519 key it signs every request with, and the
// key of a door terminal's encrypted queue (which holds the host's copy of every authorized card
// number and PIN hash) — are kept like the database key: encrypted under a key that a KeyStore
// keeps wrapped (the OS key store in the desktop app, a passphrase for `daicho station`). The
// station's folder alone opens neither.

/** The secrets, AES-256-GCM under the key the station's KeyStore keeps. */
export const STATION_SECRETS_FILE = 'station-secrets.json';
/** Where stations enrolled before the vault kept them in clear; moved into the vault on first open. */
export const LEGACY_SIGNING_KEY_FILE = 'station.key';
export const LEGACY_QUEUE_KEY_FILE = 'door-queue.key';

interface Secrets {
  /** PKCS#8 PEM of the station's Ed25519 key. */
  signingKey?: string;
  /** 64 hex characters: the door queue's SQLCipher key. */
  queueKey?: string;
}

interface SealedSecrets {
  v: 1;
  iv: string;
  tag: string;
  ct: string;
}

const AAD = Buffer.from('daicho-station-secrets-v1');

function seal(key: Buffer, secrets: Secrets): SealedSecrets {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const ct = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

function unseal(key: Buffer, file: string): Secrets {
  let sealed: SealedSecrets;
  try {
    sealed = JSON.parse(fs.readFileSync(file, 'utf8')) as SealedSecrets;
  } catch {
    throw new StoreError('bad_key_file', file);
  }
  // Its nonce and tag of the lengths this file is written with (a malformed one was a raw crypto error, not this file's fault named).
  const b64 = (v: unknown, bytes: number) => (typeof v === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === bytes ? Buffer.from(v, 'base64') : null);
  const iv = b64(sealed?.iv, 12);
  const tag = b64(sealed?.tag, 16);
  if (sealed?.v !== 1 || !iv || !tag || typeof sealed.ct !== 'string' || !sealed.ct) throw new StoreError('bad_key_file', file);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(AAD);
  decipher.setAuthTag(tag);
  let text: string;
  try {
    text = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // A raw key file that is not this station's, or a key store that is another's.
    throw new StoreError('wrong_key', `${file} does not open with this key`);
  }
  return JSON.parse(text) as Secrets;
}

export class StationVault {
  private constructor(
    private readonly dir: string,
    private readonly key: Buffer,
    private secrets: Secrets,
  ) {}

  /**
   * Open (or, at enrollment, start) the vault of a station folder. Secrets a station enrolled before
   * the vault kept in clear are moved in, and their files removed, in that order: a crash in between
   * leaves them readable the next time, never lost.
   */
  static async open(dir: string, keyStore: KeyStore): Promise<StationVault> {
    const file = path.join(dir, STATION_SECRETS_FILE);
    const sealedExists = fs.existsSync(file);
    let key: Buffer;
    if (keyStore.exists()) key = await keyStore.load();
    else if (sealedExists) throw new StoreError('bad_key_file', `${file} is there but the key that opens it is not (${keyStore.kind})`);
    else {
      key = randomBytes(32);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      await keyStore.save(key);
    }
    const vault = new StationVault(dir, key, sealedExists ? unseal(key, file) : {});
    vault.takeInLegacy();
    return vault;
  }

  private takeInLegacy(): void {
    const signing = path.join(this.dir, LEGACY_SIGNING_KEY_FILE);
    const queue = path.join(this.dir, LEGACY_QUEUE_KEY_FILE);
    const next = { ...this.secrets };
    if (fs.existsSync(signing) && !next.signingKey) next.signingKey = fs.readFileSync(signing, 'utf8');
    if (fs.existsSync(queue) && !next.queueKey) next.queueKey = fs.readFileSync(queue, 'utf8').trim();
    if (next.signingKey !== this.secrets.signingKey || next.queueKey !== this.secrets.queueKey) this.save(next);
    for (const f of [signing, queue]) if (fs.existsSync(f)) fs.rmSync(f);
  }

  private save(next: Secrets): void {
    writeFileAtomic(path.join(this.dir, STATION_SECRETS_FILE), JSON.stringify(seal(this.key, next), null, 2) + '\n');
    this.secrets = next;
  }

  /** The station's signing key; null before enrollment has set it. */
  signingKey(): KeyObject | null {
    return this.secrets.signingKey ? createPrivateKey(this.secrets.signingKey) : null;
  }

  setSigningKey(key: KeyObject): void {
    this.save({ ...this.secrets, signingKey: key.export({ format: 'pem', type: 'pkcs8' }).toString() });
  }

  /** Has the door queue's key been made (so the queue was made with it)? */
  hasQueueKey(): boolean {
    return !!this.secrets.queueKey;
  }

  /** The door queue's key (made the first time a door terminal needs one). */
  queueKey(): string {
    if (!this.secrets.queueKey) this.save({ ...this.secrets, queueKey: randomBytes(32).toString('hex') });
    const key = this.secrets.queueKey!;
    if (!/^[0-9a-f]{64}$/.test(key)) throw new StoreError('bad_key_file', 'the door queue key in the station vault is not a key');
    return key;
  }
}
