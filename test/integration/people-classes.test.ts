import { describe, expect, it } from 'vitest';
import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { CARD_HOLDER_SQL } from '../../electron/core/ledgers/server-room/door-credentials';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// A bad-input probe of the people register: a card number or an employee number that differs only in
// case was a second one (the door told two people apart by the case the reader typed), and a person
// who has left could be given a card, the server room, a cabinet, an account, or go in as a companion.

describe('the people register: one card, one number, whatever the case; nothing new for a person who has left', () => {
  it('refuses a card or an employee number taken in another case, keeps cards in capitals and finds them either way at the door', async () => {
    const { d, sm, admin, hq, yamada, fingerprint } = await serverRoomFixture();
    const base = { name: '重複 試験', kana: 'ジュウフク シケン', department: '総務部', siteId: hq.id, serverRoomAuthorized: true };
    const before = fingerprint();
    // The fixture gave 山田 CARD1001 and E1001.
    expect(await sm.call('people.add', { ...base, employeeNo: 'U-900', cardNo: 'card1001' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'people.errors.card_no_taken', field: 'cardNo' } });
    // …or with a hyphen, as the register's other codes are read (an insider probe: E-1001 beside E1001).
    for (const employeeNo of ['e1001', 'E-1001', 'e-1001'])
      expect(await sm.call('people.add', { ...base, employeeNo, cardNo: null }), employeeNo).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'people.errors.employee_no_taken', field: 'employeeNo' } });
    // An employee number left empty (or only spaces) is asked for, not said to be in the wrong form (a walk-through).
    for (const employeeNo of ['', '   '])
      expect(await sm.call('people.add', { ...base, employeeNo, cardNo: null })).toMatchObject({ ok: false, error: { messageKey: 'errors.field.required', field: 'employeeNo' } });
    expect(await sm.call('people.add', { ...base, employeeNo: '社員1', cardNo: null })).toMatchObject({ ok: false, error: { messageKey: 'people.errors.employee_no', field: 'employeeNo' } });
    // Nothing stored: a card refused within the day's free ones is not even journaled (people/card-waits.ts).
    expect(fingerprint()).toEqual(before);
    // A new card typed in small letters is kept in capitals; a correction to the same card in another case is no change.
    const p = await sm.ok('people.add', { ...base, employeeNo: 'U-900', cardNo: 'ab12cd34' });
    expect(p.cardNo).toBe('••••CD34');
    expect(await sm.call('people.amend', { id: p.id, changes: { cardNo: '••••CD34' }, reason: 'カードの再登録' })).toMatchObject({ ok: false, error: { messageKey: 'people.errors.card_no' } });
    // A short card is never shown whole.
    expect((await sm.ok('people.add', { ...base, employeeNo: 'U-902', cardNo: 'ab12' })).cardNo).toBe('••••12');
    // A reading typed in half-width ｶﾅ is kept full-width (it sorted after ワ).
    expect((await sm.ok('people.add', { ...base, kana: 'ﾃｽﾄ ﾀﾛｳ', employeeNo: 'U-901', cardNo: null })).kana).toBe('テスト タロウ');
    expect(await sm.call('people.amend', { id: p.id, changes: { cardNo: 'Ab12Cd34' }, reason: '表記' })).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });
    // At the door, the reader's case does not matter: one card, one person.
    await admin.ok('terminal.start', { siteId: hq.id, password: SETUP.sysadmin.password });
    for (const cardNo of ['CARD1001', 'card1001', 'Card1001']) expect(await admin.ok('terminal.identify', { cardNo })).toMatchObject({ personName: yamada.name });
    // Found by one probe of migration 30's indexes on the folded numbers, not a scan.
    for (const [sql, index] of [[CARD_HOLDER_SQL, 'door_credentials_card_upper'], ['SELECT id FROM people WHERE upper(employee_no) = upper(?)', 'people_employee_no_upper']])
      expect((d.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((p) => p.detail).join(' ')).toContain(index);
    d.close();
  });

  it('gives a person who has left no card, no server room, no cabinet, no account, and no place as a companion', async () => {
    const { d, c, sm, admin, clerk, hq, yamada, sasaki, mori, fingerprint } = await serverRoomFixture();
    const before = fingerprint();
    const left = { code: 'invalid_input', messageKey: 'errors.person_left', params: { name: mori.name } };
    expect(await sm.call('people.amend', { id: mori.id, changes: { cardNo: 'ABCD1234' }, reason: '再発行' })).toMatchObject({ ok: false, error: { ...left, field: 'cardNo' } });
    expect(await sm.call('people.amend', { id: mori.id, changes: { serverRoomAuthorized: false }, reason: '取消' })).toMatchObject({ ok: true });
    expect(await sm.call('people.amend', { id: mori.id, changes: { serverRoomAuthorized: true }, reason: '許可' })).toMatchObject({ ok: false, error: { ...left, field: 'serverRoomAuthorized' } });
    expect(await admin.call('accounts.create', { loginId: 'mori.shiro', displayName: '森 四郎', personId: mori.id, roles: ['staff'], password: 'Kari-no-pass-8301' }))
      .toMatchObject({ ok: false, error: { ...left, field: 'personId' } });
    const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    expect(await clerk.call('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: mori.id, authorized: true, reason: null })).toMatchObject({ ok: false, error: { ...left, field: 'personId' } });
    // 森 left at 10:00 (the fixture): a stay after that, not one of the morning (he was there then).
    c.set(jst('2026-11-24', '10:04'));
    const stay = { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '10:01'), exitedAt: jst('2026-11-24', '10:03'), purpose: 'maintenance' };
    expect(await clerk.call('serverRoom.record', { ...stay, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), companions: { employees: [{ personId: mori.id }], visitors: [] } })).toMatchObject({ ok: true });
    expect(await clerk.call('serverRoom.record', { ...stay, companions: { employees: [{ personId: mori.id }], visitors: [] } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'errors.person_inactive', field: 'companions.employees.0.personId' } });
    expect(fingerprint().stays).toBe(before.stays + 1);
    // Someone who is on the staff goes in as a companion as before.
    expect(await clerk.call('serverRoom.record', { ...stay, companions: { employees: [{ personId: sasaki.id }], visitors: [] } })).toMatchObject({ ok: true });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('resets the password of an account linked to a person only with a safety manager’s approval (an insider probe: reset, PIN set, in at the door as him)', async () => {
    const { d, admin, accountId } = await serverRoomFixture();
    const id = accountId('yamada.staff');
    expect(await admin.call('accounts.resetPassword', { id, temporaryPassword: 'Atarashii-kagi-5521', reason: '忘れたため' })).toMatchObject({
      ok: false, error: { code: 'invalid_input', messageKey: 'accounts.errors.reset_approval_required' },
    });
    expect((await admin.ok('accounts.list', {})).find((a) => a.id === id)).toMatchObject({ resetNeeds: 'safety_manager' });
    await admin.ok('accounts.resetPassword', { id, temporaryPassword: 'Atarashii-kagi-5521', reason: '忘れたため', approval: SM_APPROVAL });
    // An account linked to no one resets as before.
    await admin.ok('accounts.create', { loginId: 'kato.hiroshi', displayName: '加藤 博', personId: null, roles: ['staff'], password: 'Kari-no-pass-8301' });
    expect((await admin.ok('accounts.list', {})).find((a) => a.loginId === 'kato.hiroshi')).toMatchObject({ resetNeeds: 'none' });
    d.close();
  });

  it('a card kept in small letters before is the same card in capitals: taken, found at the door, and no correction rewrites it (a review)', async () => {
    const { d, sm, admin, hq, yamada, sasaki } = await serverRoomFixture();
    // As data from before cards were kept in capitals holds it (written straight into the file, so this test does not verify).
    d.store.db.prepare('UPDATE door_credentials SET card_no = ? WHERE person_id = ?').run('card1001', yamada.id);
    const base = { name: '重複 試験', kana: 'ジュウフク シケン', department: '総務部', siteId: hq.id, serverRoomAuthorized: false, employeeNo: 'U-902' };
    expect(await sm.call('people.add', { ...base, cardNo: 'CARD1001' })).toMatchObject({ ok: false, error: { messageKey: 'people.errors.card_no_taken' } });
    expect(await sm.call('people.amend', { id: yamada.id, changes: { cardNo: 'CARD1001' }, reason: '表記' })).toMatchObject({ ok: false, error: { messageKey: 'errors.no_change' } });
    await admin.ok('terminal.start', { siteId: hq.id, password: SETUP.sysadmin.password });
    expect(await admin.ok('terminal.identify', { cardNo: 'CARD1001' })).toMatchObject({ personName: yamada.name });
    // Old data with the same card in both cases for two people: the door lets neither in by it.
    d.store.db.prepare('UPDATE door_credentials SET card_no = ? WHERE person_id = ?').run('CARD1001', sasaki.id);
    expect(await admin.call('terminal.identify', { cardNo: 'card1001' })).toMatchObject({ ok: false, error: { code: 'not_found', messageKey: 'terminal.errors.unknown_card' } });
    d.close();
  });

  it('an administrator who is a safety manager too still needs another one’s approval to link a person (a probe)', async () => {
    const { d, admin, accountId, sasaki } = await serverRoomFixture();
    await admin.ok('accounts.setRoles', { id: accountId(SETUP.sysadmin.loginId), roles: ['sysadmin', 'safety_manager'], reason: '兼任', approval: SM_APPROVAL });
    await admin.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    expect(await admin.call('accounts.setPerson', { id: accountId('tanaka.clerk'), personId: sasaki.id, reason: '紐付け' })).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.link_approval_required' } });
    await admin.ok('accounts.setPerson', { id: accountId('tanaka.clerk'), personId: sasaki.id, reason: '紐付け', approval: SM_APPROVAL });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('an account linked to a person who has left is signed out and cannot sign in again until they are back (a probe)', async () => {
    const { d, sm, staff, yamada } = await serverRoomFixture();
    await sm.ok('people.setActive', { id: yamada.id, active: false, reason: '退職' });
    expect(await staff.call('serverRoom.mine', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    const again = new Caller(d);
    expect(await again.call('auth.signIn', { loginId: 'yamada.staff', password: PASSWORDS.staff })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'auth.errors.person_left' } });
    expect(d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'auth.signin.refused_left'").get()).toEqual({ n: 1 });
    // A wrong password is told as any wrong password (nothing about the person to whoever tries).
    expect(await again.call('auth.signIn', { loginId: 'yamada.staff', password: 'not-the-password-1' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    await sm.ok('people.setActive', { id: yamada.id, active: true, reason: '再雇用' });
    expect(await again.call('auth.signIn', { loginId: 'yamada.staff', password: PASSWORDS.staff })).toMatchObject({ ok: true });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a card given to a person after they were registered is an item of every site’s server-room review (a probe: a clerk account made alone gave an employee its own card)', async () => {
    const { d, sm, clerk, hq, osaka, sasaki } = await serverRoomFixture();
    const cardItems = async (siteId: string) => (await sm.ok('review.get', { ledger: 'serverRoom', siteId, month: '2026-11' })).items.filter((i) => i.kind === 'register_change' && i.params?.change === 'serverRoom.registerChanges.card_changed');
    expect(await cardItems(hq.id)).toEqual([]);
    await clerk.ok('people.amend', { id: sasaki.id, changes: { cardNo: 'NEWCARD01' }, reason: '再発行' });
    for (const siteId of [hq.id, osaka.id]) expect(await cardItems(siteId)).toEqual([expect.objectContaining({ kind: 'register_change', params: expect.objectContaining({ person: sasaki.name, reason: '再発行' }) })]);
    // Taking a card away is no item (the door lets no one in by it).
    await clerk.ok('people.amend', { id: sasaki.id, changes: { cardNo: null }, reason: '返却' });
    expect(await cardItems(hq.id)).toHaveLength(1);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});
