import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

// Issue 6 point 10: guessing passwords. The per-account lock (SPEC §2: 5 failures, 15 minutes)
// stops guessing one account; these stop guessing across accounts, without letting an anonymous
// guesser keep an account's holder locked out:
// - SignInThrottle: repeated failures from one client, whatever accounts they name, make that client
//   wait longer and longer before its next try. A client is a device that proves it has signed in
//   before (by the first account of its proof), else the caller's address;
// - DeviceProofs: a device that has signed in to an account holds a signed proof of it (a cookie in
//   browser mode) with a device id of its own; its attempts count in a lock lane of that device, so a
//   guesser elsewhere locks only the "other devices" lane, and one device only itself.

/** Failures a client may make in the window before it has to wait (two accounts' worth of locks). */
export const FREE_FAILURES = 10;
export const GUESS_WINDOW_MS = 15 * 60 * 1000;
const MAX_DELAY_MS = 60 * 1000;
const MAX_CLIENTS = 10_000;

/** How many failures are free in how long a window, and how long the wait may grow (the sign-in's by default). */
export interface ThrottleLimits {
  freeFailures: number;
  windowMs: number;
  maxDelayMs: number;
}

export class SignInThrottle {
  private readonly clients = new Map<string, number[]>();

  constructor(private readonly limits: ThrottleLimits = { freeFailures: FREE_FAILURES, windowMs: GUESS_WINDOW_MS, maxDelayMs: MAX_DELAY_MS }) {}

  /** Milliseconds the client must still wait before its next password check; 0 when it may try now. */
  waitFor(client: string, now: number): number {
    const failures = this.recent(client, now);
    const free = this.limits.freeFailures;
    if (failures.length <= free) return 0;
    const delay = Math.min(this.limits.maxDelayMs, 1000 * 2 ** Math.min(30, failures.length - free - 1));
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
    const failures = (this.clients.get(client) ?? []).filter((t) => now - t < this.limits.windowMs);
    if (failures.length === 0) this.clients.delete(client);
    else this.clients.set(client, failures);
    return failures;
  }
}

/** Accounts a device has signed in to, at most this many (the most recent). */
const MAX_ACCOUNTS_PER_DEVICE = 20;

/** What a device proves: its own id and the accounts it has signed in to. */
export interface DeviceProof {
  id: string | null;
  accounts: ReadonlySet<string>;
}

const NO_PROOF: DeviceProof = { id: null, accounts: new Set() };

/**
 * Proofs that a device has signed in to accounts: `v2.<body>.<mac>`, the body base64url JSON
 * `{ d: device id, a: [account ids] }`, the MAC an HMAC-SHA256 under a key derived from the
 * database key, so a proof cannot be made without the data and survives a restart.
 */
export class DeviceProofs {
  private readonly key: Buffer;
  constructor(databaseKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', databaseKey, Buffer.from('daicho'), Buffer.from('device proof v2'), 32));
  }

  /** What a proof vouches for; nothing for a missing, malformed or forged one. */
  read(proof: string | null | undefined): DeviceProof {
    if (!proof || proof.length > 4096) return NO_PROOF;
    const [v, body, mac] = proof.split('.');
    if (v !== 'v2' || !body || !mac) return NO_PROOF;
    const want = this.mac(body);
    const got = Buffer.from(mac, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return NO_PROOF;
    try {
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { d?: unknown; a?: unknown };
      if (typeof parsed.d !== 'string' || !Array.isArray(parsed.a)) return NO_PROOF;
      return { id: parsed.d, accounts: new Set(parsed.a.filter((x): x is string => typeof x === 'string')) };
    } catch {
      return NO_PROOF;
    }
  }

  /** A proof for the device of `proof` (or a new device) and its accounts plus this one. */
  withAccount(proof: string | null | undefined, accountId: string): { proof: string; id: string } {
    const old = this.read(proof);
    const id = old.id ?? randomBytes(16).toString('base64url');
    const accounts = [...old.accounts].filter((a) => a !== accountId);
    accounts.push(accountId);
    const body = Buffer.from(JSON.stringify({ d: id, a: accounts.slice(-MAX_ACCOUNTS_PER_DEVICE) })).toString('base64url');
    return { proof: `v2.${body}.${this.mac(body).toString('base64url')}`, id };
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}

/** The client a throttle counts: a proven device by its first account (so new cookies do not help), else the address. */
export function throttleClient(device: DeviceProof, address: string): string {
  const first = device.accounts.values().next().value;
  return first ? `device-of:${first}` : `address:${address}`;
}
