import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../electron/core/ledgers/registry';
import { openDatabase } from '../../electron/core/store/database';
import { namesAt } from '../../electron/core/setting-versions';
import { Store } from '../../electron/core/store/store';
import type { JournaledTable } from '../../electron/core/store/migrations';
import { verifyJournal } from '../../electron/core/journal/verify';
import { SETUP, tempDir } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// A record is shown by the names its registers had when it was written (setting-versions.ts
// NAMED_REGISTER). Found by an insider probe: after October was signed, two cabinets' codes and names
// were swapped and a guest card renumbered; October's paper then named the other cabinet and card
// under the same seal, and no review showed it.

describe('a record keeps the names of its registers as they were when it was written', () => {
  it('a signed month’s paper and list are unchanged by a register renamed or swapped later; later records take the new names', async () => {
    const { d, c, clerk, sm, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const c1 = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id });
    const c2 = await clerk.ok('cabinets.add', { code: 'C-02', name: '備品庫', location: '3F', siteId: hq.id, contentClass: 'other', custodianId: sasaki.id });
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const session = await clerk.ok('cabinetLog.add', { cabinetId: c1.id, openedAt: jst('2026-10-20', '08:30'), openedBy: sasaki.id, purpose: '確認', lockedAt: jst('2026-10-20', '08:40'), lockedBy: sasaki.id });
    const visit = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'office', escortId: sasaki.id, arrivedAt: jst('2026-10-20', '08:00'), guestCardId: card.id });
    await clerk.ok('visitors.signOut', { id: visit.id, leftAt: jst('2026-10-20', '08:50'), cardReturned: true });

    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const units = [{ ledger: 'cabinetLog', siteId: hq.id, month: '2026-10' }, { ledger: 'visitors', siteId: hq.id, month: '2026-10' }];
    const papers: unknown[][][] = [];
    for (const unit of units) {
      await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
      papers.push((await sm.ok('print.sheet', { ...unit, format: 'csv' })).rows.map((r) => r.cells));
    }
    expect(papers[0][0]).toContain('人事書類庫');
    expect(papers[1][0]).toContain('G-01');

    // The two cabinets swap codes and names (through a spare code); the card is renumbered.
    await clerk.ok('cabinets.amend', { id: c1.id, changes: { code: 'TMP', name: '入替用の仮名' }, reason: '番号の振り直し' });
    await clerk.ok('cabinets.amend', { id: c2.id, changes: { code: 'C-01', name: '人事書類庫' }, reason: '番号の振り直し' });
    await clerk.ok('cabinets.amend', { id: c1.id, changes: { code: 'C-02', name: '備品庫' }, reason: '番号の振り直し' });
    await clerk.ok('guestCards.amend', { id: card.id, changes: { number: 'G-99' }, reason: '番号の振り直し' });

    // October reads as it was signed: on paper, in its list, in a record's read-back.
    for (const [i, unit] of units.entries()) expect((await sm.ok('print.sheet', { ...unit, format: 'csv' })).rows.map((r) => r.cells)).toEqual(papers[i]);
    expect((await clerk.ok('cabinetLog.list', { month: '2026-10' })).rows.map((r) => r.names.cabinetId)).toEqual(['人事書類庫']);
    expect((await clerk.ok('cabinetLog.get', { id: session.id })).names.cabinetId).toBe('人事書類庫');
    expect((await clerk.ok('visitors.get', { id: visit.id })).names.guestCardId).toBe('G-01');
    // A record written after the change takes the names as they are now.
    const later = await clerk.ok('cabinetLog.add', { cabinetId: c1.id, openedAt: jst('2026-11-05', '10:00'), openedBy: sasaki.id, purpose: '確認', lockedAt: null, lockedBy: null });
    expect(later.names.cabinetId).toBe('備品庫');
    expect((await clerk.ok('cabinetLog.list', { month: '2026-11' })).rows.map((r) => r.names.cabinetId)).toEqual(['備品庫']);
    // The register itself shows its names now.
    expect((await clerk.ok('cabinets.get', { id: c1.id })).name).toBe('備品庫');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});

describe('upgrade to migration 32 (register name versions)', () => {
  it('versions the names renamed before it from the journal, each from when it was written, and verifies', () => {
    const file = path.join(tempDir('daicho-upgrade-v32-'), 'daicho.db');
    const key = randomBytes(32);
    const all = assemble().migrations;
    let now = Date.parse('2026-10-01T00:00:00.000Z');
    const clock = () => new Date(now);
    const before = openDatabase({ file, key, create: true, migrations: all.filter((m) => m.version < 32), clock });
    const store = new Store(before, clock);
    const who = { actor: 'test', station: 'test' };
    const ASSETS = 'assets' as JournaledTable;
    store.write(who, (tx) => tx.insert('sites', { id: 'S1', code: 'HQ', name: '本社', kind: 'head', sort_order: 1, created_at: clock().toISOString() }, { action: 'sites.add' }));
    const asset = (id: string) => ({ id, asset_tag: id, kind: 'laptop', model: 'X1', serial: null, site_id: 'S1', storage_place: '保管庫', encrypted: 1, state: 'in_storage', notes: null, status: 'valid', void_reason: null, recorded_at: clock().toISOString(), recorded_by: 'test', station: 'test', amended_at: null, amend_count: 0 });
    store.write(who, (tx) => tx.insert(ASSETS, asset('NB-1'), { action: 'assets.add' }));
    store.write(who, (tx) => tx.insert(ASSETS, asset('NB-2'), { action: 'assets.add' }));
    now = Date.parse('2026-10-20T00:00:00.000Z');
    store.write(who, (tx) => tx.update(ASSETS, 'NB-1', { asset_tag: 'PC-001', amended_at: clock().toISOString() }, { action: 'assets.amend' }));
    store.write(who, (tx) => tx.update(ASSETS, 'NB-2', { notes: '予備機', amended_at: clock().toISOString() }, { action: 'assets.amend' }));
    before.close();

    now = Date.parse('2026-11-05T00:00:00.000Z');
    const db = openDatabase({ file, key, migrations: all, clock });
    // Only the one renamed has versions; the other's name now is its name then.
    expect(db.prepare("SELECT key, version, effective_from, value FROM setting_versions WHERE key LIKE 'register/assets/asset_tag/%' ORDER BY key, version").all()).toEqual([
      { key: 'register/assets/asset_tag/NB-1', version: 0, effective_from: '', value: '"NB-1"' },
      { key: 'register/assets/asset_tag/NB-1', version: 1, effective_from: '2026-10-20T00:00:00.000Z', value: '"PC-001"' },
    ]);
    const at = namesAt(new Store(db, clock), 'assets', new Map([['NB-1', 'PC-001'], ['NB-2', 'NB-2']]));
    expect([at('NB-1', '2026-10-10T00:00:00Z'), at('NB-1', '2026-10-25T00:00:00Z'), at('NB-2', '2026-10-10T00:00:00Z')]).toEqual(['NB-1', 'PC-001', 'NB-2']);
    expect(verifyJournal(db)).toMatchObject({ ok: true, problemCount: 0 });
    db.close();
  });
});
