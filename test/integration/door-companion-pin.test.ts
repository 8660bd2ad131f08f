import { describe, expect, it } from 'vitest';
import { Caller } from '../helpers/temp-daicho';
import { PASSWORDS, serverRoomFixture, type Fixture } from './server-room-fixture';
import { PIN_LOCK_MINUTES, PIN_MAX_FAILURES } from '../../shared/ledgers/serverRoomTerminal';

// An insider probe: at the door, a companion named by employee number alone was written into the
// ledger — any staff member could record that the safety manager (or anyone) went in with them, with
// no act of theirs. A companion named by number now gives their own door PIN, checked as at identify
// (the same counting, lock, journaled refusals, and the same silence about which numbers exist); a
// companion by card is as before. The PIN is never stored or journaled.

async function door(f: Fixture, station = 'door-pc'): Promise<Caller> {
  const t = new Caller(f.d, station);
  await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
  await t.ok('terminal.start', { siteId: f.hq.id, password: PASSWORDS.clerk });
  return t;
}

/** 佐々木 identifies by card and names one employee as his companion; a fresh ticket each time. */
const withCompanion = async (t: Caller, companion: { employeeNo?: string; pin?: string; cardNo?: string }) => {
  const { ticket } = await t.ok('terminal.identify', { cardNo: 'CARD1002' });
  return t.raw('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: [companion], visitors: [] } });
};

const stays = (f: Fixture) => f.d.store.db.prepare('SELECT person_id, companions FROM server_room_stays').all() as { person_id: string; companions: string }[];
const journalSince = (f: Fixture, seq: number) =>
  f.d.store.db.prepare('SELECT action, actor, station, entity, entity_id, after FROM journal WHERE seq > ? ORDER BY seq').all(seq) as {
    action: string; actor: string; station: string; entity: string; entity_id: string | null; after: string | null;
  }[];
const failedCount = (f: Fixture, personId: string) => f.d.store.db.prepare('SELECT pin_failed_count FROM door_credentials WHERE person_id = ?').pluck().get(personId);

describe('a companion named by employee number gives their own door PIN', () => {
  it('a number without a PIN is refused, with what to do instead, and nothing is stored', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    const t = await door(f);
    const { ticket } = await t.ok('terminal.identify', { cardNo: 'CARD1002' });
    const before = f.fingerprint();
    expect(await t.raw('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: [{ employeeNo: 'E1001' }], visitors: [] } })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'companions.employees.0.pin', messageKey: 'terminal.errors.companion_pin_required' },
    });
    // A card with a PIN is neither way.
    expect(await t.raw('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: [{ cardNo: 'CARD1001', pin: '4827' }], visitors: [] } })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'companions.employees.0', messageKey: 'terminal.errors.companion_card_or_number' },
    });
    expect(f.fingerprint()).toEqual(before);
    expect(failedCount(f, f.yamada.id)).toBe(0);
    // The ticket is still good: he goes in with 山田, who types her PIN.
    expect(await t.call('terminal.enter', { ticket, purpose: 'maintenance', companions: { employees: [{ employeeNo: 'E1001', pin: '4827' }], visitors: [] } })).toMatchObject({ ok: true });
    f.d.close();
  });

  it('a wrong PIN is refused, journaled, counted toward the companion’s own lock; the right one is taken, and never kept', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    const t = await door(f);
    const head = f.d.store.journalHead().seq;
    const wrong = await withCompanion(t, { employeeNo: 'E1001', pin: '5930' });
    expect(wrong).toEqual({ ok: false, error: { code: 'bad_credentials', field: 'companions.employees.0.pin', messageKey: 'terminal.errors.companion_bad_pin', params: { no: 'E1001' } } });
    expect(stays(f)).toEqual([]);
    expect(failedCount(f, f.yamada.id)).toBe(1);
    // Journaled at this door, as by the person who typed it in with her; the PIN itself nowhere.
    const rows = journalSince(f, head);
    expect(rows.filter((r) => r.action === 'terminal.pin_fail')).toEqual([expect.objectContaining({ actor: `person:${f.sasaki.id}`, station: 'terminal:HQ:door-pc', entity: 'door_credentials' })]);
    expect(JSON.stringify(rows)).not.toContain('5930');

    // Her lock is one: four more wrong tries as a companion lock her PIN, and her own identification is refused too.
    for (let i = 2; i < PIN_MAX_FAILURES; i++) expect(await withCompanion(t, { employeeNo: 'E1001', pin: '5930' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.companion_bad_pin' } });
    expect(await withCompanion(t, { employeeNo: 'E1001', pin: '5930' })).toEqual({
      ok: false, error: { code: 'account_locked', field: 'companions.employees.0.pin', messageKey: 'terminal.errors.companion_pin_locked', params: { no: 'E1001', minutes: PIN_LOCK_MINUTES } },
    });
    expect(await withCompanion(t, { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.companion_pin_locked' } });
    expect(await t.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });
    expect(stays(f)).toEqual([]);

    // After the lock, the right PIN: in, named by her id only; the failures start again.
    f.c.advance(PIN_LOCK_MINUTES * 60_000 + 1);
    const mark = f.d.store.journalHead().seq;
    expect(await withCompanion(t, { employeeNo: 'e1001', pin: '4827' })).toMatchObject({ ok: true, value: { action: 'enter', personName: '佐々木 次郎' } });
    expect(stays(f)).toEqual([{ person_id: f.sasaki.id, companions: JSON.stringify({ employees: [{ personId: f.yamada.id }], visitors: [] }) }]);
    expect(JSON.stringify(journalSince(f, mark))).not.toContain('4827');
    expect(f.d.verify().ok).toBe(true);
    f.d.close();
  });

  it('a number no one has, one who has left, one with no PIN set and a wrong PIN answer alike: the same words, counted, locked and journaled', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    const answers = async (station: string, employeeNo: string) => {
      const t = await door(f, station);
      const out: unknown[] = [];
      for (let i = 0; i < PIN_MAX_FAILURES + 1; i++) {
        const r = await withCompanion(t, { employeeNo, pin: '5930' });
        out.push(r.ok ? 'ok' : { ...r.error, params: { ...r.error.params, no: 'N' } });
      }
      return out;
    };
    const head = f.d.store.journalHead().seq;
    // 山田 (E1001) has a PIN; 木村 (E1003) has none; 森 (E1004) has left; E7777 is no one's. A door each.
    const withPin = await answers('door-a', 'E1001');
    expect(await answers('door-b', 'E1003')).toEqual(withPin);
    expect(await answers('door-c', 'E1004')).toEqual(withPin);
    expect(await answers('door-d', 'E7777')).toEqual(withPin);
    expect(withPin.slice(0, PIN_MAX_FAILURES - 1)).toEqual(Array(PIN_MAX_FAILURES - 1).fill(expect.objectContaining({ code: 'bad_credentials', messageKey: 'terminal.errors.companion_bad_pin' })));
    expect(withPin.slice(PIN_MAX_FAILURES - 1)).toEqual(Array(2).fill(expect.objectContaining({ code: 'account_locked', messageKey: 'terminal.errors.companion_pin_locked' })));
    // Nothing of the leaver's name is said.
    expect(JSON.stringify(await withCompanion(await door(f, 'door-e'), { employeeNo: 'E1004', pin: '5930' }))).not.toContain('森');
    // Kept as evidence, each as at identify: the person with no PIN by name, a number no one has without it.
    const rows = journalSince(f, head);
    const at = (station: string, action: string) => rows.filter((r) => r.station === `terminal:HQ:${station}` && r.action === action);
    expect(at('door-b', 'terminal.refused_no_pin').map((r) => r.entity_id)).toEqual(Array(PIN_MAX_FAILURES + 1).fill(f.kimura.id));
    expect(at('door-d', 'terminal.refused_unknown_employee').map((r) => [r.entity_id, JSON.parse(r.after!)])).toEqual(
      Array(PIN_MAX_FAILURES + 1).fill([null, { siteId: f.hq.id, by: 'companion', unknownEmployeeNo: true }]),
    );
    expect(JSON.stringify(rows)).not.toContain('E7777');
    expect(JSON.stringify(rows)).not.toContain('5930');
    expect(stays(f)).toEqual([]);
    f.d.close();
  });

  it('each companion PIN refused counts as a guess at the door’s PIN pad, which then waits', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    const t = await door(f);
    // Numbers no one has (each its own lock), eleven of them: the free guesses and one.
    for (let i = 0; i < 11; i++) expect(await withCompanion(t, { employeeNo: `E90${10 + i}`, pin: '5930' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.companion_bad_pin' } });
    expect(await withCompanion(t, { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts', field: 'companions.employees.0' } });
    expect(await t.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    expect(failedCount(f, f.yamada.id)).toBe(0); // the waits come before any PIN is checked
    f.d.close();
  });

  it('a companion by card is as before: no PIN asked', async () => {
    const f = await serverRoomFixture();
    const t = await door(f);
    expect(await withCompanion(t, { cardNo: 'card1001' })).toMatchObject({ ok: true });
    expect(stays(f)).toEqual([{ person_id: f.sasaki.id, companions: JSON.stringify({ employees: [{ personId: f.yamada.id }], visitors: [] }) }]);
    f.d.close();
  });

  it('two companions by number each give their own PIN; a second request with the same ticket while the PINs are checked records nothing twice', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    await f.pinOf(f.kimura, 'kimura.staff', '3916');
    const t = await door(f);
    const { ticket } = await t.ok('terminal.identify', { cardNo: 'CARD1002' });
    const both = { employees: [{ employeeNo: 'E1001', pin: '4827' }, { employeeNo: 'E1003', pin: '3916' }], visitors: [] };
    // 山田's PIN for 木村: refused at the second, nothing stored.
    expect(await t.raw('terminal.enter', { ticket, purpose: 'maintenance', companions: { ...both, employees: [both.employees[0], { employeeNo: 'E1003', pin: '4827' }] } })).toMatchObject({
      ok: false, error: { field: 'companions.employees.1.pin', messageKey: 'terminal.errors.companion_bad_pin', params: { no: 'E1003' } },
    });
    expect(stays(f)).toEqual([]);
    const [a, b] = await Promise.all([t.raw('terminal.enter', { ticket, purpose: 'maintenance', companions: both }), t.raw('terminal.enter', { ticket, purpose: 'maintenance', companions: both })]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect(stays(f)).toEqual([{ person_id: f.sasaki.id, companions: JSON.stringify({ employees: [{ personId: f.yamada.id }, { personId: f.kimura.id }], visitors: [] }) }]);
    f.d.close();
  });
});
