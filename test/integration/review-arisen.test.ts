import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { disposeAll, october, shown } from './review-fixture';

// An insider probe: a laptop out since October and due on 20 November was overdue from then on, but
// only inside the signed October — no review ever showed it. An anomaly that arises with time after
// its month was signed is an item of the first month after it that is not signed, until disposed of.

describe('anomalies that arise after a month was signed', () => {
  it('come up in the next open month, once, and stay until disposed of there', async () => {
    const f = await october();
    const { c, d, sm, clerk, hq, yamada } = f;
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    // Typed in from the October slip on 5 November.
    const out = await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: yamada.id, purpose: '長期出張', destination: '大阪支社', checkedOutAt: jst('2026-10-20', '10:00'), dueAt: jst('2026-11-20', '18:00'), notes: null });
    // October is reviewed and signed the same day: the checkout was out at the month's end, and typed in late; nothing more.
    const oct = { ledger: 'checkouts', siteId: hq.id, month: '2026-10' };
    expect((await sm.ok('review.get', oct)).items.map((i) => i.code)).toEqual(['out_at_month_end', 'recorded_late']);
    await disposeAll(sm, oct);
    await sm.ok('review.sign', { ...oct, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, oct) });
    // December: it is overdue since 20 November, still out. November's review shows it.
    c.set(jst('2026-12-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const nov = { ledger: 'checkouts', siteId: hq.id, month: '2026-11' };
    const items = (await sm.ok('review.get', nov)).items;
    expect(items.map((i) => [i.recordId, i.code, i.label.slice(0, 8)])).toEqual([[out.id, 'overdue', '2026-10:']]);
    // Not signed until disposed of; then signed, and not again in December's.
    const head = await shown(sm, nov);
    expect(await sm.call('review.sign', { ...nov, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: head })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.undisposed' } });
    await disposeAll(sm, nov);
    // Disposed of, it stays November's item: on its review and its paper, with what was decided (a review: it left both).
    const disposedThere = (await sm.ok('review.get', nov)).items.filter((i) => i.recordId === out.id);
    expect(disposedThere.map((i) => [i.code, !!i.disposition])).toEqual([['overdue', true]]);
    await sm.ok('review.sign', { ...nov, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, nov) });
    const paper = await sm.ok('print.sheet', { ...nov, format: 'print' });
    expect(paper.monthItems).toEqual([expect.stringMatching(/^［記録の異常］令和8年10月：SD-001[\s\S]*\n対応：/)]);
    expect((await sm.ok('review.get', nov)).items.map((i) => [i.recordId, i.code, !!i.disposition])).toEqual([[out.id, 'overdue', true]]);
    c.set(jst('2027-01-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect((await sm.ok('review.get', { ...nov, month: '2026-12' })).items.filter((i) => i.recordId === out.id)).toEqual([]);
    // October's seal still holds, and the data verifies.
    expect((await sm.ok('review.get', oct)).unit.seals[0]).toMatchObject({ verified: true });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});
