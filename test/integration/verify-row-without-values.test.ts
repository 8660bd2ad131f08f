import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalAppender } from '../../electron/core/journal/journal';
import { verifyJournal } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import { openRaw } from '../helpers/temp-daicho';
import { october } from './review-fixture';

// SPEC §3, §8: Daicho never deletes a record and never journals a row change without its values. Such a
// row appended to the chain is named by verify (verify-chain.ts), and the record it stood for, missing
// from its table, is named too (checkRecord reads the latest row change with values). Found by an
// insider probe: verify took it as the record's end.

describe('a record deleted behind a chained row change with no `after`', () => {
  it('an offline door refusal deleted this way is named by verify, in one thread and in workers', async () => {
    const f = await october();
    const station = { id: 'lan:0a0b0c0d', siteId: f.hq.id };
    deliverDoorEntry(f.d.store, f.d.settings, station, 'terminal:HQ:lan:0a0b0c0d', parseDoorEntry({ id: 'r-1', kind: 'refused', via: 'card', reason: 'not_authorized', cardNo: 'CARD1003', personId: f.kimura.id, occurredAt: f.c.clock().toISOString() }), f.c.clock());
    expect(f.d.verify()).toMatchObject({ ok: true });
    const file = path.join(f.d.dataDir, 'daicho.db');
    const key = fs.readFileSync(f.d.keyFile, 'utf8').trim();
    f.d.close();
    const db = openRaw(file, key);
    new JournalAppender(db).append({ at: '2026-11-05T01:00:00.000Z', actor: 'terminal', station: 'terminal:HQ:lan:0a0b0c0d', kind: 'row', action: 'terminal.refused_offline', entity: 'door_refusals', entity_id: 'r-1', before: null, after: null, reason: null });
    db.prepare("DELETE FROM door_refusals WHERE id = 'r-1'").run();
    const r = verifyJournal(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const w = await verifyInWorkers({ file, key: Buffer.from(key, 'hex') });
    expect({ oneThread: r.ok, workers: w.ok }).toEqual({ oneThread: false, workers: false });
    expect(r.problems.map((p) => p.problem).join('\n')).toMatch(/r-1/);
  });
});
