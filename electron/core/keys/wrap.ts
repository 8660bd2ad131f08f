import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { StoreError } from '../store/errors';
import { newSecretCost, type ScryptCost } from './cost';

export interface WrappedKey {
  v: 1;
  /** What it wraps: the database key (under a passphrase or the recovery code), or a person's signing key (under their password). */
  kind: 'passphrase' | 'recovery' | 'signing';
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string; // base64
  iv: string; // base64, 12 bytes
  tag: string; // base64, 16 bytes
  ct: string; // base64, the 32-byte database key
}

/**
 * Issue 6 point 10: each scrypt at SPEC's cost holds 128 MiB while it runs. At most this many
 * run at once (one per core of the office PCs this is sized for); a few more wait their turn, and
 * beyond that a check is refused at once (ScryptBusyError) instead of queueing without bound.
 */
export const SCRYPT_CONCURRENCY = 2;
const SCRYPT_MAX_WAITING = 8;

/** Too many password checks at once: try again in a moment. Nothing was checked. */
export class ScryptBusyError extends Error {
  constructor() {
    super('too many password checks at once');
    this.name = 'ScryptBusyError';
  }
}

let running = 0;
const waiting: (() => void)[] = [];
/** How many scrypt computations ran, and the most seen running at the same time (for tests of the bound). */
export const scryptStats = { runs: 0, peak: 0 };

async function scryptSlot(queue: boolean): Promise<void> {
  if (running < SCRYPT_CONCURRENCY) {
    running++;
  } else {
    if (!queue && waiting.length >= SCRYPT_MAX_WAITING) throw new ScryptBusyError();
    await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over by scryptDone
  }
  scryptStats.peak = Math.max(scryptStats.peak, running);
  scryptStats.runs++;
}

function scryptDone(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

export async function scryptAsync(
  secret: string | Buffer,
  salt: Buffer,
  params: ScryptCost,
  len = 32,
  opts: { queue?: boolean } = {},
): Promise<Buffer> {
  // Unwrapping the database key (startup, recovery code) is not a guess from outside: it waits its turn.
  await scryptSlot(opts.queue ?? false);
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(secret, salt, len, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
    );
  } finally {
    scryptDone();
  }
}

/** Wrap the database key under a secret: scrypt → AES-256-GCM (SPEC §8). The key file keeps the scrypt cost it was made with. */
export async function wrapKey(key: Buffer, secret: string, kind: WrappedKey['kind']): Promise<WrappedKey> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cost = newSecretCost();
  const kek = await scryptAsync(secret.normalize('NFKC'), salt, cost, 32, { queue: true });
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`daicho-key-v1:${kind}`));
  const ct = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    v: 1, kind, kdf: 'scrypt', N: cost.N, r: cost.r, p: cost.p,
    salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64'),
  };
}

/** Unwrap; a wrong secret fails the GCM tag check and is reported as wrong_key. */
export async function unwrapKey(w: WrappedKey, secret: string): Promise<Buffer> {
  if (w?.v !== 1 || w.kdf !== 'scrypt' || !w.salt || !w.iv || !w.tag || !w.ct) throw new StoreError('bad_key_file');
  const kek = await scryptAsync(secret.normalize('NFKC'), Buffer.from(w.salt, 'base64'), { N: w.N, r: w.r, p: w.p }, 32, { queue: true });
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(w.iv, 'base64'));
  decipher.setAAD(Buffer.from(`daicho-key-v1:${w.kind}`));
  decipher.setAuthTag(Buffer.from(w.tag, 'base64'));
  try {
    const key = Buffer.concat([decipher.update(Buffer.from(w.ct, 'base64')), decipher.final()]);
    if (key.length !== 32) throw new StoreError('bad_key_file');
    return key;
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError('wrong_key');
  }
}
