import { describe, expect, it } from 'vitest';
import { Caller } from '../helpers/temp-daicho';
import { MIN, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { FREE_FAILURES } from '../../electron/core/auth/guessing';

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

/** Door PINs of their own for 山田, 佐々木, 木村 and 岡田: a companion named by number types theirs (door-companion-pin.test.ts). */
async function companionPins(f: Awaited<ReturnType<typeof serverRoomFixture>>): Promise<Record<string, string>> {
  await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
  await f.pinOf(f.sasaki, 'sasaki.staff', '3916');
  await f.pinOf(f.kimura, 'kimura.staff', '7250');
  await f.pinOf(f.okada, 'okada.staff', '6183');
  return { E1001: '4827', E1002: '3916', E1003: '7250', E2001: '6183' };
}

describe('what the door tells about employee numbers (probes of 2026-12-06)', () => {
  const door = async (f: Awaited<ReturnType<typeof serverRoomFixture>>, station: string) => {
    const t = new Caller(f.d, station);
    await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
    return t;
  };
  const answers = async (t: Caller, employeeNo: string, tries: number) => {
    const out: unknown[] = [];
    for (let i = 0; i < tries; i++) {
      const r = await t.call('terminal.identify', { employeeNo, pin: '2468' });
      out.push(r.ok ? 'ok' : r.error);
    }
    return out;
  };

  it('a real number with no PIN set, and one no one has, answer as a real PIN’s wrong tries: the same words, counted, locked and waited alike', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    // 山田 (E1001) has a PIN; 佐々木 (E1002) has set none; E7777 is no one's. Each at a door of its own
    // (each door's guessing wait is its own), tried more often than the free guesses (a review: a locked
    // unknown number still added to the door's wait, a real one did not).
    const tries = FREE_FAILURES + 3;
    const withPin = await answers(await door(f, 'door-a'), 'E1001', tries);
    const noPin = await answers(await door(f, 'door-b'), 'E1002', tries);
    const unknown = await answers(await door(f, 'door-c'), 'E7777', tries);
    expect(noPin).toEqual(withPin);
    expect(unknown).toEqual(withPin);
    expect(noPin.slice(0, 4)).toEqual(Array(4).fill({ code: 'bad_credentials', messageKey: 'terminal.errors.bad_pin', field: 'pin' }));
    expect(noPin.slice(4)).toEqual(Array(tries - 4).fill(expect.objectContaining({ code: 'account_locked', messageKey: 'terminal.errors.pin_locked' })));
    // Kept as evidence all the same.
    expect(f.d.store.db.prepare("SELECT count(*) FROM journal WHERE action = 'terminal.refused_no_pin' AND entity_id = ?").pluck().get(f.sasaki.id)).toBe(tries);
    f.d.close();
  });

  it('a ticket takes three refused entries; a companion number no one has counts as a guess at the PIN pad', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    const t = await door(f, 'door-hq');
    const enter = (ticket: string, employeeNo: string) => t.call('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: [{ employeeNo, pin: '5930' }], visitors: [] } });
    const { ticket } = await t.ok('terminal.identify', { cardNo: 'CARD1001' });
    for (const no of ['E9001', 'E9002', 'E9003']) expect(await enter(ticket, no)).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.companion_bad_pin' } });
    // Spent: the person identifies again.
    expect(await enter(ticket, 'E1002')).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.ticket_expired' } });
    // Eight more numbers no one has (the guesses that are free, and one), and the next waits — the PIN pad's too.
    let guesses = 3;
    while (guesses < FREE_FAILURES + 1) {
      const next = (await t.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket;
      for (let i = 0; i < 3 && guesses < FREE_FAILURES + 1; i++, guesses++) expect(await enter(next, `E90${10 + guesses}`)).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.companion_bad_pin' } });
    }
    const last = (await t.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket;
    expect(await enter(last, 'E9100')).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    expect(await t.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    // After the wait, a real companion goes in.
    f.c.advance(MIN);
    expect(await t.call('terminal.enter', { ticket: (await t.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket, purpose: 'maintenance', companions: { employees: [{ cardNo: 'CARD1002' }], visitors: [] } })).toMatchObject({ ok: true });
    f.d.close();
  });

  it('every number checked in a companion list refused counts as a guess; one who has left reads as no one, without a name (a probe: nineteen real numbers told apart for one guess, and a leaver named)', async () => {
    const f = await serverRoomFixture();
    const pins = await companionPins(f);
    const t = await door(f, 'door-hq');
    const enter = (ticket: string, nos: string[]) => t.call('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: nos.map((employeeNo) => ({ employeeNo, pin: pins[employeeNo] ?? '5930' })), visitors: [] } });
    const card = async () => (await t.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket;
    const first = await card();
    // Real numbers with their PINs, then one's own: refused at one's own — four guesses, not none.
    for (let i = 0; i < 2; i++) expect(await enter(first, ['E1002', 'E1003', 'E2001', 'E1001'])).toMatchObject({ ok: false, error: { field: 'companions.employees.3', messageKey: 'serverRoom.errors.companion_is_person' } });
    // 森 (E1004) has left: answered as a number no one has (as a wrong PIN), with no name.
    const leaver = await enter(first, ['E1004']);
    expect(leaver).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.companion_bad_pin', params: { no: 'E1004' } } });
    expect(JSON.stringify(leaver)).not.toContain('森');
    expect(await enter(await card(), ['E1002', 'E1003', 'E1001'])).toMatchObject({ ok: false, error: { messageKey: 'serverRoom.errors.companion_is_person' } });
    // Twelve guesses: the PIN pad waits too.
    expect(await t.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    f.d.close();
  });

  it('an entry refused for a visitor’s escort, or a colleague inside, counts every number it checked; the colleague is not named (a review)', async () => {
    const f = await serverRoomFixture();
    const pins = await companionPins(f);
    const t = await door(f, 'door-hq');
    const card = async (cardNo: string) => (await t.ok('terminal.identify', { cardNo })).ticket;
    // 佐々木 (E1002) goes in on his own.
    await t.ok('terminal.enter', { ticket: await card('CARD1002'), purpose: 'maintenance', companions: { employees: [], visitors: [] } });
    const enter = (ticket: string, nos: string[], escort?: string) =>
      t.call('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: nos.map((employeeNo) => ({ employeeNo, pin: pins[employeeNo] })), visitors: escort ? [{ name: '外部 太郎', company: '株式会社サンプル', escortEmployeeNo: escort }] : [] } });
    const first = await card('CARD1001');
    // Inside already: refused without his name, since when, or with whom.
    const inside = await enter(first, ['E1003', 'E1002']);
    expect(inside).toMatchObject({ ok: false, error: { field: 'companions.employees.1', messageKey: 'terminal.errors.companion_not_now', params: { no: 'E1002' } } });
    expect(JSON.stringify(inside)).not.toContain('佐々木');
    // An escort no one in the party is: refused after the list was checked — each number counted.
    for (let i = 0; i < 2; i++) expect(await enter(first, ['E1003', 'E2001'], 'ZZZ')).toMatchObject({ ok: false, error: { messageKey: 'serverRoom.errors.escort_not_present' } });
    // Three refusals spend the ticket, escorts too.
    expect(await enter(first, [])).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.ticket_expired' } });
    const second = await card('CARD1001');
    for (let i = 0; i < 3; i++) expect(await enter(second, ['E1003', 'E2001'], 'ZZZ')).toMatchObject({ ok: false, error: { messageKey: 'serverRoom.errors.escort_not_present' } });
    // Twelve guesses: the PIN pad waits, and so does a companion list (before any number is looked up).
    expect(await t.call('terminal.identify', { employeeNo: 'E1003', pin: '1234' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    expect(await enter(await card('CARD1001'), ['E1003'])).toMatchObject({ ok: false, error: { code: 'too_many_attempts', field: 'companions.employees.0' } });
    f.d.close();
  });
});
