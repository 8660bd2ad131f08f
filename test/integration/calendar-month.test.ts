import { expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// The business-day calendar page's month (calendar.month): the days begun, each as the rules judge it —
// by the site's calendar as it stood when that day began (a review: the page showed a holiday typed in
// today on a past day that the rules still count as a business day).

it('says how each day of a month up to today is judged: a holiday saved today moves none of them, one planned ahead counts on its day', async () => {
  const { d, c, sm, staff, hq } = await serverRoomFixture(jst('2026-11-24', '10:00'));
  await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  const kinds = async (month: string) => Object.fromEntries((await staff.ok('calendar.month', { siteId: hq.id, month })).days.map((x) => [x.date, x.kind]));

  await sm.ok('calendar.update', { siteId: hq.id, companyHolidays: ['2026-11-20', '2026-11-24', '2026-11-26'], workedHolidays: ['2026-11-22'], reason: '試験' });
  const november = await staff.ok('calendar.month', { siteId: hq.id, month: '2026-11' });
  expect(november.today).toBe('2026-11-24');
  // Up to today only; each as it stood when it began: the 20th and today stay business days, the 22nd a Sunday.
  expect(november.days.map((x) => x.date).at(-1)).toBe('2026-11-24');
  expect(await kinds('2026-11')).toMatchObject({ '2026-11-20': 'business', '2026-11-22': 'weekend', '2026-11-23': 'national_holiday', '2026-11-24': 'business' });
  // Two days on, the 26th began under the saved calendar: a company holiday.
  c.set(jst('2026-11-26', '09:00'));
  await staff.ok('auth.unlock', { password: PASSWORDS.staff });
  expect(await kinds('2026-11')).toMatchObject({ '2026-11-20': 'business', '2026-11-24': 'business', '2026-11-26': 'company_holiday' });
  // A month still to begin has no day judged yet.
  expect((await staff.ok('calendar.month', { siteId: hq.id, month: '2027-01' })).days).toEqual([]);
  d.close();
});
