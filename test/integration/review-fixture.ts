import { Caller, SETUP, SM_APPROVAL } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// The monthly review's October at the head office (review.test.ts, review-own.test.ts): a site head
// linked to a person there, an authorized stay and one by someone not authorized, reviewed in November.

export const HEAD_PASSWORD = 'Kyoten-cho-hon-4410';

/** October 2026 at the head office: an authorized stay, and one by someone not authorized (an anomaly). */
export async function october() {
  const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
  const { c, clerk, hq, osaka, yamada, sasaki, kimura, okada } = f;
  // A site head of the head office, linked to a person there.
  const head = await accountFor(f, 'kyoten.hq', '本社 拠点長', ['site_head'], sasaki.id, HEAD_PASSWORD);
  await f.sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
  await f.sm.ok('accounts.setSites', { id: f.accountId('kyoten.hq'), siteIds: [hq.id], reason: '本社の拠点長' });
  const ok = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:30'), exitedAt: jst('2026-10-20', '08:50'), purpose: 'maintenance' });
  const bad = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-10-20', '08:40'), exitedAt: jst('2026-10-20', '08:55'), purpose: 'maintenance' });
  await clerk.ok('serverRoom.record', { siteId: osaka.id, personId: okada.id, enteredAt: jst('2026-10-20', '08:45'), exitedAt: jst('2026-10-20', '08:58'), purpose: 'maintenance' });
  // The review, in November: everyone's window locked in between, unlocked with their password.
  c.set(jst('2026-11-05', '10:00'));
  await f.sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
  await f.admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
  await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
  await head.ok('auth.unlock', { password: HEAD_PASSWORD });
  return { ...f, ok, bad, head, unit: { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' } };
}

export async function accountFor(f: Awaited<ReturnType<typeof serverRoomFixture>>, loginId: string, name: string, roles: ('site_head' | 'staff' | 'clerk')[], personId: string | null, password: string) {
  const temporary = 'Kari-no-pass-8301';
  await f.admin.ok('accounts.create', { loginId, displayName: name, personId, roles, password: temporary, ...(personId ? { approval: SM_APPROVAL } : {}) });
  const caller = new Caller(f.d);
  await caller.ok('auth.signIn', { loginId, password: temporary });
  await caller.ok('auth.changePassword', { currentPassword: temporary, newPassword: password });
  return caller;
}

/** The journal head the caller was last shown the unit at (0 when they may not see it). */
export async function shown(who: Caller, unit: { ledger: string; siteId: string; month: string }): Promise<number> {
  const r = await who.call('review.get', unit);
  return r.ok ? r.value.shownHead : 0;
}

/** Dispose of every item of the unit as 問題なし. */
export async function disposeAll(who: Caller, unit: { ledger: string; siteId: string; month: string }) {
  const detail = await who.ok('review.get', unit);
  for (const it of detail.items.filter((i) => !i.disposition))
    await who.ok('review.dispose', { ...unit, subject: it.subject, code: it.code, disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null });
}

/**
 * SPEC §8: a record's retention period runs from its month's sign-off. The months signed off (承認) by
 * the safety manager at `at` (the clock is left there), their items disposed of as 問題なし.
 */
export async function signOff(f: { c: { set(at: string): void }; sm: Caller }, at: string, units: { ledger: string; siteId: string; month: string }[]) {
  f.c.set(at);
  // Her window, locked by the clock's jump: unlocked (an error when it was not locked is of no matter).
  await f.sm.call('auth.unlock', { password: SETUP.safetyManager.password });
  for (const unit of units) {
    await disposeAll(f.sm, unit);
    await f.sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(f.sm, unit) });
  }
}

/** A laptop's fields but its tag, serial, site (and kind, which tests vary). */
export const LAPTOP = { kind: 'laptop', model: 'Panasonic CF-SV1', storagePlace: '総務部キャビネットB', encrypted: true, notes: null } as const;

/** The register-change items of a unit's review, as [their change's key, their label]. */
export async function registerChanges(who: Caller, unit: { ledger: string; siteId: string; month: string }) {
  return (await who.ok('review.get', unit)).items.filter((i) => i.kind === 'register_change').map((i) => [i.params?.change, i.label]);
}

/** October 2026 at the head office: one stay, its month approved by the safety manager on 5 November. */
export async function sealedOctober() {
  const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
  const { c, sm, clerk, hq, yamada } = f;
  const a = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:00'), exitedAt: jst('2026-10-20', '08:30'), purpose: 'maintenance' });
  c.set(jst('2026-11-05', '10:00'));
  await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
  await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
  const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
  return { ...f, a, unit };
}
