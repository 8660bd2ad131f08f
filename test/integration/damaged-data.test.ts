import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { PassphraseKeyStore, RawKeyFileStore } from '../../electron/core/keys/keystore';
import { DATA_MARK_FILE } from '../../electron/core/store/data-folder';
import { verifyData } from '../../electron/core/journal/verify';
import { Caller, expectStoreError, openRaw, openTemp, setUp, SETUP, snapshot, tempDir } from '../helpers/temp-daicho';
import { flipByte } from '../helpers/sqlcipher-pages';
import { daicho, ensureBuilt, serve } from '../helpers/cli';

// Issue 6, points 2–4 (SPEC §8): a folder that held data is never silently re-created; an empty,
// cut-off, garbage or corrupted database is refused by every command and by the app, with its own
// message, and left byte-identical; corruption exits 1; disk full says so.

const PASS = 'Yama-no-oto-5150';
const ENV = { DAICHO_PASSPHRASE: PASS };
const PAGE = 4096;

let original: string;

/** A copy of the prepared data folder with its database damaged one way. */
function damagedCopy(damage: (db: string, dir: string) => void): string {
  const dir = tempDir('daicho-damaged-');
  fs.cpSync(original, dir, { recursive: true });
  damage(path.join(dir, 'daicho.db'), dir);
  return dir;
}

/** The page number of an index's root page, read with the key before the damage. */
let indexRootPage = 0;

const CASES: { name: string; damage: (db: string, dir: string) => void; code: 'damaged' | 'missing'; detail: RegExp }[] = [
  { name: 'an empty (0-byte) database', damage: (db) => fs.truncateSync(db, 0), code: 'damaged', detail: /empty \(0 bytes\)/ },
  { name: 'a database cut off mid-page', damage: (db) => fs.truncateSync(db, fs.statSync(db).size - 1000), code: 'damaged', detail: /cut off/ },
  { name: 'a database cut off by whole pages', damage: (db) => fs.truncateSync(db, fs.statSync(db).size - 2 * PAGE), code: 'damaged', detail: /malformed|decrypt|quick|page/i },
  { name: 'a garbage file of the same size', damage: (db) => fs.writeFileSync(db, randomBytes(fs.statSync(db).size)), code: 'damaged', detail: /decrypt/ },
  { name: 'a flipped byte in the first page', damage: (db) => flipByte(db, 200), code: 'damaged', detail: /decrypt/ },
  { name: 'a flipped byte in an index page', damage: (db) => flipByte(db, (indexRootPage - 1) * PAGE + 300), code: 'damaged', detail: /page|malformed|quick/i },
  { name: 'a missing database (the key file and the mark are still there)', damage: (db) => fs.rmSync(db), code: 'missing', detail: /missing/ },
];

beforeAll(async () => {
  ensureBuilt();
  original = tempDir('daicho-original-');
  const d = await openDaicho({ dataDir: original, keyStore: new PassphraseKeyStore(original, PASS), create: true });
  const { sm } = await setUp(d);
  const [site] = await sm.ok('sites.list', {});
  for (let i = 0; i < 40; i++)
    await sm.ok('people.add', { name: `社員 ${i}`, kana: 'シャイン', employeeNo: `E${1000 + i}`, department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
  const key = await new PassphraseKeyStore(original, PASS).load();
  d.close();
  const raw = openRaw(path.join(original, 'daicho.db'), key.toString('hex'));
  indexRootPage = (raw.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND name = 'journal_rows'").get() as { rootpage: number }).rootpage;
  raw.close();
  expect(indexRootPage).toBeGreaterThan(1);
}, 60_000);

afterAll(() => fs.rmSync(original, { recursive: true, force: true }));

describe('damaged data is refused everywhere, with its own message, and left as it is', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = damagedCopy(c.damage);
      const before = snapshot(dir);

      // The app (and every caller of the core) opens with create: true on a first start.
      const err = await expectStoreError(openDaicho({ dataDir: dir, keyStore: new PassphraseKeyStore(dir, PASS), create: true }), c.code);
      expect(err.message).toMatch(c.detail);
      expect(err.message).not.toMatch(/passphrase|パスフレーズ/i);
      expect(snapshot(dir)).toEqual(before);

      const verify = daicho(['verify', '--data', dir], ENV);
      expect({ code: verify.code, stdout: verify.stdout }).toEqual({ code: 1, stdout: '' });
      expect(verify.stderr).toMatch(c.code === 'missing' ? /database file is missing/ : /database file is damaged/);
      expect(verify.stderr).not.toMatch(/Unexpected error|passphrase .* wrong/i);
      expect(snapshot(dir)).toEqual(before);

      const to = path.join(tempDir('daicho-bk-'), 'backup');
      const backup = daicho(['backup', '--data', dir, '--to', to], ENV);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toMatch(/damaged|missing/);
      expect(fs.existsSync(to)).toBe(false);
      expect(snapshot(dir)).toEqual(before);

      await expect(serve(['--data', dir, '--port', '0'], ENV)).rejects.toThrow(/serve exited with 1[\s\S]*(damaged|missing)/);
      expect(snapshot(dir)).toEqual(before);
    }, 60_000);
  }

  it('a raw key that is not the data key is a wrong key, found before the database is touched', async () => {
    const d = await openTemp();
    d.close();
    fs.truncateSync(path.join(d.dataDir, 'daicho.db'), 0); // even a damaged file is not read: the mark decides
    const other = path.join(tempDir(), 'other.key');
    fs.writeFileSync(other, 'ab'.repeat(32));
    const before = snapshot(d.dataDir);
    await expectStoreError(openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(other), create: true }), 'wrong_key');
    expect(snapshot(d.dataDir)).toEqual(before);
  });

  it('raw-key data: a missing or empty database is said as such, whatever key is given, with exit 1', async () => {
    const d = await openTemp();
    d.close();
    const db = path.join(d.dataDir, 'daicho.db');
    fs.truncateSync(db, 0);
    for (const args of [[], ['--raw-key-file', d.keyFile]]) {
      const r = daicho(['verify', '--data', d.dataDir, ...args]);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.stderr).toMatch(/database file is damaged .*empty/);
    }
    fs.rmSync(db);
    for (const args of [[], ['--raw-key-file', d.keyFile]]) {
      const r = daicho(['serve', '--data', d.dataDir, ...args]);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.stderr).toMatch(/database file is missing/);
    }
    expect(fs.existsSync(db)).toBe(false);
  });

  it('new data that cannot be made leaves nothing behind, so the folder is still new', async () => {
    const dir = path.join(tempDir(), 'data');
    // A passphrase the rules refuse: the key store refuses to keep the key, after the folder was made.
    await expectStoreError(openDaicho({ dataDir: dir, keyStore: new PassphraseKeyStore(dir, 'aaaaaaaaaa'), create: true }), 'weak_passphrase');
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
    const d = await openDaicho({ dataDir: dir, keyStore: new PassphraseKeyStore(dir, PASS), create: true });
    d.close();
  });

  it('setup runs only in a folder that never held data: an emptied folder keeping its mark is not new', async () => {
    const d = await openTemp();
    await setUp(d);
    d.close();
    for (const f of ['daicho.db', 'daicho.db-wal', 'daicho.db-shm']) fs.rmSync(path.join(d.dataDir, f), { force: true });
    expect(fs.existsSync(path.join(d.dataDir, DATA_MARK_FILE))).toBe(true);
    await expectStoreError(openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), create: true }), 'missing');
    expect(fs.existsSync(path.join(d.dataDir, 'daicho.db'))).toBe(false);
  });

  it('verify runs SQLite\'s integrity check of the file first, and counts its problems with the chain\'s', async () => {
    const dir = damagedCopy(() => undefined);
    const key = await new PassphraseKeyStore(dir, PASS).load();
    // With the key, an insider stores a row that breaks a CHECK constraint of the schema (the file's own rules).
    const raw = openRaw(path.join(dir, 'daicho.db'), key.toString('hex'));
    raw.pragma('ignore_check_constraints=ON');
    raw.prepare("UPDATE sites SET kind = 'bogus' WHERE kind = 'branch'").run();
    raw.pragma('ignore_check_constraints=OFF');
    const r = verifyData(raw);
    raw.close();
    expect(r.ok).toBe(false);
    expect(r.fileProblems.join('\n')).toMatch(/CHECK constraint failed in sites/);
    expect(r.problemCount).toBe(1); // and the journal says the sites row was changed outside Daicho
    expect(r.problems[0].problem).toMatch(/sites row .* differs/);
    // Opening refuses it (the quick check sees CHECK constraints too), and the command says so with exit 1.
    const verify = daicho(['verify', '--data', dir], ENV);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/database file is damaged[\s\S]*CHECK constraint/);
  }, 60_000);
});

describe('damage found while the data is open', () => {
  it('stops every later write, and says the data is damaged instead of "unexpected error"', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const [site] = await sm.ok('sites.list', {});
    const person = { name: '山本 健', kana: 'ヤマモト ケン', employeeNo: 'E2000', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false };
    for (let i = 0; i < 30; i++) await sm.ok('people.add', { ...person, employeeNo: `E${3000 + i}` });
    d.store.checkpointNow();
    const db = path.join(d.dataDir, 'daicho.db');
    const root = (d.store.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'people'").get() as { rootpage: number }).rootpage;
    flipByte(db, (root - 1) * PAGE + 500);
    d.store.db.pragma('shrink_memory'); // drop the page cache, as a long-running host eventually does
    const listed = await sm.call('people.list', {});
    expect(listed).toMatchObject({ ok: false, error: { code: 'data_damaged', messageKey: 'errors.data_damaged' } });
    const bytes = fs.readFileSync(db);
    const added = await sm.call('people.add', { ...person, employeeNo: 'E9999' });
    expect(added).toMatchObject({ ok: false, error: { code: 'data_damaged' } });
    // A sign-in (which journals) is refused the same way: nothing more is written to the damaged file.
    const other = new Caller(d);
    expect(await other.call('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password })).toMatchObject({ ok: false, error: { code: 'data_damaged' } });
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
    d.close();
  }, 60_000);
});

describe('disk full (SPEC §8: its own message, nothing changed)', () => {
  let mount: string | null = null;
  beforeAll(() => {
    if (process.getuid?.() !== 0) return;
    mount = tempDir('daicho-full-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mount]);
    } catch {
      mount = null;
    }
  });
  afterAll(() => {
    if (mount) execFileSync('umount', [mount]);
  });

  function fill(dir: string): void {
    // Fill the disk to the last byte (tmpfs has no reserved blocks).
    let chunk = 1024 * 1024;
    let n = 0;
    while (chunk >= 1) {
      try {
        fs.appendFileSync(path.join(dir, `filler-${n}`), Buffer.alloc(chunk));
      } catch {
        chunk = Math.floor(chunk / 2);
        n++;
      }
    }
  }

  it('a save on a full disk is refused with the disk-full message, and the data still verifies', async (t) => {
    if (!mount) return t.skip('needs root with mount rights for a small tmpfs');
    const dataDir = path.join(mount, 'data');
    const d = await openDaicho({ dataDir, keyStore: new RawKeyFileStore(path.join(mount, 'raw.key')), create: true });
    const { sm } = await setUp(d);
    const [site] = await sm.ok('sites.list', {});
    d.store.checkpointNow();
    fill(mount);
    let result;
    for (let i = 0; i < 200; i++) {
      result = await sm.call('people.add', { name: '大量 登録', kana: 'タイリョウ', employeeNo: `F${i}`, department: '総務部'.repeat(10), siteId: site.id, cardNo: null, serverRoomAuthorized: false });
      if (!result.ok) break;
    }
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', messageKey: 'errors.disk_full' } });
    for (const f of fs.readdirSync(mount)) if (f.startsWith('filler-')) fs.rmSync(path.join(mount, f));
    expect(d.verify().ok).toBe(true);
    d.close();

    // The command line says so too: a backup onto the full disk.
    fill(mount);
    const r = daicho(['backup', '--data', dataDir, '--to', path.join(mount, 'backup'), '--raw-key-file', path.join(mount, 'raw.key')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/disk is full/);
    expect(r.stderr).not.toMatch(/Unexpected error/);
    for (const f of fs.readdirSync(mount)) if (f.startsWith('filler-')) fs.rmSync(path.join(mount, f));
  }, 90_000);
});
