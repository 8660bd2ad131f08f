import { describe, expect, it } from 'vitest';
import { SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';

// Insider probe 10 (held): an erasure used to hide a record not past retention, or approved by the one who asks.

describe('retention erasure of a record typed in late (insider probe 10)', () => {
  it('a stay typed in today with a date years back is not erasable; the administrator cannot approve his own erasure', async () => {
    const f = await serverRoomFixture();
    const { admin, clerk, hq, yamada } = f;
    // (A 2019 date, before the period the book keeps, is refused as it is typed: kit/record-parts.ts refuseTooOld.)
    expect(await clerk.call('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-05-10', '10:00'), exitedAt: jst('2019-05-10', '10:30'), purpose: 'maintenance' })).toMatchObject({ ok: false, error: { messageKey: 'errors.field.too_old' } });
    const typed = await clerk.call('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2022-05-10', '10:00'), exitedAt: jst('2022-05-10', '10:30'), purpose: 'maintenance',
      notes: '秘密の作業', companions: { employees: [], visitors: [{ name: '隠 したい', company: '某社', escortPersonId: yamada.id }] },
    } as never);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // His own approval: refused.
    const self = await admin.call('retention.erase', { ledger: 'serverRoom', reason: '保存期間経過のため消去', password: SETUP.sysadmin.password, approval: { approverLoginId: SETUP.sysadmin.loginId, approverPassword: SETUP.sysadmin.password } });
    expect(self).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.approver_not_safety_manager' } });
    // With the safety manager's approval: nothing past the period (written today).
    const r = await admin.call('retention.erase', { ledger: 'serverRoom', reason: '保存期間経過のため消去', password: SETUP.sysadmin.password, approval: SM_APPROVAL });
    expect(r).toMatchObject({ ok: false, error: { messageKey: 'retention.errors.nothing' } });
    expect(typed.ok, JSON.stringify(typed)).toBe(true);
    if (typed.ok) expect(f.d.store.db.prepare('SELECT personal_erased_at FROM server_room_stays WHERE id = ?').pluck().get((typed.value as { id: string }).id)).toBeNull();
    expect(f.d.verify()).toMatchObject({ ok: true });
    f.d.close();
  });
});
