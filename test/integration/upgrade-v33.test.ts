import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyJournal } from '../../electron/core/journal/verify';
import { Caller, openRaw } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { openFixture } from '../helpers/upgrade-fixture';

// Migration 34 on data written by schema v33 (test/fixtures/v33-data, commit a5ddf04, made by
// make-v33-data.ts.txt), before the company name and the stamp-box labels were versioned: October's
// server-room book was signed on 5 November, the company renamed twice (1 and 2 December) and the
// stamp boxes cut to two. That version headed October's signed paper with the newest name and two
// boxes (its 承認 seal under 「承認」, not 「責任者」). The migration takes their versions from the
// journal, so the paper is headed as it was signed; everything verifies; a change outside the app is named.

const SM = { loginId: 'suzuki.sm', password: 'Hoshi-zora-2283' };
const ADMIN = { loginId: 'sato.admin', password: 'Kumo-no-ue-7491' };

describe('upgrade from schema v33 (migrations 34–38)', () => {
  it('heads a month signed before a rename as it was signed: the paper settings’ versions come from the journal, verify passes, a change outside the app is named', async () => {
    const { dir, key, c, d } = await openFixture('v33-data', jst('2026-12-03', '09:00'));
    expect(d.store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(34);
    const versions = () => d.store.db.prepare("SELECT key, version, effective_from AS 'from', value FROM setting_versions WHERE key IN ('company.name', 'print.stampLabels') ORDER BY key, version").all();
    expect(versions()).toEqual([
      { key: 'company.name', version: 0, from: '', value: null },
      { key: 'company.name', version: 1, from: '2026-10-17T03:00:00.000Z', value: '"株式会社テスト商事"' },
      { key: 'company.name', version: 2, from: '2026-12-01T01:00:00.000Z', value: '"株式会社新社名"' },
      { key: 'company.name', version: 3, from: '2026-12-02T01:00:00.000Z', value: '"株式会社三代目"' },
      { key: 'print.stampLabels', version: 0, from: '', value: null },
      { key: 'print.stampLabels', version: 1, from: '2026-12-01T01:00:00.000Z', value: '"担当、承認"' },
    ]);
    // Migration 36's column and 38's table (and 47's, of the assets, 49's and 50's, of passwords and erasures), declared and journaled; the stays written before 36 have none.
    const added = (d.store.db.prepare("SELECT after FROM journal WHERE action = 'schema.change' AND actor = 'migration'").all() as { after: string }[]).map((r) => JSON.parse(r.after) as { op: string; table?: string; column?: string; migration: number });
    expect(added.filter((ch) => ch.migration >= 34).map((ch) => `${ch.migration} ${ch.op} ${[ch.table, ch.column].filter(Boolean).join('.')}`)).toEqual(['36 add_column server_room_stays.companion_facts', '38 create_table door_refusals', '47 add_column assets.state_since', '49 create_table password_history', '50 create_table retention_kept_outside']);
    // October's stay with a vendor (signed): its kept facts backfilled by the upgrade, under the seal, which still holds.
    const yamadaId = (d.store.db.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").get() as { id: string }).id;
    expect(d.store.db.prepare('SELECT entered_at, companion_facts FROM server_room_stays WHERE companion_facts IS NOT NULL').all()).toEqual([
      { entered_at: '2026-10-19T23:30:00.000Z', companion_facts: JSON.stringify({ employees: [], visitors: [{ company: '', escortPersonId: yamadaId, name: '' }] }) },
    ]);
    expect(d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'migration.companion_facts' AND actor = 'migration'").get()).toEqual({ n: 1 });
    // Written through the one write path: journaled, and verified.
    expect((d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE entity = 'setting_versions' AND action = 'settings.versions.backfill' AND actor = 'migration'").get() as { n: number }).n).toBe(6);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, seals: 2 });

    const sm = new Caller(d);
    await sm.ok('auth.signIn', SM);
    const hq = (await sm.ok('sites.list', {}))[0];
    const october = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    const signed = await sm.ok('print.sheet', { ...october, format: 'print' });
    expect(signed.company).toBe('株式会社テスト商事');
    expect(signed.stamps.map((s) => [s.label, s.seal?.meaning ?? null])).toEqual([['担当', null], ['確認', null], ['責任者', '承認']]);
    // November is not signed: headed as the settings are now.
    const november = await sm.ok('print.sheet', { ...october, month: '2026-11', format: 'print' });
    expect([november.company, november.stamps.map((s) => s.label)]).toEqual(['株式会社三代目', ['担当', '承認']]);

    // Migration 37: October's Saturday visit, signed without an anomaly by that version, stays so on review and paper;
    // one on a Saturday after the upgrade is outside business hours.
    const visits = { ...october, ledger: 'visitors' };
    expect(await sm.ok('review.get', visits)).toMatchObject({ unit: { state: 'sealed', undisposed: 0 }, items: [] });
    expect((await sm.ok('print.sheet', { ...visits, format: 'print' })).rows.map((r) => r.anomalies ?? [])).toEqual([[]]);
    expect(d.settings.get('visitors.hoursRuleFrom')).toBe(c.clock().toISOString());
    c.set(jst('2026-12-05', '12:00'));
    await sm.ok('auth.unlock', { password: SM.password });
    const yamada = (d.store.db.prepare("SELECT id FROM people WHERE employee_no = 'E1001'").get() as { id: string }).id;
    const saturday = await sm.ok('visitors.add', { siteId: hq.id, name: '土曜 来客', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada, area: 'reception', arrivedAt: jst('2026-12-05', '10:00') });
    expect((await sm.ok('visitors.signOut', { id: saturday.id, leftAt: jst('2026-12-05', '11:00'), cardReturned: false })).anomalies.map((a) => a.code)).toEqual(['inside_after_hours']);

    // A rename after the upgrade is the next version, and October stays as signed.
    const admin = new Caller(d);
    await admin.ok('auth.signIn', ADMIN);
    await admin.ok('auth.elevate', { password: ADMIN.password });
    await admin.ok('settings.update', { companyName: '株式会社四代目' });
    expect(versions()).toContainEqual({ key: 'company.name', version: 4, from: c.clock().toISOString(), value: '"株式会社四代目"' });
    expect((await sm.ok('print.sheet', { ...october, format: 'print' })).company).toBe('株式会社テスト商事');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    const lastRow = (d.store.db.prepare("SELECT max(seq) AS s FROM journal WHERE entity = 'setting_versions' AND entity_id = 'company.name#1'").get() as { s: number }).s;
    const stay = d.store.db.prepare("SELECT id FROM server_room_stays ORDER BY entered_at LIMIT 1").get() as { id: string };
    const stayRow = (d.store.db.prepare("SELECT max(seq) AS s FROM journal WHERE entity = 'server_room_stays' AND entity_id = ?").get(stay.id) as { s: number }).s;
    d.close();

    // Changed outside the app: a backfilled version is named by its journal row.
    const raw = openRaw(path.join(dir, 'daicho.db'), key);
    raw.prepare("UPDATE setting_versions SET value = '\"株式会社三代目\"' WHERE id = 'company.name#1'").run();
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: lastRow, problemCount: 1 });
    raw.prepare("UPDATE setting_versions SET value = '\"株式会社テスト商事\"' WHERE id = 'company.name#1'").run();
    expect(verifyJournal(raw)).toMatchObject({ ok: true });
    // October's signed stay, its kept facts emptied outside the app (its visitor then "escorted" by no one
    // reads as none at all): named by its last row, the upgrade's backfill.
    raw.prepare(`UPDATE server_room_stays SET companion_facts = '{"employees":[],"visitors":[]}' WHERE id = ?`).run(stay.id);
    expect(verifyJournal(raw)).toMatchObject({ ok: false, firstBadSeq: stayRow, problem: expect.stringContaining('changed outside Daicho') });
    raw.close();
  });
});
