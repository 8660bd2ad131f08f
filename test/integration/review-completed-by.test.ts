import { describe, expect, it } from 'vitest';
import { sheetHtml } from '../../shared/print/html';
import { SETUP } from '../helpers/temp-daicho';
import { jst } from './server-room-fixture';
import { disposeAll, HEAD_PASSWORD, october, shown } from './review-fixture';

// Art. 13(1): 「サーバルーム入退記録簿」は、安全管理責任者が、毎月の月初めに前月分を確認する. A site head's 確認
// seals the head office's server-room month (its dispositions and records), and the month stays due
// for the safety manager's own seal, on her list, on the unit and on paper (安全管理責任者 未承認),
// overdue after its day (an insider probe: the site head's 確認 alone closed it, and nobody asked her).
// Other ledgers are complete under any reviewer's seal.

describe('the server-room book is complete under the safety manager’s own seal (Art. 13(1))', () => {
  it('after a site head’s 確認 the month is sealed and awaits the safety manager: due for her only, overdue after its day, so printed; her seal completes it', async () => {
    const { c, d, sm, head, clerk, hq, yamada, unit } = await october();
    const dueFor = async (who: typeof sm) => (await who.ok('review.list', { due: true })).filter((u) => u.ledger === unit.ledger && u.siteId === unit.siteId && u.month === unit.month);
    // A visitor slip of October too: the site head's 確認 completes that one.
    await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-10-21', '10:00') });
    const visits = { ...unit, ledger: 'visitors' };
    await disposeAll(head, unit);
    await head.ok('review.sign', { ...unit, password: HEAD_PASSWORD, meaning: 'confirm', shownHead: await shown(head, unit) });
    await disposeAll(head, visits);
    await head.ok('review.sign', { ...visits, password: HEAD_PASSWORD, meaning: 'confirm', shownHead: await shown(head, visits) });

    const seen = (await sm.ok('review.get', unit)).unit;
    expect(seen).toMatchObject({ state: 'sealed', awaiting: 'safety_manager', overdue: false });
    expect(await dueFor(sm)).toHaveLength(1);
    expect(await dueFor(head)).toHaveLength(0);
    expect((await sm.ok('review.get', visits)).unit).toMatchObject({ state: 'sealed', awaiting: null });
    expect((await sm.ok('review.list', { due: true })).filter((u) => u.ledger === 'visitors' && u.siteId === hq.id && u.month === '2026-10')).toHaveLength(0);
    // Its dispositions are sealed: the safety manager checks them and signs, or reopens the seal.
    expect((await sm.ok('review.get', unit)).items.every((i) => i.disposition !== null)).toBe(true);
    // On paper: the site head's seal, and 安全管理責任者 未承認 beside it.
    const sheet = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(sheet.digest).not.toBeNull();
    expect(sheet.awaiting).toBe('安全管理責任者 未承認');
    expect(sheetHtml(sheet)).toContain('<span class="unsigned">安全管理責任者 未承認</span>');
    expect((await sm.ok('print.sheet', { ...visits, format: 'print' })).awaiting).toBeNull();

    // After the due day: overdue, as an open month is.
    c.set(jst('2026-11-11', '09:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect((await sm.ok('review.get', unit)).unit).toMatchObject({ awaiting: 'safety_manager', overdue: true });
    expect((await dueFor(sm)).map((u) => u.overdue)).toEqual([true]);

    // Her own seal completes it.
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    expect((await sm.ok('review.get', unit)).unit).toMatchObject({ state: 'sealed', awaiting: null, overdue: false });
    expect(await dueFor(sm)).toHaveLength(0);
    expect((await sm.ok('print.sheet', { ...unit, format: 'print' })).awaiting).toBeNull();
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
