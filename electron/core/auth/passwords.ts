import { randomBytes, timingSafeEqual } from 'node:crypto';
import { newSecretCost } from '../keys/cost';
import { scryptAsync } from '../keys/wrap';

// Passwords and PINs: scrypt at SPEC §2's cost (N=2^17, r=8, p=1; keys/cost.ts); the parameters
// are kept in the stored string, and a check reads them from there, so the cost can be raised
// later without breaking old hashes.
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const cost = newSecretCost();
  // Setting a secret is done by a signed-in person: it waits its turn (see keys/wrap.ts).
  const hash = await scryptAsync(secret.normalize('NFKC'), salt, cost, 32, { queue: true });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** `queue`: wait for a free check however many wait (the holder's own device); else refused when too many wait. */
export async function verifySecret(secret: string, stored: string, opts: { queue?: boolean } = {}): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = await scryptAsync(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) }, want.length, opts);
  return timingSafeEqual(want, got);
}

/** A hash of nothing anyone can type, used to spend the same time when an account does not exist. */
let decoy: string | null = null;
export async function decoyHash(): Promise<string> {
  decoy ??= await hashSecret(randomBytes(24).toString('base64'));
  return decoy;
}
