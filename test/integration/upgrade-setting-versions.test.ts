import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../electron/core/ledgers/registry';
import { openDatabase } from '../../electron/core/store/database';
import { Store } from '../../electron/core/store/store';
import { verifyJournal } from '../../electron/core/journal/verify';
import { Settings } from '../../electron/core/settings';
import { tempDir } from '../helpers/temp-daicho';

// Migration 24 on data written before it: the per-site settings changed then get their versions from
// the journal (when each value was written), so a change made before the upgrade does not reach back
// to the records before it either; the data verifies.

describe('upgrade to migration 24 (setting versions)', () => {
  it('backfills the versions of settings changed before it, each in force from when it was written', () => {
    const file = path.join(tempDir('daicho-upgrade-v24-'), 'daicho.db');
    const key = randomBytes(32);
    const all = assemble().migrations;
    let now = Date.parse('2026-10-01T00:00:00.000Z');
    const clock = () => new Date(now);
    const before = openDatabase({ file, key, create: true, migrations: all.filter((m) => m.version < 24), clock });
    const store = new Store(before, clock);
    const who = { actor: 'test', station: 'test' };
    const key1 = 'serverRoom.site.S1';
    store.write(who, (tx) => tx.insert('settings', { id: key1, value: JSON.stringify({ maxStayMinutes: 300 }) }, { action: 'settings.set' }));
    now = Date.parse('2026-10-20T00:00:00.000Z');
    store.write(who, (tx) => tx.update('settings', key1, { value: JSON.stringify({ maxStayMinutes: 600 }) }, { action: 'settings.set' }));
    store.write(who, (tx) => tx.insert('settings', { id: 'company.name', value: JSON.stringify('株式会社テスト') }, { action: 'settings.set' }));
    before.close();

    now = Date.parse('2026-11-05T00:00:00.000Z');
    const db = openDatabase({ file, key, migrations: all, clock });
    expect(db.prepare('SELECT key, version, effective_from, value FROM setting_versions WHERE key = ? ORDER BY version').all(key1)).toEqual([
      { key: key1, version: 0, effective_from: '', value: null },
      { key: key1, version: 1, effective_from: '2026-10-01T00:00:00.000Z', value: '{"maxStayMinutes":300}' },
      { key: key1, version: 2, effective_from: '2026-10-20T00:00:00.000Z', value: '{"maxStayMinutes":600}' },
    ]);
    const at = new Settings(new Store(db, clock)).timeline(key1, (s) => (s as { maxStayMinutes?: number } | undefined)?.maxStayMinutes ?? 240);
    expect([at('2026-09-15T00:00:00Z'), at('2026-10-10T00:00:00Z'), at('2026-10-25T00:00:00Z'), at()]).toEqual([240, 300, 600, 600]);
    expect(verifyJournal(db)).toMatchObject({ ok: true, problemCount: 0 });
    db.close();
  });

  it('migration 34: the company name’s versions from the journal, also where a change since it was versioned kept a version 0 that reached back', () => {
    const file = path.join(tempDir('daicho-upgrade-v34-'), 'daicho.db');
    const key = randomBytes(32);
    const all = assemble().migrations;
    let now = Date.parse('2026-10-01T00:00:00.000Z');
    const clock = () => new Date(now);
    const before = openDatabase({ file, key, create: true, migrations: all.filter((m) => m.version < 34), clock });
    const store = new Store(before, clock);
    const who = { actor: 'test', station: 'test' };
    // Written as a version that did not keep versions of it would: the setting alone.
    store.write(who, (tx) => tx.insert('settings', { id: 'company.name', value: JSON.stringify('初代株式会社') }, { action: 'settings.set' }));
    now = Date.parse('2026-10-20T00:00:00.000Z');
    store.write(who, (tx) => tx.update('settings', 'company.name', { value: JSON.stringify('二代目株式会社') }, { action: 'settings.set' }));
    // Then as one that keeps them: version 0 is the value just before, in force from the beginning.
    now = Date.parse('2026-11-10T00:00:00.000Z');
    store.write(who, (tx) => new Settings(store).set(tx, 'company.name', '三代目株式会社'));
    expect(before.prepare("SELECT version, effective_from, value FROM setting_versions WHERE key = 'company.name' ORDER BY version").all()).toEqual([
      { version: 0, effective_from: '', value: '"二代目株式会社"' },
      { version: 1, effective_from: '2026-11-10T00:00:00.000Z', value: '"三代目株式会社"' },
    ]);
    before.close();

    now = Date.parse('2026-12-01T00:00:00.000Z');
    const db = openDatabase({ file, key, migrations: all, clock });
    const settings = new Settings(new Store(db, clock));
    expect(['2026-09-30T00:00:00Z', '2026-10-10T00:00:00Z', '2026-11-01T00:00:00Z', '2026-11-20T00:00:00Z'].map((at) => settings.getAt('company.name', at))).toEqual(['', '初代株式会社', '二代目株式会社', '三代目株式会社']);
    expect(verifyJournal(db)).toMatchObject({ ok: true, problemCount: 0 });
    db.close();
  });
});
