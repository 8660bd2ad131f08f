import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { hashJournalRow, type JournalRow } from '../../electron/core/journal/journal';
import { canonicalJson } from '../../electron/core/journal/canonical';
import { pastJournalGuards, SETUP } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { sealedOctober } from './review-fixture';

// Someone holding the database key against the seal's count of a sealed record's changes
// (verify-seals.ts unitChanges, insider probe 12): only changes to the sealed unit count, each against
// the 封印後修正 marks of that unit, and a time is of the unit the app's SQL puts it in.

type Db = Parameters<typeof pastJournalGuards>[0];

/** Append a chained row changing the stay (its last journal form with `change`), and the table with it: no 封印後修正 mark. */
function forge(db: Db, id: string, change: (after: Record<string, unknown>) => Record<string, unknown>, action = 'serverRoom.amend') {
  pastJournalGuards(db, () => {
    const last = db.prepare("SELECT * FROM journal WHERE entity = 'server_room_stays' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(id) as JournalRow;
    const head = db.prepare('SELECT * FROM journal ORDER BY seq DESC LIMIT 1').get() as JournalRow;
    const after = change(JSON.parse(last.after!) as Record<string, unknown>);
    const row = { ...last, seq: head.seq + 1, prev_hash: head.hash, at: new Date('2026-11-06T01:00:00.000Z').toISOString(), action, after: canonicalJson(after), reason: '訂正' };
    db.prepare('INSERT INTO journal (seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash, hash) VALUES (@seq, @at, @actor, @station, @kind, @action, @entity, @entity_id, @before, @after, @reason, @prev_hash, @hash)').run({ ...row, hash: hashJournalRow(row) });
    const cols = Object.keys(after).filter((k) => k !== 'id');
    const tableCols = (db.prepare('PRAGMA table_info(server_room_stays)').all() as { name: string }[]).map((c) => c.name);
    const set = cols.filter((k) => tableCols.includes(k) && (after[k] === null || typeof after[k] !== 'object'));
    db.prepare(`UPDATE server_room_stays SET ${set.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...Object.fromEntries(set.map((k) => [k, after[k] as unknown])), id });
  });
}

const problems = (d: { verify: () => { problems: { problem: string }[] } }) => d.verify().problems.map((p) => p.problem);

describe('verify of a sealed record’s changes after its seal, with the database key', () => {
  it('baseline: a forged unmarked change of a sealed stay still in its month is named', async () => {
    const f = await sealedOctober();
    forge(f.d.store.db as Db, f.a.id, (x) => ({ ...x, person_id: f.kimura.id }));
    expect(problems(f.d)).toContainEqual(expect.stringMatching(/a record it seals .* was changed 1 time\(s\) after it, 0 marked/));
    f.d.close();
  });

  it('a forged row whose after lacks the site and time columns still counts', async () => {
    const f = await sealedOctober();
    forge(f.d.store.db as Db, f.a.id, (x) => {
      const { site_id: _s, entered_at: _e, ...rest } = x;
      return { ...rest, purpose: 'equipment' };
    });
    expect(problems(f.d).join('\n')).toMatch(/a record it seals|changed outside Daicho/);
    f.d.close();
  });

  it('moved out by a marked correction, then brought back into the sealed month with an offset time and another person: verify names it', async () => {
    const f = await sealedOctober();
    const { clerk, sm, a, unit, kimura, d } = f;
    // A marked, visible correction: the stay moved back to September (reason given; not after it was written down, in October).
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { enteredAt: jst('2026-09-30', '08:00'), exitedAt: jst('2026-09-30', '08:30') }, reason: '日付の誤記訂正' });
    expect(problems(d)).toEqual([]);
    // With the key: its time written with an offset — text order (the app's SQL) puts it in October, Date.parse in September.
    forge(d.store.db as Db, a.id, (x) => ({ ...x, person_id: kimura.id, entered_at: '2026-10-01T00:00:00.000+14:00', exited_at: '2026-10-01T00:30:00.000+14:00' }));
    const detail = await sm.ok('review.get', unit);
    const back = detail.records.find((r) => r.id === a.id);
    // The record is back in the sealed October (its person changed), and no longer said to have been moved out.
    expect({ inOctober: !!back, movedOut: detail.movedOut.map((m) => m.recordId) }).toEqual({ inOctober: true, movedOut: [] });
    const p = problems(d);
    expect(p.join('\n')).toMatch(new RegExp(a.id));
    d.close();
  });

  it('moved to another sealed site (two marks for one act) and corrected there twice: two forged unmarked rows (back, another person, other times) are named', async () => {
    const f = await sealedOctober();
    const { clerk, sm, a, unit, kimura, osaka, d, c } = f;
    // Osaka's October is signed too (no record of its own needed).
    const osakaUnit = { ...unit, siteId: osaka.id };
    await sm.ok('review.sign', { ...osakaUnit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', osakaUnit)).shownHead });
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { siteId: osaka.id }, reason: '拠点の選択誤り' });
    c.advance(60_000);
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { purpose: 'equipment' }, reason: '目的の訂正' });
    c.advance(60_000);
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { exitedAt: jst('2026-10-20', '08:40') }, reason: '退室時刻の訂正' });
    expect(problems(d)).toEqual([]);
    // With the key: back into the head office's signed October, another person, no mark.
    // Two rows: before today every change after the seal counted (5 changes, 4 marks: named); now only the 3 in the unit do.
    forge(d.store.db as Db, a.id, (x) => ({ ...x, site_id: f.hq.id, person_id: kimura.id }));
    forge(d.store.db as Db, a.id, (x) => ({ ...x, purpose: 'maintenance', exited_at: jst('2026-10-20', '08:20') }));
    expect((await sm.ok('review.get', unit)).records.map((r) => r.id)).toContain(a.id);
    expect(problems(d).join('\n')).toMatch(new RegExp(a.id));
    d.close();
  });

  it('moved by a marked correction into another sealed unit, then changed there twice unmarked: named, in one thread and in workers (a review of probe 12)', async () => {
    const f = await sealedOctober();
    const { clerk, sm, a, unit, kimura, osaka, d } = f;
    const osakaUnit = { ...unit, siteId: osaka.id };
    await sm.ok('review.sign', { ...osakaUnit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', osakaUnit)).shownHead });
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { siteId: osaka.id }, reason: '拠点の選択誤り' });
    expect(problems(d)).toEqual([]);
    // In Osaka's signed October now, a member of no seal: two changes with the key, no mark.
    forge(d.store.db as Db, a.id, (x) => ({ ...x, person_id: kimura.id }));
    forge(d.store.db as Db, a.id, (x) => ({ ...x, purpose: 'equipment' }));
    expect((await sm.ok('review.get', osakaUnit)).records.map((r) => r.id)).toContain(a.id);
    expect(problems(d).join('\n')).toMatch(new RegExp(`\\(${a.id}\\) was changed 3 time\\(s\\) after it, 1 marked`));
    const file = path.join(d.dataDir, 'daicho.db');
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    d.close();
    const w = await verifyInWorkers({ file, key: Buffer.from(key, 'hex') });
    expect(w.problems.map((p) => p.problem).join('\n')).toMatch(new RegExp(`\\(${a.id}\\) was changed 3 time\\(s\\) after it, 1 marked`));
  });

  it('added late to a sealed month through the app (marked) and then changed unmarked: named', async () => {
    const f = await sealedOctober();
    const { clerk, kimura, yamada, hq, d } = f;
    const late = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-21', '08:00'), exitedAt: jst('2026-10-21', '08:30'), purpose: 'maintenance' });
    expect(problems(d)).toEqual([]);
    forge(d.store.db as Db, late.id, (x) => ({ ...x, person_id: kimura.id }));
    expect(problems(d).join('\n')).toMatch(new RegExp(`\\(${late.id}\\) was changed 2 time\\(s\\) after it, 1 marked`));
    d.close();
  });

  it('a seal’s row or its reopening copied below #1: named there alone, the genuine seal not blamed, the reopened month still checked (a review)', async () => {
    const f = await sealedOctober();
    const { d, sm } = f;
    const seal = d.store.db.prepare("SELECT id FROM seals WHERE month = '2026-10'").get() as { id: string };
    const copyBelow = (action: string) =>
      pastJournalGuards(d.store.db as Db, () => {
        const r = d.store.db.prepare("SELECT * FROM journal WHERE kind = 'row' AND entity = 'seals' AND entity_id = ? AND action = ? ORDER BY seq LIMIT 1").get(seal.id, action) as JournalRow;
        const row = { ...r, seq: 0, prev_hash: '0'.repeat(64) };
        d.store.db.prepare('INSERT INTO journal (seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash, hash) VALUES (@seq, @at, @actor, @station, @kind, @action, @entity, @entity_id, @before, @after, @reason, @prev_hash, @hash)').run({ ...row, hash: hashJournalRow(row) });
      });
    copyBelow('review.sign');
    let v = d.verify();
    expect(v.problems.map((p) => [p.seq, p.problem])).toEqual([[0, expect.stringContaining('1 journal row(s) numbered below 1 (#0)')]]);
    // Nor does the seal's history show it.
    expect(d.store.history('seals', seal.id).map((r) => r.seq).filter((seq) => seq < 1)).toEqual([]);
    pastJournalGuards(d.store.db as Db, () => d.store.db.prepare('DELETE FROM journal WHERE seq = 0').run());
    expect(d.verify()).toMatchObject({ ok: true });

    // Changed unmarked while sealed, then reopened: the change is named, with the reopening's copy below #1 or not.
    forge(d.store.db as Db, f.a.id, (x) => ({ ...x, person_id: f.kimura.id }));
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('review.reopen', { sealId: seal.id, reason: '判定の見直し', password: SETUP.safetyManager.password });
    const named = d.verify().problems.map((p) => p.problem);
    expect(named).toContainEqual(expect.stringMatching(/a record it seals .* was changed 1 time\(s\) after it, 0 marked/));
    copyBelow('review.reopen');
    v = d.verify();
    expect(v.problems.map((p) => p.problem)).toEqual([expect.stringContaining('1 journal row(s) numbered below 1 (#0)'), ...named]);
    d.close();
  });

  it('a forged row with an unparseable time does not crash verify', async () => {
    const f = await sealedOctober();
    forge(f.d.store.db as Db, f.a.id, (x) => ({ ...x, entered_at: '2026-10-20T00:00:00.000Zx', exited_at: '2026-10-20T00:30:00.000Z' }));
    let r: unknown;
    expect(() => (r = f.d.verify())).not.toThrow();
    expect((r as { ok: boolean }).ok).toBe(false);
    f.d.close();
  });
});
