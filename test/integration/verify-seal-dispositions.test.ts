import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { disposeAll, october, shown } from './review-fixture';
import type { JournaledTable } from '../../electron/core/store/migrations';

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
    // Written as the migration actor, too (no migration writes a disposition).
    d.store.write({ actor: 'migration', station: 'x' }, (tx) => tx.update('review_dispositions', disposition.id, { explanation: '問題なし（書き換え）' }, { action: 'review.dispose' }));
    const r = d.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(new RegExp(`a disposition of its month \\(${disposition.id}\\) was written after it`)));
    d.close();
  });

  it('a row labelled an erasure that changes more than personal fields is named; a real erasure is not', async () => {
    const { d, sm, unit, ok, bad, yamada } = await october();
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    const who = { actor: 'intruder', station: 'x' };
    d.store.write(who, (tx) => tx.erasePersonal('server_room_stays' as JournaledTable, ok.id, { action: 'personal.erase', reason: '保存期間の経過' }));
    // A real erasure is no change of what the seal covers; made outside any retention act, it is named as that (verify-erasures.ts).
    expect(d.verify().problems.map((p) => p.problem)).toEqual([expect.stringContaining(`an erasure of server_room_stays ${ok.id} outside an approved retention act`)]);
    d.store.write(who, (tx) => tx.update('server_room_stays' as JournaledTable, bad.id, { person_id: yamada.id }, { action: 'personal.erase' }));
    const r = d.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(new RegExp(`a record it seals \\(${bad.id}\\) was changed after it by a row labelled an erasure`)));
    d.close();
  });
});
