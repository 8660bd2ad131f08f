import { describe, expect, it } from 'vitest';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { SETUP } from '../helpers/temp-daicho';
import { disposeAll, shown } from './review-fixture';

// An anomaly never leaves the monthly review unseen: when a correction or a void takes one away (a
// due time moved, a record voided and written again "correctly"), the review of the record's month
// lists it, with the act's reason, to dispose of before the month can be signed. Found by an
// insider probe: void and re-add, or amend the due time, and the month reviewed clean.

describe('anomalies taken away by a correction or a void come up in the review (SPEC §5)', () => {
  it('void and re-add, or a moved due time: each anomaly taken away is an item with its reason; the month is not signed before it is disposed of', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '10:00'));
    const { d, c, clerk, staff, sm, hq, yamada, sasaki } = f;
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: yamada.id, authorized: true, reason: '人事担当' });
    const card = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    c.advance(60_000);
    const session = await staff.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: c.clock().toISOString(), openedBy: yamada.id, purpose: '書類の確認', lockedAt: null, lockedBy: null, notes: null });
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: c.clock().toISOString(), purpose: 'maintenance' });
    const out = await clerk.ok('checkouts.add', { assetId: card.id, borrowerId: yamada.id, purpose: '説明会', destination: '大阪拠点', checkedOutAt: c.clock().toISOString(), dueAt: jst('2026-10-20', '18:00'), notes: null });

    // The next morning: locked "as of" yesterday (flagged), then voided and written again whole (clean).
    c.set(jst('2026-10-21', '09:00'));
    await staff.ok('auth.unlock', { password: PASSWORDS.staff });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const locked = await staff.ok('cabinetLog.lock', { id: session.id, lockedAt: jst('2026-10-20', '10:05') });
    expect(locked.anomalies.map((a) => a.code)).toEqual(['not_locked_by_end_of_day', 'open_too_long']);
    await clerk.ok('cabinetLog.void', { id: session.id, reason: '二重登録' });
    const again = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: session.openedAt, openedBy: yamada.id, purpose: '書類の確認', lockedAt: jst('2026-10-20', '10:05'), lockedBy: yamada.id, notes: null });
    expect(again.anomalies).toEqual([]);
    // Returned late, then the due time moved past the return: the record itself is clean again.
    await clerk.ok('checkouts.return', { id: out.id, returnedAt: jst('2026-10-21', '09:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    const moved = await clerk.ok('checkouts.amend', { id: out.id, changes: { dueAt: jst('2026-10-22', '18:00') }, reason: '期限延長' });
    expect(moved.anomalies).toEqual([]);
    // The server-room book alike: an exit recorded the next morning, then the stay voided.
    const exited = await clerk.ok('serverRoom.recordExit', { id: stay.id, exitedAt: jst('2026-10-20', '10:20') });
    expect(exited.anomalies.map((a) => a.code)).toEqual(['no_exit_by_end_of_day', 'over_max_stay']);
    await clerk.ok('serverRoom.void', { id: stay.id, reason: '誤登録' });
    // A correction that takes nothing away is not an item.
    await clerk.ok('checkouts.amend', { id: out.id, changes: { notes: '返却時に動作確認済み' }, reason: '備考の追記' });

    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const cabinets = await sm.ok('review.get', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-10' });
    const cleared = cabinets.items.filter((i) => i.kind === 'cleared');
    // Each says who made the change (the clerk's account, without a person in the register: by its name).
    expect(cleared.map((i) => [i.params?.anomaly, i.params?.action, i.params?.reason, i.recordId, i.params?.by])).toEqual([
      ['cabinets.log.anomaly.not_locked_by_end_of_day', 'cabinetLog.void', '二重登録', session.id, '田中 一郎'],
      ['cabinets.log.anomaly.open_too_long', 'cabinetLog.void', '二重登録', session.id, '田中 一郎'],
    ]);
    const checkouts = await sm.ok('review.get', { ledger: 'checkouts', siteId: hq.id, month: '2026-10' });
    expect(checkouts.items.filter((i) => i.kind === 'cleared').map((i) => [i.params?.anomaly, i.params?.reason])).toEqual([['assets.checkouts.anomaly.overdue', '期限延長']]);

    const stays = await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' });
    expect(stays.items.filter((i) => i.kind === 'cleared').map((i) => [i.params?.anomaly, i.params?.reason])).toEqual([
      ['serverRoom.anomaly.no_exit_by_end_of_day', '誤登録'],
      ['serverRoom.anomaly.over_max_stay', '誤登録'],
    ]);

    // The clerk who voided the session, designated to review the cabinet log, may not dispose of what their own act took away.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: f.accountId('tanaka.clerk'), ledgers: ['cabinetLog'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-11-30' });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const asClerk = await clerk.ok('review.get', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-10' });
    const theirs = asClerk.items.filter((i) => i.kind === 'cleared');
    expect(theirs.map((i) => i.aboutReviewer)).toEqual([true, true]);
    expect(await clerk.call('review.dispose', { ledger: 'cabinetLog', siteId: hq.id, month: '2026-10', subject: theirs[0].subject, code: theirs[0].code, disposition: 'no_issue', explanation: '二重登録の整理', cause: null, action: null })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'review.errors.own_record' },
    });

    // Not signed while they have no disposition; disposed of, it is.
    const unit = { ledger: 'cabinetLog', siteId: hq.id, month: '2026-10' };
    expect(await sm.call('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: cabinets.shownHead })).toMatchObject({ ok: false, error: { messageKey: 'review.errors.undisposed' } });
    for (const it of (await sm.ok('review.get', unit)).items)
      await sm.ok('review.dispose', { ...unit, subject: it.subject, code: it.code, disposition: 'no_issue', explanation: '二重登録の整理を確認した', cause: null, action: null });
    const shown = await sm.ok('review.get', unit);
    expect(shown.items.every((i) => i.disposition !== null)).toBe(true);
    expect(await sm.call('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: shown.shownHead })).toMatchObject({ ok: true });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a correction of one of two overlapping stays notes the overlap it took from the other too, in the other’s month (an insider probe)', async () => {
    const { d, c, clerk, sm, hq, yamada } = await serverRoomFixture(jst('2026-11-02', '09:00'));
    const rec = (enter: string, exit: string) => clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: enter, exitedAt: exit, purpose: 'maintenance' });
    // A across midnight at the month's end (October's), B overlapping it in November's first minutes; C and D both on 1 November.
    const a = await rec(jst('2026-10-31', '23:30'), jst('2026-11-01', '00:40'));
    const b = await rec(jst('2026-11-01', '00:10'), jst('2026-11-01', '00:50'));
    const cc = await rec(jst('2026-11-01', '10:00'), jst('2026-11-01', '11:00'));
    const dd = await rec(jst('2026-11-01', '10:30'), jst('2026-11-01', '11:30'));
    for (const s of [a, b, cc, dd]) expect((await clerk.ok('serverRoom.get', { id: s.id })).anomalies.map((x) => x.code)).toContain('overlapping_stay');
    // B's entry corrected past A's exit; D voided.
    await clerk.ok('serverRoom.amend', { id: b.id, changes: { enteredAt: jst('2026-11-01', '00:45') }, reason: '入室時刻の誤記' });
    await clerk.ok('serverRoom.void', { id: dd.id, reason: '二重登録' });
    c.set(jst('2026-11-02', '09:30'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const cleared = async (month: string) =>
      (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month })).items.filter((i) => i.kind === 'cleared' && i.params?.anomaly === 'serverRoom.anomaly.overlapping_stay').map((i) => [i.recordId, i.params?.reason]);
    // A's overlap, in October's review; B's own, C's and D's in November's.
    expect(await cleared('2026-10')).toEqual([[a.id, '入室時刻の誤記']]);
    expect(await cleared('2026-11')).toEqual(expect.arrayContaining([[b.id, '入室時刻の誤記'], [cc.id, '二重登録'], [dd.id, '二重登録']]));
    expect(await cleared('2026-11')).toHaveLength(3);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a return, an exit or a guest card handed back later takes no anomaly away unseen (an insider probe)', async () => {
    const { d, c, clerk, sm, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-10-05', '09:00'));
    const unlock = async () => {
      await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
      await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    };
    const asset = await clerk.ok('assets.add', { assetTag: 'SD-009', kind: 'other', model: 'x', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const out = await clerk.ok('checkouts.add', { assetId: asset.id, borrowerId: yamada.id, purpose: '説明会', destination: '大阪', checkedOutAt: jst('2026-10-05', '09:00'), dueAt: jst('2026-10-30', '18:00'), notes: null });
    const card = await clerk.ok('guestCards.add', { number: 'G-01', siteId: hq.id });
    const visit = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: sasaki.id, arrivedAt: jst('2026-10-05', '08:50'), area: 'office', guestCardId: card.id, escortId: sasaki.id });
    c.set(jst('2026-10-15', '11:00'));
    await unlock();
    const left = await clerk.ok('visitors.signOut', { id: visit.id, leftAt: jst('2026-10-15', '11:00'), cardReturned: false });
    expect(left.anomalies.map((a) => a.code)).toContain('card_not_returned');
    // A stay left open, and another of the same person an hour later: both overlap.
    c.set(jst('2026-10-30', '12:00'));
    await unlock();
    const a = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-30', '10:00'), purpose: 'maintenance' });
    const b = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-30', '11:00'), exitedAt: jst('2026-10-30', '11:30'), purpose: 'maintenance' });
    expect(b.anomalies.map((x) => x.code)).toContain('overlapping_stay');
    await sm.ok('people.setActive', { id: yamada.id, active: false, reason: '休職' });

    // November: the return typed in dated before the suspension, the exit dated before the other stay, the card handed back.
    c.set(jst('2026-11-02', '10:00'));
    await unlock();
    const back = await clerk.ok('checkouts.return', { id: out.id, returnedAt: jst('2026-10-29', '17:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    expect(back.anomalies.map((x) => x.code)).toContain('borrower_inactive'); // the book showed it out when they were suspended
    await clerk.ok('serverRoom.recordExit', { id: a.id, exitedAt: jst('2026-10-30', '10:30') });
    await clerk.ok('visitors.returnCard', { id: visit.id });
    const cleared = async (ledger: string) =>
      (await sm.ok('review.get', { ledger, siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'cleared').map((i) => [i.recordId, i.params?.anomaly, i.params?.action]);
    expect(await cleared('serverRoom')).toEqual(expect.arrayContaining([
      [a.id, 'serverRoom.anomaly.overlapping_stay', 'serverRoom.record_exit'],
      [b.id, 'serverRoom.anomaly.overlapping_stay', 'serverRoom.record_exit'],
    ]));
    expect(await cleared('visitors')).toEqual([[visit.id, 'visitors.anomaly.card_not_returned', 'visitors.return_card']]);
    expect(await cleared('checkouts')).toEqual([]);
    // A return of the card asks no reason: the item says none.
    const [card1] = (await sm.ok('review.get', { ledger: 'visitors', siteId: hq.id, month: '2026-10' })).items.filter((i) => i.kind === 'cleared');
    expect(card1.messageKey).toBe('review.items.cleared_no_reason');
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('the overlap a correction takes from a stay of a sealed month is a 封印後修正 of that month (an insider probe)', async () => {
    const { d, c, clerk, sm, hq, yamada } = await serverRoomFixture(jst('2026-11-01', '01:00'));
    const rec = (enter: string, exit: string) => clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: enter, exitedAt: exit, purpose: 'maintenance' });
    const a = await rec(jst('2026-10-31', '23:00'), jst('2026-11-01', '00:30'));
    const b = await rec(jst('2026-11-01', '00:10'), jst('2026-11-01', '00:20'));
    await rec(jst('2026-11-01', '00:35'), jst('2026-11-01', '00:50'));
    c.set(jst('2026-11-02', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const october = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    await disposeAll(sm, october);
    await sm.ok('review.sign', { ...october, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, october) });
    // B moved so that it overlaps C, not A: October's A loses its overlap.
    await clerk.ok('serverRoom.amend', { id: b.id, changes: { enteredAt: jst('2026-11-01', '00:36'), exitedAt: jst('2026-11-01', '00:45') }, reason: '時刻の誤記' });
    const nov = await sm.ok('review.get', { ...october, month: '2026-11' });
    expect(nov.items.filter((i) => i.kind === 'sealed_change').map((i) => [i.recordId, i.params?.month])).toEqual([[a.id, '2026-10']]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
