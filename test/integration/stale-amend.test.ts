import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';

// Insider probe 9 (concurrency/state): two clerks correct one record, each from the version on their
// screen. A record already tells its version (amendCount), as the review's sign-off tells the head it
// was shown (review.sign shownHead, refused when the records changed since): an amendment does not.

describe('a correction made from a stale screen', () => {
  it('a correction made from a version corrected since is refused as changed meanwhile, and the first correction stands (an insider probe)', async () => {
    const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30') });
    // Both open the slip (version 0).
    const seenByClerk = await clerk.ok('visitors.get', { id: v.id });
    const seenBySm = await sm.ok('visitors.get', { id: v.id });
    expect(seenByClerk.amendCount).toBe(0);
    // The clerk corrects the company first.
    await clerk.ok('visitors.amend', { id: v.id, changes: { company: 'ネクストシステムズ' }, reason: '会社名の誤記を訂正（名刺で確認）' });
    // The safety manager, still looking at version 0, "corrects" the same field: this must be refused as
    // changed meanwhile, telling them to look again, and the clerk’s correction must stand.
    const stale = await sm.raw('visitors.amend', { id: v.id, amendCount: seenBySm.amendCount, changes: { company: 'ネクスト商事' }, reason: '会社名の誤記を訂正' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await clerk.ok('visitors.get', { id: v.id })).company).toBe('ネクストシステムズ');
    d.close();
  });

  it('held: without a version, the later correction wins but both stay in the record’s history with their reasons, and verify holds', async () => {
    const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30') });
    await clerk.ok('visitors.amend', { id: v.id, changes: { company: 'ネクストシステムズ' }, reason: '会社名の誤記を訂正（名刺で確認）' });
    await sm.ok('visitors.amend', { id: v.id, changes: { company: 'ネクスト商事' }, reason: '会社名の誤記を訂正' });
    const h = await sm.ok('visitors.history', { id: v.id });
    expect(h.map((e) => e.reason)).toEqual(expect.arrayContaining(['会社名の誤記を訂正（名刺で確認）', '会社名の誤記を訂正']));
    expect((await clerk.ok('visitors.get', { id: v.id })).amendCount).toBe(2);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
