import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineTerminal } from '../../electron/station/offline-terminal';
import { FREE_FAILURES } from '../../electron/core/auth/guessing';
import { offlineDoor } from './door-fixture';

// An insider probe (SPEC §2, §11; README: "Card numbers tried one after another wait longer and longer offline
// too", "the terminal counts on in its own queue (a restart does not reset it)"): the door PC starts
// as a kiosk by itself, with no one signing in, so anyone at the door can restart it. The wait for
// guessing PINs person after person must not start again at zero after a restart — the queue already
// holds every refused try with its time.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('guessing at an offline door, restarted', () => {
  it('a restart of the door terminal does not give the guesser a fresh set of free tries', async () => {
    const { c, identity, queue } = await offlineDoor(dirs);
    const first = new OfflineTerminal(queue, identity.certPem, c.clock, () => c.clock().getTime());
    for (let i = 0; i <= FREE_FAILURES; i++) await first.handle('terminal.identify', { employeeNo: `E9${String(i).padStart(3, '0')}`, pin: '0000' });
    // Control: the same terminal now makes the guesser wait.
    expect(await first.handle('terminal.identify', { employeeNo: 'E9500', pin: '0000' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    // The door PC is power-cycled (a second later): the same queue, a new terminal.
    c.advance(1_000);
    const restarted = new OfflineTerminal(queue, identity.certPem, c.clock, () => 0);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await restarted.handle('terminal.identify', { employeeNo: `E98${String(i).padStart(2, '0')}`, pin: '0000' }));
    expect(answers.some((a) => !a.ok && a.error.code === 'too_many_attempts')).toBe(true);
    queue.close();
  });
});
