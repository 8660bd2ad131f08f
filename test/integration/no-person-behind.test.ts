import { describe, expect, it } from 'vitest';
import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';
import { accountFor } from './review-fixture';

// An insider probe (s21–s23, s32): an administrator alone made a clerk account no person of the register
// stands behind (a link needs the safety manager's approval; a role alone does not), signed in as it,
// voided his own server-room stay and gave himself a cabinet — the own-record and self-grant rules
// compare people, and this account had none. Such an account now corrects, voids and grants nothing
// (errors.no_person_behind); it still records new entries.

const SHADOW_PASSWORD = 'Yama-Kawa-Sora-7781';
const refused = { ok: false, error: { code: 'forbidden', messageKey: 'errors.no_person_behind' } };

async function shadowClerk() {
  const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
  const { clerk, hq, sasaki, yamada } = f;
  // 佐々木 is the administrator himself in the register: his stay out of hours, and a colleague's.
  const his = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-21', '22:10'), exitedAt: jst('2026-11-21', '22:40'), purpose: 'maintenance' });
  const colleague = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '08:30'), exitedAt: jst('2026-11-24', '08:50'), purpose: 'maintenance' });
  const cabinet = await clerk.ok('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: yamada.id, notes: null });
  // The administrator alone (no approval asked): a clerk account with no person.
  const created = await f.admin.ok('accounts.create', { loginId: 'kato.hiroshi', displayName: '加藤 博', personId: null, roles: ['clerk'], password: 'Kawa-Nagare-4821x' });
  expect(created.personId).toBeNull();
  const shadow = new Caller(f.d);
  await shadow.ok('auth.signIn', { loginId: 'kato.hiroshi', password: 'Kawa-Nagare-4821x' });
  await shadow.ok('auth.changePassword', { currentPassword: 'Kawa-Nagare-4821x', newPassword: SHADOW_PASSWORD });
  return { ...f, shadow, his, colleague, cabinet };
}

describe('an account no person of the register stands behind', () => {
  it('cannot void, correct or preview a correction of a stay (his own, or anyone\'s), and nothing is stored', async () => {
    const { d, shadow, his, colleague, hq, sasaki } = await shadowClerk();
    const head = d.store.journalHead().seq;
    for (const stay of [his, colleague]) {
      expect(await shadow.call('serverRoom.void', { id: stay.id, version: stay.version, reason: 'テスト入力の誤登録であることを確認したため無効にする' })).toMatchObject(refused);
      expect(await shadow.call('serverRoom.amend', { id: stay.id, changes: { enteredAt: jst('2026-11-21', '09:10'), exitedAt: jst('2026-11-21', '09:40') }, reason: '時刻の誤記' })).toMatchObject(refused);
    }
    expect(
      await shadow.call('serverRoom.preview', { id: his.id, siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-21', '09:10'), exitedAt: jst('2026-11-21', '09:40') }),
    ).toMatchObject(refused);
    expect(d.store.journalHead().seq).toBe(head);
    expect(d.store.db.prepare('SELECT status, entered_at FROM server_room_stays WHERE id = ?').get(his.id)).toEqual({ status: 'valid', entered_at: his.enteredAt });
    d.close();
  });

  it('cannot grant or end a cabinet authorization, a key, or server-room entry — to himself or anyone', async () => {
    const { d, shadow, cabinet, sasaki, kimura, yamada, hq } = await shadowClerk();
    const head = d.store.journalHead().seq;
    const grant = (personId: string) => shadow.call('cabinets.setAuthorized', { cabinetId: cabinet.id, personId, authorized: true, reason: '大阪拠点の監査対応のため閲覧が必要' });
    expect(await grant(sasaki.id)).toMatchObject(refused);
    expect(await grant(kimura.id)).toMatchObject(refused);
    expect(await shadow.call('people.amend', { id: sasaki.id, changes: { serverRoomAuthorized: false }, reason: '異動' })).toMatchObject(refused);
    expect(await shadow.call('people.amend', { id: kimura.id, changes: { serverRoomAuthorized: true }, reason: '入室許可' })).toMatchObject(refused);
    // The key: a cabinet's custodian is a grant too (amended, or named at its registration).
    expect((await shadow.call('cabinets.amend', { id: cabinet.id, changes: { custodianId: sasaki.id }, reason: '管理者の交代' })).ok).toBe(false);
    expect(await shadow.call('cabinets.add', { code: 'C-02', name: '経理書類庫', location: '本社3F', siteId: hq.id, contentClass: 'personal', custodianId: sasaki.id, notes: null })).toMatchObject(refused);
    expect(d.store.journalHead().seq).toBe(head);
    expect(d.store.db.prepare("SELECT count(*) FROM authorizations WHERE area = ?").pluck().get(`cabinet:${cabinet.id}`)).toBe(0);
    expect(d.store.db.prepare("SELECT person_id FROM authorizations WHERE area = ? AND valid_to IS NULL").pluck().all(`custodian:${cabinet.id}`)).toEqual([yamada.id]);
    d.close();
  });

  it('still records new entries: a stay typed in for someone else', async () => {
    const { d, shadow, hq, yamada } = await shadowClerk();
    const stay = await shadow.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:20'), purpose: 'maintenance' });
    expect(stay.personId).toBe(yamada.id);
    d.close();
  });

  it('a site head without a person disposes of no review item that is asked of his person', async () => {
    const { d, sm, admin, shadow: _s, his, hq, c } = await shadowClerk();
    await accountFor({ d, admin } as never, 'kyoten.shadow', '影 拠点長', ['site_head'], null, 'Kage-kyoten-5520');
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('accounts.setSites', { id: (d.store.db.prepare("SELECT id FROM accounts WHERE login_id = 'kyoten.shadow'").pluck().get() as string), siteIds: [hq.id], reason: '本社の拠点長' });
    c.set(jst('2026-12-03', '10:00'));
    const head = new Caller(d);
    await head.ok('auth.signIn', { loginId: 'kyoten.shadow', password: 'Kage-kyoten-5520' });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-11' };
    const item = (await head.ok('review.get', unit)).items.find((i) => i.recordId === his.id && !i.disposition)!;
    expect(item).toBeDefined();
    const before = d.store.journalHead().seq;
    expect(await head.call('review.dispose', { ...unit, subject: item.subject, code: item.code, disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null })).toMatchObject({
      ok: false, error: { code: 'forbidden', messageKey: 'errors.no_person_behind', field: 'subject' },
    });
    expect(d.store.journalHead().seq).toBe(before);
    d.close();
  });

  it('the core tells the screens so, by its own rule: the session, the accounts list and the review answer; and no longer once linked', async () => {
    const { d, sm, admin, shadow, clerk, hq, c, kimura, accountId } = await shadowClerk();
    // The session: the personless clerk's says so; the linked clerk's and the safety manager's do not.
    expect(await shadow.ok('auth.session', {})).toMatchObject({ person: null, noPersonBehind: true });
    expect(await clerk.ok('auth.session', {})).toMatchObject({ noPersonBehind: false });
    expect(await sm.ok('auth.session', {})).toMatchObject({ noPersonBehind: false });
    // The accounts list, as the accounts screen shows it (人物の結び付けなし).
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const listed = () => admin.ok('accounts.list', {}).then((l) => Object.fromEntries(l.map((a) => [a.loginId, a.noPersonBehind])));
    expect(await listed()).toMatchObject({ 'kato.hiroshi': true, 'tanaka.clerk': false, [SETUP.safetyManager.loginId]: false });
    // A personless site head's review of a ledger asked of people: no disposition is hers to give, and the answer says so.
    const headCaller = await accountFor({ d, admin } as never, 'kyoten.shadow', '影 拠点長', ['site_head'], null, 'Kage-kyoten-5520');
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('accounts.setSites', { id: accountId('kyoten.shadow'), siteIds: [hq.id], reason: '本社の拠点長' });
    c.set(jst('2026-12-03', '10:00'));
    await headCaller.ok('auth.signIn', { loginId: 'kyoten.shadow', password: 'Kage-kyoten-5520' });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-11' };
    expect(await headCaller.ok('auth.session', {})).toMatchObject({ reviewer: true, noPersonBehind: true });
    expect(await headCaller.ok('review.get', unit)).toMatchObject({ mayReview: true, noPersonBehind: true });
    // …and the month's list says so beside the count of items left, which are none of hers to answer.
    const listedUnit = async (who: typeof sm) => (await who.ok('review.list', { month: '2026-11' })).find((u) => u.ledger === 'serverRoom' && u.siteId === hq.id)!;
    expect(await listedUnit(headCaller)).toMatchObject({ undisposed: expect.any(Number), noPersonBehind: true });
    expect((await listedUnit(headCaller)).undisposed).toBeGreaterThan(0);
    // The due list (the dashboard's, which counts no items) says it of the same units as the month's list: those with items left.
    const dueUnits = (await headCaller.ok('review.list', { due: true })).filter((u) => u.siteId === hq.id && u.month === '2026-11');
    const monthUnits = await headCaller.ok('review.list', { month: '2026-11' });
    expect(dueUnits.find((u) => u.ledger === 'serverRoom')?.noPersonBehind).toBe(true);
    expect(dueUnits.map((u) => [u.ledger, u.noPersonBehind ?? false])).toEqual(
      dueUnits.map((u) => [u.ledger, monthUnits.find((m) => m.ledger === u.ledger && m.siteId === hq.id)?.noPersonBehind ?? false]),
    );
    expect(monthUnits.filter((m) => m.siteId === hq.id && !m.noPersonBehind).length).toBeGreaterThan(0);
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    expect(await sm.ok('review.get', unit)).toMatchObject({ noPersonBehind: false });
    expect((await listedUnit(sm)).noPersonBehind).toBeUndefined();
    // Linked to a person (the safety manager approving): every flag is gone.
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('accounts.setPerson', { id: accountId('kato.hiroshi'), personId: kimura.id, reason: '本人の登録', approval: SM_APPROVAL });
    expect((await listed())['kato.hiroshi']).toBe(false);
    await shadow.ok('auth.signIn', { loginId: 'kato.hiroshi', password: SHADOW_PASSWORD });
    expect(await shadow.ok('auth.session', {})).toMatchObject({ noPersonBehind: false });
    d.close();
  });

  it('a clerk linked to a person still corrects and voids others\' records, and grants others', async () => {
    const { d, clerk, colleague, cabinet, kimura } = await shadowClerk();
    const amended = await clerk.ok('serverRoom.amend', { id: colleague.id, changes: { enteredAt: jst('2026-11-24', '08:35'), exitedAt: jst('2026-11-24', '08:50') }, reason: '時刻の誤記' });
    await clerk.ok('serverRoom.void', { id: colleague.id, version: amended.version, reason: '重複して記録したため無効にする' });
    await clerk.ok('cabinets.setAuthorized', { cabinetId: cabinet.id, personId: kimura.id, authorized: true, reason: '担当業務のため' });
    expect(d.store.db.prepare('SELECT status FROM server_room_stays WHERE id = ?').pluck().get(colleague.id)).toBe('void');
    d.close();
  });
});
