import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashJournalRow, type JournalRow } from '../../electron/core/journal/journal';
import { verifyJournal, type VerifyResult } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { checkChain } from '../../electron/core/journal/verify-chain';
import { BATCH_ROWS, checkTables, readSnapshot, RecordIndex } from '../../electron/core/journal/verify-parts';
import { openRaw, pastJournalGuards, tempDir } from '../helpers/temp-daicho';
import { jst, MIN, serverRoomFixture } from './server-room-fixture';

// Issue 7, SPEC §10 verify speed: the chain and the kept personal values are read BATCH_ROWS rows
// per SQL call, and a batch is taken only when everything in it holds; anything else is read row
// by row. These tests change one row outside the app at and around the batches' ends, and in the
// ways a batch could be fooled (a field stored as SQLite's binary JSON of the same text, which
// json_array would take for that text), and expect each named at its sequence number, by the
// one-thread verify and by the workers alike.

const STAYS = 2 * BATCH_ROWS + 40;

let src: { dir: string; key: string; head: number };

beforeAll(async () => {
  const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
  // One stay every 20 minutes going back, each with a visitor (a personal value kept for history).
  const first = new Date(jst('2026-11-24', '09:00')).getTime() - STAYS * 20 * MIN;
  for (let i = 0; i < STAYS; i++) {
    const enteredAt = new Date(first + i * 20 * MIN).toISOString();
    await f.clerk.ok('serverRoom.record', {
      siteId: f.hq.id, personId: f.yamada.id, enteredAt, exitedAt: new Date(first + i * 20 * MIN + 10 * MIN).toISOString(), purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ name: `来訪 ${i}`, company: `保守会社${i}`, escortPersonId: f.yamada.id }] },
    });
  }
  const head = f.d.store.journalHead().seq;
  f.d.close();
  src = { dir: f.d.dataDir, key: fs.readFileSync(f.d.keyFile, 'utf8').trim(), head };
}, 120_000);

/** A copy of the data folder; tried again when a file went while it was read (a run of many files once lost one so, under load). */
function copyData(from: string, to: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      return fs.cpSync(from, to, { recursive: true, force: true });
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT' || attempt >= 3) throw err;
    }
  }
}

/** Verify a copy of the data changed by `tamper` outside the app, in one thread and in workers. */
async function verifyTampered(tamper: (db: ReturnType<typeof openRaw>) => void): Promise<VerifyResult[]> {
  const dir = tempDir('daicho-vb-');
  copyData(src.dir, dir);
  const file = path.join(dir, 'daicho.db');
  const db = openRaw(file, src.key);
  pastJournalGuards(db, () => tamper(db));
  const oneThread = verifyJournal(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const inWorkers = await verifyInWorkers({ file, key: Buffer.from(src.key, 'hex'), ranges: 3, fileCheck: false });
  return [oneThread, inWorkers];
}

describe('verify in batches (issue 7, SPEC §10)', () => {
  it('has data over several batches, and verifies it', async () => {
    expect(src.head).toBeGreaterThan(2 * BATCH_ROWS + 20);
    const [oneThread, inWorkers] = await verifyTampered(() => {});
    for (const r of [oneThread, inWorkers]) expect(r).toMatchObject({ ok: true, problemCount: 0, rows: src.head });
  });

  it('names a changed journal row at either end of a batch and inside one', async () => {
    for (const seq of [BATCH_ROWS - 1, BATCH_ROWS, BATCH_ROWS + 1, 2 * BATCH_ROWS, 2 * BATCH_ROWS + 1, BATCH_ROWS + 100, src.head]) {
      const results = await verifyTampered((db) => db.prepare("UPDATE journal SET reason = 'forged' WHERE seq = ?").run(seq));
      for (const r of results) expect(r, `row ${seq}`).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
    }
  });

  it('names a row whose stored hash alone was changed once, at itself (the link after it breaks because of it)', async () => {
    for (const seq of [BATCH_ROWS - 1, BATCH_ROWS, BATCH_ROWS + 100]) {
      const results = await verifyTampered((db) => db.prepare('UPDATE journal SET hash = ? WHERE seq = ?').run('ab'.repeat(32), seq));
      for (const r of results) {
        expect(r, `row ${seq}`).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
        expect(r.problems[0].problem).toContain('was changed after it was written (hash differs)');
      }
    }
  });

  it('names a row rewritten with a fresh hash by the next row’s link, inside a batch and across two', async () => {
    for (const seq of [BATCH_ROWS - 1, BATCH_ROWS, BATCH_ROWS + 100]) {
      const results = await verifyTampered((db) => {
        const row = db.prepare('SELECT * FROM journal WHERE seq = ?').get(seq) as JournalRow;
        db.prepare('UPDATE journal SET reason = ?, hash = ? WHERE seq = ?').run('forged', hashJournalRow({ ...row, reason: 'forged' }), seq);
      });
      for (const r of results) expect(r, `row ${seq}`).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
    }
  });

  it('names hashes or links that two rows of one batch share between them, and a row whose bytes are not UTF-8 hashed as they are (a review)', async () => {
    const k = BATCH_ROWS + 40;
    // Row k's hash one character short, row k+1's one longer: joined, the batch's hashes are the same.
    for (const column of ['hash', 'prev_hash']) {
      const results = await verifyTampered((db) => {
        const [a, b] = [k, k + 1].map((s) => db.prepare(`SELECT ${column} FROM journal WHERE seq = ?`).pluck().get(s) as string);
        db.prepare(`UPDATE journal SET ${column} = ? WHERE seq = ?`).run(a.slice(0, 63), k);
        db.prepare(`UPDATE journal SET ${column} = ? WHERE seq = ?`).run(a.slice(63) + b, k + 1);
      });
      for (const r of results) {
        expect(r.ok, column).toBe(false);
        expect(r.firstBadSeq, column).toBe(k);
      }
    }
    // A reason of bytes that are not UTF-8, and the chain hashed again from it over the bytes SQLite keeps.
    const results = await verifyTampered((db) => {
      db.prepare("UPDATE journal SET reason = CAST(X'66ff6f' AS TEXT) WHERE seq = ?").run(k);
      const input = db.prepare('SELECT CAST(json_array(seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash) AS BLOB) FROM journal WHERE seq = ?').pluck();
      for (let s = k; s <= src.head; s++) {
        const h = createHash('sha256').update(input.get(s) as Buffer).digest('hex');
        db.prepare('UPDATE journal SET hash = ? WHERE seq = ?').run(h, s);
        if (s < src.head) db.prepare('UPDATE journal SET prev_hash = ? WHERE seq = ?').run(h, s + 1);
      }
    });
    for (const r of results) expect(r).toMatchObject({ ok: false, firstBadSeq: k });
  });

  it('finishes on many kept values that share their digest’s first 64 bits (a review: one probe chain, quadratic)', async () => {
    const dir = tempDir('daicho-vb-');
    copyData(src.dir, dir);
    const file = path.join(dir, 'daicho.db');
    const db = openRaw(file, src.key);
    const add = db.prepare("INSERT INTO personal_values (digest, entity, entity_id, field, value) VALUES (?, 'server_room_stays', ?, 'companions', 'x')");
    db.transaction(() => {
      for (let i = 0; i < 60_000; i++) add.run(`aaaaaaaaaaaaaaaa${i.toString(16).padStart(48, '0')}`, `forged-${i}`);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // In workers only: the test's own thread stays free, so that a verify that never ends fails by the timeout.
    const r = await verifyInWorkers({ file, key: Buffer.from(src.key, 'hex'), fileCheck: false });
    expect(r).toMatchObject({ ok: false, problemCount: 60_000 });
  }, 60_000);

  it('names a journal field stored as binary JSON of the same text (json_array reads it as that text: the same hash)', async () => {
    const seq = BATCH_ROWS + 17;
    for (const column of ['entity_id', 'at', 'after', 'hash', 'prev_hash']) {
      const results = await verifyTampered((db) => {
        db.prepare(`UPDATE journal SET ${column} = jsonb(json_quote(${column})) WHERE seq = ?`).run(seq);
        expect(db.prepare(`SELECT typeof(${column}) FROM journal WHERE seq = ?`).pluck().get(seq), column).toBe('blob');
      });
      for (const r of results) {
        expect(r.ok, column).toBe(false);
        expect(r.problems.map((p) => p.seq), column).toContain(seq);
      }
    }
  });

  it('names a table row with a value stored as binary JSON of its text (json_object reads it as that text: the same journal form)', async () => {
    const probe = openRaw(path.join(src.dir, 'daicho.db'), src.key);
    const id = probe.prepare('SELECT id FROM server_room_stays ORDER BY rowid LIMIT 1 OFFSET 300').pluck().get() as string;
    const seq = probe.prepare("SELECT max(seq) FROM journal WHERE entity = 'server_room_stays' AND entity_id = ?").pluck().get(id) as number;
    probe.close();
    for (const column of ['site_id', 'entered_at', 'amend_count', 'companions']) {
      const results = await verifyTampered((db) => {
        db.pragma('foreign_keys = OFF'); // as an insider with the key would
        db.pragma('ignore_check_constraints = ON');
        db.prepare(`UPDATE server_room_stays SET ${column} = jsonb(json_quote(${column})) WHERE id = ?`).run(id);
        expect(db.prepare(`SELECT typeof(${column}) FROM server_room_stays WHERE id = ?`).pluck().get(id), column).toBe('blob');
      });
      for (const r of results) expect(r, column).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
    }
  });

  it('reads a kept value as JSON.stringify writes it (the commitment hashes that text), whatever characters it holds', () => {
    const db = openRaw(path.join(src.dir, 'daicho.db'), src.key);
    const texts = ['', '山田 太郎', 'a"b\\c', 'line\nbreak\ttab\r', '\u0001\u001f\u007f', '\u2028\u2029', '😀 絵文字', '\\u0041'];
    for (const t of texts) expect(db.prepare('SELECT json_quote(?)').pluck().get(t), JSON.stringify(t)).toBe(JSON.stringify(t));
    db.close();
  });

  it('names a table value stored as a blob of its own bytes: an id, a site, a person, a state, a salt (an insider probe: the stay left its site’s list, verify said ok)', async () => {
    const probe = openRaw(path.join(src.dir, 'daicho.db'), src.key);
    const id = probe.prepare('SELECT id FROM server_room_stays ORDER BY rowid LIMIT 1 OFFSET 200').pluck().get() as string;
    const seq = probe.prepare("SELECT max(seq) FROM journal WHERE entity = 'server_room_stays' AND entity_id = ?").pluck().get(id) as number;
    probe.close();
    for (const column of ['id', 'site_id', 'person_id', 'status', 'personal_salt']) {
      const results = await verifyTampered((db) => {
        db.pragma('foreign_keys = OFF');
        db.pragma('ignore_check_constraints = ON');
        db.prepare(`UPDATE server_room_stays SET ${column} = CAST(${column} AS BLOB) WHERE id = ?`).run(id);
      });
      for (const r of results) {
        expect(r, column).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
        expect(r.problem, column).toContain('binary data');
      }
    }
    // A copy of a row under its id as a blob (the unique index tells text from blob): named, not taken for the row.
    const results = await verifyTampered((db) => {
      db.pragma('foreign_keys = OFF');
      const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('server_room_stays') as string[]).filter((c) => c !== 'id').join(', ');
      db.prepare(`INSERT INTO server_room_stays (id, ${cols}) SELECT CAST(id AS BLOB), ${cols} FROM server_room_stays WHERE id = ?`).run(id);
    });
    for (const r of results) expect(r).toMatchObject({ ok: false, firstBadSeq: seq, problemCount: 1 });
  });

  it('names a kept personal value moved to a table with no personal fields, or with its digest stored as a blob (an insider probe: the history showed a forged value, or one as erased)', async () => {
    const first = "(SELECT min(rowid) FROM personal_values WHERE entity = 'server_room_stays')";
    for (const change of ["entity = 'sites', value = replace(value, '来訪', '改竄')", 'entity = CAST(entity AS BLOB)', 'digest = CAST(digest AS BLOB)', 'field = CAST(field AS BLOB)']) {
      const results = await verifyTampered((db) => db.prepare(`UPDATE personal_values SET ${change} WHERE rowid = ${first}`).run());
      for (const r of results) {
        expect(r.ok, change).toBe(false);
        expect(r.problems.map((p) => p.problem).join('\n'), change).toMatch(/kept personal value/);
      }
    }
  });

  it('finishes, and names what is missing, when a journal row, a table row or a kept value is given a number far ahead (an insider probe: verify ran for ever)', async () => {
    const far = 4611686018427387904n;
    const [oneThread, inWorkers] = await verifyTampered((db) => db.prepare('UPDATE journal SET seq = ? WHERE seq = ?').run(far, src.head - 1));
    for (const r of [oneThread, inWorkers]) expect(r).toMatchObject({ ok: false, firstBadSeq: src.head - 1 });
    for (const table of ['people', 'server_room_stays', 'personal_values']) {
      const results = await verifyTampered((db) => db.prepare(`UPDATE ${table} SET rowid = ? WHERE rowid = (SELECT max(rowid) FROM ${table})`).run(far));
      for (const r of results) expect(r, table).toMatchObject({ ok: true, problemCount: 0 });
    }
  }, 30_000);

  it('names journal rows numbered below 1, by a migration or anyone, and only them (an insider probe: #0 and #-7 voiding a stay passed verify)', async () => {
    // Rows hashed as Daicho hashes them, each linked to the one before it, about a real stay.
    const forge = (db: ReturnType<typeof openRaw>, actor: string, seqs: number[]) => {
      const stay = db.prepare('SELECT id FROM server_room_stays LIMIT 1').pluck().get() as string;
      const after = db.prepare("SELECT after FROM journal WHERE entity = 'server_room_stays' AND entity_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(stay) as string;
      const voided = JSON.stringify({ ...(JSON.parse(after) as object), status: 'void', void_reason: '偽の取消' });
      let prev = '0'.repeat(64);
      for (const seq of seqs) {
        const row = { seq, at: '2024-05-01T00:00:00.000Z', actor, station: actor, kind: 'row', action: 'serverRoom.void', entity: 'server_room_stays', entity_id: stay, before: null, after: voided, reason: '偽の取消', prev_hash: prev } as Omit<JournalRow, 'hash'>;
        const hash = hashJournalRow(row);
        db.prepare('INSERT INTO journal (seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash, hash) VALUES (@seq, @at, @actor, @station, @kind, @action, @entity, @entity_id, @before, @after, @reason, @prev_hash, @hash)').run({ ...row, hash });
        prev = hash;
      }
    };
    for (const actor of ['migration', 'system']) {
      const results = await verifyTampered((db) => forge(db, actor, [-7, 0]));
      for (const r of results) {
        expect(r, actor).toMatchObject({ ok: false, firstBadSeq: 0, problemCount: 1 });
        expect(r.problems[0].problem, actor).toContain('2 journal row(s) numbered below 1 (#-7, #0)');
      }
    }
    // Many of them: counted, the first few listed; and a row of Daicho's own moved below 1 breaks the chain where it was.
    const many = await verifyTampered((db) => forge(db, 'migration', Array.from({ length: 9 }, (_, i) => i - 8)));
    for (const r of many) expect(r.problems[0].problem).toContain('9 journal row(s) numbered below 1 (#-8, #-7, #-6, #-5, #-4, …)');
    const moved = await verifyTampered((db) => db.prepare('UPDATE journal SET seq = -1 WHERE seq = ?').run(BATCH_ROWS));
    for (const r of moved) {
      expect(r.problems.map((p) => p.seq)).toEqual(expect.arrayContaining([0, BATCH_ROWS]));
      expect(r.problems.every((p) => p.seq === 0 || p.seq >= BATCH_ROWS)).toBe(true);
    }
  }, 60_000);

  it('checks every table row once, in any split of the tables, however far apart their rowids lie (the rows counted as they are checked)', () => {
    const dir = tempDir('daicho-vb-');
    copyData(src.dir, dir);
    const db = openRaw(path.join(dir, 'daicho.db'), src.key);
    try {
      for (const far of [null, 4611686018427387904n]) {
        if (far !== null) db.prepare('UPDATE server_room_stays SET rowid = ? WHERE rowid = (SELECT min(rowid) + 7 FROM server_room_stays)').run(far);
        const snap = readSnapshot(db);
        const chain = checkChain(db, snap, 1, snap.head);
        const index = RecordIndex.build([{ entries: chain.entries, entryCount: chain.entryCount, from: 1 }]);
        const total = snap.tables.reduce((n, t) => n + (db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number), 0);
        expect(total).toBeGreaterThan(STAYS);
        // Spans of the real size (20,000 rowids: one here) and small ones, so that rows lie at their ends.
        for (const span of [undefined, 7, 64])
          for (const parts of [1, 2, 3]) {
            const results = Array.from({ length: parts }, (_, part) => checkTables(db, snap, index, { part, parts }, undefined, span));
            expect(results.reduce((n, r) => n + r.rows, 0), `${String(far)} in ${parts}, spans of ${String(span)}`).toBe(total);
            expect(results.flatMap((r) => r.problems), `${String(far)} in ${parts}, spans of ${String(span)}`).toEqual([]);
          }
        // A row changed at a span's end, or at the next span's start (a rowid moved away between them), is found there.
        const lo = db.prepare('SELECT min(rowid) FROM server_room_stays').pluck().get() as number;
        const endOfFirst = db.prepare('SELECT max(rowid) FROM server_room_stays WHERE rowid <= ?').pluck().get(lo + 6) as number;
        const startOfNext = db.prepare('SELECT min(rowid) FROM server_room_stays WHERE rowid > ?').pluck().get(lo + 6) as number;
        for (const rowid of [endOfFirst, startOfNext]) {
          const id = db.prepare('SELECT id FROM server_room_stays WHERE rowid = ?').pluck().get(rowid) as string;
          const was = db.prepare('SELECT purpose FROM server_room_stays WHERE rowid = ?').pluck().get(rowid);
          db.prepare("UPDATE server_room_stays SET purpose = 'other' WHERE rowid = ?").run(rowid);
          const found = [0, 1].map((part) => checkTables(db, snap, index, { part, parts: 2 }, undefined, 7)).flatMap((r) => r.problems);
          expect(found.map((p) => p.problem), `rowid ${rowid}`).toEqual([expect.stringContaining(`server_room_stays row ${id} differs`)]);
          db.prepare('UPDATE server_room_stays SET purpose = ? WHERE rowid = ?').run(was, rowid);
        }
      }
    } finally {
      db.close();
    }
  });

  it('names a kept personal value changed at either end of a batch, or stored as binary JSON of its text', async () => {
    const kept = (db: ReturnType<typeof openRaw>) => db.prepare("SELECT rowid AS r, entity_id AS id FROM personal_values WHERE entity = 'server_room_stays' ORDER BY rowid").all() as { r: number; id: string }[];
    const probe = openRaw(path.join(src.dir, 'daicho.db'), src.key);
    const rows = kept(probe);
    probe.close();
    expect(rows.length).toBeGreaterThan(BATCH_ROWS + 2);
    const first = rows[0].r;
    for (const rowid of [first + BATCH_ROWS - 1, first + BATCH_ROWS, first + BATCH_ROWS + 1]) {
      const id = rows.find((x) => x.r === rowid)!.id;
      for (const change of ["value = replace(value, '来訪', '改竄')", 'value = jsonb(json_quote(value))']) {
        const results = await verifyTampered((db) => db.prepare(`UPDATE personal_values SET ${change} WHERE rowid = ?`).run(rowid));
        for (const r of results) {
          expect(r.ok, `${change} at ${rowid}`).toBe(false);
          expect(r.problemCount, `${change} at ${rowid}`).toBe(1);
          expect(r.problem, `${change} at ${rowid}`).toContain(id);
        }
      }
    }
  });
});
