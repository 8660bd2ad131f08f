import { describe, expect, it } from 'vitest';
import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { FREE_FAILURES } from '../../electron/core/auth/guessing';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// An insider probe: an act that waits on a password check (scrypt) was written on what it had read
// before the wait. Another act in between — a role taken, an account suspended, a person unlinked or
// gone — was then undone by it, or let it through. Each act now checks again inside its write. The
// second call starts in a later turn of the event loop, while the first waits: as two requests would.

type Fixture = Awaited<ReturnType<typeof serverRoomFixture>>;
const TEMP = 'Kari-no-pass-8301';
const nextTurn = () => new Promise((r) => setImmediate(r));
const outcome = (r: { ok: true } | { ok: false; error: { messageKey: string } }) => (r.ok ? 'ok' : r.error.messageKey);

/** Another privileged account, signed in on its own password (an administrator elevated). */
async function another(f: Fixture, loginId: string, name: string, role: 'sysadmin' | 'safety_manager', password: string): Promise<Caller> {
  await f.admin.ok('accounts.create', { loginId, displayName: name, roles: [role], password: TEMP, approval: SM_APPROVAL });
  const c = new Caller(f.d);
  await c.ok('auth.signIn', { loginId, password: TEMP });
  await c.ok('auth.changePassword', { currentPassword: TEMP, newPassword: password });
  if (role === 'sysadmin') await c.ok('auth.elevate', { password });
  return c;
}

const holders = (f: Fixture, role: string) =>
  (f.d.store.db.prepare("SELECT login_id, roles FROM accounts WHERE status = 'active'").all() as { login_id: string; roles: string }[])
    .filter((r) => (JSON.parse(r.roles) as string[]).includes(role))
    .map((r) => r.login_id);

describe('an act that waits on a password checks again inside its write (an insider probe)', () => {
  it('two role changes at once never leave the company without a system administrator', async () => {
    const f = await serverRoomFixture();
    const kato = await another(f, 'kato.admin', '加藤 誠', 'sysadmin', 'Yuki-no-hana-5521');
    // Kato made a safety manager (approval: a password check), while Kato takes the first administrator's role.
    const a = f.admin.call('accounts.setRoles', { id: f.accountId('kato.admin'), roles: ['clerk', 'safety_manager'], reason: '安全管理責任者へ', approval: SM_APPROVAL });
    await nextTurn();
    const b = kato.call('accounts.setRoles', { id: f.accountId(SETUP.sysadmin.loginId), roles: ['clerk'], reason: '兼務解除' });
    expect((await Promise.all([a, b])).map(outcome)).toEqual(['accounts.errors.last_privileged', 'ok']);
    expect(holders(f, 'sysadmin')).toEqual(['kato.admin']);
    f.d.close();
  });

  it('a grant approved by a safety manager suspended meanwhile is refused, and one is always left', async () => {
    const f = await serverRoomFixture();
    await another(f, 'ito.sm', '伊藤 真理', 'safety_manager', 'Minato-no-hi-4416');
    const second = new Caller(f.d);
    await second.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await second.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const a = f.admin.call('accounts.setRoles', { id: f.accountId('ito.sm'), roles: ['sysadmin'], reason: '異動', approval: SM_APPROVAL });
    await nextTurn();
    const b = second.call('accounts.suspend', { id: f.accountId(SETUP.safetyManager.loginId), reason: '退職', plannedDeletionOn: '2027-03-31' });
    expect((await Promise.all([a, b])).map(outcome)).toEqual(['accounts.errors.approver_changed', 'ok']);
    expect(holders(f, 'safety_manager')).toEqual(['ito.sm']);
    f.d.close();
  });

  it('an approval counts only if its safety manager is still one when the act is written', async () => {
    const f = await serverRoomFixture();
    await another(f, 'ito.sm', '伊藤 真理', 'safety_manager', 'Minato-no-hi-4416');
    await another(f, 'sato.sm', '佐藤 花', 'safety_manager', 'Kaede-no-michi-7723');
    const kato = await another(f, 'kato.admin', '加藤 誠', 'sysadmin', 'Yuki-no-hana-5521');
    // Suspended while her password is checked: the new administrator is not made.
    const a = f.admin.call('accounts.create', { loginId: 'evil.admin', displayName: '悪 太郎', roles: ['sysadmin'], password: TEMP, approval: SM_APPROVAL });
    await nextTurn();
    const b = kato.call('accounts.suspend', { id: f.accountId(SETUP.safetyManager.loginId), reason: '退職', plannedDeletionOn: '2027-03-31' });
    expect((await Promise.all([a, b])).map(outcome)).toEqual(['accounts.errors.approver_changed', 'ok']);
    // Her role taken while she approves (Sato is left a safety manager): likewise.
    const c = f.admin.call('accounts.create', { loginId: 'evil2.admin', displayName: '悪 次郎', roles: ['sysadmin'], password: TEMP, approval: { approverLoginId: 'ito.sm', approverPassword: 'Minato-no-hi-4416' } });
    await nextTurn();
    const d = kato.call('accounts.setRoles', { id: f.accountId('ito.sm'), roles: ['staff'], reason: '異動' });
    expect((await Promise.all([c, d])).map(outcome)).toEqual(['accounts.errors.approver_changed', 'ok']);
    expect(f.d.store.db.prepare("SELECT login_id FROM accounts WHERE login_id IN ('evil.admin', 'evil2.admin')").all()).toEqual([]);
    expect(f.d.verify()).toMatchObject({ ok: true });
    f.d.close();
  });

  it('an account is not made for a person who left while it was approved', async () => {
    const f = await serverRoomFixture();
    const p = await f.sm.ok('people.add', { name: '退職 予定', kana: 'タイショク ヨテイ', employeeNo: 'E5001', department: '営業部', siteId: f.hq.id, cardNo: null, serverRoomAuthorized: true });
    const a = f.admin.call('accounts.create', { loginId: 'taishoku.y', displayName: '退職 予定', personId: p.id, roles: ['staff'], password: TEMP, approval: SM_APPROVAL });
    await nextTurn();
    const b = f.sm.call('people.setActive', { id: p.id, active: false, reason: '退職' });
    expect((await Promise.all([a, b])).map(outcome)).toEqual(['errors.changed_meanwhile', 'ok']);
    expect(f.d.store.db.prepare("SELECT 1 FROM accounts WHERE login_id = 'taishoku.y'").get()).toBeUndefined();
    f.d.close();
  });

  it('a password reset asks again when the account came to need an approval meanwhile', async () => {
    const f = await serverRoomFixture();
    // (Not the fixture's clerk: a person stands behind it.)
    const clerkId = (await f.admin.ok('accounts.create', { loginId: 'kato.clerk', displayName: '加藤 誠', roles: ['clerk'], password: TEMP })).id;
    await f.sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    // A plain account: the reset needs no approval — until it is linked to a person while the temporary password is hashed.
    const a = f.admin.call('accounts.resetPassword', { id: clerkId, temporaryPassword: 'Kari-no-pass-9911', reason: 'パスワード忘れ' });
    await nextTurn();
    const b = f.sm.call('accounts.setPerson', { id: clerkId, personId: f.sasaki.id, reason: '本人の名簿' });
    expect((await Promise.all([a, b])).map(outcome)).toEqual(['errors.changed_meanwhile', 'ok']);
    expect((await f.admin.ok('accounts.list', {})).find((x) => x.id === clerkId)).toMatchObject({ personId: f.sasaki.id });
    f.d.close();
  });

  it('a door PIN is not kept for a person whose link was taken away meanwhile', async () => {
    const f = await serverRoomFixture();
    await f.sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const a = f.staff.call('me.setPin', { password: PASSWORDS.staff, pin: '7391' });
    await nextTurn();
    const b = f.sm.call('accounts.setPerson', { id: f.accountId('yamada.staff'), personId: null, reason: '誤った紐付け' });
    expect((await Promise.all([a, b])).map(outcome)).toEqual(['errors.changed_meanwhile', 'ok']);
    const credential = f.d.store.db.prepare('SELECT pin_hash FROM door_credentials WHERE person_id = ?').get(f.yamada.id) as { pin_hash: string | null } | undefined;
    expect(credential?.pin_hash ?? null).toBeNull();
    f.d.close();
  });

  it('a checkout is not approved by a clerk suspended while their password was checked', async () => {
    const f = await serverRoomFixture();
    const laptop = await f.clerk.ok('assets.add', { assetTag: 'PC-001', kind: 'laptop', model: 'X', serial: 'S1', siteId: f.hq.id, storagePlace: 'B', encrypted: true, notes: null });
    const a = f.staff.call('checkouts.add', {
      assetId: laptop.id, borrowerId: f.yamada.id, purpose: '出張', destination: '大阪', checkedOutAt: jst('2026-11-24', '10:00'), dueAt: jst('2026-11-25', '18:00'), notes: null,
      approval: { approverLoginId: 'tanaka.clerk', approverPassword: PASSWORDS.clerk },
    });
    await nextTurn();
    const b = f.admin.call('accounts.suspend', { id: f.accountId('tanaka.clerk'), reason: '退職', plannedDeletionOn: '2027-03-31' });
    expect((await Promise.all([a, b])).map(outcome)).toEqual(['assets.errors.approver_changed', 'ok']);
    expect(f.d.store.db.prepare('SELECT count(*) AS n FROM asset_checkouts').get()).toEqual({ n: 0 });
    f.d.close();
  });

  it('PIN guesses sent at once at the door are checked one at a time, so the slowdown holds for each', async () => {
    const f = await serverRoomFixture();
    const door = new Caller(f.d, 'door-pc', 'door-pc');
    await door.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await door.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    for (let i = 0; i < FREE_FAILURES + 1; i++) await door.call('terminal.identify', { employeeNo: `9${String(i).padStart(3, '0')}`, pin: '13579' });
    f.c.advance(60_000);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => door.call('terminal.identify', { employeeNo: `7${String(i).padStart(3, '0')}`, pin: '24680' })));
    const checked = burst.filter((r) => !r.ok && r.error.code === 'bad_credentials');
    expect(checked).toHaveLength(1);
    expect(burst.every((r) => !r.ok && ['bad_credentials', 'too_many_attempts'].includes(r.error.code))).toBe(true);
    f.d.close();
  });
});
