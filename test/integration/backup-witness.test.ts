import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAgainstBackup } from '../../electron/core/jobs/backup-witness';
import type { JournalRow } from '../../electron/core/journal/journal';
import { Store } from '../../electron/core/store/store';
import { daicho as cli } from '../helpers/cli';
import { openRaw, openTemp, pastJournalGuards, rehashFrom, setUp, tempDir } from '../helpers/temp-daicho';

// An insider probe of 2026-12-05: with the database key, the journal's tail can be cut, or history
// rewritten and the chain re-hashed, and verify passes — the chain is whole again. A backup kept
// apart holds the journal as it was: `daicho verify --witness BACKUP_DIR` names the cut or the rewrite.

/** An early event's reason changed outside the app, and every row from it re-hashed: the chain is whole again. */
function rewriteFrom(db: ReturnType<typeof openRaw>): void {
  pastJournalGuards(db, () => {
    const early = db.prepare("SELECT * FROM journal WHERE kind = 'event' ORDER BY seq LIMIT 1 OFFSET 2").get() as JournalRow;
    db.prepare('UPDATE journal SET reason = ? WHERE seq = ?').run('書き換え', early.seq);
    rehashFrom(db, early.seq);
  });
}

/** The newest journal row of the backup (the backup's own start and end are journaled in the data after it). */
function headOf(dir: string, key: string): { seq: number; hash: string } {
  const db = openRaw(path.join(dir, 'daicho.db'), key);
  try {
    return db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
  } finally {
    db.close();
  }
}

describe('a backup as a witness of the journal (daicho verify --witness DIR)', () => {
  it('passes on the data it was made from; names a rewrite re-hashed to the end, and a cut of the tail', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const sites = await sm.ok('sites.list', {});
    await sm.ok('people.add', { name: '証人 一郎', kana: 'ショウニン イチロウ', employeeNo: 'E5001', department: '総務部', siteId: sites[0].id, cardNo: null, serverRoomAuthorized: false });
    d.close();
    const base = ['--data', d.dataDir, '--raw-key-file', d.keyFile];
    const backup = path.join(tempDir('daicho-backup-witness-'), 'backup');
    const b = cli(['backup', ...base, '--to', backup]);
    expect(b.code, b.stderr).toBe(0);

    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const head = headOf(backup, key);
    const db = openRaw(path.join(d.dataDir, 'daicho.db'), key);
    const ok = cli(['verify', ...base, '--witness', backup]);
    expect(ok.code, ok.stderr).toBe(0);
    // The folder is the newest backup the data records: compared once, as that.
    expect(ok.stdout).toContain(`the newest backup, in ${backup} (as the data records it), holds the journal up to #${head.seq}: it is there, unchanged`);

    // An early row rewritten, every later row re-hashed: the chain holds, the backup's head does not.
    rewriteFrom(db);
    const rawKey = Buffer.from(key, 'hex');
    const rewritten = checkAgainstBackup(new Store(db), d.dataDir, backup, rawKey);
    expect(rewritten.problems).toEqual([expect.stringMatching(new RegExp(`^REWRITTEN: journal row #${head.seq} has hash .* but the backup in .* holds ${head.hash.slice(0, 16)}… there`))]);
    // The newest rows cut.
    pastJournalGuards(db, () => db.prepare('DELETE FROM journal WHERE seq > ?').run(head.seq - 2));
    expect(checkAgainstBackup(new Store(db), d.dataDir, backup, rawKey).problems).toEqual([expect.stringMatching(new RegExp(`^CUT: the journal ends at #${head.seq - 2}, but the backup in .* holds it up to #${head.seq} .*: 2 row\\(s\\) are gone`))]);
    // The data folder itself (a probe: given as its own witness, it matched), a folder that holds no backup, and one of other data.
    expect(checkAgainstBackup(new Store(db), d.dataDir, d.dataDir, rawKey).problems).toEqual([`${d.dataDir} is the data folder itself, not a backup of it`]);
    expect(checkAgainstBackup(new Store(db), d.dataDir, tempDir('daicho-not-backup-'), rawKey).problems).toEqual([expect.stringMatching(/there is no daicho.db in it, so it is not a backup/)]);
    expect(checkAgainstBackup(new Store(db), d.dataDir, backup, Buffer.alloc(32, 7)).problems).toEqual([expect.stringMatching(/cannot be read with this data's key/)]);
    db.close();
  });

  it('the command names the rewrite (exit 1), given the folder or by default; the journal verified alone does not, and says so', async () => {
    const d = await openTemp();
    await setUp(d);
    d.close();
    const base = ['--data', d.dataDir, '--raw-key-file', d.keyFile];
    const backup = path.join(tempDir('daicho-backup-witness-'), 'backup');
    expect(cli(['backup', ...base, '--to', backup]).code).toBe(0);
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const head = headOf(backup, key);
    const db = openRaw(path.join(d.dataDir, 'daicho.db'), key);
    rewriteFrom(db);
    db.close();
    const alone = cli(['verify', ...base, '--no-backup']);
    const against = cli(['verify', ...base, '--witness', backup]);
    // The newest backup the data records (this one) is compared by default.
    const plain = cli(['verify', ...base]);
    expect({ alone: alone.code, against: against.code, plain: plain.code }, `${alone.stderr}\n${against.stderr}`).toEqual({ alone: 0, against: 1, plain: 1 });
    expect(alone.stdout).toContain("The journal's end is NOT witnessed");
    expect(plain.stderr).toContain(`REWRITTEN: journal row #${head.seq} has hash `);
    expect(against.stderr).toContain(`REWRITTEN: journal row #${head.seq} has hash `);
    expect(against.stderr).toContain(`but the backup in ${backup} holds ${head.hash.slice(0, 16)}… there`);
    expect(against.stderr).toContain('端末またはバックアップの記録と一致しません（1 件）');
  });
});
