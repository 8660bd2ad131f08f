import { describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../shared/api/contract';
import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { jst, MIN, PASSWORDS, serverRoomFixture, type Fixture } from './server-room-fixture';

/** A clerk signs in at the door PC and turns the window into the terminal for a site. */
async function startTerminal(f: Fixture, siteId = f.hq.id): Promise<Caller> {
  const t = new Caller(f.d, 'door-pc');
  await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
  await t.ok('terminal.start', { siteId, password: PASSWORDS.clerk });
  return t;
}

function journalTail(f: Fixture, n = 1) {
  return f.d.store.db.prepare('SELECT * FROM journal ORDER BY seq DESC LIMIT ?').all(n) as { action: string; actor: string; station: string; kind: string; entity: string; entity_id: string | null; after: string | null }[];
}

describe('server-room door terminal (SPEC §7)', () => {
  it('starts from a desk session with the password again, and then can call only terminal methods', async () => {
    const f = await serverRoomFixture();
    const t = new Caller(f.d, 'door-pc');
    await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    expect(await t.call('terminal.start', { siteId: f.hq.id, password: 'not-my-password-1' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await f.staff.call('terminal.start', { siteId: f.hq.id, password: PASSWORDS.staff })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const deskToken = t.token;
    const info = await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    expect(info).toMatchObject({ siteName: '本社', siteCode: 'HQ', companyName: '株式会社テスト商事', station: 'terminal:HQ:door-pc', idleSeconds: 20, ticketSeconds: 60 });
    expect(info.purposes.map((p) => p.code)).toEqual(['maintenance', 'backup_media', 'incident', 'equipment', 'vendor_witness', 'other']);
    expect(t.token).not.toBe(deskToken);
    expect(f.d.sessions.get(deskToken)).toBeNull(); // the desk session became the terminal session
    expect(journalTail(f)[0]).toMatchObject({ action: 'terminal.start', entity: 'sites', entity_id: f.hq.id, station: 'door-pc', actor: f.accountId('tanaka.clerk') });

    for (const m of METHOD_NAMES) {
      const access = contract[m].access;
      if (access === 'public' || access === 'terminal') continue;
      const r = await t.raw(m, {});
      expect({ m, code: r.ok ? 'ok' : r.error.code }).toEqual({ m, code: 'forbidden' });
    }
    expect(await t.call('auth.session', {})).toEqual({ ok: true, value: null });
    expect((await t.ok('terminal.info', {})).siteId).toBe(f.hq.id);
    // And desk sessions cannot use the terminal methods.
    expect(await f.clerk.call('terminal.inside', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    f.d.close();
  });

  it('a door kiosk started at a desk keeps serving the door when its starter’s roles change or password is reset; the starter’s desk sessions end (an insider probe)', async () => {
    const f = await serverRoomFixture();
    const door = new Caller(f.d, 'door-pc');
    await door.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await door.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    const clerkId = f.accountId('tanaka.clerk');
    await f.admin.ok('accounts.setRoles', { id: clerkId, roles: ['clerk', 'staff'], reason: '兼務のため' });
    expect(await f.clerk.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect((await door.ok('terminal.identify', { cardNo: 'CARD1001' })).personName).toBe('山田 太郎');
    await f.admin.ok('accounts.resetPassword', { id: clerkId, temporaryPassword: 'Kari-no-pass-9911', reason: 'パスワード忘れ', approval: SM_APPROVAL });
    expect((await door.ok('terminal.identify', { cardNo: 'CARD1002' })).personName).toBe('佐々木 次郎');
    f.d.close();
  });

  it('identifies by card once, enters with purpose and companions, shows names only, and exits with the same kind of ticket', async () => {
    const f = await serverRoomFixture();
    const t = await startTerminal(f);
    const who = await t.ok('terminal.identify', { cardNo: 'CARD1001' });
    expect(who).toMatchObject({ personName: '山田 太郎', inside: false, openStay: null, lastPurpose: null, authorized: true, canEnter: true, canExit: false });
    expect(Date.parse(who.expiresAt) - Date.parse(jst('2026-11-24', '10:00'))).toBe(60_000);

    // Visitor escort must be someone who is there.
    expect(
      await t.call('terminal.enter', { ticket: who.ticket, purpose: 'vendor_witness', companions: { visitors: [{ name: '高橋 誠', company: 'ネクスト', escortEmployeeNo: 'E1003' }] } }),
    ).toMatchObject({ ok: false, error: { field: 'companions.visitors.0.escortEmployeeNo', messageKey: 'serverRoom.errors.escort_not_present' } });
    expect(await t.call('terminal.enter', { ticket: who.ticket, purpose: 'other' })).toMatchObject({ ok: false, error: { field: 'purposeNote', messageKey: 'serverRoom.errors.purpose_note_required' } });
    // A number typed in is said back, so the one to correct is plain (a walk-through) — with its PIN, whether or not anyone has it (door-companion-pin.test.ts).
    expect(await t.call('terminal.enter', { ticket: who.ticket, purpose: 'maintenance', companions: { employees: [{ cardNo: 'CARD1002' }, { employeeNo: 'E9999', pin: '5930' }] } })).toMatchObject({
      ok: false, error: { field: 'companions.employees.1.pin', messageKey: 'terminal.errors.companion_bad_pin', params: { no: 'E9999' } },
    });
    // The refused attempts did not use up the ticket.
    const entered = await t.ok('terminal.enter', {
      ticket: who.ticket, purpose: 'vendor_witness',
      companions: { employees: [{ cardNo: 'CARD1002' }], visitors: [{ name: '高橋 誠', company: '株式会社ネクストシステムズ' }] },
    });
    expect(entered).toEqual({ action: 'enter', personName: '山田 太郎', at: '2026-11-24T01:00:00.000Z', purpose: 'vendor_witness', enteredAt: '2026-11-24T01:00:00.000Z', minutes: null });
    expect(await t.call('terminal.enter', { ticket: who.ticket, purpose: 'maintenance' })).toMatchObject({ ok: false, error: { field: 'ticket', messageKey: 'terminal.errors.ticket_expired' } });

    expect(await t.ok('terminal.inside', {})).toEqual([
      { name: '山田 太郎', kind: 'employee' },
      { name: '佐々木 次郎', kind: 'employee' },
      { name: '高橋 誠', kind: 'visitor' },
    ]);
    const desk = (await f.clerk.ok('serverRoom.inside', { siteId: f.hq.id }))[0].stays[0];
    expect(desk).toMatchObject({
      personName: '山田 太郎', recordedBy: `person:${f.yamada.id}`, recordedByName: '山田 太郎', station: 'terminal:HQ:door-pc', anomalies: [],
      companions: { employees: [{ personId: f.sasaki.id }], visitors: [{ name: '高橋 誠', escortPersonId: f.yamada.id, escortName: '山田 太郎' }] },
    });

    f.c.advance(30 * MIN);
    const again = await t.ok('terminal.identify', { cardNo: 'CARD1001' });
    expect(again).toMatchObject({ inside: true, canEnter: false, canExit: true, lastPurpose: 'vendor_witness', openStay: { here: true, stale: false, purpose: 'vendor_witness' } });
    expect(await t.call('terminal.enter', { ticket: again.ticket, purpose: 'maintenance' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.cannot_enter' } });
    expect(await t.ok('terminal.exit', { ticket: again.ticket })).toMatchObject({ action: 'exit', personName: '山田 太郎', minutes: 30 });
    expect(await t.ok('terminal.inside', {})).toEqual([]);

    // A ticket lasts 60 seconds.
    const late = await t.ok('terminal.identify', { cardNo: 'CARD1001' });
    expect(late).toMatchObject({ canEnter: true, lastPurpose: 'vendor_witness' });
    f.c.advance(61_000);
    expect(await t.call('terminal.enter', { ticket: late.ticket, purpose: 'maintenance' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.ticket_expired' } });
    // A ticket from one terminal is no good at another.
    const osakaDoor = await startTerminal(f, f.osaka.id);
    const okada = await osakaDoor.ok('terminal.identify', { cardNo: 'CARD2001' });
    expect(await t.call('terminal.enter', { ticket: okada.ticket, purpose: 'maintenance' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.ticket_expired' } });

    const history = (f.d.store.db.prepare("SELECT action, actor, station FROM journal WHERE entity = 'server_room_stays' AND kind = 'row' ORDER BY seq").all()) as { action: string; actor: string }[];
    expect(history.map((h) => [h.action, h.actor])).toEqual([['terminal.enter', `person:${f.yamada.id}`], ['terminal.exit', `person:${f.yamada.id}`]]);
    expect(f.d.verify().ok).toBe(true);
    f.d.close();
  });

  it('an exit after midnight is a night’s work, not a missed exit; a stay open past the longest stay since an earlier day is (a user probe)', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '23:31'));
    const t = await startTerminal(f);
    const yamada = await t.ok('terminal.identify', { cardNo: 'CARD1001' });
    await t.ok('terminal.enter', { ticket: yamada.ticket, purpose: 'incident' });
    const sasaki = await t.ok('terminal.identify', { cardNo: 'CARD1002' });
    await t.ok('terminal.enter', { ticket: sasaki.ticket, purpose: 'maintenance' });
    // 00:27: in at 23:31 the day before, 56 minutes ago.
    f.c.set(jst('2026-11-25', '00:27'));
    expect((await t.ok('terminal.identify', { cardNo: 'CARD1001' })).openStay).toMatchObject({ enteredAt: jst('2026-11-24', '23:31'), stale: false });
    // 09:00: nine and a half hours, past the longest stay (4 h): the exit was surely never recorded.
    f.c.set(jst('2026-11-25', '09:00'));
    expect((await t.ok('terminal.identify', { cardNo: 'CARD1002' })).openStay).toMatchObject({ stale: true });
    f.d.close();
  });

  it('refuses an unknown card and an unauthorized or inactive person with a clear message, journaling only the refusal', async () => {
    const f = await serverRoomFixture();
    const t = await startTerminal(f);
    const before = f.fingerprint();
    const tableRows = () => ['people', 'accounts', 'settings', 'server_room_stays'].map((tb) => (f.d.store.db.prepare(`SELECT count(*) AS n FROM ${tb}`).get() as { n: number }).n);
    const rowsBefore = tableRows();

    expect(await t.call('terminal.identify', { cardNo: 'NOPE9999' })).toEqual({ ok: false, error: { code: 'not_found', messageKey: 'terminal.errors.unknown_card', field: 'cardNo' } });
    expect(f.fingerprint()).toEqual({ head: before.head + 1, stays: before.stays });
    expect(tableRows()).toEqual(rowsBefore);
    const [unknown] = journalTail(f);
    expect(unknown).toMatchObject({ kind: 'event', action: 'terminal.refused_unknown_card', actor: 'terminal', station: 'terminal:HQ:door-pc', entity_id: null });
    expect(JSON.parse(unknown.after!)).toMatchObject({ by: 'card', cardNo: 'NOPE9999', siteId: f.hq.id });

    expect(await t.call('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'terminal.errors.not_authorized', params: { name: '木村 三郎' } },
    });
    expect(journalTail(f)[0]).toMatchObject({ kind: 'event', action: 'terminal.refused_not_authorized', entity: 'people', entity_id: f.kimura.id });
    expect(await t.call('terminal.identify', { cardNo: 'CARD1004' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.inactive' } });
    expect(journalTail(f)[0]).toMatchObject({ action: 'terminal.refused_inactive', entity_id: f.mori.id });
    expect(f.fingerprint()).toEqual({ head: before.head + 3, stays: before.stays });
    expect(tableRows()).toEqual(rowsBefore);

    // Someone unauthorized who is inside (recorded at the desk) may still leave.
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.kimura.id, enteredAt: jst('2026-11-24', '09:30'), purpose: 'vendor_witness' });
    const leaving = await t.ok('terminal.identify', { cardNo: 'CARD1003' });
    expect(leaving).toMatchObject({ authorized: false, canEnter: false, canExit: true, inside: true });
    expect(await t.ok('terminal.exit', { ticket: leaving.ticket })).toMatchObject({ action: 'exit', minutes: 30 });
    // Someone still recorded inside at another site can neither enter nor leave here.
    await f.clerk.ok('serverRoom.record', { siteId: f.osaka.id, personId: f.sasaki.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance' });
    expect(await t.call('terminal.identify', { cardNo: 'CARD1002' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'terminal.errors.inside_elsewhere', params: { site: '大阪拠点' } } });
    expect(f.d.verify().ok).toBe(true);
    f.d.close();
  });

  it('identifies by employee number and PIN, locking the PIN for 15 minutes after 5 wrong ones', async () => {
    const f = await serverRoomFixture();
    // The person sets their own PIN at their desk, confirming with their password.
    expect(await f.staff.call('me.setPin', { password: 'wrong-password-00', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    for (const weak of ['1234', '9876', '0000', '1001'])
      expect(await f.staff.call('me.setPin', { password: PASSWORDS.staff, pin: weak })).toMatchObject({ ok: false, error: { field: 'pin', messageKey: 'terminal.errors.pin_weak' } });
    expect(await f.staff.call('me.setPin', { password: PASSWORDS.staff, pin: '48a7' })).toMatchObject({ ok: false, error: { field: 'pin', messageKey: 'terminal.errors.pin_format' } });
    // An account linked to no one (the administrator's) has no door PIN to set.
    expect(await f.admin.call('me.setPin', { password: SETUP.sysadmin.password, pin: '4827' })).toMatchObject({ ok: false, error: { messageKey: 'serverRoom.errors.no_linked_person' } });
    expect(await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' })).toEqual({ pinSet: true });
    expect((await f.staff.ok('serverRoom.mine', {})).pinSet).toBe(true);

    const t = await startTerminal(f);
    expect((await t.ok('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).personName).toBe('山田 太郎');
    // Typed with the IME in full-width: the same number and PIN (a probe: answered as a wrong PIN).
    expect((await t.ok('terminal.identify', { employeeNo: 'Ｅ１００１', pin: '４８２７' })).personName).toBe('山田 太郎');
    expect(await t.raw('terminal.identify', { employeeNo: 'E1001' })).toMatchObject({ ok: false, error: { field: 'pin', messageKey: 'errors.field.required' } });
    expect(await t.raw('terminal.identify', { cardNo: 'CARD1001', pin: '4827' })).toMatchObject({ ok: false, error: { field: 'cardNo', messageKey: 'terminal.errors.card_or_pin' } });
    // Unknown employee numbers get the same message as a wrong PIN.
    expect(await t.call('terminal.identify', { employeeNo: 'E7777', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'bad_credentials', messageKey: 'terminal.errors.bad_pin' } });
    expect(journalTail(f)[0]).toMatchObject({ action: 'terminal.refused_unknown_employee' });

    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.call('terminal.identify', { employeeNo: 'E1001', pin: '5555' });
      keys.push(r.ok ? 'ok' : r.error.messageKey);
    }
    expect(keys).toEqual([...Array(4).fill('terminal.errors.bad_pin'), 'terminal.errors.pin_locked']);
    expect(await t.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'account_locked', params: { minutes: 15 } } });
    // The card still works while the PIN is locked.
    expect((await t.ok('terminal.identify', { cardNo: 'CARD1001' })).canEnter).toBe(true);
    // A number no one has locks as a real one does, after as many tries (a probe: it never did, so the lock told which numbers are real).
    const unknown: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.call('terminal.identify', { employeeNo: 'e7777', pin: '5555' });
      unknown.push(r.ok ? 'ok' : r.error.messageKey);
    }
    expect(unknown).toEqual([...Array(3).fill('terminal.errors.bad_pin'), 'terminal.errors.pin_locked']);
    expect(await t.call('terminal.identify', { employeeNo: 'E7777', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'account_locked', params: { minutes: 15 } } });
    f.c.advance(15 * MIN + 1000);
    expect((await t.ok('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).personName).toBe('山田 太郎');
    // Typed with the IME in full-width: the same number and PIN (a probe: answered as a wrong PIN).
    expect((await t.ok('terminal.identify', { employeeNo: 'Ｅ１００１', pin: '４８２７' })).personName).toBe('山田 太郎');
    expect(await t.call('terminal.identify', { employeeNo: 'E7777', pin: '4827' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });

    const history = await f.sm.ok('auth.unlock', { password: 'Hoshi-zora-2283' }).then(() => f.sm.ok('history.get', { entity: 'people', id: f.yamada.id }));
    expect(history.map((h) => h.action)).toEqual(['people.add', 'me.set_pin', 'terminal.pin_fail', 'terminal.pin_fail', 'terminal.pin_fail', 'terminal.pin_fail', 'terminal.pin_lock', 'terminal.refused_pin_locked', 'terminal.pin_reset_failures']);
    expect(history[1].after).toMatchObject({ pin_hash: '••••' });
    expect(history[6].after).toMatchObject({ pin_failed_count: 0, pin_locked_until: new Date(Date.parse(jst('2026-11-24', '10:00')) + 15 * MIN).toISOString() });

    // A clerk clears a forgotten PIN; the person sets a new one.
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect(await f.clerk.ok('serverRoom.clearPin', { personId: f.yamada.id, reason: 'PIN失念の申告' })).toEqual({ pinSet: false });
    // Said as a wrong PIN (「PINが設定されていません」 told a real number apart), whose hint says how to set one.
    expect(await t.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.bad_pin' } });
    expect(f.d.verify().ok).toBe(true);
    f.d.close();
  });

  it('leaves kiosk mode only with a clerk or administrator login', async () => {
    const f = await serverRoomFixture();
    const t = await startTerminal(f);
    expect(await t.call('terminal.stop', { loginId: 'yamada.staff', password: PASSWORDS.staff })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'terminal.errors.stop_role' } });
    // A wrong password and a login id that names nobody are told alike, at the same field (a walk-through:
    // the first came as a banner, the second at the password, and anyone at the door could tell real ids).
    const wrong = await t.call('terminal.stop', { loginId: 'tanaka.clerk', password: 'wrong-password-00' });
    const nobody = await t.call('terminal.stop', { loginId: 'nobody.here', password: 'wrong-password-00' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'bad_credentials', messageKey: 'auth.errors.bad_credentials' } });
    expect(nobody).toEqual(wrong);
    expect(await t.ok('terminal.stop', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk })).toBeNull();
    expect(t.token).toBeNull();
    expect(await t.call('terminal.info', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(journalTail(f)[0]).toMatchObject({ action: 'terminal.stop', actor: f.accountId('tanaka.clerk') });
    expect(f.d.verify().ok).toBe(true);
    f.d.close();
  });
});
