import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { verifyJournal } from '../../electron/core/journal/verify';
import { openRaw, openTemp, pastJournalGuards, setUp } from '../helpers/temp-daicho';

async function dataWithPeople() {
  const d = await openTemp();
  const { sm } = await setUp(d);
  const sites = await sm.ok('sites.list', {});
  const a = await sm.ok('people.add', { name: '高橋 一郎', kana: 'タカハシ イチロウ', employeeNo: 'E100', department: '情報システム部', siteId: sites[0].id, cardNo: null, serverRoomAuthorized: true });
  const b = await sm.ok('people.add', { name: '田中 美咲', kana: 'タナカ ミサキ', employeeNo: 'E101', department: '総務部', siteId: sites[1].id, cardNo: 'CARD0101', serverRoomAuthorized: false });
  await sm.ok('people.amend', { id: b.id, changes: { department: '経理部' }, reason: '異動のため' });
  d.close();
  const key = fs.readFileSync(d.keyFile, 'utf8').trim();
  return { d, a, b, raw: () => openRaw(path.join(d.dataDir, 'daicho.db'), key) };
}

function lastSeqFor(db: ReturnType<typeof openRaw>, id: string): number {
  return (db.prepare('SELECT max(seq) AS s FROM journal WHERE entity_id = ? AND kind = ?').get(id, 'row') as { s: number }).s;
}

describe('the journal (SPEC §8)', () => {
  it('verifies an intact chain', async () => {
    const { d } = await dataWithPeople();
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
    const r = again.verify();
    again.close();
    expect(r.ok).toBe(true);
    expect(r.rows).toBeGreaterThan(5);
  });

  it('names the sequence number of a table row changed outside the app', async () => {
    const { a, b, raw } = await dataWithPeople();
    const db = raw();
    const seqB = lastSeqFor(db, b.id);
    expect(seqB).toBeGreaterThan(lastSeqFor(db, a.id));
    db.prepare('UPDATE people SET department = ? WHERE id = ?').run('人事部', b.id);
    const r = verifyJournal(db);
    db.close();
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(seqB);
    expect(r.problem).toContain(b.id);
  });

  it('names the sequence number of a journal row rewritten outside the app', async () => {
    const { a, raw } = await dataWithPeople();
    const db = raw();
    const seqA = lastSeqFor(db, a.id);
    pastJournalGuards(db, () => db.prepare("UPDATE journal SET reason = 'forged' WHERE seq = ?").run(seqA));
    const r = verifyJournal(db);
    db.close();
    expect(r).toMatchObject({ ok: false, firstBadSeq: seqA });
  });

  it('notices rows deleted from the journal or added to a table behind its back', async () => {
    const { raw } = await dataWithPeople();
    const db = raw();
    const head = (db.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;
    pastJournalGuards(db, () => db.prepare('DELETE FROM journal WHERE seq = ?').run(3));
    expect(verifyJournal(db)).toMatchObject({ ok: false, firstBadSeq: 3 });
    db.close();

    const fresh = await dataWithPeople();
    const db2 = fresh.raw();
    const site = db2.prepare('SELECT id FROM sites LIMIT 1').get() as { id: string };
    db2.prepare(
      "INSERT INTO people (id, name, kana, employee_no, department, site_id, created_at, recorded_by, station) VALUES ('x', '幽霊', 'ユウレイ', 'E999', '不明', ?, '2026-01-01', 'x', 'x')",
    ).run(site.id);
    const r = verifyJournal(db2);
    db2.close();
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBeGreaterThan(head - 1);
    expect(r.problem).toContain('not in the journal');
  });

  it('does not stop at the first bad row: names the first, keeps checking, and counts every problem', async () => {
    const { a, b, raw } = await dataWithPeople();
    const db = raw();
    const seqA = lastSeqFor(db, a.id);
    const seqB = lastSeqFor(db, b.id);
    const head = pastJournalGuards(db, () => {
      db.prepare("UPDATE journal SET reason = 'forged' WHERE seq = ?").run(seqA); // an early journal row
      db.prepare('UPDATE people SET department = ? WHERE id = ?').run('人事部', b.id); // a later table row
      const last = (db.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;
      db.prepare("UPDATE journal SET actor = 'someone' WHERE seq = ?").run(last); // the last journal row
      return last;
    });
    const r = verifyJournal(db);
    db.close();
    expect(r).toMatchObject({ ok: false, firstBadSeq: seqA, problemCount: 3 });
    expect(r.problems.map((p) => p.seq)).toEqual([seqA, seqB, head].sort((x, y) => x - y));
    expect(r.rows).toBe(head);
  });

  it('refuses to update or delete journal rows inside the app database', async () => {
    const { raw } = await dataWithPeople();
    const db = raw();
    expect(() => db.prepare("UPDATE journal SET reason = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM journal WHERE seq = 1').run()).toThrow(/append-only/);
    db.close();
  });
});

describe('the clock (SPEC §8)', () => {
  it('journals a clock anomaly when a write is timed more than 5 minutes before the last journal row', async () => {
    let now = Date.parse('2026-11-27T03:00:00Z');
    const d = await openTemp({ clock: () => new Date(now) });
    const { sm } = await setUp(d);
    const anomalies = () => (d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'clock.anomaly'").get() as { n: number }).n;
    now -= 4 * 60_000; // within the slack: a clock adjusted by a few minutes is not an anomaly
    await sm.ok('sites.list', {});
    await sm.ok('auth.lock', {});
    expect(anomalies()).toBe(0);
    now -= 6 * 60_000; // 6 minutes before the last journal row
    await sm.ok('auth.unlock', { password: 'Hoshi-zora-2283' });
    expect(anomalies()).toBe(1);
    expect(d.verify().ok).toBe(true);
    d.close();
  });
});

describe('WAL checkpoints', () => {
  it('are not run inside a save, and run once saves pause', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    expect(d.store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await sm.ok('sites.list', {});
    await sm.ok('auth.lock', {});
    const pending = d.store.db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
    expect(pending[0].log).toBeGreaterThan(pending[0].checkpointed);
    await new Promise((r) => setTimeout(r, 1500));
    const done = d.store.db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
    expect(done[0].checkpointed).toBe(done[0].log);
    d.close();
  });
});
