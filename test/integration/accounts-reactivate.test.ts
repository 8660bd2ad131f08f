import { describe, expect, it } from 'vitest';
import { Caller, openTemp, setUp, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { manualClock, serverRoomFixture } from './server-room-fixture';

// A walk-through: a suspended account could never be taken back into use — a mistaken suspension, or
// someone back from leave, needed a new login id, against one person one id (Art. 16(2)), and split
// their history. 利用再開 takes it back, with a reason; privileged roles come back only with a safety
// manager's approval, as if granted anew.

async function withAdmin() {
  const d = await openTemp();
  const { admin } = await setUp(d);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  return { d, admin };
}

describe('taking a suspended account back into use (利用再開)', () => {
  it('the same login id signs in again, the planned deletion goes, and the act is in the account’s history with its reason', async () => {
    const { d, admin } = await withAdmin();
    const acc = await admin.ok('accounts.create', { loginId: 'mori.y', displayName: '森 陽子', roles: ['clerk'], password: 'Kaze-no-michi-44' });
    await admin.ok('accounts.suspend', { id: acc.id, reason: '休職', plannedDeletionOn: '2027-03-31' });
    // Only a suspended one; a reason is asked.
    expect(await admin.call('accounts.reactivate', { id: acc.id, reason: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'reason' } });
    // Access granted anew: a safety manager approves, whatever its roles (insider probe 12: an administrator
    // alone kept a left employee's ID for ever, taking it back and suspending it again on each planned date).
    expect(await admin.call('accounts.reactivate', { id: acc.id, reason: '復職' })).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'accounts.errors.approval_required' } });
    const back = await admin.ok('accounts.reactivate', { id: acc.id, reason: '復職', approval: SM_APPROVAL });
    expect(back).toMatchObject({ status: 'active', plannedDeletionOn: null, loginId: 'mori.y' });
    expect(await admin.call('accounts.reactivate', { id: acc.id, reason: '復職' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'accounts.errors.not_suspended' } });
    await new Caller(d).ok('auth.signIn', { loginId: 'mori.y', password: 'Kaze-no-michi-44' });
    const history = await admin.ok('accounts.history', { id: acc.id });
    expect(history.map((h) => [h.action, h.reason])).toEqual(expect.arrayContaining([['accounts.suspend', '休職'], ['accounts.reactivate', '復職']]));
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });

  it('a privileged account comes back only with a safety manager’s approval; nor under a name another active account took meanwhile', async () => {
    const { d, admin } = await withAdmin();
    const acc = await admin.ok('accounts.create', { loginId: 'kato.admin', displayName: '加藤 誠', roles: ['sysadmin'], password: 'Yama-no-oto-8831', approval: SM_APPROVAL });
    await admin.ok('accounts.suspend', { id: acc.id, reason: '異動', plannedDeletionOn: '2027-03-31' });
    expect(await admin.call('accounts.reactivate', { id: acc.id, reason: '戻り' })).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'accounts.errors.approval_required' } });
    expect(d.store.rowById('accounts', acc.id)).toMatchObject({ status: 'suspended' });
    // Meanwhile another active account took the name: two accounts would read alike in histories and seals.
    const other = await admin.ok('accounts.create', { loginId: 'kato.makoto', displayName: '加藤　誠', roles: ['clerk'], password: 'Umi-no-koe-2290' });
    expect(await admin.call('accounts.reactivate', { id: acc.id, reason: '戻り', approval: SM_APPROVAL })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'accounts.errors.display_name_taken' } });
    await admin.ok('accounts.suspend', { id: other.id, reason: '重複', plannedDeletionOn: '2027-03-31' });
    expect(await admin.ok('accounts.reactivate', { id: acc.id, reason: '戻り', approval: SM_APPROVAL })).toMatchObject({ status: 'active', roles: ['sysadmin'] });
    d.close();
  });

  it('an account linked to a person (its door identity) comes back only with a safety manager’s approval, and not once its person has left (a review)', async () => {
    const f = await serverRoomFixture();
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const staff = f.accountId('yamada.staff');
    await f.admin.ok('accounts.suspend', { id: staff, reason: '休職', plannedDeletionOn: '2027-03-31' });
    expect(await f.admin.call('accounts.reactivate', { id: staff, reason: '復職' })).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'accounts.errors.approval_required' } });
    expect(await f.admin.ok('accounts.reactivate', { id: staff, reason: '復職', approval: SM_APPROVAL })).toMatchObject({ status: 'active' });
    // Suspended again, and his person left meanwhile: an account for someone who does not work here is not brought back.
    await f.admin.ok('accounts.suspend', { id: staff, reason: '退職予定', plannedDeletionOn: '2027-03-31' });
    await f.sm.ok('people.setActive', { id: f.yamada.id, active: false, reason: '退職' });
    expect(await f.admin.call('accounts.reactivate', { id: staff, reason: '誤り', approval: SM_APPROVAL })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.person_left' } });
    expect(f.d.store.rowById('accounts', staff)).toMatchObject({ status: 'suspended' });
    f.d.close();
  });

  it('an ID past its planned deletion date is not taken back into use (Art. 16(5); insider probe 11)', async () => {
    const c = manualClock('2026-11-24T01:00:00.000Z');
    const d = await openTemp({ clock: c.clock });
    const { admin } = await setUp(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const acc = await admin.ok('accounts.create', { loginId: 'mori.y', displayName: '森 陽子', roles: ['clerk'], password: 'Kaze-no-michi-44' });
    await admin.ok('accounts.suspend', { id: acc.id, reason: '退職', plannedDeletionOn: '2026-12-31' });
    // On the date itself it is still kept, and may come back; the day after, not.
    c.set('2026-12-31T14:59:00.000Z');
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await admin.ok('accounts.reactivate', { id: acc.id, reason: '手違い', approval: SM_APPROVAL });
    await admin.ok('accounts.suspend', { id: acc.id, reason: '退職', plannedDeletionOn: '2026-12-31' });
    c.set('2026-12-31T15:00:00.000Z');
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    expect(await admin.call('accounts.reactivate', { id: acc.id, reason: '再利用', approval: SM_APPROVAL })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'accounts.errors.past_deletion', params: { date: '2026-12-31' } } });
    expect(d.store.rowById('accounts', acc.id)).toMatchObject({ status: 'suspended', planned_deletion_on: '2026-12-31' });
    d.close();
  });
});
