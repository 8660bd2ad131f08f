import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// SPEC §5: a month's review is due by day N of the next month (a setting). A month is due by the day
// in force when it ended (setting-versions.ts, migration 39): an insider probe set the day to 28 on
// 20 November, and October's review, ten days overdue, read "due 28 November" and left the overdue list.

describe('the review due day (review.dueDay) over time', () => {
  it('a change moves the due day of the months that end after it, never of one already ended', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '12:00'));
    const { c, d, sm, clerk, admin, hq, yamada } = f;
    await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-10-20', '09:40') });
    c.set(jst('2026-11-20', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('visitors.add', { siteId: hq.id, name: '佐藤 花', company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-20', '09:40') });
    const unit = async (month: string) => (await sm.ok('review.list', { month })).find((u) => u.ledger === 'visitors' && u.siteId === hq.id)!;
    const overdue = async () => (await sm.ok('review.list', { due: true })).filter((u) => u.overdue).map((u) => `${u.ledger} ${u.month}`);
    expect(await unit('2026-10')).toMatchObject({ dueOn: '2026-11-10', overdue: true, state: 'open' });
    const before = await overdue();
    expect(before).toContain('visitors 2026-10');

    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('settings.update', { reviewDueDay: 28 });
    expect((await admin.ok('settings.get', {})).reviewDueDay).toBe(28);

    // October ended under day 10: still due on 10 November, still overdue; November's is due on 28 December.
    expect(await unit('2026-10')).toMatchObject({ dueOn: '2026-11-10', overdue: true });
    expect(await overdue()).toEqual(before);
    c.set(jst('2026-12-11', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect(await unit('2026-11')).toMatchObject({ dueOn: '2026-12-28', overdue: false });
    // A change back in December: November (ended under 28) keeps its day; December's follows the new one.
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('settings.update', { reviewDueDay: 5 });
    expect(await unit('2026-11')).toMatchObject({ dueOn: '2026-12-28', overdue: false });
    c.set(jst('2027-01-02', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect((await unit('2026-12')).dueOn).toBe('2027-01-05');
    // The versions are journaled rows (verify rebuilds them), each in force from its write.
    expect(d.store.db.prepare("SELECT version, value FROM setting_versions WHERE key = 'review.dueDay' ORDER BY version").all()).toEqual([
      { version: 0, value: null },
      { version: 1, value: '28' },
      { version: 2, value: '5' },
    ]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
