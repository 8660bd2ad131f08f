import { describe, expect, it } from 'vitest';
import { doorSnapshot } from '../../electron/core/ledgers/server-room/offline';
import { Caller, SETUP } from '../helpers/temp-daicho';
import { PASSWORDS, serverRoomFixture } from './server-room-fixture';

// An insider probe (SPEC §7): a card reported lost is replaced; the old card must open nothing — not at the
// host's kiosk, and not in the copy an offline door is given from then on.
describe('an employee card reissued', () => {
  it('the old card is refused at the kiosk and is not in the next offline copy; the new one works', async () => {
    const f = await serverRoomFixture();
    const door = new Caller(f.d, 'door-pc');
    await door.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await door.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await f.sm.ok('people.amend', { id: f.yamada.id, changes: { cardNo: 'CARD7001' }, reason: 'カード紛失による再発行' });
    expect(await door.call('terminal.identify', { cardNo: 'CARD1001' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.unknown_card' } });
    expect(await door.call('terminal.identify', { cardNo: 'card1001' })).toMatchObject({ ok: false });
    expect((await door.ok('terminal.identify', { cardNo: 'CARD7001' })).personName).toBe('山田 太郎');
    const snap = doorSnapshot(f.d.store, f.d.settings, { id: 'lan:0a0b0c4f', siteId: f.hq.id, name: '入口' }, 'terminal:HQ:lan:0a0b0c4f', f.c.clock());
    expect(snap.people.filter((p) => p.cardNo?.toUpperCase() === 'CARD1001')).toEqual([]);
    f.d.close();
  });
});
