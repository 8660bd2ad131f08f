import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// SPEC §4.2 through the real dispatcher on a real encrypted store: the cabinets register, who may
// open a cabinet (dated), the open/lock log with one open session per cabinet, locking by the
// opener or a clerk, the anomalies, and the journal verifies.

async function cabinetFixture() {
  const f = await serverRoomFixture();
  const cabinet = await f.clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F 総務部', siteId: f.hq.id, contentClass: 'personal', custodianId: f.sasaki.id, notes: null });
  return { ...f, cabinet };
}

describe('cabinets register and open/lock log (SPEC §4.2, Art. 4(3))', () => {
  it('a staff member reads of who may open a cabinet only themselves; the register’s keepers read everyone (an insider probe)', async () => {
    const { d, clerk, staff, sm, yamada, kimura, cabinet } = await cabinetFixture();
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: kimura.id, authorized: true, reason: '人事担当' });
    // Not authorized: nothing (not 木村's name, employee number and grant reason).
    expect(await staff.ok('cabinets.authorized', { cabinetId: cabinet.id })).toEqual([]);
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: yamada.id, authorized: true, reason: '給与担当' });
    expect((await staff.ok('cabinets.authorized', { cabinetId: cabinet.id })).map((a) => a.personId)).toEqual([yamada.id]);
    for (const keeper of [clerk, sm]) expect((await keeper.ok('cabinets.authorized', { cabinetId: cabinet.id })).map((a) => a.personId).sort()).toEqual([kimura.id, yamada.id].sort());
    d.close();
  });

  it('registers cabinets (numbers unique among those in use), authorizes people from now, opens and locks, with history and verify', async () => {
    const { d, c, clerk, staff, hq, yamada, sasaki, kimura, cabinet } = await cabinetFixture();
    expect(cabinet).toMatchObject({ code: 'C-01', names: { siteId: '本社', custodianId: '佐々木 次郎' }, status: 'valid' });
    expect(await clerk.call('cabinets.add', { code: 'C-01', name: '別', location: '別', siteId: hq.id, contentClass: 'other', custodianId: sasaki.id })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'code', messageKey: 'cabinets.errors.code_taken' },
    });
    // Staff read the register (to pick a cabinet) but do not keep it.
    expect((await staff.ok('cabinets.list', {})).total).toBe(1);
    expect(await staff.call('cabinets.add', { code: 'C-02', name: 'x', location: 'x', siteId: hq.id, contentClass: 'other', custodianId: sasaki.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Authorized from now (10:00:30), with a reason; ending it is dated too.
    c.advance(30_000);
    const list = await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: yamada.id, authorized: true, reason: '人事担当' });
    expect(list).toEqual([expect.objectContaining({ personId: yamada.id, name: '山田 太郎', since: c.clock().toISOString(), grantedBy: '田中 一郎' })]);
    expect(await clerk.call('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: yamada.id, authorized: true, reason: null })).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });

    // Authorized within the minute the opening is recorded at: that opening is authorized (times are to the minute).
    const sameMinute = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-24', '10:00'), openedBy: yamada.id, purpose: '同じ分', lockedAt: jst('2026-11-24', '10:00'), lockedBy: yamada.id });
    expect(sameMinute.anomalies).toEqual([]);
    // The staff member opens it for themselves (an own-records keeper), a minute later; the site comes from the cabinet.
    c.advance(1 * MIN);
    const session = await staff.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: c.clock().toISOString(), openedBy: yamada.id, purpose: '人事書類の確認', lockedAt: null, lockedBy: null, notes: null });
    expect(session).toMatchObject({ siteId: hq.id, names: { cabinetId: '人事書類庫', openedBy: '山田 太郎' }, lockedAt: null, anomalies: [] });
    // …not for someone else.
    expect(await staff.call('cabinetLog.add', { cabinetId: cabinet.id, openedAt: c.clock().toISOString(), openedBy: kimura.id, purpose: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'openedBy' } });
    // One open session per cabinet.
    expect(await clerk.call('cabinetLog.add', { cabinetId: cabinet.id, openedAt: c.clock().toISOString(), openedBy: sasaki.id, purpose: '重複' })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'cabinetId', messageKey: 'cabinets.errors.already_open' },
    });
    expect((await staff.ok('cabinetLog.openNow', {})).map((o) => [o.cabinetCode, o.session.id])).toEqual([['C-01', session.id]]);

    // The opener locks it (now, by themselves).
    c.advance(2 * MIN);
    const locked = await staff.ok('cabinetLog.lock', { id: session.id });
    expect(locked).toMatchObject({ lockedAt: c.clock().toISOString(), lockedBy: yamada.id, anomalies: [] });
    expect(await staff.call('cabinetLog.lock', { id: session.id })).toMatchObject({ ok: false, error: { messageKey: 'cabinets.errors.already_locked' } });
    expect(await staff.ok('cabinetLog.openNow', {})).toEqual([]);

    // An opening corrected to after its locking is said at the time corrected (a probe: at the untouched 施錠日時).
    expect(await clerk.call('cabinetLog.amend', { id: session.id, changes: { openedAt: new Date(Date.parse(locked.lockedAt!) + MIN).toISOString() }, reason: '時刻の訂正' })).toMatchObject({
      ok: false, error: { field: 'openedAt', messageKey: 'cabinets.errors.open_after_lock' },
    });
    // Corrections with a reason; the history says who did what.
    const amended = await clerk.ok('cabinetLog.amend', { id: session.id, changes: { purpose: '人事書類の確認（異動）' }, reason: '目的の補足' });
    expect(amended.amendCount).toBe(1);
    const history = await clerk.ok('cabinetLog.history', { id: session.id });
    expect(history.map((h) => h.action)).toEqual(['cabinetLog.add', 'cabinetLog.lock', 'cabinetLog.amend']);
    // Ending an authorization keeps its period: who could open the cabinet when, who ended it, why.
    const after = await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: yamada.id, authorized: false, reason: '異動' });
    expect(after).toEqual([expect.objectContaining({ personId: yamada.id, until: c.clock().toISOString(), endedBy: '田中 一郎', endReason: '異動', reason: '人事担当' })]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('judges the anomalies: unauthorized, outside hours, open too long, not locked by the end of the day, locked by another', async () => {
    const { d, c, clerk, staff, yamada, kimura, sasaki, cabinet } = await cabinetFixture();
    // Kimura is not authorized and not the custodian; opened on Friday at 19:00 and locked at 21:30 by Sasaki.
    const s = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-20', '19:00'), openedBy: kimura.id, purpose: '残業', lockedAt: jst('2026-11-20', '21:30'), lockedBy: sasaki.id });
    expect(s.anomalies.map((a) => a.code).sort()).toEqual(['locked_by_other', 'not_authorized', 'not_locked_by_end_of_day', 'open_too_long', 'recorded_late'].sort()); // typed in days later
    // The custodian may always open it; a Saturday is outside business hours.
    const sat = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-21', '10:00'), openedBy: sasaki.id, purpose: '棚卸', lockedAt: jst('2026-11-21', '10:30'), lockedBy: sasaki.id });
    expect(sat.anomalies.map((a) => a.code)).toEqual(['outside_business_hours', 'recorded_late']);
    // Why, under each (a user probe: 「営業時間外の開錠」 showed the opening's time alone): the day's hours, or no business day.
    const hours = [{ term: 'businessHours', values: [{ text: '08:00', until: '20:00' }] }];
    expect(sat.anomalies[0].facts).toEqual([{ term: 'businessHours', values: [{ key: 'review.factValues.dayOff' }] }]);
    expect(s.anomalies.find((a) => a.code === 'not_locked_by_end_of_day')?.facts).toEqual(hours);
    // Still open now (10:00) since 08:30 today: not past the end of the business day, and 90 minutes is not over 2 hours.
    const open = await staff.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-24', '08:30'), openedBy: yamada.id, purpose: '確認' });
    expect(open.anomalies.map((a) => a.code)).toEqual(['not_authorized']);
    c.set(jst('2026-11-24', '20:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk }); // idle since the morning
    const late = await clerk.ok('cabinetLog.get', { id: open.id });
    expect(late.anomalies.map((a) => a.code).sort()).toEqual(['not_authorized', 'not_locked_by_end_of_day', 'open_too_long'].sort());
    // "Anomalies only" lists them (a month at a time).
    const flagged = await clerk.ok('cabinetLog.list', { month: '2026-11', anomaliesOnly: true });
    expect(flagged.total).toBe(3);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a staff member sees only their own sessions; a retired cabinet cannot be opened; the lock is not before the opening', async () => {
    const { d, c, clerk, staff, sm, yamada, sasaki, cabinet } = await cabinetFixture();
    const mine = await staff.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: c.clock().toISOString(), openedBy: yamada.id, purpose: '確認' });
    expect(await staff.call('cabinetLog.lock', { id: mine.id, lockedAt: jst('2026-11-24', '09:00') })).toMatchObject({ ok: false, error: { field: 'lockedAt', messageKey: 'cabinets.errors.lock_before_open' } });
    // 施錠日時 and 施錠者 go together: one without the other is said as the pair, at the one missing, and nothing is stored.
    const head = d.store.journalHead().seq;
    expect(await clerk.call('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-23', '09:00'), openedBy: yamada.id, purpose: 'x', lockedAt: jst('2026-11-23', '09:30'), lockedBy: null })).toMatchObject({
      ok: false, error: { field: 'lockedBy', messageKey: 'cabinets.errors.locked_by_needed' },
    });
    expect(await clerk.call('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-23', '09:00'), openedBy: yamada.id, purpose: 'x', lockedAt: null, lockedBy: sasaki.id })).toMatchObject({
      ok: false, error: { field: 'lockedAt', messageKey: 'cabinets.errors.locked_at_needed' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    await clerk.ok('cabinetLog.lock', { id: mine.id, lockedBy: sasaki.id });
    const other = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: c.clock().toISOString(), openedBy: sasaki.id, purpose: '他人の' });
    // Open, it is not retired, nor moved to another site.
    expect(await clerk.call('cabinets.void', { id: cabinet.id, reason: '撤去' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'cabinets.errors.in_use' } });
    expect((await staff.ok('cabinetLog.list', { month: '2026-11' })).rows.map((r) => r.id)).toEqual([mine.id]);
    expect(await staff.call('cabinetLog.get', { id: other.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await staff.call('cabinetLog.lock', { id: other.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await sm.call('cabinetLog.lock', { id: other.id })).toMatchObject({ ok: false, error: { field: 'lockedBy', messageKey: 'errors.field.required' } }); // a keeper with no person of her own (the safety manager) names who locked it
    await clerk.ok('cabinetLog.lock', { id: other.id, lockedBy: sasaki.id });
    await clerk.ok('cabinets.void', { id: cabinet.id, reason: '撤去' });
    expect(await clerk.call('cabinetLog.add', { cabinetId: cabinet.id, openedAt: c.clock().toISOString(), openedBy: sasaki.id, purpose: 'x' })).toMatchObject({
      ok: false, error: { code: 'conflict', messageKey: 'cabinets.errors.retired' },
    });
    // Nor opened again by a correction of its last session (an insider probe: the retired cabinet showed open); its other fields may still be corrected.
    expect(await clerk.call('cabinetLog.amend', { id: other.id, changes: { lockedAt: null, lockedBy: null }, reason: '施錠の記録は誤り' })).toMatchObject({
      ok: false, error: { code: 'conflict', field: 'lockedAt', messageKey: 'cabinets.errors.retired' },
    });
    expect((await clerk.ok('cabinetLog.openNow', {})).map((o) => o.session.id)).toEqual([]);
    await clerk.ok('cabinetLog.amend', { id: other.id, changes: { purpose: '人事書類の確認' }, reason: '目的の訂正' });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('refuses a lock by someone else from a staff member, times yet to come, hours that end before they start; a correction keeps the site', async () => {
    const { d, c, sm, clerk, staff, yamada, sasaki, osaka, cabinet } = await cabinetFixture();
    const now = c.clock().toISOString();
    expect(await staff.call('cabinetLog.add', { cabinetId: cabinet.id, openedAt: now, openedBy: yamada.id, purpose: 'x', lockedAt: now, lockedBy: sasaki.id })).toMatchObject({
      ok: false, error: { code: 'forbidden', field: 'lockedBy', messageKey: 'cabinets.errors.lock_others' },
    });
    expect(await clerk.call('cabinetLog.add', { cabinetId: cabinet.id, openedAt: '2099-01-01T00:00:00Z', openedBy: sasaki.id, purpose: 'x' })).toMatchObject({ ok: false, error: { field: 'openedAt', messageKey: 'errors.field.future' } });
    const s = await staff.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: now, openedBy: yamada.id, purpose: '確認' });
    expect(await staff.call('cabinetLog.lock', { id: s.id, lockedAt: '2099-01-01T00:00:00Z' })).toMatchObject({ ok: false, error: { field: 'lockedAt', messageKey: 'errors.field.future' } });
    await staff.ok('cabinetLog.lock', { id: s.id });
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    expect(await sm.call('cabinetLog.updateSettings', { siteId: cabinet.siteId, changes: { businessStart: '20:00', businessEnd: '08:00' }, reason: '夜間の運用に合わせる' })).toMatchObject({
      ok: false, error: { field: 'changes.businessEnd', messageKey: 'cabinets.errors.hours_order' },
    });
    // The cabinet moves to 大阪: its old session keeps its site when corrected.
    await clerk.ok('cabinets.amend', { id: cabinet.id, changes: { siteId: osaka.id }, reason: '移設' });
    const corrected = await clerk.ok('cabinetLog.amend', { id: s.id, changes: { purpose: '確認（補足）' }, reason: '補足' });
    expect(corrected.siteId).toBe(cabinet.siteId);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('the locker is judged at the lock’s own time: a session typed in whole, or a lock time corrected, does not name a person who had left by then (a probe)', async () => {
    const { d, c, clerk, sasaki, mori, cabinet } = await cabinetFixture(); // 森 (mori) suspended at 2026-11-24 10:00
    c.set(jst('2026-11-24', '15:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const base = { cabinetId: cabinet.id, openedBy: sasaki.id, purpose: '書類確認', notes: null };
    const head = d.store.journalHead().seq;
    // Opened before he left, locked after it: judged at the lock, not the opening.
    expect(await clerk.call('cabinetLog.add', { ...base, openedAt: jst('2026-11-24', '09:00'), lockedAt: jst('2026-11-24', '11:00'), lockedBy: mori.id })).toMatchObject({
      ok: false, error: { field: 'lockedBy', messageKey: 'errors.person_inactive' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    // Locked by him before he left: stands; its lock time moved to after it, refused at the locker.
    const s = await clerk.ok('cabinetLog.add', { ...base, openedAt: jst('2026-11-24', '09:00'), lockedAt: jst('2026-11-24', '09:30'), lockedBy: mori.id });
    expect(await clerk.call('cabinetLog.amend', { id: s.id, changes: { lockedAt: jst('2026-11-24', '10:30') }, reason: '時刻の訂正' })).toMatchObject({
      ok: false, error: { field: 'lockedBy', messageKey: 'errors.person_inactive' },
    });
    expect((await clerk.ok('cabinetLog.get', { id: s.id })).lockedAt).toBe(jst('2026-11-24', '09:30'));
    d.close();
  });
});
