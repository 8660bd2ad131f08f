import { expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';

// Migration 51 (visitors/migration.ts): a visitor slip written more than a day after the day of the
// visit is marked recorded_late, with when it was written, as a cabinet opening, a checkout and a
// last-exit checklist are (an insider probe: a visit typed in a week later, backdated, had no mark).
// Data made with this version: from the beginning. The upgrade from v50: upgrade-v50.test.ts.

it('a visitor slip written more than a day after the visit is marked recorded late, with when it was written, on the slip and in the month’s review', async () => {
  const { d, clerk, sm, hq, yamada } = await serverRoomFixture(); // Tue 2026-11-24 10:00
  expect(d.settings.get('visitors.lateRuleFrom')).toBeNull();
  const add = async (name: string, date: string, from: string) =>
    clerk.ok('visitors.add', { siteId: hq.id, name, company: '株式会社ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst(date, from) });
  const codes = (v: { anomalies: { code: string }[] }) => v.anomalies.map((a) => a.code);
  // Today, and yesterday (within a day after that day ended): no mark.
  const today = await add('当日 一郎', '2026-11-24', '09:30');
  expect(codes(today)).toEqual([]);
  const yesterday = await add('前日 二郎', '2026-11-23', '23:00');
  expect(codes(yesterday)).not.toContain('recorded_late');
  // The day before yesterday, and a week back: marked, with when it was written.
  const late = await add('後日 三郎', '2026-11-22', '23:59');
  expect(late.anomalies.find((a) => a.code === 'recorded_late')).toEqual({ code: 'recorded_late', facts: [{ term: 'recordedAt', values: [{ at: jst('2026-11-24', '10:00') }] }] });
  const week = await add('後日 四郎', '2026-11-17', '14:00');
  expect(codes(week)).toContain('recorded_late');
  // A slip written on its day and corrected later to a week back (backdated by a correction): marked too.
  const moved = await clerk.ok('visitors.amend', { id: today.id, changes: { arrivedAt: jst('2026-11-16', '09:30') }, reason: '日付の誤り' });
  expect(codes(moved)).toContain('recorded_late');
  // Signed out: the mark stays (it is about when the slip was written).
  expect(codes(await clerk.ok('visitors.signOut', { id: week.id, leftAt: jst('2026-11-17', '15:00'), cardReturned: false }))).toEqual(['recorded_late']);
  // The month's review has it as an item to dispose of, named by the visitor, with its fact.
  const review = await sm.ok('review.get', { ledger: 'visitors', siteId: hq.id, month: '2026-11' });
  const items = review.items.filter((i) => i.code === 'recorded_late');
  expect(items.map((i) => i.label).sort()).toEqual(['当日 一郎 / 株式会社ネクスト', '後日 三郎 / 株式会社ネクスト', '後日 四郎 / 株式会社ネクスト']);
  expect(items.every((i) => !i.informational)).toBe(true);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  d.close();
});
