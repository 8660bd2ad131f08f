import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';

// A record changed outside Daicho (with the database key) is not written over by the app: its next
// change would journal it as it stands, the tampering made part of the evidence and verify blind to
// it (an insider's way round verify). The write is refused with its own message, nothing is stored,
// and verify names the record's last journal row. Other records are written as before.

const latest = (d: Awaited<ReturnType<typeof serverRoomFixture>>['d'], table: string, id: string) =>
  d.store.db.prepare("SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ?").pluck().get(table, id) as number;

describe('a record changed outside the app (issue 7: the journal is the evidence)', () => {
  it('a correction of it is refused and stores nothing; verify names it; the others are corrected as before', async () => {
    const { d, sm, yamada, sasaki } = await serverRoomFixture();
    const seq = latest(d, 'people', yamada.id);
    d.store.db.prepare('UPDATE people SET department = ? WHERE id = ?').run('経理部', yamada.id);
    const head = d.store.journalHead().seq;
    expect(await sm.call('people.amend', { id: yamada.id, changes: { name: '山田 次郎' }, reason: '氏名の訂正' })).toMatchObject({
      ok: false, error: { code: 'conflict', messageKey: 'errors.changed_outside', params: { seq } },
    });
    // Nor is it changed by another act on it (deactivating the person).
    expect(await sm.call('people.setActive', { id: yamada.id, active: false, reason: '退職' })).toMatchObject({ ok: false, error: { messageKey: 'errors.changed_outside' } });
    expect(d.store.journalHead().seq).toBe(head);
    expect(d.store.db.prepare('SELECT name, active FROM people WHERE id = ?').get(yamada.id)).toEqual({ name: '山田 太郎', active: 1 });
    await sm.ok('people.amend', { id: sasaki.id, changes: { name: '佐々木 三郎' }, reason: '氏名の訂正' });
    expect(d.verify()).toMatchObject({ ok: false, problemCount: 1, firstBadSeq: seq });
    // Put back as its journal has it, it is corrected again.
    d.store.db.prepare('UPDATE people SET department = ? WHERE id = ?').run('情報システム部', yamada.id);
    await sm.ok('people.amend', { id: yamada.id, changes: { name: '山田 次郎' }, reason: '氏名の訂正' });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('an act that changes it as a side effect is refused whole: a checkout of an asset changed outside the app stores no checkout', async () => {
    const { d, clerk, hq, yamada } = await serverRoomFixture();
    const card = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部キャビネットB', encrypted: false, notes: null });
    const seq = latest(d, 'assets', card.id);
    d.store.db.prepare('UPDATE assets SET encrypted = 1 WHERE id = ?').run(card.id);
    const head = d.store.journalHead().seq;
    const out = { assetId: card.id, borrowerId: yamada.id, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-24', '10:00'), dueAt: jst('2026-11-25', '18:00'), notes: null };
    expect(await clerk.call('checkouts.add', out)).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.changed_outside', params: { seq } } });
    expect(d.store.journalHead().seq).toBe(head);
    expect(d.store.db.prepare('SELECT count(*) FROM asset_checkouts').pluck().get()).toBe(0);
    expect(d.store.db.prepare('SELECT state FROM assets WHERE id = ?').pluck().get(card.id)).toBe('in_storage');
    expect(d.verify()).toMatchObject({ ok: false, firstBadSeq: seq });
    d.close();
  });
});
