import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';

// Found by an insider probe: the assets register corrected so a laptop is その他, and it went out
// without the approval the site's policy asks for — nothing in any review showed it. A register
// change that loosens a ledger's rules comes up in that ledger's review of the month it was made.

describe('register changes that loosen a rule are reviewed (SPEC §4.3, §5)', () => {
  it('an asset whose kind is corrected so it needs no approval is an item of the checkouts review, with the reason', async () => {
    const { d, c, clerk, sm, hq, yamada } = await serverRoomFixture(jst('2026-11-05', '09:00'));
    const laptop = await clerk.ok('assets.add', { assetTag: 'NB-001', kind: 'laptop', model: 'ThinkPad X1', serial: null, siteId: hq.id, storagePlace: '総務部 保管庫', encrypted: true, notes: null });
    // Changes that loosen nothing: the notes, and a kind that still needs approval.
    await clerk.ok('assets.amend', { id: laptop.id, changes: { notes: '予備機' }, reason: '備考の追記' });
    await clerk.ok('assets.amend', { id: laptop.id, changes: { kind: 'usb_memory' }, reason: '種別の誤り' });
    const unit = { ledger: 'checkouts', siteId: hq.id, month: '2026-11' };
    expect((await sm.ok('review.get', unit)).items).toEqual([]);

    await clerk.ok('assets.amend', { id: laptop.id, changes: { kind: 'other' }, reason: '分類の見直し' });
    const out = await clerk.ok('checkouts.add', { assetId: laptop.id, borrowerId: yamada.id, purpose: '客先での打合せ', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-05', '09:00'), dueAt: jst('2026-11-05', '18:00') });
    expect(out.anomalies).toEqual([]);
    const items = (await sm.ok('review.get', unit)).items;
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'register_change', code: 'register_change', recordId: laptop.id, label: 'NB-001', messageKey: 'review.items.register_change',
        params: expect.objectContaining({ asset: 'NB-001', change: 'assets.checkouts.registerChanges.approval_dropped', reason: '分類の見直し' }),
      }),
    ]);
    // In December, the month is not signed until it has a disposition.
    c.set(jst('2026-12-02', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const shownHead = (await sm.ok('review.get', unit)).shownHead;
    expect(await sm.call('review.sign', { ...unit, meaning: 'approve', password: SETUP.safetyManager.password, shownHead })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.undisposed' } });
    await sm.ok('review.dispose', { ...unit, subject: items[0].subject, code: items[0].code, disposition: 'corrected', explanation: null, cause: '分類の誤り', action: 'ノートPCに戻し、持ち出しの承認を取得' });
    const after = (await sm.ok('review.get', unit)).items;
    expect(after.find((i) => i.kind === 'register_change')?.disposition).toMatchObject({ disposition: 'corrected' });
    // The checkout itself, not returned, is overdue by now: that is its own item.
    expect(after.filter((i) => i.kind === 'record').map((i) => i.code)).toContain('overdue');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
