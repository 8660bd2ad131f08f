import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../electron/core/journal/canonical';
import { JournalAppender } from '../../electron/core/journal/journal';
import { verifyJournal } from '../../electron/core/journal/verify';
import type { Db } from '../../electron/core/store/database';
import { openRaw } from '../helpers/temp-daicho';
import { october } from './review-fixture';

// SPEC §8: on data made at the current version (no schema.migrate rows at all), a schema.migrate row
// appended with the key opens no upgrade: a run goes up one version from the one the data was made at
// or last upgraded to (verify-parts.ts upgradeRuns), so the schema rows after it are named, not applied.
// Found by a second probe: any row {to: user_version} opened one. Since migration 39 (a backfill
// only) the made-at version is the schema.made row the data's first rows hold.
function forge(db: Db, table: string, column: string, value: string | null, at: string, actor = 'migration') {
  const version = Number(db.pragma('user_version', { simple: true }));
  const j = new JournalAppender(db);
  j.append({ at, actor, station: actor, kind: 'event', action: 'schema.migrate', entity: 'settings', entity_id: null, before: null, after: canonicalJson({ from: version - 1, to: version, name: 'x' }), reason: null });
  const ev = (change: Record<string, unknown>) =>
    j.append({ at, actor: 'migration', station: 'migration', kind: 'event', action: 'schema.change', entity: table, entity_id: null, before: null, after: canonicalJson({ migration: version, ...change }), reason: null });
  ev({ op: 'rename_column', table, from: column, to: column });
  ev({ op: 'add_column', table, column, definition: 'TEXT', default: value });
}

describe('a forged schema.migrate row on data made at its version opens no upgrade', () => {
  for (const actor of ['migration', 'someone']) {
    it(`account notices marked seen behind a forged schema.migrate {to: user_version} (actor ${actor}) are named by verify`, async () => {
      const { d } = await october();
      expect(d.store.db.prepare("SELECT count(*) FROM journal WHERE action = 'schema.migrate'").pluck().get()).toBe(0);
      // The data says the version it was made at among its first rows (its newest migration, 39, has no schema change to name it).
      expect(d.store.db.prepare("SELECT actor, after FROM journal WHERE action = 'schema.made'").all()).toEqual([
        { actor: 'migration', after: JSON.stringify({ version: d.store.db.pragma('user_version', { simple: true }) }) },
      ]);
      expect(d.verify()).toMatchObject({ ok: true });
      const file = path.join(d.dataDir, 'daicho.db');
      const key = fs.readFileSync(d.keyFile, 'utf8').trim();
      d.close();
      const db = openRaw(file, key);
      const seenAt = '2026-11-05T01:00:00.000Z';
      forge(db, 'account_notices', 'seen_at', seenAt, seenAt, actor);
      db.prepare('UPDATE account_notices SET seen_at = ?').run(seenAt);
      const r = verifyJournal(db);
      db.close();
      expect(r.ok).toBe(false);
    });
  }
});
