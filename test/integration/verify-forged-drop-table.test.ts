import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../electron/core/journal/canonical';
import { JournalAppender } from '../../electron/core/journal/journal';
import { verifyJournal } from '../../electron/core/journal/verify';
import { deliverDoorEntry, parseDoorEntry } from '../../electron/core/ledgers/server-room/offline';
import type { Db } from '../../electron/core/store/database';
import { openRaw, SETUP } from '../helpers/temp-daicho';
import { disposeAll, october, shown } from './review-fixture';

// SPEC §8: a journaled table dropped outside the app is named, also behind a schema row {op: 'drop_table'}
// appended with the key at the end of the chain: schema rows count only when the data was made or inside
// an upgrade (verify-parts.ts readSnapshot). Found by an insider probe: any such row passed as the
// migration's declared drop, and dropping seals switched every seal check off.

function forgeDrop(db: Db, table: string) {
  new JournalAppender(db).append({
    at: '2026-11-05T03:00:00.000Z', actor: 'migration', station: 'migration', kind: 'event', action: 'schema.change', entity: table, entity_id: null, before: null,
    after: canonicalJson({ migration: 38, op: 'drop_table', table }), reason: null,
  });
  db.exec(`DROP TABLE ${table}`);
}

describe('a journaled table dropped outside the app behind a forged drop_table row', () => {
  it('the door terminal’s offline refusals (door_refusals), dropped with a forged schema row, are named by verify', async () => {
    const f = await october();
    const station = { id: 'lan:0a0b0c0d', siteId: f.hq.id };
    deliverDoorEntry(f.d.store, f.d.settings, station, 'terminal:HQ:lan:0a0b0c0d', parseDoorEntry({ id: 'r-1', kind: 'refused', via: 'card', reason: 'not_authorized', cardNo: 'CARD1003', personId: f.kimura.id, occurredAt: f.c.clock().toISOString() }), f.c.clock());
    expect(f.d.store.db.prepare('SELECT count(*) FROM door_refusals').pluck().get()).toBe(1);
    expect(f.d.verify()).toMatchObject({ ok: true });
    const file = path.join(f.d.dataDir, 'daicho.db');
    const key = fs.readFileSync(f.d.keyFile, 'utf8').trim();
    f.d.close();
    const db = openRaw(file, key);
    forgeDrop(db, 'door_refusals');
    const r = verifyJournal(db);
    db.close();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem).join('\n')).toMatch(/door_refusals/);
  });

  it('the seals table, dropped with a forged schema row, is named by verify (a signed month is no longer signed)', async () => {
    const { d, sm, unit } = await october();
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    expect(d.verify()).toMatchObject({ ok: true, seals: 1 });
    const file = path.join(d.dataDir, 'daicho.db');
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    d.close();
    const db = openRaw(file, key);
    forgeDrop(db, 'seals');
    const r = verifyJournal(db);
    db.close();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem).join('\n')).toMatch(/seals/);
  });
});
