import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../electron/core/ledgers/registry';
import { openDatabase } from '../../electron/core/store/database';
import { registerValueAt } from '../../electron/core/setting-versions';
import { Store } from '../../electron/core/store/store';
import type { JournaledTable } from '../../electron/core/store/migrations';
import { verifyJournal } from '../../electron/core/journal/verify';
import { SETUP, tempDir } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Found by an insider probe: the register values that rules read were read as they are now, so a
// correction in November changed October's anomalies — an asset's kind (does its checkout need
// approval), a system's site (whose access-log check is due) and whether a borrower was active (a
// reactivation took 'borrower suspended' away: assets.test.ts). Each is now read as it stood at the
// record's time, as the key custodian and the rule settings are (setting-versions.ts).

const ASSETS = 'assets' as JournaledTable;
const PEOPLE = 'people' as JournaledTable;
const LAPTOP = { model: 'ThinkPad X1', serial: null, storagePlace: '総務部 保管庫', encrypted: true, notes: null };

describe('register values are read as they stood at the record’s time (SPEC §4.3, §4.6)', () => {
  it('a checkout is judged by its asset’s kind when it went out, whichever way the kind is corrected later', async () => {
    const { d, c, clerk, sm, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-10-01', '09:00'));
    const laptop = await clerk.ok('assets.add', { assetTag: 'NB-001', kind: 'laptop', siteId: hq.id, ...LAPTOP });
    const spare = await clerk.ok('assets.add', { assetTag: 'NB-002', kind: 'other', siteId: hq.id, ...LAPTOP });
    // October: the one registered as その他 goes out without approval, as its kind then allowed.
    c.set(jst('2026-10-15', '18:00'));
    for (const [who, password] of [[clerk, PASSWORDS.clerk], [sm, SETUP.safetyManager.password]] as const) await who.ok('auth.unlock', { password });
    const spareOut = await clerk.ok('checkouts.add', { assetId: spare.id, borrowerId: yamada.id, purpose: '打合せ', destination: '客先', checkedOutAt: jst('2026-10-15', '09:00'), dueAt: jst('2026-10-15', '18:00') });
    await clerk.ok('checkouts.return', { id: spareOut.id, returnedAt: jst('2026-10-15', '17:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });

    // November: both kinds are corrected; then October's paper slip for the laptop is typed in.
    c.set(jst('2026-11-02', '09:00'));
    for (const [who, password] of [[clerk, PASSWORDS.clerk], [sm, SETUP.safetyManager.password]] as const) await who.ok('auth.unlock', { password });
    await clerk.ok('assets.amend', { id: laptop.id, changes: { kind: 'other' }, reason: '分類の見直し' });
    await clerk.ok('assets.amend', { id: spare.id, changes: { kind: 'laptop' }, reason: '分類の誤り' });
    // A laptop then: it needed a second person's approval then, and is asked for it now (the form is told so).
    const slip = { assetId: laptop.id, borrowerId: yamada.id, purpose: '出張', destination: '大阪', checkedOutAt: jst('2026-10-20', '09:00'), dueAt: jst('2026-10-20', '18:00') };
    expect(await clerk.call('checkouts.add', slip)).toMatchObject({ ok: false, error: { field: 'approval.approverLoginId', messageKey: 'assets.errors.approval_required' } });
    expect(await clerk.ok('checkouts.policy', { assetId: laptop.id, at: slip.checkedOutAt })).toEqual({ approvalRequired: true });
    expect(await clerk.ok('checkouts.policy', { assetId: laptop.id })).toEqual({ approvalRequired: false });
    // The spare, その他 in October and a laptop now: a slip of October typed in now is asked for today's approval too (as the add asks).
    expect(await clerk.ok('checkouts.policy', { assetId: spare.id, at: jst('2026-10-15', '09:00') })).toEqual({ approvalRequired: true });
    // The former その他 went out in October without approval, as its kind then allowed: October stays clean.
    const october = (await sm.ok('review.get', { ledger: 'checkouts', siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'record');
    expect(october).toEqual([]);
    // The laptop out now, as その他, needs none; the former その他, now a laptop, does.
    const now = await clerk.ok('checkouts.add', { assetId: laptop.id, borrowerId: yamada.id, purpose: '出張', destination: '大阪', checkedOutAt: jst('2026-11-02', '09:00'), dueAt: jst('2026-11-02', '18:00') });
    expect(now.anomalies).toEqual([]);
    expect(await clerk.ok('checkouts.policy', { assetId: spare.id })).toEqual({ approvalRequired: true });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a system moved to another site stays due at the site it was at when each month began', async () => {
    const { d, c, admin, sm, hq, osaka } = await serverRoomFixture(jst('2026-09-10', '10:00'));
    const sys = await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'x', retentionMonths: 12, notes: null });
    c.set(jst('2026-11-15', '10:00'));
    for (const [who, password] of [[admin, SETUP.sysadmin.password], [sm, SETUP.safetyManager.password]] as const) await who.ok('auth.unlock', { password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('systems.amend', { id: sys.id, changes: { siteId: osaka.id }, reason: '移設' });
    const unchecked = async (siteId: string, month: string) => (await admin.ok('accessLog.unchecked', { siteId, month })).systems.map((s) => `${s.code} ${s.siteName}`);
    // October (and November, begun at the head office) are still the head office's to check; not Osaka's.
    expect([await unchecked(hq.id, '2026-10'), await unchecked(osaka.id, '2026-10')]).toEqual([['SV-01 本社'], []]);
    const items = async (siteId: string, month: string) => (await sm.ok('review.get', { ledger: 'accessLog', siteId, month })).items.filter((i) => i.code === 'unchecked_system').length;
    expect([await items(hq.id, '2026-10'), await items(osaka.id, '2026-10')]).toEqual([1, 0]);
    // Its October check, typed in now, is the head office's.
    const check = await admin.ok('accessLog.add', { systemId: sys.id, month: '2026-10', checkedAt: jst('2026-11-15', '10:00'), logsComplete: true, storedSafely: true, anomalyFound: null, actionTaken: null });
    expect(check.siteId).toBe(hq.id);
    expect(await unchecked(hq.id, '2026-10')).toEqual([]);
    // December begins with it in Osaka.
    c.set(jst('2027-01-05', '10:00'));
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    expect([await unchecked(hq.id, '2026-12'), await unchecked(osaka.id, '2026-12')]).toEqual([[], ['SV-01 大阪拠点']]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});

describe('a record typed in after its cabinet or asset moved belongs to the site it was at then (insider probe)', () => {
  it('a cabinet session goes to the site the cabinet was at when it was opened, judged by that site’s hours; the move is an item of the site it left', async () => {
    const { d, c, clerk, sm, hq, osaka, yamada, sasaki } = await serverRoomFixture(jst('2026-09-01', '10:00'));
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('cabinetLog.updateSettings', { siteId: osaka.id, changes: { businessEnd: '23:00' }, reason: '大阪の夜間作業' });
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const laptop = await clerk.ok('assets.add', { assetTag: 'NB-009', kind: 'other', siteId: hq.id, ...LAPTOP });
    c.set(jst('2026-11-02', '10:00'));
    for (const [who, password] of [[clerk, PASSWORDS.clerk], [sm, SETUP.safetyManager.password]] as const) await who.ok('auth.unlock', { password });
    await clerk.ok('cabinets.amend', { id: cab.id, changes: { siteId: osaka.id }, reason: '移設' });
    await clerk.ok('assets.amend', { id: laptop.id, changes: { siteId: osaka.id }, reason: '移管' });
    // October's paper log, typed in now: an opening at 21:00, after the head office's hours.
    const s = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-10-15', '21:00'), openedBy: sasaki.id, purpose: '書類の確認', lockedAt: jst('2026-10-15', '21:10'), lockedBy: sasaki.id });
    expect(s.siteId).toBe(hq.id);
    expect(s.anomalies.map((a) => a.code)).toContain('outside_business_hours');
    const out = await clerk.ok('checkouts.add', { assetId: laptop.id, borrowerId: yamada.id, purpose: '出張', destination: '大阪', checkedOutAt: jst('2026-10-20', '09:00'), dueAt: jst('2026-10-20', '18:00') });
    expect(out.siteId).toBe(hq.id);
    // From the move on (10:00), its sessions are Osaka's.
    c.set(jst('2026-11-02', '10:20'));
    for (const [who, password] of [[clerk, PASSWORDS.clerk], [sm, SETUP.safetyManager.password]] as const) await who.ok('auth.unlock', { password });
    const later = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-02', '10:10'), openedBy: sasaki.id, purpose: '書類の確認', lockedAt: jst('2026-11-02', '10:15'), lockedBy: sasaki.id });
    expect(later.siteId).toBe(osaka.id);
    const moved = (await sm.ok('review.get', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-11' })).items.filter((i) => i.kind === 'register_change').map((i) => [i.params?.change, i.label, i.params?.reason]);
    expect(moved).toEqual([['cabinets.log.registerChanges.cabinet_moved', 'C-01', '移設']]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});

describe('upgrade to migration 25 (register versions)', () => {
  it('versions the register values corrected before it from the journal, each from when it was written', () => {
    const file = path.join(tempDir('daicho-upgrade-v25-'), 'daicho.db');
    const key = randomBytes(32);
    const all = assemble().migrations;
    let now = Date.parse('2026-10-01T00:00:00.000Z');
    const clock = () => new Date(now);
    const before = openDatabase({ file, key, create: true, migrations: all.filter((m) => m.version < 25), clock });
    const store = new Store(before, clock);
    const who = { actor: 'test', station: 'test' };
    store.write(who, (tx) => tx.insert('sites', { id: 'S1', code: 'HQ', name: '本社', kind: 'head', sort_order: 1, created_at: clock().toISOString() }, { action: 'sites.add' }));
    const asset = (id: string, kind: string) => ({ id, asset_tag: id, kind, model: 'X1', serial: null, site_id: 'S1', storage_place: '保管庫', encrypted: 1, state: 'in_storage', notes: null, status: 'valid', void_reason: null, recorded_at: clock().toISOString(), recorded_by: 'test', station: 'test', amended_at: null, amend_count: 0 });
    store.write(who, (tx) => tx.insert(ASSETS, asset('NB-1', 'laptop'), { action: 'assets.add' }));
    store.write(who, (tx) => tx.insert(ASSETS, asset('NB-2', 'laptop'), { action: 'assets.add' }));
    now = Date.parse('2026-10-20T00:00:00.000Z');
    store.write(who, (tx) => tx.update(ASSETS, 'NB-1', { kind: 'other', amended_at: clock().toISOString() }, { action: 'assets.amend' }));
    store.write(who, (tx) => tx.update(ASSETS, 'NB-2', { notes: '予備機', amended_at: clock().toISOString() }, { action: 'assets.amend' }));
    // A second site, and NB-2 moved to it.
    store.write(who, (tx) => tx.insert('sites', { id: 'S2', code: 'OSK', name: '大阪', kind: 'branch', sort_order: 2, created_at: clock().toISOString() }, { action: 'sites.add' }));
    store.write(who, (tx) => tx.update(ASSETS, 'NB-2', { site_id: 'S2', amended_at: clock().toISOString() }, { action: 'assets.amend' }));
    store.write(who, (tx) => tx.insert(PEOPLE, { id: 'P1', name: '木村 三郎', kana: 'キムラ サブロウ', employee_no: 'E1', department: '総務部', site_id: 'S1', active: 1, created_at: clock().toISOString(), recorded_by: 'test', station: 'test' }, { action: 'people.add' }));
    store.write(who, (tx) => tx.update(PEOPLE, 'P1', { active: 0 }, { action: 'people.deactivate' }));
    now = Date.parse('2026-10-25T00:00:00.000Z');
    store.write(who, (tx) => tx.update(PEOPLE, 'P1', { active: 1 }, { action: 'people.reactivate' }));
    before.close();

    now = Date.parse('2026-11-05T00:00:00.000Z');
    const db = openDatabase({ file, key, migrations: all, clock });
    expect(db.prepare("SELECT key, version, effective_from, value FROM setting_versions WHERE key LIKE 'register/%' ORDER BY key, version").all()).toEqual([
      { key: 'register/assets/kind/NB-1', version: 0, effective_from: '', value: '"laptop"' },
      { key: 'register/assets/kind/NB-1', version: 1, effective_from: '2026-10-20T00:00:00.000Z', value: '"other"' },
      { key: 'register/assets/site_id/NB-2', version: 0, effective_from: '', value: '"S1"' },
      { key: 'register/assets/site_id/NB-2', version: 1, effective_from: '2026-10-20T00:00:00.000Z', value: '"S2"' },
      { key: 'register/people/active/P1', version: 0, effective_from: '', value: '1' },
      { key: 'register/people/active/P1', version: 1, effective_from: '2026-10-20T00:00:00.000Z', value: '0' },
      { key: 'register/people/active/P1', version: 2, effective_from: '2026-10-25T00:00:00.000Z', value: '1' },
    ]);
    const s = new Store(db, clock);
    expect([registerValueAt(s, 'assets', 'kind', 'NB-1', 'other', '2026-10-10T00:00:00Z'), registerValueAt(s, 'assets', 'kind', 'NB-1', 'other', '2026-10-25T00:00:00Z')]).toEqual(['laptop', 'other']);
    expect(verifyJournal(db)).toMatchObject({ ok: true, problemCount: 0 });
    db.close();
  });
});
