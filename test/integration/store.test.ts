import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { JournalAppender } from '../../electron/core/journal/journal';
import { openDatabase, type Db } from '../../electron/core/store/database';
import { assemble } from '../../electron/core/ledgers/registry';

/** Every migration the app runs: the core's and its ledgers'. */
const MIGRATIONS = assemble().migrations;
import { PassphraseKeyStore, RawKeyFileStore, RecoveryKeyStore } from '../../electron/core/keys/keystore';
import { Caller, expectStoreError, openRaw, openTemp, setUp, signInFirst, snapshot, tempDir } from '../helpers/temp-daicho';
import { daicho, ensureBuilt, exited, serve } from '../helpers/cli';

const PASS = 'correct horse battery staple';

describe('the encrypted store (SPEC §8)', () => {
  it('has no plain SQLite header, and a wrong passphrase fails with its own message leaving the files byte-identical', async () => {
    const dir = tempDir();
    const d = await openDaicho({ dataDir: dir, keyStore: new PassphraseKeyStore(dir, PASS), create: true });
    await setUp(d);
    d.close();
    const head = fs.readFileSync(path.join(dir, 'daicho.db')).subarray(0, 16).toString('latin1');
    expect(head).not.toBe('SQLite format 3\0');

    const before = snapshot(dir);
    const err = await expectStoreError(openDaicho({ dataDir: dir, keyStore: new PassphraseKeyStore(dir, 'wrong passphrase!!') }), 'wrong_key');
    expect(err.message).toMatch(/パスフレーズ/);
    expect(snapshot(dir)).toEqual(before);

    const again = await openDaicho({ dataDir: dir, keyStore: new PassphraseKeyStore(dir, PASS) });
    expect(again.verify().ok).toBe(true);
    again.close();
  });

  it('refuses a wrong raw key without touching the file', async () => {
    const d = await openTemp();
    d.close();
    const before = snapshot(d.dataDir);
    const other = path.join(tempDir(), 'other.key');
    fs.writeFileSync(other, 'ab'.repeat(32));
    await expectStoreError(openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(other) }), 'wrong_key');
    expect(snapshot(d.dataDir)).toEqual(before);
  });

  it('makes new data in a folder that does not exist yet, with a raw key kept elsewhere (the folder owner-only)', async () => {
    const keyFile = path.join(tempDir(), 'kept-elsewhere.key');
    fs.writeFileSync(keyFile, 'cd'.repeat(32));
    const dir = path.join(tempDir(), 'not', 'yet', 'there');
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile), create: true });
    expect(d.verify().ok).toBe(true);
    d.close();
    if (process.platform !== 'win32') expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const again = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile) });
    again.close();
  });

  it('makes an empty folder made beforehand owner-only, as one it makes (a probe: it kept 755)', async () => {
    const keyFile = path.join(tempDir(), 'kept-elsewhere.key');
    fs.writeFileSync(keyFile, 'cd'.repeat(32));
    const dir = path.join(tempDir(), 'made-by-mkdir');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile), create: true });
    d.close();
    if (process.platform !== 'win32') expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a raw key file that is not 64 hex characters', async () => {
    const d = await openTemp();
    d.close();
    fs.writeFileSync(d.keyFile, 'not-a-key');
    await expectStoreError(openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) }), 'bad_key_file');
  });

  it('says "not a Daicho database" for a plain SQLite file and for other files, unchanged', async () => {
    const dir = tempDir();
    const plain = new Database(path.join(dir, 'daicho.db'));
    plain.exec('CREATE TABLE x (a)');
    plain.close();
    const keyFile = path.join(tempDir(), 'k');
    fs.writeFileSync(keyFile, 'cd'.repeat(32));
    const before = snapshot(dir);
    await expectStoreError(openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile) }), 'not_daicho');
    expect(snapshot(dir)).toEqual(before);

    const dir2 = tempDir();
    fs.writeFileSync(path.join(dir2, 'daicho.db'), '経費精算メモ\n'.repeat(10));
    await expectStoreError(openDaicho({ dataDir: dir2, keyStore: new RawKeyFileStore(keyFile) }), 'not_daicho');
  });

  it('refuses a second instance while the data is open', async () => {
    const d = await openTemp();
    const before = fs.readFileSync(path.join(d.dataDir, 'daicho.db'));
    await expectStoreError(openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) }), 'in_use');
    expect(fs.readFileSync(path.join(d.dataDir, 'daicho.db')).equals(before)).toBe(true);
    d.close();
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
    again.close();
  });

  it('refuses a database from a newer version, unchanged', async () => {
    const d = await openTemp();
    d.close();
    // Upgraded by a newer Daicho: one migration beyond this app's, journaled as migrations are.
    const future = { version: MIGRATIONS.at(-1)!.version + 1, name: 'future', up: (db: Db) => db.exec('CREATE TABLE future_things (id TEXT PRIMARY KEY)') };
    openDatabase({ file: path.join(d.dataDir, 'daicho.db'), key: Buffer.from(fs.readFileSync(d.keyFile, 'utf8').trim(), 'hex'), migrations: [...MIGRATIONS, future] }).close();
    const before = snapshot(d.dataDir);
    const err = await expectStoreError(openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) }), 'newer_version');
    expect(err.message).toMatch(/newer version/);
    expect(snapshot(d.dataDir)).toEqual(before);
  });

  it('refuses data whose version number was changed outside Daicho, lower or higher, unchanged (an insider probe: "unexpected error", or "update the app" kept verify away)', async () => {
    ensureBuilt();
    const d = await openTemp();
    await setUp(d);
    d.close();
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const latest = MIGRATIONS.at(-1)!.version;
    for (const version of [latest - 1, 40, 1, 0, latest + 1, 2 ** 31 - 1]) {
      const raw = openRaw(path.join(d.dataDir, 'daicho.db'), key);
      raw.pragma(`user_version=${version}`);
      raw.close();
      const before = snapshot(d.dataDir);
      const err = await expectStoreError(openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) }), 'version_changed');
      expect(err.message, String(version)).toMatch(new RegExp(`changed outside Daicho.*the file says version ${version}, its journal records version ${latest}`));
      expect(snapshot(d.dataDir)).toEqual(before);
      // The command line's verify reads it and names it (exit 1), never "update the app".
      const cli = daicho(['verify', '--data', d.dataDir, '--raw-key-file', d.keyFile]);
      expect(cli.code, String(version)).toBe(1);
      expect(cli.stdout + cli.stderr, String(version)).toMatch(version > latest ? new RegExp(`the data says it is at version ${version}, beyond this app's migrations`) : new RegExp(`the data's version number is ${version}, but its journal records version ${latest} \\(changed outside Daicho\\)`));
      expect(cli.stdout + cli.stderr).not.toMatch(/update the app/);
      expect(snapshot(d.dataDir)).toEqual(before);
    }
    const raw = openRaw(path.join(d.dataDir, 'daicho.db'), key);
    raw.pragma(`user_version=${latest}`);
    raw.close();
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
    expect(again.verify()).toMatchObject({ ok: true });
    again.close();
    // An upgrade row "to" a version beyond the app's, appended with the key (a review): the data still
    // opens (one row keeps nobody from it), and verify names it.
    const forger = openRaw(path.join(d.dataDir, 'daicho.db'), key);
    new JournalAppender(forger).append({ at: new Date().toISOString(), actor: 'migration', station: 'migration', kind: 'event', action: 'schema.migrate', entity: 'settings', entity_id: null, before: null, after: JSON.stringify({ from: latest, name: 'x', to: 999 }), reason: null });
    forger.close();
    const opened = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
    expect(opened.verify().problems.map((p) => p.problem).join('\n')).toMatch(/version number is \d+, but its journal records version 999/);
    opened.close();
  }, 60_000);

  it('applies numbered migrations in order, each in one transaction, and upgrades an older database', async () => {
    const dir = tempDir();
    const key = Buffer.alloc(32, 7);
    const file = path.join(dir, 'daicho.db');
    const v1 = openDatabase({ file, key, create: true, migrations: MIGRATIONS.slice(0, 1) });
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    v1.close();
    const all = openDatabase({ file, key, migrations: MIGRATIONS });
    expect(all.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(all.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(all.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(all.pragma('synchronous', { simple: true })).toBe(2); // FULL
    all.close();
  });

  it('says "read-only folder" and changes nothing when the data folder cannot be written', async (t) => {
    const d = await openTemp();
    d.close();
    const ro = tempDir('daicho-ro-');
    let cleanup: () => void;
    if (process.getuid?.() === 0) {
      // root ignores file modes: use a read-only bind mount instead.
      try {
        execFileSync('mount', ['--bind', d.dataDir, ro]);
        execFileSync('mount', ['-o', 'remount,bind,ro', ro]);
      } catch {
        t.skip('cannot make a read-only bind mount here (needs root with mount rights)');
        return;
      }
      cleanup = () => execFileSync('umount', [ro]);
    } else {
      fs.cpSync(d.dataDir, ro, { recursive: true });
      fs.chmodSync(ro, 0o555);
      cleanup = () => fs.chmodSync(ro, 0o755);
    }
    try {
      const before = snapshot(ro);
      await expectStoreError(openDaicho({ dataDir: ro, keyStore: new RawKeyFileStore(path.join(ro, 'raw.key')) }), 'read_only');
      expect(snapshot(ro)).toEqual(before);
    } finally {
      cleanup();
    }
  });

  it('opens on another machine with the recovery code shown at setup', async () => {
    const dir = tempDir();
    const d = await openDaicho({ dataDir: dir, keyStore: new PassphraseKeyStore(dir, PASS), create: true });
    const { recoveryCode } = await setUp(d);
    d.close();
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    const elsewhere = tempDir('daicho-other-pc-');
    for (const f of ['daicho.db', 'recovery.json']) fs.copyFileSync(path.join(dir, f), path.join(elsewhere, f));
    await expectStoreError(openDaicho({ dataDir: elsewhere, keyStore: new RecoveryKeyStore(elsewhere, 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE') }), 'wrong_key');
    const opened = await openDaicho({ dataDir: elsewhere, keyStore: new RecoveryKeyStore(elsewhere, recoveryCode.toLowerCase()) });
    expect(opened.verify().ok).toBe(true);
    opened.close();
  });
});

describe('file modes (issue 6 point 9)', () => {
  it('makes the database, its WAL and shared-memory files, the lock and the key files readable by their owner only, and repairs older ones', async () => {
    const d = await openTemp();
    await setUp(d);
    const mode = (f: string) => fs.statSync(path.join(d.dataDir, f)).mode & 0o777;
    for (const f of ['daicho.db', 'daicho.db-wal', 'daicho.db-shm', 'daicho.lock', 'daicho-data.json', 'recovery.json', 'raw.key']) expect({ f, mode: mode(f) }).toEqual({ f, mode: 0o600 });
    d.close();
    // Data made by an older version (group- and world-readable) is made owner-only when opened.
    fs.chmodSync(path.join(d.dataDir, 'daicho.db'), 0o644);
    fs.chmodSync(path.join(d.dataDir, 'recovery.json'), 0o644);
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
    expect(mode('daicho.db')).toBe(0o600);
    expect(mode('recovery.json')).toBe(0o600);
    again.close();
  });
});

describe('one instance per data folder, with a lock file (issue 7 point 3)', () => {
  it('refuses a second process with "in use"; after a kill -9 the next start is not blocked; other connections can read meanwhile', async () => {
    ensureBuilt();
    const d = await openTemp();
    await setUp(d);
    d.close();
    const server = await serve(['--data', d.dataDir, '--raw-key-file', d.keyFile, '--port', '0']);
    try {
      const second = daicho(['verify', '--data', d.dataDir, '--raw-key-file', d.keyFile]);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/already open in another Daicho.*Close it/);
      // Said before any key is asked for (a probe: a passphrase typed in, then refused): here, before "no passphrase file".
      const unkeyed = daicho(['verify', '--data', d.dataDir]);
      expect(unkeyed.code).toBe(2);
      expect(unkeyed.stderr).toMatch(/already open in another Daicho/);
      expect(unkeyed.stderr).not.toMatch(/passphrase/i);
      // The database itself is not locked: a read-only connection with the key reads it while the host runs.
      const reader = openRaw(path.join(d.dataDir, 'daicho.db'), fs.readFileSync(d.keyFile, 'utf8').trim());
      expect((reader.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n).toBe(2);
      reader.close();
    } finally {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
    expect(fs.existsSync(path.join(d.dataDir, 'daicho.lock'))).toBe(true); // the file stays; its lock died with the process
    // And no rollback journal beside it: one left by the kill was found "hot" by two instances starting at once, and both were refused (a probe).
    expect(fs.existsSync(path.join(d.dataDir, 'daicho.lock-journal'))).toBe(false);
    const after = daicho(['verify', '--data', d.dataDir, '--raw-key-file', d.keyFile]);
    expect({ code: after.code, stderr: after.stderr }).toEqual({ code: 0, stderr: '' });
  }, 60_000);

  const person = async (c: Caller, employeeNo: string) => {
    const [site] = await c.ok('sites.list', {});
    return { name: '田中 一郎', kana: 'タナカ イチロウ', employeeNo, department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false };
  };

  it('a lock file removed while the app runs is taken again at its next check: a second instance is still refused', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const lockFile = path.join(d.dataDir, 'daicho.lock');
    expect(d.checkFolderLock()).toBe('held');
    fs.rmSync(lockFile);
    expect(d.checkFolderLock()).toBe('retaken');
    expect(fs.existsSync(lockFile)).toBe(true);
    await expectStoreError(openTemp({ dir: d.dataDir }), 'in_use');
    expect(d.checkFolderLock()).toBe('held');
    expect(await sm.ok('people.add', await person(sm, 'E3001'))).toMatchObject({ employeeNo: 'E3001' });
    d.close();
  });

  it('removed, and the folder taken by a second instance before the check: this one saves nothing more, and says why (an insider probe: both saved)', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    fs.rmSync(path.join(d.dataDir, 'daicho.lock'));
    const second = await openTemp({ dir: d.dataDir });
    try {
      // Twice running, a second apart, before it stops: once could be the file system's moment.
      expect(d.checkFolderLock()).toBe('lost');
      expect(d.checkFolderLock()).toBe('lost');
      const head = second.store.journalHead().seq;
      expect(await sm.call('people.add', await person(sm, 'E3001'))).toMatchObject({ ok: false, error: { messageKey: 'errors.data_taken' } });
      expect(second.store.journalHead().seq).toBe(head);
      // The second instance goes on, and the data verifies.
      const sm2 = await signInFirst(second, 'safetyManager');
      expect(await sm2.ok('people.add', await person(sm2, 'E3002'))).toMatchObject({ employeeNo: 'E3002' });
      d.close();
      expect(second.verify()).toMatchObject({ ok: true });
    } finally {
      second.close();
    }
  });

  it('a check-only open (verify) removes at its close only the lock file it made and still holds, never one another instance took since (a review)', async () => {
    const d = await openTemp();
    d.close();
    const lockFile = path.join(d.dataDir, 'daicho.lock');
    fs.rmSync(lockFile);
    const verifying = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), checkOnly: true });
    expect(fs.existsSync(lockFile)).toBe(true);
    fs.rmSync(lockFile);
    const app = await openTemp({ dir: d.dataDir });
    try {
      const appsFile = fs.statSync(lockFile).ino;
      expect(verifying.checkFolderLock()).toBe('lost');
      verifying.close();
      expect(fs.statSync(lockFile).ino).toBe(appsFile);
      expect(app.checkFolderLock()).toBe('held');
    } finally {
      app.close();
    }
    // And one it made and holds goes at its close, as before.
    fs.rmSync(lockFile);
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), checkOnly: true });
    again.close();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
