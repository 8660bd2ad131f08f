import { describe, expect, it } from 'vitest';
import { Caller } from '../helpers/temp-daicho';
import { MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Insider probe 10 (held): door tickets replayed, carried to another site's door, or used for another act.

describe('door tickets (insider probe 10)', () => {
  it('a ticket works once, only at the door that issued it, and only for what it allows', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    const hqDoor = new Caller(f.d, 'door-hq');
    await hqDoor.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await hqDoor.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    const oskDoor = new Caller(f.d, 'door-osk');
    await oskDoor.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await oskDoor.ok('terminal.start', { siteId: f.osaka.id, password: PASSWORDS.clerk });

    const who = await hqDoor.ok('terminal.identify', { employeeNo: 'E1001', pin: '4827' });
    // Carried to the Osaka door: refused.
    expect(await oskDoor.call('terminal.enter', { ticket: who.ticket, purpose: 'maintenance', companions: { employees: [], visitors: [] } })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.ticket_expired' } });
    // An exit with an entry ticket: refused.
    expect(await hqDoor.call('terminal.exit', { ticket: who.ticket })).toMatchObject({ ok: false });
    expect(await hqDoor.call('terminal.enter', { ticket: who.ticket, purpose: 'maintenance', companions: { employees: [], visitors: [] } })).toMatchObject({ ok: true });
    // Used again: refused.
    expect(await hqDoor.call('terminal.enter', { ticket: who.ticket, purpose: 'maintenance', companions: { employees: [], visitors: [] } })).toMatchObject({ ok: false });
    // A ticket past its 60 s: refused.
    const out = await hqDoor.ok('terminal.identify', { employeeNo: 'E1001', pin: '4827' });
    f.c.advance(2 * MIN);
    expect(await hqDoor.call('terminal.exit', { ticket: out.ticket })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.ticket_expired' } });
    expect((f.d.store.db.prepare('SELECT count(*) FROM server_room_stays WHERE person_id = ?').pluck().get(f.yamada.id) as number)).toBe(1);
    f.d.close();
  });
});
