import { describe, expect, it } from 'vitest';
import { assetFixture } from './assets-fixture';
import { jst } from './server-room-fixture';

// An insider probe of 2026-12-07: a staff member dated checkouts, cabinet sessions and server-room stays
// to 2000–2005 (before anything was registered), and each put an overdue month on the safety manager's
// list. No record is dated before the first month its ledger's retention keeps (five years by default); someone who keeps only their own records types
// nothing before last month began (the desk types older paper records). The clock is 2026-11-24.

describe('records dated far back', () => {
  it('are refused at their time field, for everyone before the retention period and for one’s own records before last month; nothing is stored', async () => {
    const f = await assetFixture();
    const { d, clerk, staff, yamada, hq, card } = f;
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: f.sasaki.id, notes: null });
    const head = d.store.journalHead().seq;
    const session = (openedAt: string, lockedAt: string) => ({ cabinetId: cabinet.id, openedAt, openedBy: yamada.id, purpose: '確認', lockedAt, lockedBy: yamada.id, notes: null });
    const slip = (checkedOutAt: string, dueAt: string) => ({ ...f.base(card.id, yamada.id), checkedOutAt, dueAt });
    const stay = (day: string) => ({ siteId: hq.id, personId: yamada.id, enteredAt: jst(day, '10:00'), exitedAt: jst(day, '10:30'), purpose: 'maintenance' });
    const tooOld = { ok: false, error: { code: 'invalid_input', messageKey: 'errors.field.too_old', params: { years: 5 } } };
    const tooOldOwn = { ok: false, error: { code: 'invalid_input', messageKey: 'errors.field.too_old_own' } };

    // 2001: refused for the staff member and for the clerk alike.
    for (const who of [staff, clerk]) {
      expect(await who.call('cabinetLog.add', session(jst('2001-03-05', '10:00'), jst('2001-03-05', '10:10')))).toMatchObject({ ...tooOld, error: { ...tooOld.error, field: 'openedAt' } });
      expect(await who.call('checkouts.add', slip(jst('2000-01-04', '10:00'), jst('2000-01-05', '10:00')))).toMatchObject({ ...tooOld, error: { ...tooOld.error, field: 'checkedOutAt' } });
      expect(await who.call('serverRoom.record', stay('2003-02-05'))).toMatchObject({ ...tooOld, error: { ...tooOld.error, field: 'enteredAt' } });
    }
    // Before the first month the retention keeps (November 2021, five years by default) is refused; that month is not, for the clerk.
    expect(await clerk.call('cabinetLog.add', session(jst('2021-10-31', '10:00'), jst('2021-10-31', '10:10')))).toMatchObject(tooOld);

    // September (before last month): the staff member is sent to the desk; October is his to type.
    expect(await staff.call('cabinetLog.add', session(jst('2026-09-30', '10:00'), jst('2026-09-30', '10:10')))).toMatchObject({ ...tooOldOwn, error: { ...tooOldOwn.error, field: 'openedAt' } });
    expect(await staff.call('checkouts.add', slip(jst('2026-09-30', '10:00'), jst('2026-09-30', '18:00')))).toMatchObject(tooOldOwn);
    expect(await staff.call('serverRoom.record', stay('2026-09-30'))).toMatchObject(tooOldOwn);
    expect(d.store.journalHead().seq).toBe(head);

    await staff.ok('cabinetLog.add', session(jst('2026-10-01', '10:00'), jst('2026-10-01', '10:10')));
    await staff.ok('serverRoom.record', stay('2026-10-01'));
    // The desk types September's paper, and one from five years back to the day.
    await clerk.ok('serverRoom.record', stay('2026-09-30'));
    await clerk.ok('cabinetLog.add', session(jst('2021-11-01', '10:00'), jst('2021-11-01', '10:10')));
    // A correction that moves a record far back is refused as well.
    const s = await clerk.ok('serverRoom.record', stay('2026-11-02'));
    expect(await clerk.call('serverRoom.amend', { id: s.id, changes: { enteredAt: jst('2019-11-02', '10:00'), exitedAt: jst('2019-11-02', '10:30') }, reason: '誤記' })).toMatchObject(tooOld);
    d.close();
  });
});
