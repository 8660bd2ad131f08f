import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { openRaw, pastJournalGuards } from '../helpers/temp-daicho';
import { october } from './review-fixture';

// Changes an insider probe made with the key that verify already named: kept as regression checks.

async function withRefusal() {
  const f = await october();
  const station = { id: 'lan:0a0b0c0d', siteId: f.hq.id };
  for (const id of ['r-1', 'r-2'])
    deliverDoorEntry(f.d.store, f.d.settings, station, 'terminal:HQ:lan:0a0b0c0d', parseDoorEntry({ id, kind: 'refused', via: 'card', reason: 'not_authorized', cardNo: 'CARD1003', personId: f.kimura.id, occurredAt: f.c.clock().toISOString() }), f.c.clock());
  expect(f.d.verify()).toMatchObject({ ok: true });
  const file = path.join(f.d.dataDir, 'daicho.db');
  const key = fs.readFileSync(f.d.keyFile, 'utf8').trim();
  f.d.close();
  return { f, db: openRaw(file, key) };
}

describe('changes made with the key that verify names', () => {
  it('a refusal row deleted, edited, or its journal row deleted: named', async () => {
    const { db } = await withRefusal();
    const seq = db.prepare("SELECT seq FROM journal WHERE entity = 'door_refusals' AND entity_id = 'r-1'").pluck().get() as number;
    db.prepare("DELETE FROM door_refusals WHERE id = 'r-1'").run();
    expect(verifyJournal(db)).toMatchObject({ ok: false, firstBadSeq: seq });
    db.prepare("UPDATE door_refusals SET person_id = NULL WHERE id = 'r-2'").run();
    expect(verifyJournal(db).problems.map((p) => p.problem).join('\n')).toMatch(/r-2/);
    db.close();
  });

  it('two records’ ids swapped, two journal rows swapped, a value stored as REAL/TEXT of the same JSON: named', async () => {
    const { db } = await withRefusal();
    db.exec("UPDATE door_refusals SET id = 'tmp' WHERE id = 'r-1'; UPDATE door_refusals SET id = 'r-1' WHERE id = 'r-2'; UPDATE door_refusals SET id = 'r-2' WHERE id = 'tmp';");
    db.prepare("UPDATE door_refusals SET occurred_at = '2026-10-01T00:00:00.000Z' WHERE id = 'r-1'").run();
    expect(verifyJournal(db).ok).toBe(false);
    db.close();
    const again = await withRefusal();
    const head = again.db.prepare('SELECT max(seq) FROM journal').pluck().get() as number;
    pastJournalGuards(again.db, () => {
      again.db.exec(`UPDATE journal SET seq = -1 WHERE seq = ${head}; UPDATE journal SET seq = ${head} WHERE seq = ${head - 1}; UPDATE journal SET seq = ${head - 1} WHERE seq = -1;`);
    });
    expect(verifyJournal(again.db)).toMatchObject({ ok: false, firstBadSeq: head - 1 });
    again.db.close();
    const third = await withRefusal();
    expect(third.db.prepare('UPDATE door_credentials SET pin_failed_count = 0.5 WHERE person_id = ?').run(third.f.yamada.id).changes).toBe(1);
    expect(verifyJournal(third.db).ok).toBe(false);
    third.db.close();
  });
});
