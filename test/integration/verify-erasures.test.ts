import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { randomBytes } from 'node:crypto';
import { ERASURE_ROWS, retentionCutoff, WRITTEN_RULE_MIGRATION } from '../../electron/core/retention-rules';
import { assemble } from '../../electron/core/ledgers/registry';
import { openDatabase } from '../../electron/core/store/database';
import { Store } from '../../electron/core/store/store';
import { verifyJournal } from '../../electron/core/journal/verify';
import { draftColumns, insertStay } from '../../electron/core/ledgers/server-room/rules';
import { renewPassword, SETUP, tempDir } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { signOff } from './review-fixture';
import { approverKey, erasureBasics } from '../helpers/erasure-act';
import { startAct } from '../../electron/core/retention';

// SPEC §8: verify reports an erased record as erased, never as tampering — so it holds each erasure
// in the journal to what the app does: inside an approved retention act, of a record past the period
// that act states. An insider probe wrote erasures with the key (the app's own library) outside any
// act, and made one with the clock six years ahead; both verified as "erased after the period".

const VISITOR = { name: '証拠 隠子', company: '隠蔽株式会社' };
const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };

async function withStays() {
  const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
  const stay = (enter: string, exit: string) => f.clerk.ok('serverRoom.record', {
    siteId: f.hq.id, personId: f.yamada.id, enteredAt: enter, exitedAt: exit, purpose: 'vendor_witness',
    companions: { employees: [], visitors: [{ ...VISITOR, escortPersonId: f.yamada.id }] },
  });
  const old = await stay(jst('2019-03-11', '09:00'), jst('2019-03-11', '09:30'));
  await signOff(f, jst('2019-04-01', '10:00'), [{ ledger: 'serverRoom', siteId: f.hq.id, month: '2019-03' }]);
  f.c.set(jst('2026-11-24', '10:00'));
  for (const [who, password] of [[f.clerk, PASSWORDS.clerk], [f.admin, SETUP.sysadmin.password], [f.sm, SETUP.safetyManager.password]] as const) await renewPassword(who, password);
  await renewPassword(f.sm, SETUP.safetyManager.password);
  const recent = await stay(jst('2026-11-24', '09:00'), jst('2026-11-24', '09:30'));
  return { ...f, old, recent };
}

describe('verify holds every erasure to the retention rules', () => {
  it('the app’s own erasure verifies, and says what was erased', async () => {
    const { d, admin } = await withStays();
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    expect(await admin.ok('retention.erase', { ledger: 'serverRoom', reason: '保存期間経過', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 1 });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: 1 } });
    d.close();
  });

  it('a kept value moved out of its ledger’s reach is named, and the erasure that missed it does not pass as one (an insider probe)', async () => {
    const f = await withStays();
    f.d.store.db.prepare("UPDATE personal_values SET entity = 'sites' WHERE entity_id = ?").run(f.old.id);
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await f.admin.ok('retention.erase', { ledger: 'serverRoom', reason: '保存期間経過', password: SETUP.sysadmin.password, approval });
    const r = f.d.verify();
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/belongs to no ledger with personal fields/);
    f.d.close();
  });

  it('a salt stored as a blob is named, and the next correction is refused rather than journal the visitor in clear (an insider probe)', async () => {
    const f = await withStays();
    f.d.store.db.prepare('UPDATE server_room_stays SET personal_salt = CAST(personal_salt AS BLOB) WHERE id = ?').run(f.recent.id);
    expect(f.d.verify()).toMatchObject({ ok: false, problemCount: 1 });
    const head = f.d.store.journalHead().seq;
    expect(await f.clerk.call('serverRoom.amend', { id: f.recent.id, changes: { notes: '追記' }, reason: '追記' })).toMatchObject({ ok: false });
    expect(f.d.store.journalHead().seq).toBe(head);
    const journal = f.d.store.db.prepare('SELECT group_concat(after) FROM journal WHERE entity_id = ?').pluck().get(f.recent.id) as string;
    expect(journal).not.toContain(VISITOR.name);
    f.d.close();
  });

  it('a personal value stored as a blob makes the next correction refused rather than journal its bytes (a review)', async () => {
    const f = await withStays();
    f.d.store.db.prepare('UPDATE server_room_stays SET companions = CAST(companions AS BLOB) WHERE id = ?').run(f.recent.id);
    expect(f.d.verify().ok).toBe(false);
    const head = f.d.store.journalHead().seq;
    expect(await f.clerk.call('serverRoom.amend', { id: f.recent.id, changes: { notes: '追記' }, reason: '追記' })).toMatchObject({ ok: false });
    expect(f.d.store.journalHead().seq).toBe(head);
    f.d.close();
  });

  it('an erasure written with the key outside any retention act is named', async () => {
    const { d, recent } = await withStays();
    const row = d.store.write({ actor: 'system', station: 'test' }, (tx) => tx.erasePersonal('server_room_stays', recent.id, { action: 'personal.erase', reason: '保存期間経過' }));
    expect(row.personal_erased_at).not.toBeNull();
    const r = d.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toEqual([expect.stringContaining(`an erasure of server_room_stays ${recent.id} outside an approved retention act`)]);
    d.close();
    // The same in worker threads (the app's and the CLI's verify).
    const inWorkers = await verifyInWorkers({ file: path.join(d.dataDir, 'daicho.db'), key: Buffer.from(fs.readFileSync(d.keyFile, 'utf8').trim(), 'hex') });
    expect(inWorkers.problems).toEqual(r.problems);
  });

  it('an act written with the key for a record still in its period is named: by its date, and by when it was written', async () => {
    const { d, c, recent, old, clerk } = await withStays();
    // A record dated back to 2019 today (as the app now refuses to erase), in a forged act with the app's own cutoff.
    await clerk.ok('serverRoom.amend', { id: old.id, changes: { notes: '訂正' }, reason: '追記' });
    const now = c.clock();
    d.store.write({ actor: 'system', station: 'test' }, (tx) => {
      tx.event('retention.erase.start', 'server_room_stays', null, { ledger: 'serverRoom', cutoff: retentionCutoff(now, 5).toISOString(), records: 2, years: 5, approvedBy: 'x' }, '定期消去');
      tx.erasePersonal('server_room_stays', recent.id, { action: 'personal.erase', reason: '定期消去' });
      tx.erasePersonal('server_room_stays', old.id, { action: 'personal.erase', reason: '定期消去' });
      tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 2 }, '定期消去');
    });
    const r = d.verify();
    expect(r.ok).toBe(false);
    const said = r.problems.map((p) => p.problem);
    expect(said).toContainEqual(expect.stringMatching(new RegExp(`an erasure of server_room_stays ${recent.id} dated .* not before its act's cutoff`)));
    expect(said).toContainEqual(expect.stringMatching(new RegExp(`an erasure of server_room_stays ${old.id} written or corrected at .* within the period`)));
    d.close();
  });

  it('an erasure made with the clock set years ahead, and set back after it, is named', async () => {
    const { d, c, admin, clerk, sm, hq, yamada, recent } = await withStays();
    // November 2026 signed off once it ended: the recent stay's month is past the period in 2032 too.
    await signOff({ c, sm }, jst('2026-12-01', '10:00'), [{ ledger: 'serverRoom', siteId: hq.id, month: '2026-11' }]);
    c.set(jst('2032-12-24', '10:00'));
    await renewPassword(sm, SETUP.safetyManager.password);
    await renewPassword(admin, SETUP.sysadmin.password);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    expect(await admin.ok('retention.erase', { ledger: 'serverRoom', reason: '定期消去', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 2 });
    c.set(jst('2026-11-24', '10:30'));
    await renewPassword(clerk, PASSWORDS.clerk);
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '10:10'), exitedAt: jst('2026-11-24', '10:20'), purpose: 'maintenance' });
    const r = d.verify();
    expect(r.ok).toBe(false);
    // Asked again at the true time (the row after the act): the recent stay was not past its period; the 2019 one was.
    expect(r.problems.map((p) => p.problem)).toEqual([expect.stringMatching(new RegExp(`^an erasure of server_room_stays ${recent.id} dated .*, not before its act's cutoff .* \\(the clock went back after the act, to 2026-11-24`))]);
    d.close();
  });
  it('named too when more rows were written at the forward time before the clock went back, and when the key holder rewrote when the record was written (a probe)', async () => {
    const { d, c, admin, clerk, sm, hq, yamada, recent } = await withStays();
    // November 2026 signed off once it ended: the recent stay's month is past the period in 2032 too.
    await signOff({ c, sm }, jst('2026-12-01', '10:00'), [{ ledger: 'serverRoom', siteId: hq.id, month: '2026-11' }]);
    c.set(jst('2032-12-24', '10:00'));
    await renewPassword(sm, SETUP.safetyManager.password);
    for (const [who, password] of [[admin, SETUP.sysadmin.password], [clerk, PASSWORDS.clerk]] as const) await renewPassword(who, password);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    expect(await admin.ok('retention.erase', { ledger: 'serverRoom', reason: '定期消去', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 2 });
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2032-12-24', '09:10'), exitedAt: jst('2032-12-24', '09:20'), purpose: 'maintenance' });
    c.set(jst('2026-11-24', '10:30'));
    await renewPassword(clerk, PASSWORDS.clerk);
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '10:10'), exitedAt: jst('2026-11-24', '10:20'), purpose: 'maintenance' });
    expect(d.verify().problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(new RegExp(`^an erasure of server_room_stays ${recent.id} .*the clock went back after the act`)));
    d.close();

    // The record's dates and recorded_at rewritten in the row that is then erased, inside an act with the app's cutoff.
    const f = await withStays();
    const now = f.c.clock();
    f.d.store.write({ actor: 'system', station: 'test' }, (tx) => {
      tx.event('retention.erase.start', 'server_room_stays', null, { ledger: 'serverRoom', cutoff: retentionCutoff(now, 5).toISOString(), records: 1, years: 5, approvedBy: 'x' }, '定期消去');
      tx.update('server_room_stays', f.recent.id, { entered_at: '2019-03-11T00:00:00.000Z', exited_at: '2019-03-11T00:10:00.000Z', recorded_at: '2019-03-11T01:00:00.000Z', amended_at: null }, { action: 'serverRoom.amend', reason: 'x' });
      tx.erasePersonal('server_room_stays', f.recent.id, { action: 'personal.erase', reason: '定期消去' });
      tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 1 }, '定期消去');
    });
    expect(f.d.verify().problems.map((p) => p.problem)).toContainEqual(expect.stringContaining(`an erasure of server_room_stays ${f.recent.id} written or corrected at`));
    f.d.close();
  });

  it('a start written a moment after midnight (its cutoff a month earlier, stricter) verifies; a clock corrected by minutes after an act does too', async () => {
    const { d, c, admin, clerk, hq, yamada, accountId } = await withStays();
    c.set(jst('2026-12-01', '00:00'));
    await renewPassword(admin, SETUP.sysadmin.password);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // As the app computes it from the request's time (30 November, just before midnight), by the administrator, approved by the safety manager.
    const now = new Date(jst('2026-11-30', '23:59'));
    const who = { actor: accountId(SETUP.sysadmin.loginId), station: 'test' };
    const approvedBy = accountId(SETUP.safetyManager.loginId);
    const key = await approverKey(d.store, approvedBy, SETUP.safetyManager.password);
    d.store.write(who, (tx) =>
      startAct(d.store, tx, key, { table: 'server_room_stays', ledger: 'serverRoom', cutoff: retentionCutoff(now, 5).toISOString(), records: 0, years: 5, approvedBy, adminId: who.actor, reason: '定期消去' }),
    );
    d.store.write(who, (tx) => tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 0 }, '定期消去'));
    // An erasure through the app, then the clock put back six minutes by the time service.
    expect(await admin.ok('retention.erase', { ledger: 'serverRoom', reason: '保存期間経過', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 1 });
    c.set(new Date(c.clock().getTime() - 6 * 60_000).toISOString());
    await renewPassword(clerk, PASSWORDS.clerk);
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-30', '22:00'), exitedAt: jst('2026-11-30', '22:30'), purpose: 'maintenance' });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: 1 } });
    d.close();
  });
});


describe('upgrade to migration 27 (erasures held to the written rule)', () => {
  it('an erasure made before it by the older rule (a record typed in recently with an old date) still verifies; the index is there', () => {
    const file = path.join(tempDir('daicho-upgrade-v27-'), 'daicho.db');
    const key = randomBytes(32);
    const all = assemble().migrations;
    const now = new Date('2026-11-24T01:00:00.000Z');
    const clock = () => now;
    const before = openDatabase({ file, key, create: true, migrations: all.filter((m) => m.version < WRITTEN_RULE_MIGRATION), clock });
    const store = new Store(before, clock);
    const { who, draft } = erasureBasics(store);
    // Typed in today from a 2019 slip, and erased at once by the rule of that version (its date only).
    // Written as that version wrote a stay: without the columns of later migrations (36's kept facts).
    store.write(who, (tx) => {
      const { companion_facts: _later, ...row } = draftColumns(draft);
      tx.insert('server_room_stays', { id: 'ST1', ...row, status: 'valid', void_reason: null, recorded_at: tx.now, recorded_by: 'test', station: 'test', exit_recorded_at: tx.now, amended_at: null, amend_count: 0 }, { action: 'serverRoom.record' });
    });
    store.write(who, (tx) => {
      tx.event('retention.erase.start', 'server_room_stays', null, { ledger: 'serverRoom', cutoff: retentionCutoff(now, 5).toISOString(), records: 1, years: 5, approvedBy: 'SM1' }, '定期消去');
      tx.erasePersonal('server_room_stays', 'ST1', { action: 'personal.erase', reason: '定期消去' });
      tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 1 }, '定期消去');
    });
    expect(verifyJournal(before)).toMatchObject({ ok: true, erased: { server_room_stays: 1 } });
    before.close();
    const db = openDatabase({ file, key, migrations: all, clock });
    // The upgrade's pages (its new indexes) are in the file, not left in a large write-ahead log.
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    expect(verifyJournal(db)).toMatchObject({ ok: true, problemCount: 0, erased: { server_room_stays: 1 } });
    expect(db.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM journal WHERE ${ERASURE_ROWS} AND seq <= 10`).all().map((r) => (r as { detail: string }).detail).join()).toContain('journal_erasure_rows');
    // After it, the same erasure is named.
    const s = new Store(db, clock);
    s.write(who, (tx) => insertStay(tx, 'ST2', draft, { recordedBy: 'test', station: 'test', action: 'serverRoom.record' }));
    s.write(who, (tx) => {
      tx.event('retention.erase.start', 'server_room_stays', null, { ledger: 'serverRoom', cutoff: retentionCutoff(now, 5).toISOString(), records: 1, years: 5, approvedBy: 'SM1' }, '定期消去');
      tx.erasePersonal('server_room_stays', 'ST2', { action: 'personal.erase', reason: '定期消去' });
      tx.event('retention.erase.done', 'server_room_stays', null, { ledger: 'serverRoom', erased: 1 }, '定期消去');
    });
    // (And, after migration 45, for an approval the safety manager did not sign with her key.)
    expect(verifyJournal(db).problems.map((p) => p.problem)).toEqual([
      'a retention erasure whose approval by SM1 carries no signature of hers (not written by Daicho)',
      expect.stringContaining('an erasure of server_room_stays ST2 written or corrected at'),
    ]);
    db.close();
  });
});
