import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// The last-exit checklist as an insider tried it (SPEC §4.4, Art. 9): a probe of 2026-12-03.

const ALL_OK = DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null }));

describe('the last-exit checklist against an insider', () => {
  it('a checklist of a day cannot take an exit time of the next evening, which hides what was left open overnight', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '19:00'));
    const { c, clerk, hq, yamada, sasaki } = f;
    // 佐々木 goes into the server room at 19:00 on 11/24 and stays the night (out at 08:30 on 11/25).
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '19:00'), purpose: 'incident' });
    c.set(jst('2026-11-25', '08:35'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.recordExit', { id: stay.id, exitedAt: jst('2026-11-25', '08:30') });
    // That evening, the 11/24 checklist is typed in: all OK, its last exit "11/25 20:00" — a full working day after its own day.
    c.set(jst('2026-11-25', '20:05'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const r = await clerk.call('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-25', '20:00'), lastPersonId: yamada.id, items: ALL_OK, notes: null });
    // The business day itself or the next morning before 06:00: an exit the next evening is another day's.
    expect(r).toMatchObject({ ok: false, error: { field: 'exitedAt', messageKey: 'lastExit.errors.exit_not_that_day', params: { hours: 6 } } });
    // Before 06:00 it answers for the night: 佐々木 was still in the server room.
    const early = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-25', '05:30'), lastPersonId: yamada.id, items: ALL_OK, notes: null });
    expect(early.anomalies.map((a) => a.code)).toContain('left_open');
    // One kept under the earlier rule (an exit the next evening, allowed then) stays correctable in its notes (a review).
    f.d.store.write({ actor: 'system', station: 'test' }, (tx) => tx.update('last_exit_checks' as never, early.id, { exited_at: new Date(jst('2026-11-25', '19:00')).toISOString() }, { action: 'lastExit.amend', reason: '旧規則での記録（試験）' }));
    expect((await clerk.ok('lastExit.amend', { id: early.id, changes: { notes: '翌日夜の記入' }, reason: '備考の追記' })).notes).toBe('翌日夜の記入');
    expect(await clerk.call('lastExit.amend', { id: early.id, changes: { exitedAt: jst('2026-11-25', '19:30') }, reason: '時刻の訂正' })).toMatchObject({ ok: false, error: { messageKey: 'lastExit.errors.exit_not_that_day' } });
    f.d.close();
  });

  it('refuses a checker who had left, a staff member naming someone else, and the same day twice', async () => {
    // 森 left (people.setActive false) at 19:00; the checklist's exit is 19:20.
    const f = await serverRoomFixture(jst('2026-11-24', '19:00'));
    f.c.set(jst('2026-11-24', '19:30'));
    const { clerk, staff, hq, mori, sasaki, yamada } = f;
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await staff.ok('auth.unlock', { password: PASSWORDS.staff });
    const day = { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:20'), items: ALL_OK, notes: null };
    expect(await clerk.call('lastExit.add', { ...day, lastPersonId: mori.id })).toMatchObject({ ok: false, error: { field: 'lastPersonId', messageKey: 'errors.person_inactive' } });
    expect(await staff.call('lastExit.add', { ...day, lastPersonId: sasaki.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const ok = await staff.ok('lastExit.add', { ...day, lastPersonId: yamada.id });
    expect(await clerk.call('lastExit.add', { ...day, lastPersonId: sasaki.id })).toMatchObject({ ok: false, error: { messageKey: 'lastExit.errors.already_recorded' } });
    // Two at once: one stands.
    await clerk.ok('lastExit.void', { id: ok.id, reason: '二重登録のため取消' });
    const both = await Promise.all([clerk.call('lastExit.add', { ...day, lastPersonId: sasaki.id }), clerk.call('lastExit.add', { ...day, lastPersonId: yamada.id })]);
    expect(both.filter((b) => b.ok)).toHaveLength(1);
    f.d.close();
  });
});
