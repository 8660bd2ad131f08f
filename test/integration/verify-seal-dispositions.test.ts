import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { disposeAll, october, shown } from './review-fixture';

// Found by an insider probe: with the database key, a sealed month's disposition rewritten through
// the write path (chained, matching its table) left verify silent and the seal shown as holding. The
// app refuses dispositions of a sealed month, so verify names any written after the seal.

describe('verify names a disposition of a sealed month written after its seal (SPEC §5, §8)', () => {
  it('a rewritten explanation is named; the month as signed verifies', async () => {
    const { d, sm, unit } = await october();
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    const disposition = d.store.db.prepare('SELECT id FROM review_dispositions WHERE ledger = ? AND site_id = ? AND month = ? LIMIT 1').get(unit.ledger, unit.siteId, unit.month) as { id: string };
    d.store.write({ actor: 'intruder', station: 'x' }, (tx) => tx.update('review_dispositions', disposition.id, { explanation: '問題なし（書き換え）' }, { action: 'review.dispose' }));
    const r = d.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(new RegExp(`a disposition of its month \\(${disposition.id}\\) was written after it`)));
    d.close();
  });
});
