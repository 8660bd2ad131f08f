import fs from 'node:fs';
import path from 'node:path';
import { openDaicho, type Daicho } from '../../electron/core/daicho';
import { PassphraseKeyStore, RawKeyFileStore } from '../../electron/core/keys/keystore';
import { ApiCaller } from '../../electron/cli/api-caller';
import type { SiteInfo } from '../../shared/api/core-contract';
import { since } from './stats';

export interface BenchOptions {
  years: number;
  /** Ledger records to generate over the years (SPEC §10: about 1.5 M for 10 years). */
  records: number;
  people: number;
  /** Samples per latency figure. */
  samples: number;
  dir: string;
  keep: boolean;
  /** Measure on data an earlier run kept (no generation). */
  reuse?: boolean;
  /** Only the figures whose names contain one of these (null: all). */
  only?: string[] | null;
}

/** A mutable clock: the generators walk it through the years; null means the real time. */
export class BenchClock {
  at: number | null = null;
  readonly now = (): Date => (this.at === null ? new Date() : new Date(this.at));
}

export const BENCH_PASSPHRASE = 'Bench-passphrase-2041';
const SM = { loginId: 'bench.sm', displayName: '安全 管理', password: 'Kawa-no-nagare-6613' };
const ADMIN = { loginId: 'bench.admin', displayName: '管理 太郎', password: 'Yama-no-ue-4410' };
/**
 * Her first password (set up for her), and the one she renews to once the generation's past times have
 * aged hers: each unlike the one before, which a change must be (auth.errors.password_too_close; the
 * bench stopped at its first change once that rule came, as nothing ran it).
 */
const SM_FIRST = 'Shoki-Hoshi-zora-2851';
const SM_RENEWED = 'Asa-Kiri-no-Oka-9374';

/** The benchmark data set: a real encrypted store, set up through the API, then filled. */
export interface Dataset {
  readonly opts: BenchOptions;
  readonly dir: string;
  readonly keyFile: string;
  readonly clock: BenchClock;
  daicho: Daicho;
  sites: SiteInfo[];
  personIds: string[];
  /** Signed in as the safety manager (may add people); signInNow() renews it after generation. */
  caller: ApiCaller;
  smPassword: string;
  /** Where the history starts and ends. */
  readonly from: Date;
  readonly to: Date;
}

/**
 * Fills the store with history. Each ledger adds its generator to GENERATORS with one line; the
 * stand-in filler at the end makes up the remaining record volume with journal rows.
 */
export interface Generator {
  name: string;
  /** Returns how many ledger records it made; `budget` is what is still wanted. */
  generate(ds: Dataset, budget: number, progress: (done: number) => void): Promise<number>;
}

export async function openDataset(opts: BenchOptions): Promise<Dataset> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const dataDir = path.join(opts.dir, 'data');
  const keyFile = path.join(opts.dir, 'raw.key');
  const clock = new BenchClock();
  const to = new Date();
  const from = new Date(to.getTime() - opts.years * 365.25 * 86_400_000);
  clock.at = from.getTime();
  const daicho = await openDaicho({ dataDir, keyStore: new RawKeyFileStore(keyFile), create: true, clock: clock.now });
  // The same key, also wrapped by a passphrase, for the "unlock with passphrase" figure.
  await new PassphraseKeyStore(dataDir, BENCH_PASSPHRASE).save(await new RawKeyFileStore(keyFile).load());

  const wizard = new ApiCaller(daicho, 'bench');
  const first = SM_FIRST;
  await wizard.ok('setup.run', {
    companyName: '株式会社ベンチ工業',
    sites: [{ code: 'HQ', name: '本社' }, { code: 'OSK', name: '大阪拠点' }, { code: 'FUK', name: '福岡拠点' }],
    sysadmin: ADMIN,
    safetyManager: { ...SM, password: first },
  });
  // The safety manager sets her own password at her first sign-in.
  const caller = new ApiCaller(daicho, 'bench');
  await caller.ok('auth.signIn', { loginId: SM.loginId, password: first });
  await caller.ok('auth.changePassword', { currentPassword: first, newPassword: SM.password });
  const sites = await caller.ok('sites.list', {});
  return { opts, dir: opts.dir, keyFile, clock, daicho, sites, personIds: [], caller, smPassword: SM.password, from, to };
}

/**
 * A data set built by an earlier run (`--dir DIR --reuse`): opened again, not generated, so that the
 * figures can be measured again on SPEC §10's data without 15 minutes of generation.
 */
export async function reopenDataset(opts: BenchOptions): Promise<Dataset> {
  const dataDir = path.join(opts.dir, 'data');
  const keyFile = path.join(opts.dir, 'raw.key');
  const clock = new BenchClock();
  const daicho = await openDaicho({ dataDir, keyStore: new RawKeyFileStore(keyFile), clock: clock.now });
  const caller = new ApiCaller(daicho, 'bench');
  // signInNow may have moved the password on once.
  let smPassword = SM.password;
  const first = await caller.call('auth.signIn', { loginId: SM.loginId, password: smPassword });
  if (!first.ok) {
    smPassword = SM_RENEWED;
    await caller.ok('auth.signIn', { loginId: SM.loginId, password: smPassword });
  } else if (first.value.mustChangePassword) {
    // Data kept from a run stopped while it was being generated (at past times): signInNow never ran on it.
    await caller.ok('auth.changePassword', { currentPassword: smPassword, newPassword: SM_RENEWED });
    smPassword = SM_RENEWED;
  }
  const sites = await caller.ok('sites.list', {});
  const personIds = (daicho.store.stmt("SELECT id FROM people WHERE employee_no LIKE 'G%' ORDER BY employee_no").all() as { id: string }[]).map((r) => r.id);
  const to = new Date();
  const from = new Date(to.getTime() - opts.years * 365.25 * 86_400_000);
  return { opts, dir: opts.dir, keyFile, clock, daicho, sites, personIds, caller, smPassword, from, to };
}

/** After generating at past times: back to the real clock, with a fresh session (the old password has expired by now). */
export async function signInNow(ds: Dataset): Promise<void> {
  ds.clock.at = null;
  ds.caller = new ApiCaller(ds.daicho, 'bench');
  const s = await ds.caller.ok('auth.signIn', { loginId: SM.loginId, password: ds.smPassword });
  if (s.mustChangePassword) {
    const next = SM_RENEWED;
    await ds.caller.ok('auth.changePassword', { currentPassword: ds.smPassword, newPassword: next });
    ds.smPassword = next;
  }
}

export function dataDirOf(ds: Dataset): string {
  return path.join(ds.dir, 'data');
}

export function dbSizeBytes(ds: Dataset): number {
  return fs.statSync(path.join(dataDirOf(ds), 'daicho.db')).size;
}

/** Time a generator run, with progress on stderr for the long ones. */
export async function runGenerators(ds: Dataset, generators: Generator[]): Promise<{ name: string; records: number; ms: number }[]> {
  const out: { name: string; records: number; ms: number }[] = [];
  let budget = ds.opts.records;
  for (const g of generators) {
    const t0 = performance.now();
    const tty = process.stderr.isTTY;
    const records = await g.generate(ds, budget, (done) => tty && process.stderr.write(`\r  ${g.name}: ${done.toLocaleString('en')}   `));
    if (tty) process.stderr.write('\r\x1b[K');
    budget = Math.max(0, budget - records);
    out.push({ name: g.name, records, ms: since(t0) });
  }
  return out;
}
