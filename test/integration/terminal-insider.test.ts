import { describe, expect, it } from 'vitest';
import { Caller } from '../helpers/temp-daicho';
import { MIN, PASSWORDS, serverRoomFixture, type Fixture } from './server-room-fixture';

// The door terminal as an insider tried it (SPEC §7, §11): a probe of 2026-12-03.

async function startTerminal(f: Fixture, siteId = f.hq.id, station = 'door-pc'): Promise<Caller> {
  const t = new Caller(f.d, station);
  await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
  await t.ok('terminal.start', { siteId, password: PASSWORDS.clerk });
  return t;
}

const journalCount = (f: Fixture, action: string) => (f.d.store.db.prepare('SELECT count(*) AS n FROM journal WHERE action = ?').get(action) as { n: number }).n;

describe('the door terminal against an insider', () => {
  it('does not let card numbers be tried one after another as companions: the door waits and keeps each, as it does at identify', async () => {
    const f = await serverRoomFixture();
    const t = await startTerminal(f);
    // 山田 badges in with his own card and holds a ticket (60 s; three companions refused spend it, and he badges in again).
    let ticket = (await t.ok('terminal.identify', { cardNo: 'CARD1001' })).ticket;
    const enter = async (employees: { cardNo: string }[]) => {
      const input = () => ({ ticket, purpose: 'maintenance', companions: { employees } });
      const r = await t.call('terminal.enter', input());
      if (r.ok || r.error.messageKey !== 'terminal.errors.ticket_expired') return r;
      // Badging in again waits with the guesses too.
      const again = await t.call('terminal.identify', { cardNo: 'CARD1001' });
      if (!again.ok) return again;
      ticket = again.value.ticket;
      return t.call('terminal.enter', input());
    };
    const answers: string[] = [];
    for (let i = 0; i < 40; i++) {
      // A guessed card first, a card that is surely nobody's after it: a right guess is told by the index of the refusal.
      const r = await enter([{ cardNo: `CARD${9000 + i}` }, { cardNo: 'ZZZZ0000' }]);
      answers.push(r.ok ? 'ok' : `${r.error.code}:${r.error.field ?? ''}`);
    }
    // The guess that is a real card (佐々木's) reads differently from the wrong ones: an oracle of card numbers.
    const real = await enter([{ cardNo: 'CARD1002' }, { cardNo: 'ZZZZ0000' }]);
    // Wrong guesses fail at index 0, the real one at index 1 (the sentinel).
    expect(real).toMatchObject({ ok: false });
    // What should happen: guessing at the door is slowed (too_many_attempts, as terminal.identify does after a few
    // unknown cards), and each unknown card is kept as evidence (terminal.refused_unknown_card).
    expect(answers[0]).toBe('invalid_input:companions.employees.0'); // the first unknown card, at its field
    expect(answers.find((a) => a.startsWith('too_many_attempts:'))).toMatch(/^too_many_attempts:(companions\.employees\.0|cardNo)$/);
    // Each card tried and unknown is kept (as many as were read, not those refused by the wait).
    expect(journalCount(f, 'terminal.refused_unknown_card')).toBe(answers.filter((a) => a === 'invalid_input:companions.employees.0').length);
    expect(journalCount(f, 'terminal.refused_unknown_card')).toBeGreaterThan(0);
    f.d.close();
  });

  it('reads a card in small letters as the card and one in full-width letters as unknown; a PIN lock holds at another door', async () => {
    const f = await serverRoomFixture();
    await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    const t = await startTerminal(f);
    expect((await t.ok('terminal.identify', { cardNo: 'card1001' })).personName).toBe('山田 太郎');
    expect(await t.call('terminal.identify', { cardNo: 'ＣＡＲＤ１００１' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.unknown_card' } });
    for (let i = 0; i < 5; i++) await t.call('terminal.identify', { employeeNo: 'E1001', pin: '5555' });
    const other = await startTerminal(f, f.hq.id, 'door-pc-2');
    expect(await other.call('terminal.identify', { employeeNo: 'e1001', pin: '4827' })).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    f.c.advance(16 * MIN);
    expect((await other.ok('terminal.identify', { employeeNo: 'e1001', pin: '4827' })).personName).toBe('山田 太郎');
    // A person who left, with an open authorization, is refused at the door.
    expect(await t.call('terminal.identify', { cardNo: 'CARD1004' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.inactive' } });
    f.d.close();
  });
});
