import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';
import { accountFor } from './review-fixture';
import { keeperPerson, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';

// Insider probe 9 (API surface and roles): a clerk keeps the registers (SPEC §1), but nobody raises
// their own powers alone (SPEC §2, Art. 15; the accounts already refuse a self-grant of a role). Entry
// to the server room and to a cabinet of personal data is granted by the safety manager's say (Art. 4(2),
// 4(3), 6). A clerk linked to their own person record used the register to let themselves in.

const KIMURA_PASSWORD = 'Aki-no-sora-6634';

async function clerkWithPerson() {
  const f = await serverRoomFixture();
  // 木村 (E1003) is registered NOT authorized for the server room; he is a clerk.
  const kimuraClerk = await accountFor(f, 'kimura.clerk', '木村 三郎', ['clerk'], f.kimura.id, KIMURA_PASSWORD);
  const authorizations = (area: string) =>
    (f.d.store.db.prepare('SELECT count(*) AS n FROM authorizations WHERE person_id = ? AND area = ? AND valid_to IS NULL').get(f.kimura.id, area) as { n: number }).n;
  return { ...f, kimuraClerk, authorizations };
}

describe('a clerk and their own person record', () => {
  it('a clerk grants their own person no server-room authorization: refused, nothing stored, and their entry is still flagged not authorized (an insider probe)', async () => {
    const { d, kimuraClerk, kimura, hq, authorizations } = await clerkWithPerson();
    const head = d.store.journalHead().seq;
    const r = await kimuraClerk.call('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: true }, reason: '入室許可' });
    // Expected: refused (their own access is granted by someone else, e.g. the safety manager), nothing stored.
    expect(r.ok).toBe(false);
    expect(authorizations('server_room')).toBe(0);
    expect(d.store.journalHead().seq).toBe(head);
    // And so their own entry is still judged unauthorized.
    const stay = await kimuraClerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-11-24', '09:50'), purpose: 'maintenance' });
    expect(stay.anomalies.map((a) => a.code)).toContain('not_authorized');
    d.close();
  });

  it('a clerk authorizes their own person to open no cabinet: refused, nothing stored (an insider probe)', async () => {
    const { d, clerk, kimuraClerk, kimura, sasaki, hq, authorizations } = await clerkWithPerson();
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const r = await kimuraClerk.call('cabinets.setAuthorized', { cabinetId: cab.id, personId: kimura.id, authorized: true, reason: '許可' });
    expect(r.ok).toBe(false);
    expect(authorizations(`cabinet:${cab.id}`)).toBe(0);
    d.close();
  });

  it('a clerk makes their own person no cabinet’s key custodian: refused, the custodian unchanged (an insider probe)', async () => {
    const { d, clerk, kimuraClerk, kimura, sasaki, hq } = await clerkWithPerson();
    const cab = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null });
    const r = await kimuraClerk.call('cabinets.amend', { id: cab.id, changes: { custodianId: kimura.id }, reason: '鍵管理者変更' });
    expect(r.ok).toBe(false);
    expect((await clerk.ok('cabinets.get', { id: cab.id })).custodianId).toBe(sasaki.id);
    d.close();
  });

  it('held: the same grants by someone else (another clerk, the safety manager) work, and a clerk still keeps others in the register', async () => {
    const { d, clerk, sm, kimuraClerk, kimura, yamada, sasaki, hq, authorizations } = await clerkWithPerson();
    await clerk.ok('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: true }, reason: '安全管理責任者の指示により入室許可' });
    expect(authorizations('server_room')).toBe(1);
    const cab = await sm.ok('cabinets.add', { code: 'C-02', name: '契約書庫', location: '本社3F', siteId: hq.id, contentClass: 'confidential', custodianId: sasaki.id, notes: null });
    await kimuraClerk.ok('cabinets.setAuthorized', { cabinetId: cab.id, personId: yamada.id, authorized: true, reason: '担当業務のため' });
    expect((await kimuraClerk.ok('cabinets.authorized', { cabinetId: cab.id })).map((a) => a.personId)).toEqual([yamada.id]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('an account is not linked to a person it granted entry to before the link: grant first, be linked after, is refused too (a review)', async () => {
    const f = await serverRoomFixture();
    const { d, admin, sm, kimura } = f;
    // Linked first to another person of the register (an account no person stands behind grants nothing: errors.no_person_behind).
    const other = await keeperPerson(sm, { name: '木下 健', kana: 'キノシタ ケン', employeeNo: 'E3902' });
    const clerk2 = await accountFor(f, 'kimura.desk', '木村 三郎（総務）', ['clerk'], other.id, KIMURA_PASSWORD);
    await clerk2.ok('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: true }, reason: '入室許可' });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const head = d.store.journalHead().seq;
    expect(await admin.call('accounts.setPerson', { id: f.accountId('kimura.desk'), personId: kimura.id, reason: '本人の登録', approval: SM_APPROVAL })).toMatchObject({
      ok: false, error: { code: 'conflict', messageKey: 'accounts.errors.link_own_grant', field: 'personId' },
    });
    expect(d.store.journalHead().seq).toBe(head);
    // Granted again by someone else, the link is made.
    await sm.ok('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: false }, reason: '許可の登録し直し' });
    await sm.ok('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: true }, reason: '安全管理責任者の許可' });
    await admin.ok('accounts.setPerson', { id: f.accountId('kimura.desk'), personId: kimura.id, reason: '本人の登録', approval: SM_APPROVAL });
    d.close();
  });
});
