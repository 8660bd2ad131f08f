import { describe, expect, it } from 'vitest';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// SPEC §4: "not locked by end of business day", "overdue", "no exit time" judge the book as it stood
// at the deadline. A closing recorded after the deadline with an earlier time (staff locking their
// cabinet the next morning "as of" yesterday) keeps the anomaly; a correction of its time does not
// clear it; the journal still verifies. The server-room book's own case is in server-room.test.ts.

describe('closings recorded after their deadline keep the anomaly (cabinet lock, asset return, visitor sign-out)', () => {
  it('flags each, through the API, and verify passes', async () => {
    const { d, c, clerk, staff, hq, yamada, sasaki } = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: yamada.id, authorized: true, reason: '人事担当' });
    const card = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    c.advance(60_000);

    // The staff member opens the cabinet for themselves; a clerk lends an SD card due at 18:00 and receives a visitor.
    const session = await staff.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: c.clock().toISOString(), openedBy: yamada.id, purpose: '書類の確認', lockedAt: null, lockedBy: null, notes: null });
    const out = await clerk.ok('checkouts.add', { assetId: card.id, borrowerId: yamada.id, purpose: '説明会', destination: '大阪拠点', checkedOutAt: c.clock().toISOString(), dueAt: jst('2026-11-24', '18:00'), notes: null });
    const visit = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: c.clock().toISOString() });
    // A closing recorded in time, for contrast: a second visitor signed out at 11:00.
    const early = await clerk.ok('visitors.add', { siteId: hq.id, name: '伊藤 裕子', company: '株式会社サンプル', purpose: '納品', hostId: yamada.id, area: 'reception', arrivedAt: c.clock().toISOString() });
    c.set(jst('2026-11-24', '11:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect((await clerk.ok('visitors.signOut', { id: early.id, cardReturned: false })).anomalies).toEqual([]);

    // The next morning at 09:00 each is closed "as of" the day before.
    c.set(jst('2026-11-25', '09:00'));
    await staff.ok('auth.unlock', { password: PASSWORDS.staff });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const locked = await staff.ok('cabinetLog.lock', { id: session.id, lockedAt: jst('2026-11-24', '10:05') });
    // Open on the book from the opening until the lock was recorded: past the end of the day, and past the 2-hour limit.
    expect(locked.anomalies).toEqual([
      { code: 'not_locked_by_end_of_day', params: { open: 0, recordedLate: 1 }, facts: [{ term: 'businessHours', values: [{ text: '08:00', until: '20:00' }] }] },
      { code: 'open_too_long', params: { minutes: Math.floor((Date.parse(jst('2026-11-25', '09:00')) - Date.parse(session.openedAt)) / 60_000), max: 120, recordedLate: 1 } },
    ]);
    const back = await clerk.ok('checkouts.return', { id: out.id, returnedAt: jst('2026-11-24', '17:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: null, notes: null });
    expect(back.anomalies).toEqual([
      { code: 'overdue', params: { hours: 15, open: 0, recordedLate: 1 }, facts: [{ term: 'dueAt', values: [{ at: out.dueAt }] }, { term: 'returnedAt', values: [{ at: jst('2026-11-24', '17:00') }] }] },
    ]);
    const left = await clerk.ok('visitors.signOut', { id: visit.id, leftAt: jst('2026-11-24', '10:30'), cardReturned: false });
    // With the day's hours and the time the visitor left, under it (a user probe: the review said neither).
    const hours = [{ term: 'businessHours', values: [{ text: '08:00', until: '20:00' }] }, { term: 'leftAt', values: [{ at: jst('2026-11-24', '10:30') }] }];
    expect(left.anomalies).toEqual([{ code: 'no_exit_time', params: { recordedLate: 1 } }, { code: 'inside_after_hours', params: { recordedLate: 1 }, facts: hours }]);

    // A correction of the time does not clear it: the lock was recorded when it was.
    const amended = await clerk.ok('cabinetLog.amend', { id: session.id, changes: { lockedAt: jst('2026-11-24', '10:10') }, reason: '時刻の訂正' });
    expect(amended.anomalies.map((a) => a.code)).toEqual(['not_locked_by_end_of_day', 'open_too_long']);
    // The lists and the month's review show them too.
    expect((await clerk.ok('cabinetLog.get', { id: session.id })).anomalies.map((a) => a.code)).toEqual(['not_locked_by_end_of_day', 'open_too_long']);
    expect((await clerk.ok('visitors.get', { id: early.id })).anomalies).toEqual([]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  });

  it('a session recorded whole the next morning (opened and locked at once) is not flagged by it', async () => {
    const { c, clerk, hq, sasaki } = await serverRoomFixture(jst('2026-11-25', '09:00'));
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-02', name: '契約書庫', location: '本社3F', siteId: hq.id, contentClass: 'confidential', custodianId: sasaki.id, notes: null });
    c.advance(60_000);
    const whole = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-24', '10:00'), openedBy: sasaki.id, purpose: '契約書の確認', lockedAt: jst('2026-11-24', '10:20'), lockedBy: sasaki.id, notes: null });
    expect(whole.anomalies).toEqual([]);
  });
});
