import fs from 'node:fs';
import { hash, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { since } from './stats';

/**
 * The baseline of SPEC §10: a bare better-sqlite3 insert of one people-shaped row into an
 * encrypted database with Daicho's pragmas (SQLCipher v4, raw key, exclusive, WAL,
 * synchronous=FULL, foreign keys), one transaction per row. No validation, no journal.
 */
export function measureRawInsert(dir: string, samples: number): number[] {
  const raw = openRawBaseline(dir);
  const out: number[] = [];
  for (let i = 0; i < samples + 50; i++) {
    const t = raw.timeOne();
    if (i >= 50) out.push(t); // the first 50 warm up
  }
  raw.close();
  return out;
}

/** The baseline's database, made anew in `dir`: `timeOne()` saves one row and returns how long it took (ms). */
export function openRawBaseline(dir: string): { timeOne(): number; close(): void } {
  const file = path.join(dir, 'raw-baseline.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true }); // left by an earlier run (--reuse)
  const db = new Database(file);
  db.pragma("cipher='sqlcipher'");
  db.pragma('legacy=4');
  db.pragma(`key="x'${randomBytes(32).toString('hex')}'"`);
  db.pragma('locking_mode=EXCLUSIVE');
  db.pragma('journal_mode=WAL');
  db.pragma('synchronous=FULL');
  db.pragma('foreign_keys=ON');
  db.exec(`
    CREATE TABLE people (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, kana TEXT NOT NULL, employee_no TEXT NOT NULL UNIQUE,
      department TEXT NOT NULL, site_id TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, card_no TEXT UNIQUE,
      server_room_authorized INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, recorded_by TEXT NOT NULL, station TEXT NOT NULL
    );
    CREATE INDEX people_site ON people(site_id, active, kana);
    CREATE INDEX people_kana ON people(kana);
  `);
  const insert = db.prepare(
    `INSERT INTO people (id, name, kana, employee_no, department, site_id, card_no, server_room_authorized, created_at, recorded_by, station)
     VALUES (@id, @name, @kana, @employee_no, @department, @site_id, @card_no, 1, @created_at, 'bench', 'bench')`,
  );
  const saveOne = db.transaction((row: Record<string, string>) => insert.run(row));
  const site = randomUUID();
  let i = 0;
  return {
    timeOne: () => {
      i++;
      const r = {
        id: randomUUID(), name: '山田 太郎', kana: 'ヤマダ タロウ', employee_no: `R${i}`, department: '総務部', site_id: site,
        card_no: `RC${i}`, created_at: new Date().toISOString(),
      };
      const t0 = performance.now();
      saveOne(r);
      return since(t0);
    },
    close: () => db.close(),
  };
}

/**
 * The verify's baseline: read every journal row's columns into JS and SHA-256 them, in one thread,
 * with no check at all. It moves with the machine as verify does (SQLCipher's page reads and
 * decryption, the driver's hand-over of columns, SHA-256), so verify's rows/s can be read against it.
 */
export function measureRawJournalScan(db: Database.Database): { rows: number; rowsPerS: number } {
  const all = db.prepare('SELECT seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash, hash FROM journal').raw();
  let rows = 0;
  let sink = 0;
  const t0 = performance.now();
  for (const r of all.iterate() as IterableIterator<unknown[]>) {
    sink ^= hash('sha256', r.join('\u0001'), 'buffer')[0];
    rows++;
  }
  const s = since(t0) / 1000;
  if (sink < 0) throw new Error('unreachable'); // keeps the hashes from being optimised away
  return { rows, rowsPerS: rows / s };
}
