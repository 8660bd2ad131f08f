import { describe, expect, it } from 'vitest';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { SETUP } from '../helpers/temp-daicho';

// An insider probe: a server-room stay recorded on 11/05, corrected to enter on 12/01, then claimed to
// have been written before it happened, and nothing noticed. A correction in any ledger does not move a
// time of something that happened past when it was written down (the record's time past the record's
// recording, a closing past its closing's), with the same five minutes' grace a new record has.

const refusedAt = (field: string, messageKey: string, recordedAt: string) => ({ field, messageKey, params: { recordedAt } });

describe('a correction does not date what happened after it was written down', () => {
  it('a server-room stay: its entry not after the stay was recorded, its exit not after the exit was; nothing is stored', async () => {
    const f = await serverRoomFixture(jst('2026-11-05', '10:00'));
    const { d, c, clerk, sm, hq, yamada, sasaki } = f;
    // Typed in after the fact, whole: recorded at 10:00 on 11/05.
    const whole = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-05', '09:00'), exitedAt: jst('2026-11-05', '09:30'), purpose: 'maintenance' });
    // Recorded on entry at 10:00; its exit recorded at 12:00.
    const open = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-05', '10:00'), purpose: 'maintenance' });
    c.set(jst('2026-11-05', '12:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('serverRoom.recordExit', { id: open.id, exitedAt: jst('2026-11-05', '12:00') });

    c.set(jst('2026-12-07', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const before = f.fingerprint();
    const recorded = jst('2026-11-05', '10:00');
    // Moved to December, entry and exit: each said at its field, with when it was written down.
    const moved = await clerk.call('serverRoom.amend', { id: whole.id, changes: { enteredAt: jst('2026-12-01', '09:00'), exitedAt: jst('2026-12-01', '09:30') }, reason: '日付の訂正' });
    expect(moved).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (moved.ok) throw new Error('taken');
    expect(moved.error.issues).toEqual([refusedAt('enteredAt', 'errors.field.after_recorded', recorded), refusedAt('exitedAt', 'errors.field.after_closing_recorded', recorded)]);
    // A few minutes past the recording is within the clocks' grace; ten is not.
    expect(await sm.call('serverRoom.amend', { id: open.id, changes: { enteredAt: jst('2026-11-05', '10:10') }, reason: '入室時刻の訂正' })).toMatchObject({
      ok: false, error: { field: 'enteredAt', messageKey: 'errors.field.after_recorded', params: { recordedAt: recorded } },
    });
    // The exit was written down at 12:00: not after it, though after the stay was recorded is right.
    expect(await sm.call('serverRoom.amend', { id: open.id, changes: { exitedAt: jst('2026-11-05', '12:30') }, reason: '退室時刻の訂正' })).toMatchObject({
      ok: false, error: { field: 'exitedAt', messageKey: 'errors.field.after_closing_recorded', params: { recordedAt: jst('2026-11-05', '12:00') } },
    });
    // The correction's preview (the stay form's) refuses the same, and judges a time that stays as it was.
    const preview = { id: whole.id, siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-12-01', '09:00'), exitedAt: jst('2026-12-01', '09:30') };
    expect(await clerk.call('serverRoom.preview', preview)).toMatchObject({ ok: false, error: { issues: [refusedAt('enteredAt', 'errors.field.after_recorded', recorded), refusedAt('exitedAt', 'errors.field.after_closing_recorded', recorded)] } });
    expect(await clerk.call('serverRoom.preview', { ...preview, enteredAt: jst('2026-11-05', '09:00'), exitedAt: jst('2026-11-05', '09:30') })).toMatchObject({ ok: true });
    expect(f.fingerprint()).toEqual(before);
    expect(d.store.db.prepare('SELECT entered_at, exited_at FROM server_room_stays WHERE id = ?').get(whole.id)).toEqual({ entered_at: jst('2026-11-05', '09:00'), exited_at: jst('2026-11-05', '09:30') });

    // Earlier, or within the grace, is taken; so is an exit first given by the correction itself.
    expect(await sm.ok('serverRoom.amend', { id: open.id, changes: { enteredAt: jst('2026-11-05', '10:04'), exitedAt: jst('2026-11-05', '12:04') }, reason: '時刻の訂正' })).toMatchObject({ enteredAt: jst('2026-11-05', '10:04') });
    expect(await clerk.ok('serverRoom.amend', { id: whole.id, changes: { enteredAt: jst('2026-11-05', '08:30') }, reason: '入室時刻の訂正' })).toMatchObject({ enteredAt: jst('2026-11-05', '08:30') });
    const left = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-12-07', '09:00'), purpose: 'maintenance' });
    c.set(jst('2026-12-07', '15:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect(await clerk.ok('serverRoom.amend', { id: left.id, changes: { exitedAt: jst('2026-12-07', '14:00') }, reason: '退室の記録漏れ' })).toMatchObject({ exitedAt: jst('2026-12-07', '14:00') });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a cabinet session and a visitor slip: the correction and its preview refuse the same, in the screen’s words', async () => {
    const f = await serverRoomFixture(jst('2026-11-05', '10:00'));
    const { d, c, clerk, sm, hq, yamada, kimura } = f;
    const cabinet = await sm.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: f.sasaki.id, notes: null });
    await sm.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: kimura.id, authorized: true, reason: '人事担当' });
    const session = await clerk.ok('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jst('2026-11-05', '09:00'), openedBy: kimura.id, purpose: '書類の確認', lockedAt: jst('2026-11-05', '09:30'), lockedBy: kimura.id, notes: null });
    const visit = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-05', '09:45') });
    c.set(jst('2026-11-05', '11:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('visitors.signOut', { id: visit.id, leftAt: jst('2026-11-05', '11:00'), cardReturned: false });

    c.set(jst('2026-12-07', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const head = d.store.journalHead().seq;
    const recorded = jst('2026-11-05', '10:00');
    const later = { openedAt: jst('2026-12-01', '09:00'), lockedAt: jst('2026-12-01', '09:30') };
    const said = { ok: false, error: { code: 'invalid_input', issues: [refusedAt('openedAt', 'errors.field.after_recorded', recorded), refusedAt('lockedAt', 'errors.field.after_closing_recorded', recorded)] } };
    expect(await clerk.call('cabinetLog.previewAmend', { id: session.id, changes: later })).toMatchObject(said);
    expect(await clerk.call('cabinetLog.amend', { id: session.id, changes: later, reason: '日付の訂正' })).toMatchObject(said);
    expect(await clerk.call('visitors.previewAmend', { id: visit.id, changes: { arrivedAt: jst('2026-11-05', '10:30') } })).toMatchObject({
      ok: false, error: { field: 'arrivedAt', messageKey: 'errors.field.after_recorded', params: { recordedAt: recorded } },
    });
    expect(await clerk.call('visitors.amend', { id: visit.id, changes: { leftAt: jst('2026-11-05', '13:00') }, reason: '退館時刻の訂正' })).toMatchObject({
      ok: false, error: { field: 'leftAt', messageKey: 'errors.field.after_closing_recorded', params: { recordedAt: jst('2026-11-05', '11:00') } },
    });
    expect(d.store.journalHead().seq).toBe(head);
    // Earlier is taken.
    expect(await clerk.ok('cabinetLog.amend', { id: session.id, changes: { openedAt: jst('2026-11-05', '08:50') }, reason: '開錠時刻の訂正' })).toMatchObject({ openedAt: jst('2026-11-05', '08:50') });
    expect(await clerk.ok('visitors.amend', { id: visit.id, changes: { leftAt: jst('2026-11-05', '10:50') }, reason: '退館時刻の訂正' })).toMatchObject({ leftAt: jst('2026-11-05', '10:50') });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
