import { describe, expect, it } from 'vitest';
import { jst, MIN, serverRoomFixture } from './server-room-fixture';

// The desk's form says what a stay as typed would be marked with before it is recorded
// (serverRoom.preview): the same rules as the book's, nothing stored (a note of the last round: a stay
// typed in days late was said to be late only after it was recorded).

describe('serverRoom.preview', () => {
  it('judges a stay as typed by the book\'s own rules, the same as it is once recorded, and stores nothing', async () => {
    const { d, clerk, hq, yamada, sasaki, kimura } = await serverRoomFixture();
    const journal = () => (d.store.db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
    const before = journal();
    const codes = async (input: Record<string, unknown>) =>
      (await clerk.ok('serverRoom.preview', { siteId: hq.id, personId: yamada.id, ...input } as never)).anomalies.map((a) => a.code);

    // Typed four days after it happened (a Friday, in business hours): late, by the site's limit.
    const late = await clerk.ok('serverRoom.preview', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-20', '10:00'), exitedAt: jst('2026-11-20', '10:30') });
    expect(late.anomalies).toEqual([{ code: 'late_record', params: { hours: 96, max: 24 } }]);
    // This morning: nothing to say.
    expect(await codes({ enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30') })).toEqual([]);
    // Someone not authorized; a visitor with no escort; a holiday (勤労感謝の日).
    expect(await codes({ personId: kimura.id, enteredAt: jst('2026-11-24', '09:00') })).toEqual(['not_authorized']);
    expect(await codes({ enteredAt: jst('2026-11-24', '09:00'), escorts: [null, yamada.id] })).toEqual(['visitor_without_escort']);
    expect(await codes({ enteredAt: jst('2026-11-24', '09:00'), employees: [sasaki.id, kimura.id] })).toEqual(['not_authorized']);
    expect(await codes({ enteredAt: jst('2026-11-23', '09:00'), exitedAt: jst('2026-11-23', '09:10') })).toEqual(['outside_business_hours', 'late_record']);
    // Exactly the limit after is not late (anomalies.ts lateRecord).
    expect(await codes({ enteredAt: jst('2026-11-23', '10:00'), exitedAt: jst('2026-11-23', '10:10') })).toEqual(['outside_business_hours']);
    expect(journal()).toBe(before);
    expect((await clerk.ok('serverRoom.list', {})).total).toBe(0);

    // Once recorded, the stay is marked as the form said.
    const recorded = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-20', '10:00'), exitedAt: jst('2026-11-20', '10:30'), purpose: 'maintenance' });
    expect(recorded.anomalies).toEqual(late.anomalies);
    // The same times again, as a new stay: it overlaps the one recorded; as a correction of that stay, it does not overlap itself.
    expect(await codes({ enteredAt: jst('2026-11-20', '10:10'), exitedAt: jst('2026-11-20', '10:20') })).toEqual(['overlapping_stay', 'late_record']);
    expect(await codes({ id: recorded.id, enteredAt: jst('2026-11-20', '10:10'), exitedAt: jst('2026-11-20', '10:20') })).toEqual(['late_record']);
    d.close();
  });

  it('judges a correction as it would be written: recorded when it was, its exit recorded now when the correction closes it', async () => {
    const { d, c, clerk, hq, yamada } = await serverRoomFixture(jst('2026-11-26', '10:00'));
    const open = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-26', '09:00'), purpose: 'maintenance' });
    c.advance(5 * MIN);
    // Moved back to yesterday 10:03: recorded 23 h 57 min after it (when it was recorded, 10:00), not late — as a new stay now (10:05) would be.
    const moved = await clerk.ok('serverRoom.preview', { id: open.id, siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-25', '10:03'), exitedAt: null });
    expect(moved.anomalies.map((a) => a.code)).toEqual(['no_exit_by_end_of_day', 'over_max_stay']);
    // A minute earlier it is late.
    const earlier = await clerk.ok('serverRoom.preview', { id: open.id, siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-25', '09:59'), exitedAt: null });
    expect(earlier.anomalies.map((a) => a.code)).toEqual(['no_exit_by_end_of_day', 'over_max_stay', 'late_record']);
    // Closed by the correction: as the corrected stay is marked.
    const closed = await clerk.ok('serverRoom.preview', { id: open.id, siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-26', '09:00'), exitedAt: jst('2026-11-26', '09:40') });
    const amended = await clerk.ok('serverRoom.amend', { id: open.id, changes: { exitedAt: jst('2026-11-26', '09:40') }, reason: '退室の記入漏れ' });
    expect(closed.anomalies).toEqual(amended.anomalies);
    // A voided stay is not previewed as a correction.
    await clerk.ok('serverRoom.void', { id: open.id, reason: '二重登録' });
    expect(await clerk.call('serverRoom.preview', { id: open.id, siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-26', '09:00') })).toMatchObject({
      ok: false, error: { code: 'conflict', messageKey: 'serverRoom.errors.voided' },
    });
    d.close();
  });

  it('tells a staff member only of their own stay, and names no colleague for them', async () => {
    const { d, staff, hq, yamada, sasaki, kimura } = await serverRoomFixture();
    expect(await staff.call('serverRoom.preview', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:00') })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'serverRoom.errors.own_only' },
    });
    // Naming a colleague is refused, as the record refuses it: nothing said of whether he is authorized.
    expect(await staff.call('serverRoom.preview', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), employees: [kimura.id] })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'serverRoom.errors.companions_keepers_only' },
    });
    const own = await staff.ok('serverRoom.preview', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), escorts: [yamada.id] });
    expect(own.anomalies).toEqual([]);
    d.close();
  });
});
