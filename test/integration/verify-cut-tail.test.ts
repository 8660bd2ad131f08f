import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { daicho as cli } from '../helpers/cli';
import { openRaw, openTemp, SETUP, setUp, signInFirst, tempDir, untilEnded, type Caller } from '../helpers/temp-daicho';

// An insider probe of 2026-12-07: someone holding the database key deletes the journal's newest rows
// and puts the tables back as those rows found them — the chain is whole, every table agrees with it,
// and a plain `daicho verify` said "intact". The chain cannot show a cut end; a backup that holds the
// rows can. A plain verify now compares with the newest backup the data records, and its report says
// how far its evidence of the journal's end reaches.

/**
 * Cut every journal row after `seq` and put each row it touched back as the journal had it at `seq`
 * (its newest `after` up to there, personal values by their digests; none: the row goes), past every
 * guard (put back as they were): what a careful insider holding the key would do.
 */
function cutTail(db: Database.Database, seq: number): void {
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  const touched = db.prepare("SELECT DISTINCT entity, entity_id FROM journal WHERE seq > ? AND kind = 'row'").all(seq) as { entity: string; entity_id: string }[];
  for (const { entity, entity_id: id } of touched) {
    const kept = db.prepare("SELECT after FROM journal WHERE seq <= ? AND kind = 'row' AND entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(seq, entity, id) as string | undefined;
    db.prepare(`DELETE FROM "${entity}" WHERE id = ?`).run(id);
    if (kept === undefined) continue;
    const row = Object.fromEntries(
      Object.entries(JSON.parse(kept) as Record<string, unknown>).map(([c, v]) => [
        c, v !== null && typeof v === 'object' && '$p' in v ? db.prepare('SELECT value FROM personal_values WHERE digest = ?').pluck().get((v as { $p: string }).$p) : v,
      ]),
    );
    db.prepare(`INSERT INTO "${entity}" (${Object.keys(row).map((c) => `"${c}"`).join(', ')}) VALUES (${Object.keys(row).map((c) => `@${c}`).join(', ')})`).run(row);
  }
  db.prepare('DELETE FROM journal WHERE seq > ?').run(seq);
  for (const t of triggers) db.exec(t.sql);
}

async function backUp(admin: Caller, to: string): Promise<number> {
  const job = await admin.ok('jobs.start', { kind: 'backup', to });
  const ended = await untilEnded(admin, job.id);
  expect(ended.state, JSON.stringify(ended.error)).toBe('succeeded');
  return ended.result!.headSeq!;
}

describe("verify and the journal's end", () => {
  it('a plain verify compares the newest backup: rows cut from the end that it holds are named; the report says how far it reaches', async () => {
    const d = await openTemp();
    const { sm, admin } = await setUp(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const backup = path.join(tempDir('daicho-cut-tail-'), 'backup');

    // Before any backup, the app's verify says the end is not witnessed.
    const first = await untilEnded(admin, (await admin.ok('jobs.start', { kind: 'verify' })).id);
    expect(first.state).toBe('succeeded');
    expect(first.result?.backupWitness).toEqual({ state: 'none' });

    await backUp(admin, backup);
    const cutAfter = d.store.journalHead().seq;
    const sites = await sm.ok('sites.list', {});
    await sm.ok('people.add', { name: '末尾 消子', kana: 'マツビ ケシコ', employeeNo: 'E7001', department: '総務部', siteId: sites[0].id, cardNo: 'CT70010001', serverRoomAuthorized: true });
    const held = await backUp(admin, backup);
    expect(held).toBeGreaterThan(cutAfter);

    // The admin screen's verify: compared with the newest backup, up to the row it holds.
    const verified = await untilEnded(admin, (await admin.ok('jobs.start', { kind: 'verify' })).id);
    expect(verified.state).toBe('succeeded');
    expect(verified.result?.backupWitness).toEqual({ state: 'matched', to: backup, seq: held });
    d.close();

    const base = ['--data', d.dataDir, '--raw-key-file', d.keyFile];
    const ok = cli(['verify', ...base]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`the newest backup, in ${backup} (as the data records it), holds the journal up to #${held}: it is there, unchanged`);
    expect(ok.stdout).toMatch(new RegExp(`The journal's end is witnessed up to #${held}; rows #${held + 1}–#\\d+ rest on this PC's data alone`));

    // The cut: the person's rows and the second backup's record of itself, the tables put back to match.
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const db = openRaw(path.join(d.dataDir, 'daicho.db'), key);
    cutTail(db, cutAfter);
    db.close();

    // Without the backup the chain and the tables agree: it passes, and says plainly that the end is not witnessed.
    const alone = cli(['verify', ...base, '--no-backup']);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toContain('the newest backup was not compared (--no-backup)');
    expect(alone.stdout).toContain("The journal's end is NOT witnessed");
    expect(alone.stdout).toContain('記録の末尾は裏付けられていません。');

    // A plain verify names the cut, from the backup the data still records (the first one's record of the same folder).
    const plain = cli(['verify', ...base]);
    expect(plain.code, plain.stdout).toBe(1);
    expect(plain.stderr).toContain(`CUT: the journal ends at #${cutAfter}, but the backup in ${backup} holds it up to #${held}`);
    expect(plain.stderr).toContain('端末またはバックアップの記録と一致しません（1 件）');

    // The same in the app (the admin screen's verify): it fails, naming the backup and the rows.
    const again = await openTemp({ dir: d.dataDir });
    try {
      const admin2 = await signInFirst(again, 'sysadmin');
      await admin2.ok('auth.elevate', { password: SETUP.sysadmin.password });
      const failed = await untilEnded(admin2, (await admin2.ok('jobs.start', { kind: 'verify' })).id);
      expect(failed.state).toBe('failed');
      expect(failed.error).toEqual({ messageKey: 'jobs.errors.verify_backup_cut', params: { to: backup, seq: held, head: expect.any(Number) } });
      expect(failed.result?.backupWitness).toEqual({ state: 'mismatch', to: backup, seq: held, kind: 'cut' });
    } finally {
      again.close();
    }
  });
});
