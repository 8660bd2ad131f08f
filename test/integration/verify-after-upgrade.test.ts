import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { canonicalJson } from '../../electron/core/journal/canonical';
import { JournalAppender } from '../../electron/core/journal/journal';
import { verifyJournal } from '../../electron/core/journal/verify';
import { openRaw, tempDir } from '../helpers/temp-daicho';
import { jst, manualClock } from './server-room-fixture';

// SPEC §8: an upgrade's run ends at its migration's own last row (schema.migrated, written by migrate
// since migration 38): rows labelled a migration's appended after the last upgrade are named. Found by
// a second probe: the run stayed open to the head, and a sealed stay was rewritten unseen.
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v33-data');

describe('schema rows appended right after an upgrade', () => {
  it('a sealed October stay whose purpose is rewritten behind forged schema rows appended after the upgrade is named by verify', async () => {
    const dir = tempDir('daicho-probe-e-upgrade-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const keyFile = path.join(dir, 'raw.key');
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    const c = manualClock(jst('2026-12-03', '09:00'));
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile), clock: c.clock });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
    const db = openRaw(path.join(dir, 'daicho.db'), key);
    const last = db.prepare('SELECT actor FROM journal ORDER BY seq DESC LIMIT 1').pluck().get();
    expect(last).toBe('migration'); // nothing written since the upgrade
    const j = new JournalAppender(db);
    const ev = (change: Record<string, unknown>) =>
      j.append({ at: '2026-12-04T01:00:00.000Z', actor: 'migration', station: 'migration', kind: 'event', action: 'schema.change', entity: 'server_room_stays', entity_id: null, before: null, after: canonicalJson({ migration: 38, ...change }), reason: null });
    ev({ op: 'rename_column', table: 'server_room_stays', from: 'purpose', to: 'purpose' });
    ev({ op: 'add_column', table: 'server_room_stays', column: 'purpose', definition: 'TEXT', default: 'inspection' });
    expect(db.prepare("SELECT count(*) FROM server_room_stays WHERE purpose <> 'inspection'").pluck().get()).toBeGreaterThan(0);
    db.prepare("UPDATE server_room_stays SET purpose = 'inspection'").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // The app opens it again.
    const again = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(keyFile), clock: c.clock });
    const r = again.verify();
    again.close();
    const raw = openRaw(path.join(dir, 'daicho.db'), key);
    const r2 = verifyJournal(raw);
    raw.close();
    expect({ app: r.ok, raw: r2.ok }).toEqual({ app: false, raw: false });
  });
});
