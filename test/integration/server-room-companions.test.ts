import { describe, expect, it } from 'vitest';
import { Caller } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Found by an insider probe: 木村 (no server-room authorization) was refused at the door by his own
// card, then went in named as 山田's companion (then by his employee number; by card or number and his own PIN now), and neither the stay nor the
// review said anything. An employee who goes in with the person is judged as the person is.

describe('an employee without server-room authorization who goes in as a companion', () => {
  it('marks the stay 入室許可なし, at the door and at the desk; an authorized companion does not', async () => {
    const f = await serverRoomFixture();
    const t = new Caller(f.d, 'door-pc');
    await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    expect(await t.call('terminal.identify', { cardNo: 'CARD1003' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.not_authorized' } });
    const who = await t.ok('terminal.identify', { cardNo: 'CARD1001' });
    await t.ok('terminal.enter', { ticket: who.ticket, purpose: 'maintenance', purposeNote: null, companions: { employees: [{ cardNo: 'CARD1003' }], visitors: [] } });
    // At the desk, earlier that day: 佐々木 (authorized) with 山田 — no mark; with 木村 — the mark.
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:10'), purpose: 'maintenance', companions: { employees: [{ personId: f.yamada.id }], visitors: [] } });
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-11-24', '09:20'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'maintenance', companions: { employees: [{ personId: f.kimura.id }], visitors: [] } });
    const rows = (await f.clerk.ok('serverRoom.list', { siteId: f.hq.id, month: '2026-11' })).rows;
    const marks = (personId: string, at?: string) =>
      rows.find((s) => s.personId === personId && (!at || s.enteredAt === at))!.anomalies.filter((a) => a.code === 'not_authorized');
    expect(marks(f.yamada.id)).toEqual([{ code: 'not_authorized', params: { companions: 1, companionsOnly: 1 } }]);
    expect(marks(f.sasaki.id, jst('2026-11-24', '09:00'))).toEqual([]);
    expect(marks(f.sasaki.id, jst('2026-11-24', '09:20'))).toEqual([{ code: 'not_authorized', params: { companions: 1, companionsOnly: 1 } }]);
    f.d.close();
  });
});
