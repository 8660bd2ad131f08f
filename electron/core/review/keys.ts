import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { unwrapKey, wrapKey, type WrappedKey } from '../keys/wrap';
import { DaichoError } from '../../../shared/api/errors';
import { tellSafetyManagers } from '../auth/notices';
import type { Store, Tx } from '../store/store';
import { fingerprint } from './seal';

// Each reviewer's own Ed25519 signing key (SPEC §5). The public half is a journaled row of
// signing_keys; the private half (its 32-byte seed) is kept wrapped under the holder's password
// (scrypt → AES-256-GCM, keys/wrap.ts) in signing_key_secrets, which is not journaled. A password
// change re-wraps it; a reset by an administrator revokes it (nobody but the holder knows the new
// password, and the old wrap is deleted), and the holder's next own password makes a new key. Every
// key made or revoked is journaled and listed for every safety manager, who is told of every
// revocation and every key made in place of another.

export interface SigningKeyRow {
  id: string;
  account_id: string;
  public_key: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export function activeKey(store: Store, accountId: string): SigningKeyRow | undefined {
  return store.stmt('SELECT * FROM signing_keys WHERE account_id = ? AND revoked_at IS NULL').get(accountId) as SigningKeyRow | undefined;
}

function wrapOf(store: Store, keyId: string): WrappedKey | null {
  const row = store.stmt('SELECT wrapped FROM signing_key_secrets WHERE key_id = ?').get(keyId) as { wrapped: string } | undefined;
  return row ? (JSON.parse(row.wrapped) as WrappedKey) : null;
}

/** The private key from its seed and public half (JWK: the seed is `d`, the public key `x`). */
function privateKey(seed: Buffer, publicKey: string): KeyObject {
  const x = Buffer.from(publicKey, 'base64').subarray(-32); // an Ed25519 SPKI DER ends with the 32-byte key
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: x.toString('base64url') }, format: 'jwk' });
}

/** The private key of this seed, if its public half is the journaled one. */
function matchingKey(seed: Buffer, publicKey: string): KeyObject | null {
  try {
    const key = privateKey(seed, publicKey);
    const derived = createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
    return derived === publicKey ? key : null;
  } catch {
    return null;
  }
}

/** What the write of a key change does, prepared outside it (the scrypt runs before the transaction). */
export type KeyPlan = (tx: Tx) => void;

export interface UsableKey {
  keyId: string;
  key: KeyObject;
  /**
   * The writes that make or re-wrap the key, run in the same act as whatever needs it. They first
   * check that the holder's active key is still the one this was prepared against (a reset, or a
   * second signature, may have come between): otherwise the act is refused.
   */
  plan: KeyPlan;
}

/** The plan's first step: the holder's active key is still `expected` (an id, or none). */
function stillActive(store: Store, accountId: string, expected: string | null): void {
  if ((activeKey(store, accountId)?.id ?? null) !== expected) throw new DaichoError('conflict', 'review.errors.key_changed', 'password');
}

/** Safety managers are told of every key made or revoked (SPEC §5) — not the one who did it (their own new key is their own act). */
function tellOfKey(store: Store, tx: Tx, kind: 'signing_key_created' | 'signing_key_revoked', holderId: string, actorId: string, detail: Record<string, unknown>): void {
  tellSafetyManagers(store, tx, { kind, actorId, aboutId: holderId, detail });
}

/** A new key for the holder, wrapped under `password`; `revokeFirst`: a key that no longer opens (its wrap lost), revoked in the same act. */
async function newKey(store: Store, accountId: string, password: string, revokeFirst: SigningKeyRow | null, afterReset: boolean): Promise<UsableKey> {
  const { publicKey, privateKey: priv } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const seed = Buffer.from(priv.export({ format: 'jwk' }).d!, 'base64url');
  const wrapped = JSON.stringify(await wrapKey(seed, password, 'signing'));
  const keyId = store.newId();
  // Told: a key in place of another, or one made on the first own password after a reset (whoever
  // set the temporary password could have chosen this one).
  const replaces = afterReset || !!revokeFirst || !!store.stmt('SELECT 1 FROM signing_keys WHERE account_id = ? LIMIT 1').get(accountId);
  return {
    keyId,
    key: priv,
    plan: (tx) => {
      stillActive(store, accountId, revokeFirst?.id ?? null);
      if (revokeFirst) revokeKey(store, tx, revokeFirst, accountId, 'key_unreadable');
      tx.insert('signing_keys', { id: keyId, account_id: accountId, public_key: pub, created_at: tx.now, revoked_at: null, revoked_by: null, revoke_reason: null }, { action: 'signing_keys.create' });
      tx.keepKeyWrap(keyId, wrapped);
      // A holder's first key is only journaled (and listed); a key that replaces one is told to every safety manager.
      if (replaces) tellOfKey(store, tx, 'signing_key_created', accountId, accountId, { keyId, fingerprint: fingerprint(pub) });
    },
  };
}

/**
 * The holder's signing key, opened with their password (already checked by the caller), and — with
 * `rewrapUnder` — wrapped anew under a new password. A holder without a key (or whose key's wrap
 * is gone) gets a new one, wrapped under the password they will use from now on.
 */
export async function openSigningKey(store: Store, accountId: string, password: string, rewrapUnder?: string, opts: { afterReset?: boolean } = {}): Promise<UsableKey> {
  const active = activeKey(store, accountId);
  const next = rewrapUnder ?? password;
  const afterReset = opts.afterReset ?? false;
  if (!active) return newKey(store, accountId, next, null, afterReset);
  const wrap = wrapOf(store, active.id);
  let seed: Buffer | null = null;
  if (wrap)
    try {
      seed = await unwrapKey(wrap, password);
    } catch {
      seed = null;
    }
  // A wrap that opens but to another key than the journaled public half (put there with the database
  // key) is no key of the holder's: it is revoked like one that no longer opens.
  const key = seed ? matchingKey(seed, active.public_key) : null;
  if (!seed || !key) return newKey(store, accountId, next, active, afterReset);
  if (rewrapUnder === undefined) return { keyId: active.id, key, plan: () => stillActive(store, accountId, active.id) };
  const rewrapped = JSON.stringify(await wrapKey(seed, rewrapUnder, 'signing'));
  return {
    keyId: active.id,
    key,
    plan: (tx) => {
      stillActive(store, accountId, active.id);
      tx.keepKeyWrap(active.id, rewrapped);
    },
  };
}

/** Revoke a key (a reset by an administrator, a key that no longer opens): journaled, its wrap deleted, safety managers told. */
export function revokeKey(store: Store, tx: Tx, key: SigningKeyRow, actorId: string, reason: string): void {
  tx.update('signing_keys', key.id, { revoked_at: tx.now, revoked_by: actorId, revoke_reason: reason }, { action: 'signing_keys.revoke', reason });
  tx.keepKeyWrap(key.id, null);
  tellOfKey(store, tx, 'signing_key_revoked', key.account_id, actorId, { keyId: key.id, fingerprint: fingerprint(key.public_key), reason });
}

/** A password reset by someone else: the holder's key is revoked in the same act (the resetter must not be able to sign as them). */
export function revokeOnReset(store: Store, tx: Tx, accountId: string, actorId: string): void {
  const active = activeKey(store, accountId);
  if (active) revokeKey(store, tx, active, actorId, 'password_reset');
}
