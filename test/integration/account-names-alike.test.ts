import { describe, expect, it } from 'vitest';
import { serverRoomFixture } from './server-room-fixture';
import { Caller, openTemp, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';

// Insider probe 9 (payloads: look-alike names): an administrator makes accounts whose ids and names
// read like another's. The app already reads E-1001 and E1001 as one employee number, a station's or a
// cabinet's name as a person reads it (shared/search.ts readsAlike), and Sato.Admin as sato.admin.

const create = (f: Awaited<ReturnType<typeof serverRoomFixture>>, loginId: string, displayName: string, roles: string[] = ['site_head']) =>
  f.admin.raw('accounts.create', { loginId, displayName, personId: null, roles, password: 'Kari-no-pass-8301', ...(roles.some((r) => r === 'sysadmin' || r === 'safety_manager') ? { approval: SM_APPROVAL } : {}) });

describe('accounts that read like another', () => {
  it('a login id that reads as another’s but for its separators or letters drawn alike (sato-admin, sat0.admin, sato.adm1n beside sato.admin) is refused, naming the one it reads as (an insider probe)', async () => {
    const f = await serverRoomFixture();
    // And letters drawn alike (a walk-through: sat0.admin, sato.adm1n, sato.admln were made).
    for (const [i, loginId] of ['sato-admin', 'sato_admin', 'sat0.admin', 'sato.adm1n', 'sato.admln', 'SAT0_ADMIN', 'sato.adrnin'].entries())
      expect(await create(f, loginId, `佐藤 ${'一二三四五六七'[i]}郎`), loginId).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'accounts.errors.login_id_alike', field: 'loginId', params: { loginId: 'sato.admin' } } });
    // One that differs in a letter that is no look-alike is another id.
    expect(await create(f, 'sato.admim', '佐藤 八郎')).toMatchObject({ ok: true });
    f.d.close();
  });

  it('a display name another active account already reads as (the same, with a full-width space, without the space) is refused: histories and seals would name two people alike (an insider probe)', async () => {
    const f = await serverRoomFixture();
    const head = f.d.store.journalHead().seq;
    for (const displayName of [SETUP.safetyManager.displayName, '鈴木　花子', '鈴木花子'])
      expect(await create(f, `suzuki.h${displayName.length}${displayName.includes('　') ? 'w' : ''}`, displayName), displayName).toMatchObject({ ok: false, error: { field: 'displayName' } });
    expect(f.d.store.journalHead().seq).toBe(head);
    f.d.close();
  });

  it('a display name alike but for punctuation (鈴木・陽子, 鈴木·陽子), one that names no one (ー, ゲスト, 管理者, 共用PC, 受付), or one that reads as a person of the register the account is not for (by name or kana, ｽｽﾞｷ ﾖｳｺ) is refused; the person’s own account may carry it (an insider probe)', async () => {
    const f = await serverRoomFixture();
    const head = f.d.store.journalHead().seq;
    for (const [i, displayName] of ['鈴木・花子', '鈴木·花子', '鈴木･花子'].entries())
      expect(await create(f, `suzuki.p${i}`, displayName), displayName).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'accounts.errors.display_name_taken', field: 'displayName' } });
    for (const [i, displayName] of ['ー', 'ゲスト', '管理者', '共用PC', 'テスト', '受付', '総務 担当', '・・'].entries())
      expect(await create(f, `nanashi.n${i}`, displayName), displayName).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.display_name_no_one', field: 'displayName' } });
    // 木村 三郎 (E1003) has no account: another's that reads as him is refused, by name or by kana.
    for (const [i, displayName] of ['木村 三郎', '木村・三郎', 'ｷﾑﾗ ｻﾌﾞﾛｳ', 'きむら さぶろう'].entries())
      expect(await create(f, `kimura.k${i}`, displayName), displayName).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'accounts.errors.display_name_other_person', field: 'displayName', params: { name: '木村 三郎', employeeNo: 'E1003' } } });
    expect(f.d.store.journalHead().seq).toBe(head);
    // His own account, linked to him (with the safety manager's approval), is named so.
    expect(await f.admin.raw('accounts.create', { loginId: 'kimura.saburo', displayName: '木村 三郎', personId: f.kimura.id, roles: ['staff'], password: 'Kari-no-pass-8301', approval: SM_APPROVAL })).toMatchObject({ ok: true });
    // A name that only shares a word with the register's is another person's.
    expect(await create(f, 'kimura.shiro', '木村 四郎', ['staff'])).toMatchObject({ ok: true });
    f.d.close();
  });

  it('two creations at once, each waiting on its approval, cannot both take ids or names alike: checked again inside the write (a review of the probe)', async () => {
    const f = await serverRoomFixture();
    const outcome = (r: { ok: boolean; error?: { messageKey: string } }) => (r.ok ? 'ok' : r.error!.messageKey);
    // A second administrator's session (one session runs one call at a time).
    const other = new Caller(f.d);
    await other.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await other.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const by = (c: Caller, loginId: string, displayName: string) => c.raw('accounts.create', { loginId, displayName, personId: null, roles: ['sysadmin'], password: 'Kari-no-pass-8301', approval: SM_APPROVAL });
    // Both wait on the safety manager's password (a privileged role), the second sent while the first waits.
    const a = by(f.admin, 'mori.admin', '森 健太');
    await new Promise((r) => setImmediate(r));
    const b = by(other, 'mori-admin', '森　健太');
    // Both password checks run at once on the thread pool: either may end first, and whichever is
    // written second is refused for reading like the first (the order is not what this holds).
    expect((await Promise.all([a, b])).map(outcome).sort()).toEqual(['accounts.errors.login_id_alike', 'ok']);
    expect(f.d.store.db.prepare("SELECT count(*) FROM accounts WHERE display_name LIKE '森%'").pluck().get()).toBe(1);
    f.d.close();
  });

  it('setup compares its two first accounts with each other: one name for both, or ids alike, is refused and nothing is set up', async () => {
    for (const [sysadmin, field] of [
      [{ ...SETUP.sysadmin, displayName: '鈴木　花子' }, 'sysadmin.displayName'],
      [{ ...SETUP.sysadmin, loginId: 'suzuki_sm' }, 'sysadmin.loginId'],
    ] as const) {
      const d = await openTemp();
      expect(await new Caller(d).call('setup.run', { ...SETUP, sysadmin })).toMatchObject({ ok: false, error: { code: 'conflict', field } });
      expect(await new Caller(d).call('setup.status', {})).toMatchObject({ ok: true, value: { needsSetup: true } });
      d.close();
    }
  });

  // A probe of the wizard: OSK and O-SK, and a second 本社, went in (no screen changes a site after setup).
  it('setup tells its sites apart as a person reads them, their codes and their names', async () => {
    const sites = (more: { code: string; name: string }[]) => [...SETUP.sites, ...more];
    for (const [input, field, messageKey] of [
      [{ sites: sites([{ code: 'O-SK', name: '大阪第二' }]) }, 'sites.2.code', 'setup.errors.site_code_duplicate'],
      [{ sites: sites([{ code: 'NGY', name: '本社' }]) }, 'sites.2.name', 'setup.errors.site_name_duplicate'],
      [{ sites: sites([{ code: 'NGY', name: '大阪 拠点' }]) }, 'sites.2.name', 'setup.errors.site_name_duplicate'],
    ] as const) {
      const d = await openTemp();
      expect(await new Caller(d).call('setup.run', { ...SETUP, ...input }), field).toMatchObject({ ok: false, error: { code: 'invalid_input', field, messageKey } });
      expect(await new Caller(d).call('setup.status', {})).toMatchObject({ ok: true, value: { needsSetup: true } });
      d.close();
    }
  });

  it('the product’s own role names (clerk, site_head, safety_manager) and the desk’s other spellings (somu, uketsuke) are refused as shared ids, as staff, sysadmin and soumu were (Art. 16(2))', async () => {
    const f = await serverRoomFixture();
    for (const loginId of ['staff', 'sysadmin', 'soumu'])
      expect(await create(f, loginId, '総務 担当', ['staff']), loginId).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.shared_id' } });
    for (const loginId of ['clerk', 'site_head', 'safety_manager', 'somu', 'soumubu', 'uketsuke', 'reception'])
      expect(await create(f, loginId, '総務 担当', ['staff']), loginId).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.shared_id' } });
    f.d.close();
  });

  it('held: the login id in other letter case or in full-width letters, and the shared ids SPEC names, are refused', async () => {
    const f = await serverRoomFixture();
    expect(await create(f, 'Sato.Admin', '佐藤 健二')).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'accounts.errors.login_id_taken' } });
    expect(await create(f, 'ｓａｔｏ.admin', '佐藤 健三')).toMatchObject({ ok: false, error: { field: 'loginId' } });
    for (const loginId of ['guest', 'test', 'admin', 'user', 'shared', 'common', 'kiosk', 'Admin', 'guest_02', 'kiosk-01'])
      expect(await create(f, loginId, '共用 端末', ['staff']), loginId).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.shared_id' } });
    f.d.close();
  });

  it('ids of shared words run together, of an office’s places and desks, or of a role joined to a site’s code are refused (testuser, kioskpc, door, jimu, admin.hq, osk.admin: an insider probe); a person’s id with such a word is not', async () => {
    const f = await serverRoomFixture();
    const head = f.d.store.journalHead().seq;
    for (const [i, loginId] of ['testuser', 'guestuser', 'kioskpc', 'sharedpc', 'admin.hq', 'hq.admin', 'door', 'jimu', 'daihyo', 'osk.admin', 'uketsukepc', 'TestUser'].entries())
      expect(await create(f, loginId, `検証 ${'一二三四五六七八九十壱弐'[i]}郎`, ['staff']), loginId).toMatchObject({ ok: false, error: { messageKey: 'accounts.errors.shared_id', field: 'loginId' } });
    expect(f.d.store.journalHead().seq).toBe(head);
    for (const [i, loginId] of ['ito.admin', 'honda.hq', 'kanda.osk', 'mainichi.k'].entries())
      expect(await create(f, loginId, `検証 ${'一二三四'[i]}子`, ['staff']), loginId).toMatchObject({ ok: true });
    f.d.close();
  });
});

describe('who made an account', () => {
  it('the list says when each account was made and by whom (the setup’s by none), for the safety manager asked to approve its link (an insider probe: a made-up clerk)', async () => {
    const f = await serverRoomFixture();
    const made = await create(f, 'suzuki.y2', '鈴木 陽孑', ['clerk']);
    expect(made).toMatchObject({ ok: true });
    await f.sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const list = await f.sm.ok('accounts.list', {});
    const admin = list.find((a) => a.loginId === SETUP.sysadmin.loginId)!;
    expect(list.find((a) => a.loginId === 'suzuki.y2')?.created).toEqual({ at: f.c.clock().toISOString(), byName: admin.displayName, byLoginId: SETUP.sysadmin.loginId });
    expect(list.find((a) => a.loginId === SETUP.safetyManager.loginId)?.created).toMatchObject({ byName: null, byLoginId: null });
    f.d.close();
  });
});
