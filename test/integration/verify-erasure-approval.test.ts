import path from 'node:path';
import { randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { erasureApprovalStatement, retentionCutoff, SIGN_OFF_RULE_MIGRATION, SIGNED_APPROVAL_MIGRATION, type ErasureApproval } from '../../electron/core/retention-rules';
import { assemble } from '../../electron/core/ledgers/registry';
import { openDatabase } from '../../electron/core/store/database';
import { Store, type Tx } from '../../electron/core/store/store';
import { verifyJournal } from '../../electron/core/journal/verify';
import { insertStay } from '../../electron/core/ledgers/server-room/rules';
import { activeKey, openSigningKey, revokeKey } from '../../electron/core/review/keys';
import { renewPassword, SETUP, tempDir } from '../helpers/temp-daicho';
import { approverKey, erasureBasics } from '../helpers/erasure-act';
import { startAct } from '../../electron/core/retention';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { signOff } from './review-fixture';

// SPEC §8: an erasure is an approved act. Until migration 45 the safety manager's approval was only her
// account's id in the act's start row, so someone holding the database key wrote an "approved" act
// without her (an insider probe). From it on she signs each act with her own key (review/keys.ts, the
// key her seals are signed with), over what it states and the hash of the row before it; verify names
// an act her key in force then did not sign there.

const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };
const REASON = '保存期間（5年）経過のため';

/** Two visitor slips of March 2019 and the clock at 30 November 2026: both past the five years. */
async function fixture() {
  const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
  const slip = async (name: string) => {
    const v = await f.clerk.ok('visitors.add', { siteId: f.hq.id, name, company: '保存期間株式会社', purpose: '打合せ', hostId: f.yamada.id, area: 'reception', arrivedAt: jst('2019-03-11', '09:40') });
    await f.clerk.ok('visitors.signOut', { id: v.id, leftAt: jst('2019-03-11', '10:00'), cardReturned: false });
    return v;
  };
  const a = await slip('消去 一子');
  const b = await slip('消去 二子');
  await signOff(f, jst('2019-04-01', '10:00'), [{ ledger: 'visitors', siteId: f.hq.id, month: '2019-03' }]);
  f.c.set(jst('2026-11-30', '10:00'));
  await renewPassword(f.clerk, PASSWORDS.clerk);
  await renewPassword(f.sm, SETUP.safetyManager.password);
  await renewPassword(f.admin, SETUP.sysadmin.password);
  await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const smId = f.accountId(SETUP.safetyManager.loginId);
  const adminId = f.accountId(SETUP.sysadmin.loginId);
  const starts = () => f.d.store.db.prepare("SELECT seq, after FROM journal WHERE action = 'retention.erase.start' ORDER BY seq").all() as { seq: number; after: string }[];
  /** An act of the key holder's through the app's write path: its start (`start`), the slip's erasure, its end. */
  const act = (id: string, start: (tx: Tx) => void) =>
    f.d.store.write({ actor: adminId, station: 'test' }, (tx) => {
      start(tx);
      tx.erasePersonal('visitor_visits' as never, id, { action: 'personal.erase', reason: REASON });
      tx.event('retention.erase.done', 'visitor_visits', null, { ledger: 'visitors', erased: 1 }, REASON);
    });
  const stated = () => ({ ledger: 'visitors', cutoff: retentionCutoff(f.c.clock(), 5).toISOString(), records: 1, years: 5, approvedBy: smId });
  return { ...f, a, b, smId, adminId, starts, act, stated };
}

describe("an erasure act carries its approver's signature (migration 45)", () => {
  it("the app's act, and a shorter period, are signed by the safety manager's key in force, and verify", async () => {
    const f = await fixture();
    expect(await f.admin.ok('retention.setYears', { ledger: 'visitors', years: 4, reason: '社内規程の改定により短縮', approval })).toMatchObject({ years: 4 });
    const shortened = JSON.parse(f.d.store.db.prepare("SELECT after FROM journal WHERE action = 'retention.shorten.approved'").pluck().get() as string) as Record<string, unknown>;
    expect(shortened).toMatchObject({ from: 5, to: 4, approvedBy: f.smId, keyId: activeKey(f.d.store, f.smId)!.id, signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) });
    expect(await f.admin.ok('retention.erase', { ledger: 'visitors', reason: REASON, password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 2 });
    const [start] = f.starts();
    const after = JSON.parse(start.after) as Record<string, unknown>;
    expect(after).toMatchObject({ approvedBy: f.smId, keyId: activeKey(f.d.store, f.smId)!.id, signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) });
    expect(f.d.verify()).toMatchObject({ ok: true, problemCount: 0, erased: { visitor_visits: 2 } });
    // She had no key: it was made with her password, in a write of her own (not inside the administrator's act).
    expect(f.d.store.db.prepare("SELECT action, actor FROM journal WHERE kind = 'row' AND entity = 'signing_keys' AND json_extract(after, '$.account_id') = ? ORDER BY seq").all(f.smId)).toEqual([{ action: 'signing_keys.create', actor: f.smId }]);
    f.d.close();
  });

  it('an act erases no more records than her approval counted; one left open takes no erasure written after its hours and dated back into them', async () => {
    const f = await fixture();
    const key = await approverKey(f.d.store, f.smId, SETUP.safetyManager.password);
    const erasureSeqs = (x: typeof f) => x.d.store.db.prepare("SELECT seq FROM journal WHERE action = 'personal.erase' ORDER BY seq").pluck().all() as number[];
    // Signed for one record, it erases two.
    f.d.store.write({ actor: f.adminId, station: 'test' }, (tx) => {
      startAct(f.d.store, tx, key, { table: 'visitor_visits', ...f.stated(), adminId: f.adminId, reason: REASON });
      for (const v of [f.a, f.b]) tx.erasePersonal('visitor_visits' as never, v.id, { action: 'personal.erase', reason: REASON });
      tx.event('retention.erase.done', 'visitor_visits', null, { ledger: 'visitors', erased: 2 }, REASON);
    });
    const [, second] = erasureSeqs(f);
    expect(f.d.verify().problems).toContainEqual({ seq: second, problem: `an erasure of visitor_visits ${f.b.id} beyond the 1 record(s) its act's approval was signed for (not written by Daicho)` });
    f.d.close();

    // Left open after its first erasure (as an act stopped half-way is); the app goes on a day later; then an
    // erasure written with the key, dated back into the act's hours.
    const g = await fixture();
    const gKey = await approverKey(g.d.store, g.smId, SETUP.safetyManager.password);
    const actAt = g.c.clock().toISOString();
    g.d.store.write({ actor: g.adminId, station: 'test' }, (tx) => {
      startAct(g.d.store, tx, gKey, { table: 'visitor_visits', ...g.stated(), records: 2, adminId: g.adminId, reason: REASON });
      tx.erasePersonal('visitor_visits' as never, g.a.id, { action: 'personal.erase', reason: REASON });
    });
    expect(g.d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    g.c.set(new Date(Date.parse(actAt) + 25 * 3_600_000).toISOString());
    await g.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await g.clerk.ok('visitors.add', { siteId: g.hq.id, name: '翌日 来訪者', company: '後続株式会社', purpose: '打合せ', hostId: g.yamada.id, area: 'reception', arrivedAt: g.c.clock().toISOString() });
    g.c.set(new Date(Date.parse(actAt) + 3_600_000).toISOString());
    g.d.store.write({ actor: g.adminId, station: 'test' }, (tx) => tx.erasePersonal('visitor_visits' as never, g.b.id, { action: 'personal.erase', reason: REASON }));
    const late = erasureSeqs(g)[1];
    expect(g.d.verify().problems).toEqual([{ seq: late, problem: `an erasure of visitor_visits ${g.b.id} outside an approved retention act` }]);
    g.d.close();
  });

  it('an act written with the key in her name but without her signature is named at its start', async () => {
    // The act is the app's in every other way: it erases a slip past the period, approved in her name.
    const f = await fixture();
    f.act(f.a.id, (tx) => tx.event('retention.erase.start', 'visitor_visits', null, f.stated(), REASON));
    const [unsigned] = f.starts();
    expect(f.d.verify().problems).toEqual([{ seq: unsigned.seq, problem: `a retention erasure whose approval by ${f.smId} carries no signature of hers (not written by Daicho)` }]);
    f.d.close();
  });

  it('her signature holds only over the act she signed, where she signed it, with her key in force', async () => {
    const f = await fixture();
    const key = await openSigningKey(f.d.store, f.smId, SETUP.safetyManager.password);
    f.d.store.write({ actor: f.smId, station: 'test' }, (tx) => key.plan(tx));
    /** Her signature over `words` (what she approved), put on an act that states `stated` for `reason`. */
    const startOver = (tx: Tx, words: Partial<ErasureApproval>, reason = REASON) => {
      const stated = f.stated();
      const statement = erasureApprovalStatement({ table: 'visitor_visits', ...stated, adminId: f.adminId, reason: REASON, at: tx.now, prevHash: f.d.store.journalHead().hash, keyId: key.keyId, ...words });
      tx.event('retention.erase.start', 'visitor_visits', null, { ...stated, keyId: key.keyId, signature: sign(null, statement, key.key).toString('base64') }, reason);
    };
    // Signed as the app signs: holds.
    f.act(f.a.id, (tx) => startOver(tx, {}));
    expect(f.d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    // That signature copied into a second act; one over another reason, another administrator, a later cutoff, more records.
    const signed = JSON.parse(f.starts()[0].after) as Record<string, unknown>;
    f.act(f.b.id, (tx) => tx.event('retention.erase.start', 'visitor_visits', null, signed, REASON));
    const later = new Date(Date.parse(f.stated().cutoff) + 31 * 86_400_000).toISOString();
    for (const words of [{ reason: '別件の承認' }, { adminId: f.smId }, { cutoff: later }, { records: 5 }] as Partial<ErasureApproval>[])
      f.d.store.write({ actor: f.adminId, station: 'test' }, (tx) => {
        startOver(tx, words);
        tx.event('retention.erase.done', 'visitor_visits', null, { ledger: 'visitors', erased: 0 }, REASON);
      });
    // Her key revoked (a reset), and an act signed with it after that.
    f.d.store.write({ actor: f.adminId, station: 'test' }, (tx) => revokeKey(f.d.store, tx, activeKey(f.d.store, f.smId)!, f.adminId, 'password_reset'));
    f.d.store.write({ actor: f.adminId, station: 'test' }, (tx) => {
      startOver(tx, {});
      tx.event('retention.erase.done', 'visitor_visits', null, { ledger: 'visitors', erased: 0 }, REASON);
    });
    const [, copied, ...others] = f.starts();
    const revoked = others.pop()!;
    const problem = (why: string) => `a retention erasure whose approval by ${f.smId} ${why} (not written by Daicho)`;
    const r = f.d.verify();
    expect(r.problems).toEqual([
      ...[copied, ...others].map((s) => ({ seq: s.seq, problem: problem('carries a signature that does not hold over it at this place in the journal') })),
      { seq: revoked.seq, problem: problem('is signed with a key of hers that was not in force where it stands in the journal') },
    ]);
    expect((await f.d.verifyInBackground()).problems).toEqual(r.problems);
    f.d.close();
  });
});

describe('upgrade to migration 45 (approvals signed)', () => {
  it('an act approved by name only, made before it, still verifies; one made so after it is named', () => {
    const file = path.join(tempDir('daicho-upgrade-v45-'), 'daicho.db');
    const key = randomBytes(32);
    const all = assemble().migrations;
    // Written in March 2019, erased in November 2026.
    const now = new Date('2026-11-24T01:00:00.000Z');
    let time = new Date('2019-03-11T01:00:00.000Z');
    const clock = () => time;
    const before = openDatabase({ file, key, create: true, migrations: all.filter((m) => m.version < SIGNED_APPROVAL_MIGRATION), clock });
    expect(before.pragma('user_version', { simple: true })).toBe(SIGNED_APPROVAL_MIGRATION - 1);
    const store = new Store(before, clock);
    const { who, draft } = erasureBasics(store);
    for (const id of ['ST1', 'ST2']) store.write(who, (tx) => insertStay(tx, id, draft, { recordedBy: 'test', station: 'test', action: 'serverRoom.record' }));
    time = now;
    /** An act as v44 wrote it: approved by her name only. */
    const erase = (s: Store, id: string) =>
      s.write(who, (tx) => {
        tx.event('retention.erase.start', 'server_room_stays', null, { ledger: 'serverRoom', cutoff: retentionCutoff(now, 5).toISOString(), records: 1, years: 5, approvedBy: 'SM1' }, '定期消去');
        tx.erasePersonal('server_room_stays', id, { action: 'personal.erase', reason: '定期消去' });
        tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 1 }, '定期消去');
      });
    erase(store, 'ST1');
    expect(verifyJournal(before)).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: 1 } });
    before.close();
    // Up to it (from migration 46 the unsigned month of these stays is named too: upgrade-v45.test.ts).
    const db = openDatabase({ file, key, migrations: all.filter((m) => m.version < SIGN_OFF_RULE_MIGRATION), clock });
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(SIGNED_APPROVAL_MIGRATION);
    expect(db.prepare("SELECT count(*) FROM journal WHERE action = 'schema.migrate' AND json_extract(after, '$.to') = ?").pluck().get(SIGNED_APPROVAL_MIGRATION)).toBe(1);
    expect(verifyJournal(db)).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: 1 } });
    // After it, the same act is named for the signature it lacks, and for nothing else.
    erase(new Store(db, clock), 'ST2');
    const start = db.prepare("SELECT max(seq) FROM journal WHERE action = 'retention.erase.start'").pluck().get() as number;
    expect(verifyJournal(db).problems).toEqual([{ seq: start, problem: 'a retention erasure whose approval by SM1 carries no signature of hers (not written by Daicho)' }]);
    db.close();
  });
});
