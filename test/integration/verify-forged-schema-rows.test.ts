import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../electron/core/journal/canonical';
import { JournalAppender } from '../../electron/core/journal/journal';
import { verifyJournal } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import type { Db } from '../../electron/core/store/database';
import { Caller, openRaw, SETUP } from '../helpers/temp-daicho';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { disposeAll, october, shown } from './review-fixture';
import { jst } from './server-room-fixture';

// SPEC §8: schema rows ("schema.change", actor migration) count only when the data was made or inside an
// upgrade (verify-parts.ts readSnapshot); one appended with the key at the end of the chain is named and
// not applied. Found by an insider probe: a rename of a column onto itself and an add_column with any
// constant, appended long after any upgrade, let a column be rewritten outside the app unseen — under a
// seal too (no row change of the record was written).

/** Append forged schema rows (as migrations write them) that make `column` of every older `table` record read `value`. */
function forgeColumnDefault(db: Db, table: string, column: string, value: string | number | null, at: string) {
  const j = new JournalAppender(db);
  const ev = (change: Record<string, unknown>) =>
    j.append({ at, actor: 'migration', station: 'migration', kind: 'event', action: 'schema.change', entity: table, entity_id: null, before: null, after: canonicalJson({ migration: 38, ...change }), reason: null });
  ev({ op: 'rename_column', table, from: column, to: column });
  ev({ op: 'add_column', table, column, definition: 'TEXT', default: value });
}

describe('forged schema rows (SPEC §8: schema migrations are journaled, so verify stays true)', () => {
  it('an account notice marked seen outside the app, covered by forged schema rows, is named by verify', async () => {
    const { d } = await october();
    const unseen = d.store.db.prepare('SELECT id FROM account_notices WHERE seen_at IS NULL').all() as { id: string }[];
    expect(unseen.length).toBeGreaterThan(0);
    expect(d.verify()).toMatchObject({ ok: true });
    const file = path.join(d.dataDir, 'daicho.db');
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    d.close();
    const db = openRaw(file, key);
    const seenAt = '2026-11-05T01:00:00.000Z';
    forgeColumnDefault(db, 'account_notices', 'seen_at', seenAt, '2026-11-05T01:00:00.000Z');
    db.prepare('UPDATE account_notices SET seen_at = ?').run(seenAt);
    const r = verifyJournal(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // The safety manager will never see the notices; verify must name the change.
    const w = await verifyInWorkers({ file, key: Buffer.from(key, 'hex') });
    expect({ oneThread: r.ok, workers: w.ok }).toEqual({ oneThread: false, workers: false });
    expect(r.problems.map((p) => p.problem).join('\n')).toMatch(/account_notices|schema/);
  });

  it('what a sealed stay carried out of the server room, erased by forged schema rows, is named by verify and the seal', async () => {
    const f = await october();
    const { d, sm, clerk, hq, sasaki, unit } = f;
    // A stay of October in which a disk was carried out.
    const out = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-21', '10:00'), exitedAt: jst('2026-10-21', '10:30'), purpose: 'maintenance', itemsOut: 'HDD 1台（顧客データ）',
    });
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    expect(d.verify()).toMatchObject({ ok: true });
    const file = path.join(d.dataDir, 'daicho.db');
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    d.close();
    const db = openRaw(file, key);
    forgeColumnDefault(db, 'server_room_stays', 'items_out', null, '2026-11-05T02:00:00.000Z');
    db.prepare('UPDATE server_room_stays SET items_out = NULL WHERE id = ?').run(out.id);
    const r = verifyJournal(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // The app opens it as before: the sealed stay now shows nothing carried out, the month still signed.
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile), clock: () => new Date(jst('2026-11-05', '11:00')) });
    const caller = new Caller(again);
    await caller.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    expect((await caller.ok('serverRoom.get', { id: out.id })).itemsOut).toBeNull();
    expect(again.verify().ok).toBe(r.ok);
    again.close();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem).join('\n')).toMatch(new RegExp(`${out.id}|schema`));
  });
});
