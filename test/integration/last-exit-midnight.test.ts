import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// The last-exit checklist's window (windowOf, ledgers/last-exit/index.ts) when the last person left
// after midnight (a business day's exit may be the next morning): found by a probe, the window's cap at
// the end of the business day ended it before its exit, and a cabinet opened at 00:30 and still open
// at the 01:30 exit went unsaid. The window never ends before the exit.

const ITEMS = DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null }));

describe('a checklist whose exit is after midnight', () => {
  it('still says what was open at the exit when it was opened after midnight', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '23:00'));
    const { c, clerk, staff, hq, yamada, d } = f;
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: hq.id, contentClass: 'personal', custodianId: yamada.id });
    c.set(jst('2026-11-25', '00:35'));
    await staff.ok('auth.unlock', { password: PASSWORDS.staff });
    await staff.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-25', '00:30'), openedBy: yamada.id, purpose: '夜間の確認' });
    c.set(jst('2026-11-25', '01:40'));
    await staff.ok('auth.unlock', { password: PASSWORDS.staff });
    expect((await staff.ok('lastExit.warnings', { siteId: hq.id })).openCabinets).toHaveLength(1);
    const rec = await staff.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-25', '01:30'), lastPersonId: yamada.id, items: ITEMS, notes: null });
    expect(rec.anomalies).toContainEqual({ code: 'left_open', params: { count: 1 }, facts: [{ term: 'cabinetsOpen', values: [{ text: 'C-01 人事書類庫' }] }] });
    d.close();
  });

  it('names a cabinet once, however many of its sessions the evening holds (a walk-through: named and counted twice)', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '18:00'));
    const { c, clerk, hq, yamada, d } = f;
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '3F', siteId: hq.id, contentClass: 'personal', custodianId: yamada.id });
    const first = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '17:55'), openedBy: yamada.id, purpose: '書類の出し入れ' });
    c.set(jst('2026-11-24', '19:05'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const rec = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-11-24', exitedAt: jst('2026-11-24', '19:00'), lastPersonId: yamada.id, items: ITEMS, notes: null });
    // Locked after the checklist, then opened and locked again the same evening.
    c.set(jst('2026-11-24', '19:10'));
    await clerk.ok('cabinetLog.lock', { id: first.id, lockedBy: yamada.id });
    c.set(jst('2026-11-24', '19:30'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const again = await clerk.ok('cabinetLog.add', { cabinetId: cab.id, openedAt: jst('2026-11-24', '19:20'), openedBy: yamada.id, purpose: '忘れ物' });
    await clerk.ok('cabinetLog.lock', { id: again.id, lockedBy: yamada.id });
    expect((await clerk.ok('lastExit.get', { id: rec.id })).anomalies).toEqual([{ code: 'left_open', params: { count: 1 }, facts: [{ term: 'cabinetsOpen', values: [{ text: 'C-01 人事書類庫' }] }] }]);
    d.close();
  });
});
