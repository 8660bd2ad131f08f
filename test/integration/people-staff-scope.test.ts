import { describe, expect, it } from 'vitest';
import { PASSWORDS, serverRoomFixture } from './server-room-fixture';

// people.list for staff says nothing of anyone else (their own entry alone), and people.amend's version
// moves with what the register's form shows only (insider probe 12).

describe('people.list for staff', () => {
  it('says nothing of anyone else, whatever the search, filter, site, sort or page', async () => {
    const f = await serverRoomFixture();
    const { staff, yamada, hq, osaka } = f;
    const list = (q: Record<string, unknown>) => staff.call('people.list', { page: 0, pageSize: 50, ...q } as never);
    const shapes: unknown[] = [];
    for (const q of [
      {}, { search: '佐々木' }, { search: 'ササキ' }, { search: 'E1002' }, { search: 'E' }, { search: '' }, { search: '"CARD1002"' }, { active: 'inactive' }, { active: 'all' },
      { siteId: osaka.id }, { siteId: hq.id, active: 'all' }, { sort: 'employeeNo', desc: true }, { page: 1 }, { page: 1, pageSize: 1 }, { search: 'ヤマダ' }, { search: 'ﾔﾏﾀﾞ' },
    ]) {
      const r = await list(q);
      shapes.push(r.ok ? { total: r.value.total, ids: r.value.rows.map((p) => p.id) } : { error: r.error.messageKey });
    }
    // Only Yamada (the staff account's own person) ever, and a total of 0 or 1.
    for (const s of shapes) if ('ids' in (s as object)) expect((s as { ids: string[] }).ids.every((id) => id === yamada.id) && (s as { total: number }).total <= 1).toBe(true);
    // Their own card number is not shown whole to staff.
    const own = await list({ active: 'all' });
    expect(own.ok && own.value.rows[0]?.cardNo).not.toBe('CARD1001');
    // people.get (another's id) stays refused.
    expect(await staff.call('people.get', { id: f.sasaki.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    f.d.close();
  });
});

describe('people.amend with the version the form showed', () => {
  it('a PIN set or mistyped at the door, or a cabinet grant, does not refuse an honest edit; a deactivation or another edit does', async () => {
    const f = await serverRoomFixture();
    const { sm, staff, yamada, sasaki } = f;
    const shown = (await sm.ok('people.get', { id: yamada.id })).version;
    await staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4826' });
    expect((await sm.ok('people.get', { id: yamada.id })).version).toBe(shown);
    expect(await sm.call('people.amend', { id: yamada.id, changes: { department: '総務部' }, reason: '異動', version: shown })).toMatchObject({ ok: true });
    // A stale form: refused.
    expect(await sm.call('people.amend', { id: yamada.id, changes: { department: '経理部' }, reason: '異動', version: shown })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // A deactivation meanwhile moves it.
    const v2 = (await sm.ok('people.get', { id: sasaki.id })).version;
    await sm.ok('people.setActive', { id: sasaki.id, active: false, reason: '退職' });
    expect(await sm.call('people.amend', { id: sasaki.id, changes: { department: '総務部' }, reason: '異動', version: v2 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    f.d.close();
  });
});
