import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { Caller, snapshot, tempDir } from '../helpers/temp-daicho';

// The journal is a one-way door: data written by the previous version (test/fixtures/v3-data, made
// at commit a7837b2, schema v3) opens, migrates in a journaled step, still verifies, and works.

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v3-data');

describe('upgrading data made by the previous version', () => {
  it('verifies it as it is, without migrating or writing anything', async () => {
    const dir = tempDir('daicho-upgrade-verify-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const before = snapshot(dir);
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')), checkOnly: true });
    expect(d.store.db.pragma('user_version', { simple: true })).toBe(3);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    expect(() => d.store.write({ actor: 'x', station: 'x' }, (tx) => tx.event('x', 'settings', null))).toThrow(/check only/);
    d.close();
    expect(snapshot(dir)).toEqual(before);
  });

  it('migrates v3 → current, journals the migration, keeps every old row verifiable, and everything new works on it', async () => {
    const dir = tempDir('daicho-upgrade-');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const d = await openDaicho({ dataDir: dir, keyStore: new RawKeyFileStore(path.join(dir, 'raw.key')) });
    expect(d.store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const migrations = d.store.db.prepare("SELECT actor, after FROM journal WHERE action = 'schema.migrate' ORDER BY seq").all() as { actor: string; after: string }[];
    expect(migrations.map((m) => JSON.parse(m.after) as { from: number; to: number })).toEqual(
      MIGRATIONS.filter((m) => m.version > 3).map((m) => ({ from: m.version - 1, to: m.version, name: m.name })),
    );
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    expect(fs.existsSync(path.join(dir, 'daicho-data.json'))).toBe(true); // the data mark is added to older data

    // The old accounts sign in; old records read; new features write alongside them.
    const sm = new Caller(d);
    const session = await sm.ok('auth.signIn', { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' });
    expect(session.notices).toEqual([]);
    const people = await sm.ok('people.list', {});
    expect(people.rows.map((p) => p.employeeNo).sort()).toEqual(['E1001', 'E1002']);
    const stays = await sm.ok('serverRoom.list', { month: '2026-10' });
    expect(stays.total).toBe(2);
    expect(stays.rows.every((s) => s.stationName === null && s.station === 'browser:fixture-pc')).toBe(true);
    const admin = new Caller(d);
    await admin.ok('auth.signIn', { loginId: 'sato.admin', password: 'Kumo-no-ue-7491' });
    await admin.ok('auth.elevate', { password: 'Kumo-no-ue-7491' });
    const clerk = (await admin.ok('accounts.list', {})).find((a) => a.loginId === 'tanaka.clerk')!;
    await admin.ok('accounts.resetPassword', { id: clerk.id, temporaryPassword: 'Atarashii-kagi-5521', reason: '忘れたため' });
    // Stations are registered from their first write after the upgrade, and can be named.
    expect(await admin.ok('stations.rename', { id: 'test', name: '試験用端末' })).toMatchObject({ id: 'test', name: '試験用端末' });
    expect((await admin.ok('stations.list', {})).map((s) => s.id)).toEqual(['test']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
