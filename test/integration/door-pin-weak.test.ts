import { describe, expect, it } from 'vitest';
import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { serverRoomFixture } from './server-room-fixture';

// An insider probe (SPEC §7 "PIN set by the person"; pin.ts: "easy-to-guess PINs are refused: … the employee
// number"): the employee number is printed on badges and lists, so a PIN taken from it is the first
// thing an insider types at the door. The last digits are refused; the first digits (a joining year
// such as 2019 in 20190042) and the number padded with zeros are just as guessable.
async function personWithAccount(f: Awaited<ReturnType<typeof serverRoomFixture>>, employeeNo: string, loginId: string) {
  const p = await f.sm.ok('people.add', { name: `試験 ${loginId}`, kana: 'シケン', employeeNo, department: '情報システム部', siteId: f.hq.id, cardNo: `CARD${employeeNo}`, serverRoomAuthorized: true });
  const temporary = 'Kari-no-pass-8301';
  await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  await f.admin.ok('accounts.create', { loginId, displayName: `試験 ${loginId}`, personId: p.id, roles: ['staff'], password: temporary, approval: SM_APPROVAL });
  const caller = new Caller(f.d);
  await caller.ok('auth.signIn', { loginId, password: temporary });
  const password = 'Haru-kaze-ni-7731';
  await caller.ok('auth.changePassword', { currentPassword: temporary, newPassword: password });
  return { caller, password };
}

describe('a door PIN taken from the employee number', () => {
  it('refuses the first digits of the employee number and the number padded with zeros, as it refuses the last ones', async () => {
    const f = await serverRoomFixture();
    const a = await personWithAccount(f, '20190042', 'arai.s');
    // The last digits and the whole number (refused before the probe too).
    expect(await a.caller.call('me.setPin', { password: a.password, pin: '0042' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_weak' } });
    expect(await a.caller.call('me.setPin', { password: a.password, pin: '20190042' })).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_weak' } });
    const b = await personWithAccount(f, 'E42', 'inoue.t');
    const results = {
      firstDigits: await a.caller.call('me.setPin', { password: a.password, pin: '2019' }),
      zeroPadded: await b.caller.call('me.setPin', { password: b.password, pin: '0042' }),
    };
    expect(results).toMatchObject({
      firstDigits: { ok: false, error: { messageKey: 'terminal.errors.pin_weak' } },
      zeroPadded: { ok: false, error: { messageKey: 'terminal.errors.pin_weak' } },
    });
    // Digits of no part of the number are a PIN.
    await a.caller.ok('me.setPin', { password: a.password, pin: '7391' });
    f.d.close();
  });
});
