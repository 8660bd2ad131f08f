import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// Issue 6 point 10: guessing passwords. The per-account lock (SPEC §2: 5 failures, 15 minutes)
// stops guessing one account; these stop guessing across accounts, without letting an anonymous
// guesser keep an account's holder locked out:
// - SignInThrottle: repeated failures from one client (the transport's caller address), whatever
//   accounts they name, make that client wait longer and longer before its next try;
// - DeviceProofs: a device that has signed in to an account before holds a proof of it (a signed
//   cookie in browser mode); its attempts count in a lane of their own, so a guesser elsewhere
//   locks only the "other devices" lane and the holder can still sign in from their own PC.

/** Failures a client may make in the window before it has to wait (two accounts' worth of locks). */
export const FREE_FAILURES = 10;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_DELAY_MS = 60 * 1000;
const MAX_CLIENTS = 10_000;

export class SignInThrottle {
  private readonly clients = new Map<string, number[]>();

  /** Milliseconds the client must still wait before its next password check; 0 when it may try now. */
  waitFor(client: string, now: number): number {
    const failures = this.recent(client, now);
    if (failures.length <= FREE_FAILURES) return 0;
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures.length - FREE_FAILURES - 1));
    return Math.max(0, failures[failures.length - 1] + delay - now);
  }

  fail(client: string, now: number): void {
    const failures = this.recent(client, now);
    failures.push(now);
    if (failures.length > 64) failures.shift();
    this.clients.delete(client); // most recent last, so the oldest client is dropped first when full
    this.clients.set(client, failures);
    if (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
  }

  private recent(client: string, now: number): number[] {
    const failures = (this.clients.get(client) ?? []).filter((t) => now - t < WINDOW_MS);
    if (failures.length === 0) this.clients.delete(client);
    else this.clients.set(client, failures);
    return failures;
  }
}

/** Accounts a device has signed in to, at most this many (the most recent). */
const MAX_ACCOUNTS_PER_DEVICE = 20;

/**
 * Proofs that a device has signed in to accounts before: `v1.<accounts>.<mac>`, the accounts as
 * base64url JSON, the MAC an HMAC-SHA256 under a key derived from the database key, so a proof
 * cannot be made without the data and survives a restart.
 */
export class DeviceProofs {
  private readonly key: Buffer;
  constructor(databaseKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', databaseKey, Buffer.from('daicho'), Buffer.from('device proof v1'), 32));
  }

  /** The accounts a proof vouches for; none for a missing, malformed or forged one. */
  accountsIn(proof: string | null | undefined): Set<string> {
    if (!proof || proof.length > 4096) return new Set();
    const [v, body, mac] = proof.split('.');
    if (v !== 'v1' || !body || !mac) return new Set();
    const want = this.mac(body);
    const got = Buffer.from(mac, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return new Set();
    try {
      const ids = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []);
    } catch {
      return new Set();
    }
  }

  /** A proof for the accounts of `proof` plus this one. */
  withAccount(proof: string | null | undefined, accountId: string): string {
    const ids = [...this.accountsIn(proof)].filter((id) => id !== accountId);
    ids.push(accountId);
    const body = Buffer.from(JSON.stringify(ids.slice(-MAX_ACCOUNTS_PER_DEVICE))).toString('base64url');
    return `v1.${body}.${this.mac(body).toString('base64url')}`;
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
