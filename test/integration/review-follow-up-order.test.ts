import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { october, shown } from './review-fixture';

// Art. 9: a 要対応 (follow_up) is carried into the next month's review until it is dealt with
// (review/carried-items.ts). Found by an insider probe: with November signed first, October reviewed
// late could carry its anomaly into the sealed November, where it sat undisposed under the seal and
// no later review asked about it. Such a 要対応 is refused while the next month is sealed; it is taken
// once the next month's seal is reopened, and then comes up in that month's review.

describe('a 要対応 is carried only into a review that can still see it', () => {
  it('refuses October’s 要対応 while November is signed, and takes it once November is reopened, where it comes up', async () => {
    const f = await october();
    const { sm, bad, unit, c } = f;
    c.set(jst('2026-12-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const november = { ...unit, month: '2026-11' };
    const shownNov = await sm.ok('review.get', november);
    expect(shownNov.items).toEqual([]);
    await sm.ok('review.sign', { ...november, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: shownNov.shownHead });

    const followUp = { ...unit, subject: bad.id, code: 'not_authorized', disposition: 'follow_up' as const, explanation: null, cause: '入室許可の更新漏れ', action: '許可を更新する' };
    const head = f.d.store.journalHead().seq;
    expect(await sm.call('review.dispose', followUp)).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'review.errors.next_month_sealed', field: 'disposition' } });
    expect(f.d.store.journalHead().seq).toBe(head);
    // Dealt with at once (対応済み) is still taken: nothing is carried.
    expect(await sm.call('review.dispose', { ...followUp, disposition: 'corrected' })).toMatchObject({ ok: true });

    // With November reopened, the 要対応 is taken and comes up in November's review.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const seal = f.d.store.db.prepare("SELECT id FROM seals WHERE month = '2026-11' AND status = 'sealed'").get() as { id: string };
    await sm.ok('review.reopen', { sealId: seal.id, reason: '10月の要対応を繰り越すため', password: SETUP.safetyManager.password });
    expect(await sm.call('review.dispose', followUp)).toMatchObject({ ok: true });
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    const carried = (await sm.ok('review.get', november)).items.filter((i) => i.kind === 'carried');
    expect(carried).toHaveLength(1);
    expect(carried[0].disposition).toBeNull();
    f.d.close();
  });

  it('a 要対応 decided again after its carried item was disposed is asked about again in the next month before it can be signed (a probe)', async () => {
    const f = await october();
    const { sm, bad, unit, c } = f;
    c.set(jst('2026-12-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const november = { ...unit, month: '2026-11' };
    const followUp = { ...unit, subject: bad.id, code: 'not_authorized', disposition: 'follow_up' as const, explanation: null, cause: '入室許可の更新漏れ', action: '許可を更新する' };
    await sm.ok('review.dispose', followUp);

    const carried = (await sm.ok('review.get', november)).items.find((i) => i.kind === 'carried')!;
    expect(carried.disposition).toBeNull();
    await sm.ok('review.dispose', { ...november, subject: carried.subject, code: carried.code, disposition: 'corrected', explanation: null, cause: '入室許可の更新漏れ', action: '11月3日に許可を更新した' });

    // October's 要対応 decided again, for another cause and remedy.
    c.set(jst('2026-12-05', '10:05'));
    await sm.ok('review.dispose', { ...followUp, cause: '木村が他人のカードで入室した疑い', action: '警備会社に入退室記録を照会する' });

    const again = (await sm.ok('review.get', november)).items.find((i) => i.kind === 'carried')!;
    expect(again.params).toMatchObject({ cause: '木村が他人のカードで入室した疑い' });
    // Decided for the 要対応 as it was: to be decided again.
    expect(again.disposition).toBeNull();
    expect(again.outdated).toMatchObject({ disposition: 'corrected' });
    // November's paper says so too: not the disposition decided for the 要対応 as it was (a review found it printed).
    const paper = await sm.ok('print.sheet', { ...november, format: 'print' });
    expect(paper.monthItems).toEqual([expect.stringMatching(/^［前月からの持ち越し］[\s\S]*木村が他人のカードで入室した疑い[\s\S]*\n対応：未記入$/)]);
    expect(await sm.call('review.sign', { ...november, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, november) })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.undisposed' } });
    f.d.close();
  });

  it('nor is a 要対応 taken back from October once November, which dealt with it, is signed: it waits for November’s seal to be reopened (a probe)', async () => {
    const { d, c, sm, bad, unit } = await october();
    const pw = SETUP.safetyManager.password;
    await sm.ok('review.dispose', { ...unit, subject: bad.id, code: 'not_authorized', disposition: 'follow_up', explanation: null, cause: '入室許可の更新漏れ', action: '許可を更新する' });
    await sm.ok('review.sign', { ...unit, password: pw, meaning: 'approve', shownHead: await shown(sm, unit) });
    c.set(jst('2026-12-03', '10:00'));
    await sm.ok('auth.unlock', { password: pw });
    const nov = { ...unit, month: '2026-11' };
    const [carried] = (await sm.ok('review.get', nov)).items.filter((i) => i.kind === 'carried');
    await sm.ok('review.dispose', { ...nov, subject: carried.subject, code: carried.code, disposition: 'corrected', explanation: null, cause: '更新漏れ', action: '11月10日に許可を更新済み' });
    await sm.ok('review.sign', { ...nov, password: pw, meaning: 'approve', shownHead: await shown(sm, nov) });
    const signed = await sm.ok('review.get', nov);

    const oct = await sm.ok('review.get', unit);
    await sm.ok('review.reopen', { sealId: oct.unit.seals[0].id, reason: '判定の見直し', password: pw });
    const head = d.store.journalHead().seq;
    for (const change of [
      { disposition: 'no_issue' as const, explanation: '許可申請済みだった', cause: null, action: null },
      { disposition: 'follow_up' as const, explanation: null, cause: '入室許可の更新漏れ', action: '別の対応に変更' },
    ])
      expect(await sm.call('review.dispose', { ...unit, subject: bad.id, code: 'not_authorized', ...change })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'disposition', messageKey: 'review.errors.next_month_holds_follow_up' } });
    expect(d.store.journalHead().seq).toBe(head);
    expect(await sm.ok('review.get', nov)).toMatchObject({ unit: { state: 'sealed' }, items: signed.items });
    // November reopened: October's may change, and November's review asks again.
    await sm.ok('review.reopen', { sealId: signed.unit.seals[0].id, reason: '10月分の判定見直しのため', password: pw });
    await sm.ok('review.dispose', { ...unit, subject: bad.id, code: 'not_authorized', disposition: 'no_issue', explanation: '許可申請済みだった', cause: null, action: null });
    d.close();
  });
});
