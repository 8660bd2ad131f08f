import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_FAULT_POINTS } from '../../electron/core/jobs/backup';
import { openDaicho } from '../../electron/core/daicho';
import { PassphraseKeyStore } from '../../electron/core/keys/keystore';
import { BIN, cleanEnv, daicho, ensureBuilt, exited, ROOT } from '../helpers/cli';
import { Caller, setUp, tempDir } from '../helpers/temp-daicho';

// Issue 6 point 5 (SPEC §8, Art. 13(7)): a backup killed at any step of putting the new copy in
// place leaves a complete, verifiable backup under the destination name (the old one or the new
// one), and the next run cleans up whatever the stopped run left.

const PASS = 'Kawa-no-nagare-4471';
const ENV = { DAICHO_PASSPHRASE: PASS };
const BACKUP_FILES = ['daicho-data.json', 'daicho.db', 'key.json', 'recovery.json'];

let source: string;
let work: string;
let oldBackup: string;
let oldRows: number;

function rowsOf(dir: string): number | null {
  const r = daicho(['verify', '--data', dir], ENV);
  const m = /検証OK: (\d+) rows/.exec(r.stdout);
  return r.code === 0 && m ? Number(m[1]) : null;
}

async function addPerson(employeeNo: string): Promise<void> {
  const d = await openDaicho({ dataDir: source, keyStore: new PassphraseKeyStore(source, PASS) });
  const caller = new Caller(d);
  await caller.ok('auth.signIn', { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' });
  const [site] = await caller.ok('sites.list', {});
  await caller.ok('people.add', { name: '新人 太郎', kana: 'シンジン タロウ', employeeNo, department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
  d.close();
}

beforeAll(async () => {
  ensureBuilt();
  work = tempDir('daicho-backup-crash-');
  source = path.join(work, 'data');
  const d = await openDaicho({ dataDir: source, keyStore: new PassphraseKeyStore(source, PASS), create: true });
  await setUp(d);
  d.close();
  oldBackup = path.join(work, 'old-backup');
  expect(daicho(['backup', '--data', source, '--to', oldBackup], ENV).code).toBe(0);
  oldRows = rowsOf(oldBackup)!;
  await addPerson('E5001'); // the next backup differs from the old one: more journal rows
}, 120_000);

/** A fresh destination holding a copy of the old backup. */
function destination(name: string): string {
  const to = path.join(work, 'dest', name, 'backup');
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(oldBackup, to, { recursive: true });
  return to;
}

/** The pid of a process that has ended (so no process has it, for now). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function leftovers(to: string): string[] {
  // daicho.lock: the folder lock a `verify` of the backup takes (an empty file, kept).
  const inside = fs.readdirSync(to).filter((f) => !BACKUP_FILES.includes(f) && f !== 'daicho.lock');
  const beside = fs.readdirSync(path.dirname(to)).filter((f) => f !== path.basename(to));
  return [...inside, ...beside];
}

describe('a backup killed at each step of its swap', () => {
  it('has the steps it claims', () => {
    // copying: as the worker starts writing the copy; checking: while the copy is being verified.
    expect(BACKUP_FAULT_POINTS).toEqual(['copying', 'copied', 'checking', 'checked', 'wal-removed', 'db-renamed', 'renamed-key.json', 'renamed-recovery.json', 'renamed-daicho-data.json', 'swapped']);
  });

  for (const point of BACKUP_FAULT_POINTS) {
    it(`killed after "${point}": the destination is a complete backup, and the next run leaves no leftovers`, () => {
      const to = destination(`kill-${point}`);
      const killed = daicho(['backup', '--data', source, '--to', to], { ...ENV, DAICHO_FAULT_AT: `kill:${point}` });
      expect(killed.code).toBe(null); // SIGKILL: no cleanup ran
      const rows = rowsOf(to);
      expect(rows).not.toBeNull();
      expect(rows! >= oldRows).toBe(true); // the old backup, or the new one (longer)

      const next = daicho(['backup', '--data', source, '--to', to], ENV);
      expect(next.stderr).toBe('');
      expect(next.code).toBe(0);
      expect(leftovers(to)).toEqual([]);
      expect(fs.readdirSync(to).filter((f) => f !== 'daicho.lock').sort()).toEqual(BACKUP_FILES);
      expect(rowsOf(to)).toBeGreaterThan(oldRows);
    }, 60_000);
  }

  it('killed from outside while it runs (on its first progress line): the destination is a complete backup, and the next run cleans up', async () => {
    const to = destination('kill-outside');
    const child = spawn(process.execPath, [BIN, 'backup', '--data', source, '--to', to], { cwd: ROOT, env: cleanEnv(ENV), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/backup: 0%/.test(out)) child.kill('SIGKILL');
    });
    expect(await exited(child)).toBe(null);
    expect(out).toMatch(/^backup: 0% copying the data/);
    const rows = rowsOf(to);
    expect(rows).not.toBeNull();
    expect(rows! >= oldRows).toBe(true);
    const next = daicho(['backup', '--data', source, '--to', to], ENV);
    expect({ code: next.code, stderr: next.stderr }).toEqual({ code: 0, stderr: '' });
    expect(leftovers(to)).toEqual([]);
  }, 60_000);

  for (const point of ['db-renamed', 'renamed-key.json'] as const) {
    it(`a rename that fails after "${point}" keeps a complete backup and removes its own temporary files`, () => {
      const to = destination(`fail-${point}`);
      const failed = daicho(['backup', '--data', source, '--to', to], { ...ENV, DAICHO_FAULT_AT: `fail:${point}` });
      expect(failed.code).toBe(2);
      expect(failed.stderr).toMatch(/injected failure/);
      expect(rowsOf(to)).not.toBeNull();
      expect(leftovers(to)).toEqual([]);
    }, 60_000);
  }

  it('puts back a backup that the earlier folder-swapping scheme left as <dest>.old-<pid>, and removes its temp folders', () => {
    const to = destination('legacy');
    const [gone1, gone2] = [deadPid(), deadPid()];
    fs.renameSync(to, `${to}.old-${gone1}`);
    fs.mkdirSync(`${to}.tmp-${gone2}`);
    fs.writeFileSync(path.join(`${to}.tmp-${gone2}`, 'daicho.db'), 'half a copy');
    const r = daicho(['backup', '--data', source, '--to', to], ENV);
    expect(r.code).toBe(0);
    expect(leftovers(to)).toEqual([]);
    expect(rowsOf(to)).not.toBeNull();
  }, 60_000);

  it('leaves alone a folder beside it that only looks like a leftover, and refuses a backup of other data', async () => {
    const to = destination('neighbours');
    const archive = `${to}.old-${deadPid()}`;
    fs.mkdirSync(archive);
    fs.writeFileSync(path.join(archive, '2024年度の台帳.pdf'), 'an archive someone keeps by hand');
    expect(daicho(['backup', '--data', source, '--to', to], ENV).code).toBe(0);
    expect(fs.readdirSync(archive)).toEqual(['2024年度の台帳.pdf']);

    // The backup of other data (another key) in the destination is not overwritten.
    const other = path.join(work, 'other-data');
    const d = await openDaicho({ dataDir: other, keyStore: new PassphraseKeyStore(other, PASS), create: true });
    d.close();
    const before = fs.readFileSync(path.join(to, 'daicho.db'));
    const r = daicho(['backup', '--data', other, '--to', to], ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds a backup of other Daicho data/);
    expect(fs.readFileSync(path.join(to, 'daicho.db')).equals(before)).toBe(true);
  }, 60_000);

  it('refuses to write while another backup is writing to the same place, and takes over the lock of a killed one', () => {
    const to = destination('locked');
    fs.writeFileSync(path.join(to, 'backup.lock'), String(process.pid)); // this test process is alive
    const busy = daicho(['backup', '--data', source, '--to', to], ENV);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/Another backup/);
    fs.writeFileSync(path.join(to, 'backup.lock'), String(deadPid())); // a process that has ended
    expect(daicho(['backup', '--data', source, '--to', to], ENV).code).toBe(0);
    expect(leftovers(to)).toEqual([]);
  }, 60_000);
});
