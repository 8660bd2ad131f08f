import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashJournalRow, type JournalRow } from '../../electron/core/journal/journal';
import { verifyJournal } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { openRaw, openTemp, pastJournalGuards, setUp, tempDir } from '../helpers/temp-daicho';

// Issue 7: verify spread over worker threads, each checking ranges of sequence numbers with its own
// read connection, must find what the one-thread verify finds — in any range, and where two ranges meet.

const RANGES = 4;

async function data() {
  const d = await openTemp();
  const { sm } = await setUp(d);
  const sites = await sm.ok('sites.list', {});
  const ids: string[] = [];
  for (let i = 0; i < 24; i++) {
    const p = await sm.ok('people.add', {
      name: `試験 ${i}`, kana: `シケン ${"アイウエオカキクケコサシスセソタチツテトナニヌネノ"[i]}`, employeeNo: `E${200 + i}`, department: '総務部', siteId: sites[i % sites.length].id, cardNo: null, serverRoomAuthorized: i % 2 === 0,
    });
    ids.push(p.id);
  }
  d.close();
  return { dir: d.dataDir, key: fs.readFileSync(d.keyFile, 'utf8').trim(), ids };
}

/** A copy of the data, changed outside the app by `tamper` with the raw key. */
function tampered(src: { dir: string; key: string }, tamper: (db: ReturnType<typeof openRaw>, head: number) => void): string {
  const dir = tempDir('daicho-vw-');
  fs.cpSync(src.dir, dir, { recursive: true });
  const db = openRaw(path.join(dir, 'daicho.db'), src.key);
  pastJournalGuards(db, () => tamper(db, (db.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return path.join(dir, 'daicho.db');
}

/** The first sequence number of each range the workers get. */
const starts = (head: number) => Array.from({ length: RANGES }, (_, i) => Math.floor((head * i) / RANGES) + 1);

describe('verify in worker threads (issue 7)', () => {
  it('agrees with the one-thread verify on intact data', async () => {
    const d = await openTemp();
    await setUp(d);
    const r = await d.verifyInBackground({ ranges: 3 });
    expect(r).toMatchObject({ ok: true, problemCount: 0, fileProblems: [] });
    expect(r.rows).toBe(d.store.journalHead().seq);
    d.close();
  });

  it('finds a changed, a removed or a relinked row in any range and where two ranges meet', async () => {
    const src = await data();
    const probe = openRaw(path.join(src.dir, 'daicho.db'), src.key);
    const head = (probe.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;
    probe.close();
    const s = starts(head);
    // Every range's first row, the row before it (the end of the range before), and one inside.
    const targets = [...new Set(s.flatMap((x) => [x - 1, x, x + 2]).filter((x) => x >= 1 && x <= head))];
    const cases: { name: string; seq: number; tamper: (db: ReturnType<typeof openRaw>) => void }[] = [];
    for (const seq of targets) {
      cases.push({ name: `row ${seq} changed`, seq, tamper: (db) => db.prepare("UPDATE journal SET reason = 'forged' WHERE seq = ?").run(seq) });
      if (seq < head)
        cases.push({
          name: `row ${seq} rewritten with a fresh hash (only the next row's link shows it: named at the earlier of the two)`, seq,
          tamper: (db) => {
            const row = db.prepare('SELECT * FROM journal WHERE seq = ?').get(seq) as JournalRow;
            const forged = { ...row, reason: 'forged' };
            db.prepare('UPDATE journal SET reason = ?, hash = ? WHERE seq = ?').run('forged', hashJournalRow(forged), seq);
          },
        });
      if (seq > 1) cases.push({ name: `row ${seq} deleted`, seq, tamper: (db) => db.prepare('DELETE FROM journal WHERE seq = ?').run(seq) });
    }
    for (const c of cases) {
      const file = tampered(src, c.tamper);
      const inWorkers = await verifyInWorkers({ file, key: Buffer.from(src.key, 'hex'), ranges: RANGES, fileCheck: false });
      const db = openRaw(file, src.key);
      const oneThread = verifyJournal(db);
      db.close();
      expect(inWorkers.ok, c.name).toBe(false);
      // A deleted row also leaves its record's table row behind its earlier row, which may come first.
      if (c.name.endsWith('deleted')) expect(inWorkers.problems.map((p) => p.seq), c.name).toContain(c.seq);
      else expect(inWorkers.firstBadSeq, c.name).toBe(c.seq);
      expect(inWorkers.problems, c.name).toEqual(oneThread.problems);
      expect(inWorkers.problemCount, c.name).toBe(oneThread.problemCount);
    }
    // A verify in workers and one in a thread for each of some forty tampered copies: about 20 s on a quiet
    // 2-core machine, past the default minute when the machine is busy (a full run beside browser tests).
  }, 240_000);

  it('names the journal’s guard dropped or changed, and a trigger Daicho does not make, in one thread and in workers', async () => {
    const src = await data();
    const cases: { name: string; sql: string; problem: string }[] = [
      { name: 'guard dropped', sql: 'DROP TRIGGER journal_no_update', problem: 'the journal is not append-only: its guard journal_no_update is missing or changed' },
      {
        name: 'guard made to let rows go',
        sql: "DROP TRIGGER journal_no_delete; CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal WHEN 0 BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END",
        problem: 'the journal is not append-only: its guard journal_no_delete is missing or changed',
      },
      { name: 'a trigger of its own', sql: "CREATE TRIGGER people_quiet AFTER INSERT ON people BEGIN UPDATE people SET department = '総務部' WHERE id = NEW.id; END", problem: 'a trigger Daicho does not make: people_quiet on people' },
    ];
    for (const c of cases) {
      const dir = tempDir('daicho-vw-');
      fs.cpSync(src.dir, dir, { recursive: true });
      const file = path.join(dir, 'daicho.db');
      const db = openRaw(file, src.key);
      db.exec(c.sql);
      const oneThread = verifyJournal(db);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const inWorkers = await verifyInWorkers({ file, key: Buffer.from(src.key, 'hex'), ranges: RANGES });
      for (const r of [oneThread, inWorkers]) expect(r, c.name).toMatchObject({ ok: false, firstBadSeq: 0, problemCount: 1, problems: [{ seq: 0, problem: c.problem }] });
    }
  });

  it('finds a table row changed outside the app whatever range its journal row is in', async () => {
    const src = await data();
    for (const id of [src.ids[0], src.ids[11], src.ids[23]]) {
      let seq = 0;
      const file = tampered(src, (db) => {
        seq = (db.prepare("SELECT max(seq) AS s FROM journal WHERE entity = 'people' AND entity_id = ? AND kind = 'row'").get(id) as { s: number }).s;
        db.prepare("UPDATE people SET department = '人事部' WHERE id = ?").run(id);
      });
      const r = await verifyInWorkers({ file, key: Buffer.from(src.key, 'hex'), ranges: RANGES });
      expect(r).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1, fileProblems: [] });
      expect(r.problem).toContain(id);
    }
  });

  it('names a page changed on disk that neither the chain nor the tables read, though they skip the MACs the file check checks', async () => {
    const src = await data();
    const key = Buffer.from(src.key, 'hex');
    const pageOf = (file: string, index: string) => {
      const db = openRaw(file, src.key);
      try {
        return (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = ?").get(index) as { rootpage: number }).rootpage;
      } finally {
        db.close();
      }
    };
    for (const workers of [1, 2]) {
      // A byte of the people's name index (no part of verify but the file check reads it), flipped in a copy.
      const file = tampered(src, () => {});
      const page = pageOf(file, 'people_kana');
      const fd = fs.openSync(file, 'r+');
      const at = (page - 1) * 4096 + 1500;
      const b = Buffer.alloc(1);
      fs.readSync(fd, b, 0, 1, at);
      fs.writeSync(fd, Buffer.from([b[0] ^ 0x5a]), 0, 1, at);
      fs.closeSync(fd);
      const r = await verifyInWorkers({ file, key, workers });
      expect(r.ok, `${workers} worker(s)`).toBe(false);
      expect(r.fileProblems.length, `${workers} worker(s)`).toBeGreaterThan(0);
      // The chain and the tables are intact: they say so.
      expect(r.problemCount).toBe(0);
      // Without the file check, the same data passes the chain and the tables (they do not read the index).
      expect((await verifyInWorkers({ file, key, workers, fileCheck: false, pageAuth: false })).ok).toBe(true);
    }
  });

  it("runs SQLite's integrity check with CHECK constraints too (a read-only connection would skip them)", async () => {
    const src = await data();
    const file = tampered(src, (db) => {
      db.pragma('ignore_check_constraints=ON');
      db.prepare("UPDATE sites SET kind = 'bogus' WHERE kind = 'branch'").run();
    });
    const r = await verifyInWorkers({ file, key: Buffer.from(src.key, 'hex') });
    expect(r.ok).toBe(false);
    expect(r.fileProblems.join('\n')).toMatch(/CHECK constraint failed in sites/);
    expect(r.problems[0].problem).toMatch(/sites row .* differs/);
  });
});
