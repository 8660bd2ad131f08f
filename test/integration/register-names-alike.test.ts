import { describe, expect, it } from 'vitest';
import { serverRoomFixture } from './server-room-fixture';

// Register entries the paper could not tell apart, and key custodians who left (an insider probe, 7):
// two 人事書類庫 at 本社 and the open/lock log's paper could not say which was opened; two ファイルサーバ.

describe('register entries the paper tells apart', () => {
  it('a cabinet’s name is one cabinet’s at its site, read as a person reads it; another site, or after the first is retired, may use it', async () => {
    const f = await serverRoomFixture();
    const { clerk, hq, osaka, sasaki, okada } = f;
    const a = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F 総務部', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const head = f.d.store.journalHead().seq;
    for (const name of ['人事書類庫', '人事 書類庫', '人事書類庫　'])
      expect(await clerk.call('cabinets.add', { code: 'C-02', name, location: '本社2F 倉庫', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null }), name).toMatchObject({
        ok: false, error: { field: 'name', messageKey: 'cabinets.errors.name_taken' },
      });
    expect(f.d.store.journalHead().seq).toBe(head);
    const b = await clerk.ok('cabinets.add', { code: 'C-02', name: '人事書類庫 2F', location: '本社2F 倉庫', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    // Nor renamed into the other's name.
    expect(await clerk.call('cabinets.amend', { id: b.id, changes: { name: '人事書類庫' }, reason: '名称の統一' })).toMatchObject({ ok: false, error: { field: 'name', messageKey: 'cabinets.errors.name_taken' } });
    // Another site's paper is its own.
    await clerk.ok('cabinets.add', { code: 'C-OSK-01', name: '人事書類庫', location: '大阪2F', siteId: osaka.id, contentClass: 'personal', custodianId: okada.id, notes: null });
    // A retired cabinet's name may be used again.
    await clerk.ok('cabinets.void', { id: a.id, reason: '廃棄したため' });
    await clerk.ok('cabinets.add', { code: 'C-03', name: '人事書類庫', location: '本社3F 総務部', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    f.d.close();
  });

  it('a system’s name is one system’s at its site', async () => {
    const f = await serverRoomFixture();
    const { admin, hq } = f;
    await admin.ok('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバA', retentionMonths: 12, notes: null });
    expect(await admin.call('systems.add', { code: 'SV-02', name: 'ﾌｧｲﾙｻｰﾊﾞ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバB', retentionMonths: 12, notes: null })).toMatchObject({
      ok: false, error: { field: 'name', messageKey: 'accessLog.systems.errors.name_taken' },
    });
    await admin.ok('systems.add', { code: 'SV-02', name: 'ファイルサーバ 2号機', kind: 'server', siteId: hq.id, logLocation: 'ログサーバB', retentionMonths: 12, notes: null });
    f.d.close();
  });

  it('a cabinet is not registered with a key custodian who has left', async () => {
    const f = await serverRoomFixture();
    const { clerk, hq, mori } = f; // mori left (setActive false in the fixture)
    const r = await clerk.call('cabinets.add', { code: 'C-09', name: '経理書類庫', location: '本社3F', siteId: hq.id, contentClass: 'confidential', custodianId: mori.id, notes: null });
    expect(r).toMatchObject({ ok: false, error: { field: 'custodianId' } });
    f.d.close();
  });

  it('a key custodian who has left opens nothing: the opening is refused at its opener, nothing stored', async () => {
    const f = await serverRoomFixture();
    const { clerk, sm, hq, sasaki } = f;
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    // Sasaki leaves the company while still the key custodian (SPEC §4.2 key custodian).
    await sm.ok('people.setActive', { id: sasaki.id, active: false, reason: '退職' });
    const head = f.d.store.journalHead().seq;
    expect(await clerk.call('cabinetLog.add', { cabinetId: cab.id, openedAt: f.c.clock().toISOString(), openedBy: sasaki.id, purpose: '書類の確認' })).toMatchObject({
      ok: false, error: { field: 'openedBy', messageKey: 'errors.person_inactive' },
    });
    expect(f.d.store.journalHead().seq).toBe(head);
    f.d.close();
  });
});
