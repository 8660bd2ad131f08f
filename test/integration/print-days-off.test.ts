import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';
import { paperText } from '../../shared/print/sheet';

// Paper marks a time on a day off by the site's own calendar — the one its rules judge 営業時間外 by
// (a walk-through: 11/15 10:30 marked 営業時間外の入室, a Sunday, with nothing on the page to say so;
// a review: a company holiday went unmarked, a Saturday the site works was marked).
describe('a time on a day off, on paper', () => {
  it('is marked by the site’s calendar in the server-room book and in a kit ledger’s sheet', async () => {
    const f = await serverRoomFixture(jst('2026-11-10', '09:00'));
    const { d, c, sm, clerk, hq, yamada } = f;
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('calendar.update', { siteId: hq.id, companyHolidays: ['2026-11-20'], workedHolidays: ['2026-11-14'], reason: '創立記念日と棚卸' });
    c.set(jst('2026-11-25', '09:00'));
    await clerk.ok('auth.unlock', { password: 'Sakura-fubuki-3917' });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    for (const day of ['2026-11-14', '2026-11-15', '2026-11-20', '2026-11-24'])
      await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst(day, '10:00'), exitedAt: jst(day, '10:30'), purpose: 'maintenance' });
    const book = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11', format: 'print' });
    expect(book.rows.map((r) => paperText(r.cells[0]))).toEqual(['11/14 10:00', '11/15（日） 10:00', '11/20（金・休） 10:00', '11/24 10:00']);
    const visit = await clerk.ok('visitors.add', { siteId: hq.id, name: '来訪 太郎', company: '株式会社サンプル', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-20', '13:00') });
    const slips = await sm.ok('print.sheet', { ledger: 'visitors', siteId: hq.id, month: '2026-11', format: 'print' });
    expect(JSON.stringify(slips.rows)).toContain('11/20（金・休） 13:00');
    expect(visit.id).toBeTruthy();
    d.close();
  });
});
