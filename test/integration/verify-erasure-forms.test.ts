import { randomBytes } from 'node:crypto';
import type { Row, Tx } from '../../electron/core/store/store';
import { approverKey } from '../helpers/erasure-act';
import { startAct } from '../../electron/core/retention';
import { describe, expect, it } from 'vitest';
import { retentionCutoff } from '../../electron/core/retention-rules';
import type { Daicho } from '../../electron/core/daicho';
import { renewPassword, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { signOff } from './review-fixture';

// SPEC §8: verify reports an erased record as erased, never as tampering — so only an erasure the app
// makes may take a record's personal data away. An insider probe of 2026-12-05, writing with the key
// (here: the app's own write path, as a key holder can run it):
// - an erasure journaled under another action ('visitors.amend'), of a slip still in its period: never
//   held to the erasure rules, it verified and was counted as erased;
// - an erasure row, inside an act that held, that also voided the slip and rewrote its purpose;
// - an erased slip given a made-up name again (or its mark taken away);
// - an act dated six years ahead with no end row, the app then used at the true time.

const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
const VISITOR = { name: '改竄 対象子', company: '保存期間株式会社' };

async function fixture() {
  const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
  const old = await f.clerk.ok('visitors.add', { siteId: f.hq.id, ...VISITOR, purpose: '打合せ', hostId: f.yamada.id, area: 'reception', arrivedAt: jst('2019-03-11', '09:40') });
  await f.clerk.ok('visitors.signOut', { id: old.id, leftAt: jst('2019-03-11', '10:00'), cardReturned: false });
  await signOff(f, jst('2019-04-01', '10:00'), [{ ledger: 'visitors', siteId: f.hq.id, month: '2019-03' }]);
  f.c.set(jst('2026-11-30', '10:00'));
  await renewPassword(f.clerk, PASSWORDS.clerk);
  await renewPassword(f.sm, SETUP.safetyManager.password);
  await renewPassword(f.admin, SETUP.sysadmin.password);
  await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const recent = await f.clerk.ok('visitors.add', { siteId: f.hq.id, name: '最近 来訪者', company: '現役株式会社', purpose: '打合せ', hostId: f.yamada.id, area: 'reception', arrivedAt: jst('2026-11-30', '09:00') });
  const admin = { actor: f.accountId(SETUP.sysadmin.loginId), station: 'test' };
  /** A key holder's write through the app's own write path (and what it does to the kept values outside it). */
  const write = (fn: Parameters<Daicho['store']['write']>[1], dropKept?: string) => {
    f.d.store.write(admin, fn);
    if (dropKept) f.d.store.db.prepare("DELETE FROM personal_values WHERE entity = 'visitor_visits' AND entity_id = ?").run(dropKept);
  };
  const erasedNow = (): Row => ({ name: null, company: null, personal_salt: null, personal_erased_at: f.c.clock().toISOString() });
  /** The problems of both verifies (this thread, the workers). */
  const problems = async () => {
    const one = f.d.verify();
    const workers = await f.d.verifyInBackground();
    expect(workers.problems.map((p) => p.problem)).toEqual(one.problems.map((p) => p.problem));
    return one.problems.map((p) => p.problem);
  };
  // An act's start as the app writes it, its approval signed with the safety manager's key (only the rule under test is broken).
  const approvedBy = f.accountId(SETUP.safetyManager.loginId);
  const key = await approverKey(f.d.store, approvedBy, SETUP.safetyManager.password);
  const start = (tx: Tx, now: Date) =>
    startAct(f.d.store, tx, key, { table: 'visitor_visits', ledger: 'visitors', cutoff: retentionCutoff(now, 5).toISOString(), records: 1, years: 5, approvedBy, adminId: admin.actor, reason: '保存期間経過' });
  return { ...f, old, recent, write, erasedNow, problems, start };
}

describe('only an erasure may take personal data away, and it takes nothing else (an insider probe of 2026-12-05)', () => {
  it('an erasure under another action name is named, of a record in its period or past it', async () => {
    const f = await fixture();
    expect(await f.problems()).toEqual([]);
    for (const v of [f.recent, f.old]) f.write((tx) => tx.update('visitor_visits' as never, v.id, f.erasedNow(), { action: 'visitors.amend', reason: '訂正' }), v.id);
    const named = await f.problems();
    for (const v of [f.recent, f.old]) expect(named).toContainEqual(expect.stringContaining(`visitor_visits row ${v.id} is marked erased (消去済) with no erasure of it in the journal`));
    // Nor are they counted as erased.
    expect(f.d.verify().erased?.visitor_visits ?? 0).toBe(0);
    f.d.close();
  });

  it('an erasure row that changes more than the personal fields is named, inside an act that holds; the same act erasing only them verifies', async () => {
    const f = await fixture();
    const act = (changes: Row) =>
      f.write((tx) => {
        f.start(tx, f.c.clock());
        tx.update('visitor_visits' as never, f.old.id, { ...f.erasedNow(), ...changes }, { action: 'personal.erase', reason: '保存期間経過' });
        tx.event('retention.erase.done', 'visitor_visits', null, { ledger: 'visitors', erased: 1 }, '保存期間経過');
      }, f.old.id);
    act({ purpose: '改竄された目的', status: 'void' });
    // Named as an erasure that is not one, and by the seal of its month, whose record it changed.
    expect(await f.problems()).toEqual([
      expect.stringMatching(new RegExp(`^the seal of visitors HQ 2019-03 .*: a record it seals \\(${f.old.id}\\) was changed after it by a row labelled an erasure that changes more than its personal fields`)),
      expect.stringContaining(`an erasure of visitor_visits ${f.old.id} that changes more than its personal fields`),
    ]);
    f.d.close();

    const g = await fixture();
    g.write((tx) => {
      g.start(tx, g.c.clock());
      tx.erasePersonal('visitor_visits' as never, g.old.id, { action: 'personal.erase', reason: '保存期間経過' });
      tx.event('retention.erase.done', 'visitor_visits', null, { ledger: 'visitors', erased: 1 }, '保存期間経過');
    });
    expect(await g.problems()).toEqual([]);
    g.d.close();
  });

  it('an erased record given its personal data again, or its mark taken away, is named', async () => {
    for (const change of [{ name: '偽 太郎', personal_salt: randomBytes(16).toString('hex') }, { personal_erased_at: null }] as Row[]) {
      const f = await fixture();
      expect(await f.admin.ok('retention.erase', { ledger: 'visitors', reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 1 });
      expect(await f.problems()).toEqual([]);
      f.write((tx) => tx.update('visitor_visits' as never, f.old.id, change, { action: 'visitors.amend', reason: '訂正' }));
      // (With its mark gone, the values it no longer keeps are missing too.)
      expect(await f.problems()).toContainEqual(expect.stringContaining(`visitor_visits row ${f.old.id} was erased, and ${'name' in change ? 'holds personal data again' : 'is no longer marked erased'}`));
      f.d.close();
    }
  });

  it('an act dated years ahead and left without its end is held to the true time: the verifier’s, and once the app goes on', async () => {
    const f = await fixture();
    // The recent slip signed out, and its month signed off once it ended.
    await f.clerk.ok('visitors.signOut', { id: f.recent.id, leftAt: jst('2026-11-30', '09:30'), cardReturned: false });
    await signOff(f, jst('2026-12-01', '10:00'), [{ ledger: 'visitors', siteId: f.hq.id, month: '2026-11' }]);
    // 2032: the recent slip is five years old by the act's own clock.
    f.c.set(jst('2032-01-15', '12:00'));
    f.write((tx) => {
      f.start(tx, f.c.clock());
      tx.erasePersonal('visitor_visits' as never, f.recent.id, { action: 'personal.erase', reason: '保存期間経過' });
    });
    // Its own clock agrees with it; the true time, before anything more is written, does not: it is held to
    // the verifier's clock (it passed until the next save: an insider probe), in one thread and in workers.
    expect(await f.problems()).toEqual([]);
    f.c.set(jst('2026-11-30', '11:00'));
    expect(await f.problems()).toEqual([expect.stringMatching(new RegExp(`an erasure of visitor_visits ${f.recent.id} dated .*, not before its act's cutoff .* \\(the act is dated after this verify's clock, 2026-11-30T02:00:00.000Z\\)`))]);
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await f.clerk.ok('visitors.add', { siteId: f.hq.id, name: '次の 来訪者', company: '後続株式会社', purpose: '打合せ', hostId: f.yamada.id, area: 'reception', arrivedAt: jst('2026-11-30', '10:50') });
    expect(await f.problems()).toContainEqual(expect.stringMatching(new RegExp(`an erasure of visitor_visits ${f.recent.id} dated .*, not before its act's cutoff .* \\(the clock went back after the act`)));
    f.d.close();
  });
});
