import type { Person } from '../../shared/ledgers/people';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { expect } from 'vitest';
import { StoreError } from '../../electron/core/store/errors';
import { openDaicho, type Daicho } from '../../electron/core/daicho';
import type { PdfRenderer } from '../../electron/core/print/export-job';
import type { FdatasyncAsync } from '../../electron/core/store/wal-sync';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { hashJournalRow, type JournalRow } from '../../electron/core/journal/journal';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { JobInfo } from '../../shared/domain/jobs';
import type { ApiResult } from '../../shared/api/errors';

export function tempDir(prefix = 'daicho-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const SETUP = {
  companyName: '株式会社テスト商事',
  sites: [
    { code: 'HQ', name: '本社' },
    { code: 'OSK', name: '大阪拠点' },
  ],
  sysadmin: { loginId: 'sato.admin', displayName: '佐藤 健', password: 'Kumo-no-ue-7491' },
  safetyManager: { loginId: 'suzuki.sm', displayName: '鈴木 花子', password: 'Hoshi-zora-2283' },
};

/** The safety manager's approval, as an administrator needs it to link an account to a person (or grant a privileged role). */
export const SM_APPROVAL = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };

/** A real encrypted database in a temp folder, opened with a raw key file. */
export async function openTemp(opts: { clock?: () => Date; dir?: string; renderPdf?: PdfRenderer; walFdatasync?: FdatasyncAsync } = {}): Promise<Daicho & { keyFile: string }> {
  const dir = opts.dir ?? tempDir();
  const keyFile = path.join(dir, 'raw.key');
  const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile), create: true, clock: opts.clock, renderPdf: opts.renderPdf, walFdatasync: opts.walFdatasync, log: noteInternal });
  return Object.assign(d, { keyFile });
}

/**
 * What the dispatcher logged for an `internal` answer (its cause), the latest last: a test that fails
 * on one says why (a run under load once failed with a bare `internal` from retention.erase).
 */
const internalCauses: string[] = [];
function noteInternal(err: unknown, method: string): void {
  internalCauses.push(`${method}: ${err instanceof Error ? `${err.name} ${(err as { code?: string }).code ?? ''} ${err.message}\n${err.stack ?? ''}` : String(err)}`);
  if (internalCauses.length > 20) internalCauses.shift();
}

/** A caller holding one session token, as a transport would. */
export class Caller {
  token: string | null = null;
  /** The device proof this caller's "browser" keeps, as the host's cookie does. */
  device: string | null = null;
  constructor(
    private readonly d: Daicho,
    readonly station = 'test',
    readonly client = 'test',
  ) {}
  async call<M extends MethodName>(method: M, input: Input<M>): Promise<ApiResult<Output<M>>> {
    return this.raw(method, input) as Promise<ApiResult<Output<M>>>;
  }
  async raw(method: string, input: unknown): Promise<ApiResult<unknown>> {
    const out = await this.d.dispatcher.call({ token: this.token, method, input, station: this.station, client: this.client, device: this.device });
    if (out.token !== undefined) this.token = out.token;
    if (out.device !== undefined) this.device = out.device;
    return out.result;
  }
  async ok<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const r = await this.call(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}${r.error.code === 'internal' && internalCauses.length > 0 ? `\nlogged: ${internalCauses[internalCauses.length - 1]}` : ''}`);
    return r.value;
  }
}

/**
 * A password renewed now through the app (changed, and back to it after five others, in the holder's own session, as
 * they would at their next sign-in): a test whose clock jumped past SPEC §2's six months has the
 * holder approve or sign with it again. An expired password approves nothing (approval-expired-password.test.ts).
 */
export async function renewPassword(caller: Caller, password: string): Promise<void> {
  await caller.call('auth.unlock', { password });
  // Back to the same one after five others, each unlike the last: a new password must differ from the
  // current one and the 4 before it (auth/password-history.ts), and be no small change of the current one.
  let current = password;
  for (const next of ['Hatsu-yuki-7153', 'Kogarashi-2864', 'Asagiri-no-9417', 'Yuuhi-kumo-3208', 'Hoshi-kage-6675'].map((p) => `${p}-Renew`).concat(password)) {
    await caller.ok('auth.changePassword', { currentPassword: current, newPassword: next });
    current = next;
  }
}

/**
 * A person of the register for a keeper's account to stand behind, added by the safety manager (no card,
 * no server-room entry): an account no person stands behind corrects, voids and grants nothing
 * (errors.no_person_behind). Link it at accounts.create with SM_APPROVAL.
 */
export async function keeperPerson(sm: Caller, p: { name: string; kana?: string; employeeNo: string; siteId?: string }): Promise<Person> {
  const siteId = p.siteId ?? (await sm.ok('sites.list', {}))[0].id;
  return sm.ok('people.add', { name: p.name, kana: p.kana ?? 'タントウ', employeeNo: p.employeeNo, department: '総務部', siteId, cardNo: null, serverRoomAuthorized: false });
}

/** The first passwords typed in the setup wizard: each holder replaces theirs with their own (SETUP's) at first sign-in. */
export const FIRST_PASSWORDS = { sysadmin: 'Shoki-kagi-admin-5051', safetyManager: 'Shoki-kagi-sm-6062' };

/** Set up company, sites and the two first accounts (each holder setting their own password); return both signed in. */
export async function setUp(d: Daicho): Promise<{ sm: Caller; admin: Caller; recoveryCode: string }> {
  const anon = new Caller(d);
  const { recoveryCode } = await anon.ok('setup.run', {
    ...SETUP,
    sysadmin: { ...SETUP.sysadmin, password: FIRST_PASSWORDS.sysadmin },
    safetyManager: { ...SETUP.safetyManager, password: FIRST_PASSWORDS.safetyManager },
  });
  const firstSignIn = async (who: 'sysadmin' | 'safetyManager') => {
    const c = new Caller(d);
    await c.ok('auth.signIn', { loginId: SETUP[who].loginId, password: FIRST_PASSWORDS[who] });
    await c.ok('auth.changePassword', { currentPassword: FIRST_PASSWORDS[who], newPassword: SETUP[who].password });
    return c;
  };
  const sm = await firstSignIn('safetyManager');
  const admin = await firstSignIn('sysadmin');
  return { sm, admin, recoveryCode };
}

/** Open the file outside Daicho with the raw key, as an attacker holding the key could. */
/** One of the first two account holders signed in again (after the data was reopened). */
export async function signInFirst(d: Daicho, who: 'sysadmin' | 'safetyManager'): Promise<Caller> {
  const c = new Caller(d);
  await c.ok('auth.signIn', { loginId: SETUP[who].loginId, password: SETUP[who].password });
  return c;
}

export function openRaw(file: string, keyHex: string): Database.Database {
  const db = new Database(file);
  db.pragma("cipher='sqlcipher'");
  db.pragma('legacy=4');
  db.pragma(`key="x'${keyHex}'"`);
  return db;
}

/**
 * Change the journal past its append-only guards, then put them back as they were: what a careful
 * insider holding the key would do (verify names a guard missing or changed).
 */
export function pastJournalGuards<T>(db: Database.Database, change: () => T): T {
  const guards = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'").all() as { name: string; sql: string }[];
  for (const g of guards) db.exec(`DROP TRIGGER ${g.name}`);
  const out = change();
  for (const g of guards) db.exec(g.sql);
  return out;
}

/**
 * Chain every journal row from `seq` on again, as it stands (with the database key, after rewriting a
 * row): the chain holds once more, and only what was seen of it before (a witness, a backup) tells.
 * The journal's guards must be off (pastJournalGuards).
 */
export function rehashFrom(db: Database.Database, seq: number): void {
  let prev = (db.prepare('SELECT hash FROM journal WHERE seq = ?').get(seq - 1) as { hash: string }).hash;
  for (const r of db.prepare('SELECT * FROM journal WHERE seq >= ? ORDER BY seq').all(seq) as JournalRow[]) {
    const hash = hashJournalRow({ ...r, prev_hash: prev });
    db.prepare('UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
}

/** Every file of a folder, as bytes: to show a refusal changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir)) out[f] = fs.readFileSync(path.join(dir, f)).toString('base64');
  return out;
}

/** The promise (or function) fails with a StoreError of this code. */
export async function expectStoreError(p: Promise<unknown> | (() => unknown), code: string): Promise<StoreError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe(code);
    return err as StoreError;
  }
  throw new Error(`expected StoreError ${code}`);
}

/** A job (jobs.list) once it is no longer running. */
export async function untilEnded(c: Caller, id: string): Promise<JobInfo> {
  for (;;) {
    const job = (await c.ok('jobs.list', {})).find((j) => j.id === id);
    if (!job) throw new Error(`no job ${id}`);
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}
