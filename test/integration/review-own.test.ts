import { describe, expect, it } from 'vitest';
import { SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { jst, PASSWORDS } from './server-room-fixture';
import { disposeAll, HEAD_PASSWORD, october, shown } from './review-fixture';

// Art. 9 in the monthly review: nobody disposes of their own, and a disposition stands for the
// record as it was when it was decided (found by an insider probe).

describe('the monthly review judges who disposes of what, and of which version', () => {
  it('nobody disposes of an anomaly of their own record: the site head is shown it, refused, and the safety manager disposes of it', async () => {
    const f = await october();
    // 佐々木 (the site head's own person) stayed outside business hours in October, recorded late.
    f.c.set(jst('2026-11-05', '10:05'));
    const own = await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-10-24', '10:00'), exitedAt: jst('2026-10-24', '10:30'), purpose: 'maintenance' });
    const detail = await f.head.ok('review.get', f.unit);
    const mine = detail.items.filter((i) => i.recordId === own.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.aboutReviewer === true)).toBe(true);
    expect(detail.items.filter((i) => i.recordId === f.bad.id).every((i) => !i.aboutReviewer)).toBe(true);
    const dispose = (caller: typeof f.head, it: (typeof mine)[number]) =>
      caller.call('review.dispose', { ...f.unit, subject: it.subject, code: it.code, disposition: 'no_issue', explanation: '休日の保守作業', cause: null, action: null });
    expect(await dispose(f.head, mine[0])).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'review.errors.own_record' } });
    expect(f.d.store.db.prepare('SELECT count(*) AS n FROM review_dispositions').get()).toEqual({ n: 0 });
    // The site head disposes of the others; theirs waits for another reviewer, so they cannot sign yet.
    for (const it of detail.items.filter((i) => !i.aboutReviewer)) expect(await dispose(f.head, it)).toMatchObject({ ok: true });
    expect(await f.head.call('review.sign', { ...f.unit, password: HEAD_PASSWORD, meaning: 'confirm', shownHead: await shown(f.head, f.unit) })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.undisposed' } });
    // The safety manager is told that the site head waits on her: the unit in her lists, and the items (a walk-through).
    const unitIn = <U extends { ledger: string; siteId: string; month: string }>(list: U[]) => list.find((u) => u.ledger === f.unit.ledger && u.siteId === f.unit.siteId && u.month === f.unit.month);
    expect(unitIn(await f.sm.ok('review.list', { due: true }))).toMatchObject({ waitsOnYou: mine.length });
    expect(unitIn(await f.sm.ok('review.list', { month: f.unit.month }))).toMatchObject({ waitsOnYou: mine.length });
    expect(unitIn(await f.head.ok('review.list', { due: true }))?.waitsOnYou).toBeUndefined();
    // The site head's month list says how many of his undisposed wait on another (a probe: it counted them as his).
    const headUnit = unitIn(await f.head.ok('review.list', { month: f.unit.month }));
    expect(headUnit).toMatchObject({ undisposed: mine.length, byOthers: mine.length });
    expect(unitIn(await f.sm.ok('review.list', { month: f.unit.month }))?.byOthers).toBeUndefined();
    const smItems = (await f.sm.ok('review.get', f.unit)).items;
    expect(smItems.filter((i) => i.waitsOnYou).map((i) => i.subject + i.code).sort()).toEqual(mine.map((i) => i.subject + i.code).sort());
    expect((await f.head.ok('review.get', f.unit)).items.some((i) => i.waitsOnYou)).toBe(false);
    for (const it of mine) expect(await dispose(f.sm, it)).toMatchObject({ ok: true });
    expect(unitIn(await f.sm.ok('review.list', { due: true }))?.waitsOnYou).toBeUndefined();
    expect(await f.head.call('review.sign', { ...f.unit, password: HEAD_PASSWORD, meaning: 'confirm', shownHead: await shown(f.head, f.unit) })).toMatchObject({ ok: true });
    f.d.close();
  });

  it('a disposition decided before its record was corrected is for the record as it was: decided again before the month is signed', async () => {
    const { d, sm, clerk, bad, unit, c } = await october();
    await disposeAll(sm, unit);
    const before = (await sm.ok('review.get', unit)).items.find((i) => i.recordId === bad.id)!;
    expect(before.disposition).toMatchObject({ disposition: 'no_issue' });
    // The clerk corrects the stay after the disposition: it no longer stands for the record as it is.
    c.advance(60_000);
    await clerk.ok('serverRoom.amend', { id: bad.id, changes: { exitedAt: jst('2026-10-20', '08:50') }, reason: '退室時刻の訂正' });
    const after = (await sm.ok('review.get', unit)).items.find((i) => i.recordId === bad.id && i.code === before.code)!;
    expect(after.disposition).toBeNull();
    expect(after.outdated).toMatchObject({ disposition: 'no_issue', explanation: '作業の立会いとして確認済み' });
    expect(await sm.call('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.undisposed' } });
    // Confirmed again as it was (the same words are a decision now, not "no change"), then signed.
    await disposeAll(sm, unit);
    expect((await sm.ok('review.get', unit)).items.every((i) => i.disposition !== null && !i.outdated)).toBe(true);
    expect(await sm.call('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) })).toMatchObject({ ok: true });
    // Corrected after the seal: the sealed month's dispositions stand as sealed (the correction is a 封印後修正 of its own).
    c.advance(60_000);
    await clerk.ok('serverRoom.amend', { id: bad.id, changes: { notes: '封印後の追記' }, reason: '備考の追記' });
    const sealedItems = (await sm.ok('review.get', unit)).items;
    expect(sealedItems.every((i) => i.disposition !== null && !i.outdated)).toBe(true);
    d.close();
  });

  it('a closing recorded after the disposition makes it outdated too (a stay open at month end, disposed of, then its exit recorded)', async () => {
    const { d, sm, clerk, hq, kimura, unit, c } = await october();
    // Entered on the 31st and still open when the month is reviewed: flagged; disposed of as it stood.
    c.set(jst('2026-10-31', '22:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const open = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-10-31', '21:00'), purpose: 'maintenance' });
    c.set(jst('2026-11-05', '11:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await disposeAll(sm, unit);
    // Its exit recorded afterwards (as of 23:50 that night): the dispositions of that stay are for the stay as it was.
    c.advance(60_000);
    await clerk.ok('serverRoom.recordExit', { id: open.id, exitedAt: jst('2026-10-31', '23:50') });
    const items = (await sm.ok('review.get', unit)).items.filter((i) => i.recordId === open.id);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.disposition === null || i.outdated === undefined)).toBe(true);
    expect(items.some((i) => i.outdated)).toBe(true);
    d.close();
  });
});

describe('a disposition by the one it is about is marked 自己点検', () => {
  it('a lone safety manager answers the anomaly of her own stay: allowed, and marked 自己点検 in the review and on the month’s paper (a walk-through)', async () => {
    const f = await october();
    // The only safety manager is 木村 himself (linked with her own approval); his October stay was not authorized.
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await f.admin.ok('accounts.setPerson', { id: f.accountId(SETUP.safetyManager.loginId), personId: f.kimura.id, reason: '本人の登録', approval: SM_APPROVAL });
    const mine = (await f.sm.ok('review.get', f.unit)).items.filter((i) => i.recordId === f.bad.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => !i.aboutReviewer)).toBe(true);
    const answered = await f.sm.ok('review.dispose', { ...f.unit, subject: mine[0].subject, code: mine[0].code, disposition: 'no_issue', explanation: '保守作業の立会い', cause: null, action: null });
    expect(answered.disposition?.selfReview).toBe(true);
    await disposeAll(f.sm, f.unit);
    const items = (await f.sm.ok('review.get', f.unit)).items;
    expect(items.filter((i) => i.disposition?.selfReview).map((i) => i.recordId)).toEqual(mine.map(() => f.bad.id));
    expect(items.filter((i) => i.recordId !== f.bad.id).every((i) => !i.disposition?.selfReview)).toBe(true);
    const paper = await f.sm.ok('print.sheet', { ...f.unit, format: 'print' });
    // His row's dispositions say so; the other stays' do not.
    const marked = paper.rows.map((r) => (r.dispositions ?? []).some((d) => d?.includes('（自己点検）')));
    expect(marked.filter(Boolean)).toHaveLength(1);
    expect(JSON.stringify(paper.rows[marked.indexOf(true)].cells)).toContain(f.kimura.name);
    f.d.close();
  });
});
