import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { verifyJournal } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { Caller, openRaw, SETUP } from '../helpers/temp-daicho';
import { october } from './review-fixture';
import { jst } from './server-room-fixture';

// SPEC §8: SQLite lets a TEXT PRIMARY KEY of a rowid table be NULL. A row added outside the app with id
// NULL is no record of the journal's: verify names it (verify-parts.ts checkUnseen). Found by an insider
// probe: the tables check matched it to no record, and the exact check looked it up by id = 'null'.

async function tamperedOctober(tamper: (db: ReturnType<typeof openRaw>, f: Awaited<ReturnType<typeof october>>) => void) {
  const f = await october();
  expect(f.d.verify()).toMatchObject({ ok: true });
  const file = path.join(f.d.dataDir, 'daicho.db');
  const key = fs.readFileSync(f.d.keyFile, 'utf8').trim();
  f.d.close();
  const db = openRaw(file, key);
  tamper(db, f);
  const r = verifyJournal(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { f, r, file, key };
}

describe('a row with a NULL id added outside the app', () => {
  it('an authorization with id NULL (someone not authorized made authorized) is named by verify, in one thread and in workers', async () => {
    const { f, r, file, key } = await tamperedOctober((db, fx) => {
      db.prepare(
        "INSERT INTO authorizations (id, person_id, area, valid_from, valid_to, granted_by, granted_at, reason) VALUES (NULL, ?, 'server_room', '2020-01-01T00:00:00.000Z', NULL, 'x', '2020-01-01T00:00:00.000Z', NULL)",
      ).run(fx.kimura.id);
    });
    // The app now takes 木村 as authorized: his October stay lost its anomaly.
    const again = await openDaicho({ dataDir: f.d.dataDir, keyStore: new RawKeyFileStore(f.d.keyFile), clock: () => new Date(jst('2026-11-05', '11:00')) });
    const sm = new Caller(again);
    await sm.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    expect((await sm.ok('serverRoom.get', { id: f.bad.id })).anomalies).toEqual([]);
    again.close();
    const w = await verifyInWorkers({ file, key: Buffer.from(key, 'hex') });
    expect({ oneThread: r.ok, workers: w.ok }).toEqual({ oneThread: false, workers: false });
    expect(r.problems.map((p) => p.problem).join('\n')).toMatch(/authorizations/);
  });

  it('a stay with id NULL added to a month is named by verify', async () => {
    const { r } = await tamperedOctober((db, fx) => {
      const s = db.prepare('SELECT * FROM server_room_stays WHERE id = ?').get(fx.ok.id) as Record<string, unknown>;
      const cols = Object.keys(s);
      db.prepare(`INSERT INTO server_room_stays (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run({ ...s, id: null, person_id: fx.kimura.id, exited_at: s.exited_at });
    });
    expect(r.ok).toBe(false);
  });
});
