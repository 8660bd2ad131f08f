import { expect, it } from 'vitest';
import { lookup } from '../../shared/i18n';
import { verifySecret } from '../../electron/core/auth/passwords';
import { Caller, openTemp, SETUP, setUp } from '../helpers/temp-daicho';

// Art. 17(2): passwords expire after six months, and A → B → A defeated it. A new password of the
// holder's own must differ from the current one and the 4 before it (auth/password-history.ts): at a
// change, at the first sign-in's change of a temporary password, and after an administrator's reset
// (the temporary password is not checked against the history, the holder's next own one is, with the
// passwords from before the reset).

// Each unlike the others (a new password that is the current one with a little changed is refused on its own: auth.errors.password_too_close).
const PASSWORDS_IN_TURN = ['Haru-kaze-no-michi-4100', 'Natsu-kumo-takaku-5213', 'Aki-no-tsuki-yoru-6327', 'Fuyu-boshi-hikaru-7431', 'Asa-giri-no-oka-8546', 'Yuu-nagi-minato-9652', 'Kawa-semi-naku-1768'];
const P = (i: number) => PASSWORDS_IN_TURN[i];

it('refuses the current password and the 4 before it, says so in both languages, stores nothing then, and takes the 6th-old', async () => {
  const d = await openTemp();
  const { admin } = await setUp(d);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  await admin.ok('accounts.create', { loginId: 'kato.clerk', displayName: '加藤 実', roles: ['clerk'], password: 'Kari-no-pass-8301' });
  const clerk = new Caller(d);
  await clerk.ok('auth.signIn', { loginId: 'kato.clerk', password: 'Kari-no-pass-8301' });
  // The first sign-in's change (from the temporary password) is one of the holder's own: P(0), then P(1)…P(4).
  let current = 'Kari-no-pass-8301';
  for (let i = 0; i <= 4; i++) {
    await clerk.ok('auth.changePassword', { currentPassword: current, newPassword: P(i) });
    current = P(i);
  }
  const id = d.store.db.prepare("SELECT id FROM accounts WHERE login_id = 'kato.clerk'").pluck().get() as string;
  const history = () => d.store.db.prepare('SELECT id, slot, n, password_hash, retired_at FROM password_history WHERE account_id = ? ORDER BY n').all(id) as { n: number; password_hash: string }[];
  // Four kept (the temporary one was not the holder's): P(0)…P(3).
  expect(history().map((h) => h.n)).toEqual([1, 2, 3, 4]);
  expect(await Promise.all(history().map((h, i) => verifySecret(P(i), h.password_hash)))).toEqual([true, true, true, true]);

  const stored = () => ({
    head: d.store.db.prepare('SELECT max(seq) FROM journal').pluck().get(),
    history: history(),
    account: d.store.db.prepare('SELECT password_hash, password_changed_at FROM accounts WHERE id = ?').get(id),
  });
  const before = stored();
  // A → B → A and the rest of the last five: refused, the field named; nothing written.
  expect(await clerk.call('auth.changePassword', { currentPassword: P(4), newPassword: P(4) })).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'auth.errors.password_same', field: 'newPassword' } });
  for (const old of [P(3), P(2), P(1), P(0)])
    expect(await clerk.call('auth.changePassword', { currentPassword: P(4), newPassword: old })).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'auth.errors.password_reused', field: 'newPassword' } });
  expect(stored()).toEqual(before);
  expect(lookup('ja', 'auth.errors.password_reused')).toBe('最近使ったパスワードは使えません。以前の 5 回とは違うパスワードにしてください。');
  expect(lookup('en', 'auth.errors.password_reused')).toMatch(/last 5 passwords/);
  // Still signed in with the password it had.
  await clerk.ok('auth.unlock', { password: P(4) });

  // One more: P(0) is then the 6th-old (P(5) current, P(4)…P(1) before it), and taken. The oldest kept is written over: four still.
  await clerk.ok('auth.changePassword', { currentPassword: P(4), newPassword: P(5) });
  expect(history().map((h) => h.n)).toEqual([2, 3, 4, 5]);
  expect(await clerk.call('auth.changePassword', { currentPassword: P(5), newPassword: P(1) })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.password_reused' } });
  await clerk.ok('auth.changePassword', { currentPassword: P(5), newPassword: P(0) });
  expect(history()).toHaveLength(4);
  expect(d.store.db.prepare('SELECT count(*) FROM password_history').pluck().get()).toBe(4);

  // An administrator's reset: the temporary password is not held to the history; the holder's own one
  // after it is, to those from before the reset (P(0) current then, P(5), P(4), P(3) before it).
  await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  await admin.ok('accounts.resetPassword', { id, temporaryPassword: P(2), reason: 'パスワード失念' });
  const again = new Caller(d);
  await again.ok('auth.signIn', { loginId: 'kato.clerk', password: P(2) });
  expect(await again.call('auth.changePassword', { currentPassword: P(2), newPassword: P(2) })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.password_same' } });
  for (const old of [P(0), P(5), P(4), P(3)])
    expect(await again.call('auth.changePassword', { currentPassword: P(2), newPassword: old })).toMatchObject({ ok: false, error: { messageKey: 'auth.errors.password_reused', field: 'newPassword' } });
  await again.ok('auth.changePassword', { currentPassword: P(2), newPassword: P(6) });
  // The temporary one was never kept: P(2) is not in the history now (written over since), nor was it added.
  expect(await Promise.all(history().map((h) => verifySecret(P(2), h.password_hash)))).toEqual([false, false, false, false]);
  expect(d.store.db.prepare("SELECT DISTINCT action FROM journal WHERE kind = 'row' AND entity = 'password_history' ORDER BY action").pluck().all()).toEqual(['accounts.reset_password', 'auth.change_password']);
  // Journaled: verify rebuilds the table, and names a row of it changed outside the app.
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  const row = d.store.db.prepare('SELECT id FROM password_history WHERE account_id = ? ORDER BY n LIMIT 1').pluck().get(id) as string;
  const last = d.store.db.prepare("SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = 'password_history' AND entity_id = ?").pluck().get(row) as number;
  d.store.db.prepare('UPDATE password_history SET password_hash = ? WHERE id = ?').run('scrypt$1024$8$1$AAAA$AAAA', row);
  expect(d.verify()).toMatchObject({ ok: false, problemCount: 1, firstBadSeq: last });
  d.close();
});
