import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { CLEAN_CLOSE_FILE, FULL_CHECK_DAYS, writeCleanClose } from '../../electron/core/store/clean-close';
import { Caller, expectStoreError, openRaw, openTemp, SETUP, setUp, tempDir } from '../helpers/temp-daicho';

// SPEC §10: open with the key in ≤ 100 ms. The quick check of the whole file at open (issue 6:
// damaged data is refused before anything is written) is skipped only when the data was closed
// cleanly and nothing has touched the file since (store/clean-close.ts).

const PAGE = 4096;

async function made(clock?: () => Date) {
  const d = await openTemp({ clock });
  const { sm } = await setUp(d);
  const [site] = await sm.ok('sites.list', {});
  for (let i = 0; i < 30; i++)
    await sm.ok('people.add', { name: `社員 ${i}`, kana: 'シャイン', employeeNo: `E${3000 + i}`, department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
  d.close();
  return { dir: d.dataDir, keyFile: d.keyFile };
}

const open = (dir: string, keyFile: string, clock?: () => Date) => openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile), clock });

function indexPage(dir: string, keyFile: string): number {
  const db = openRaw(path.join(dir, 'daicho.db'), fs.readFileSync(keyFile, 'utf8').trim());
  try {
    return (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'people_kana'").get() as { rootpage: number }).rootpage;
  } finally {
    db.close();
  }
}

function flip(file: string, at: number): void {
  const fd = fs.openSync(file, 'r+');
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, at);
  fs.writeSync(fd, Buffer.from([b[0] ^ 0x5a]), 0, 1, at);
  fs.closeSync(fd);
}

describe('the quick check at open is skipped only for data closed cleanly and untouched since', () => {
  it('a clean close lets the next open skip it; the open takes the note away, so a crash while open leaves none', async () => {
    const { dir, keyFile } = await made();
    expect(fs.existsSync(path.join(dir, CLEAN_CLOSE_FILE))).toBe(true);
    const d = await open(dir, keyFile);
    expect(d.fileCheck.skipped).toBe(true);
    expect(fs.existsSync(path.join(dir, CLEAN_CLOSE_FILE))).toBe(false); // while open, there is none
    expect(d.verify().ok).toBe(true);
    // A process that died here would leave no note: its next open would check. Closed, it leaves one,
    // carrying the time of the check that passed.
    const checkedAt = d.fileCheck.checkedAt;
    d.close();
    const again = await open(dir, keyFile);
    expect(again.fileCheck).toEqual({ skipped: true, checkedAt });
    again.close();
  });

  it('after a session longer than the idle checkpoint (its worker still open at close), the note is left all the same', async () => {
    const { dir, keyFile } = await made();
    const d = await open(dir, keyFile);
    expect(d.fileCheck.skipped).toBe(true);
    const sm = new Caller(d);
    await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    const [site] = await sm.ok('sites.list', {});
    await sm.ok('people.add', { name: '遅い 閉鎖', kana: 'オソイ ヘイサ', employeeNo: 'E3999', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
    // The store checkpoints in a worker a little after a write; that worker's connection is open when the app closes.
    await new Promise((r) => setTimeout(r, 2500));
    d.close();
    expect(fs.existsSync(path.join(dir, CLEAN_CLOSE_FILE))).toBe(true);
    const again = await open(dir, keyFile);
    expect(again.fileCheck.skipped).toBe(true);
    expect(again.verify().ok).toBe(true);
    again.close();
  });

  it('a verify that finds the file damaged takes the note away and stops writes, though the damage came without a write', async () => {
    const { dir, keyFile } = await made();
    const page = indexPage(dir, keyFile);
    const file = path.join(dir, 'daicho.db');
    // Damage that keeps every time of the file (a failing disk): here, the note made to match again.
    const d0 = await open(dir, keyFile);
    d0.close();
    flip(file, (page - 1) * PAGE + 700);
    const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
    writeCleanClose(dir, file, key, new Date());
    const d = await open(dir, keyFile);
    expect(d.fileCheck.skipped).toBe(true);
    const r = await d.verifyInBackground();
    expect(r.fileProblems.length).toBeGreaterThan(0);
    // The verify job is what the app and the CLI run; it reacts to what it found.
    const job = d.jobs.start('verify', {}, { actor: 'test', station: 'test' });
    const end = await d.jobs.wait(job.id);
    expect(end.info.state).toBe('failed');
    expect(d.store.damage?.code).toBe('damaged');
    d.close();
    expect(fs.existsSync(path.join(dir, CLEAN_CLOSE_FILE))).toBe(false);
    await expectStoreError(open(dir, keyFile), 'damaged');
  });

  it('a byte changed in the file after a clean close is found at open, and the data refused as damaged', async () => {
    const { dir, keyFile } = await made();
    const page = indexPage(dir, keyFile);
    // The raw open above reads only; the file itself is as the clean close left it.
    expect(fs.existsSync(path.join(dir, CLEAN_CLOSE_FILE))).toBe(true);
    flip(path.join(dir, 'daicho.db'), (page - 1) * PAGE + 700);
    await expectStoreError(open(dir, keyFile), 'damaged');
  });

  it('the same byte changed with the file times put back is still found (the change time cannot be put back)', async () => {
    const { dir, keyFile } = await made();
    const page = indexPage(dir, keyFile);
    const file = path.join(dir, 'daicho.db');
    const st = fs.statSync(file);
    // The times kept to the nanosecond on a reference file, and put back from it (touch -r), as someone covering their tracks would.
    const ref = path.join(tempDir('daicho-clean-ref-'), 'ref');
    fs.writeFileSync(ref, '');
    execFileSync('touch', ['-r', file, ref]);
    await new Promise((r) => setTimeout(r, 20));
    flip(file, (page - 1) * PAGE + 700);
    execFileSync('touch', ['-r', ref, file]);
    expect(fs.statSync(file).mtimeMs).toBe(st.mtimeMs);
    expect(fs.statSync(file).ctimeMs).not.toBe(st.ctimeMs);
    await expectStoreError(open(dir, keyFile), 'damaged');
  });

  it('a copy of the folder, a note not sealed with this data\'s key, or a check older than the limit: the open checks', async () => {
    const { dir, keyFile } = await made();
    // A copy (another inode): checked.
    const copy = tempDir('daicho-clean-copy-');
    fs.cpSync(dir, copy, { recursive: true, preserveTimestamps: true });
    const c = await open(copy, path.join(copy, 'raw.key'));
    expect(c.fileCheck.skipped).toBe(false);
    c.close();

    // A forged note: the same fields, another seal.
    const notePath = path.join(dir, CLEAN_CLOSE_FILE);
    const note = JSON.parse(fs.readFileSync(notePath, 'utf8')) as { mac: string; checkedAt: string };
    fs.writeFileSync(notePath, JSON.stringify({ ...note, mac: note.mac.replace(/^./, (ch) => (ch === '0' ? '1' : '0')) }));
    const forged = await open(dir, keyFile);
    expect(forged.fileCheck.skipped).toBe(false);
    forged.close();

    // The note this close left carries the check's time on; FULL_CHECK_DAYS later the open checks again.
    const later = new Date(Date.now() + (FULL_CHECK_DAYS + 1) * 86_400_000);
    const old = await open(dir, keyFile, () => later);
    expect(old.fileCheck.skipped).toBe(false);
    old.close();
    const soon = await open(dir, keyFile, () => new Date(later.getTime() + 60_000));
    expect(soon.fileCheck).toMatchObject({ skipped: true, checkedAt: later });
    soon.close();
  });
});
