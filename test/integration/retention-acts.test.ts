import { describe, expect, it } from 'vitest';
import { retentionCutoff } from '../../electron/core/retention-rules';
import { renewPassword, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { approverKey } from '../helpers/erasure-act';
import { startAct } from '../../electron/core/retention';

// SPEC §8, found by an insider probe: a retention erasure waited for a record's correction to be
// reviewed, but not for its other acts — a slip voided today, or its exit typed in today, was erasable
// the same day — nor for a month whose seal was reopened (counted from its end, as if never signed).
// And verify never asked when an erasure's month was signed off: one written with the key, of a month
// signed off within the period, verified. Now every act counts, a reopened month waits to be signed
// again, and verify holds each erasure to the seals as they stood at its act (migration 41).

const approval = { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password };

/**
 * A visitor slip (signed out, unless `signedOut` is false) and a stay of March 2019; March signed off
 * on 1 April 2019 in both ledgers unless `signedOff` is false (a month never signed off is kept, retention-sign-off.test.ts).
 */
async function march2019({ signedOut = true, signedOff = true } = {}) {
  const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
  const slip = await f.clerk.ok('visitors.add', { siteId: f.hq.id, name: '消去 対象子', company: '保存期間株式会社', purpose: '打合せ', hostId: f.yamada.id, area: 'reception', arrivedAt: jst('2019-03-11', '09:40') });
  if (signedOut) await f.clerk.ok('visitors.signOut', { id: slip.id, leftAt: jst('2019-03-11', '09:55'), cardReturned: false });
  const stay = await f.clerk.ok('serverRoom.record', {
    siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'vendor_witness',
    companions: { employees: [], visitors: [{ name: '証拠 隠子', company: '隠蔽株式会社', escortPersonId: f.yamada.id }] },
  });
  const at = async (iso: string) => {
    f.c.set(iso);
    await renewPassword(f.clerk, PASSWORDS.clerk);
    await renewPassword(f.sm, SETUP.safetyManager.password);
    await renewPassword(f.admin, SETUP.sysadmin.password);
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  };
  const erasable = async (ledger: string) => (await f.admin.ok('retention.status', {})).find((s) => s.ledger === ledger)!.erasable;
  /** March 2019's unit of a ledger signed off (its items disposed of first) at the clock's time. */
  const sign = async (ledger: string) => {
    const unit = { ledger, siteId: f.hq.id, month: '2019-03' };
    for (const it of (await f.sm.ok('review.get', unit)).items.filter((i) => !i.disposition))
      await f.sm.ok('review.dispose', { ...unit, subject: it.subject, code: it.code, disposition: 'no_issue', explanation: '立会いのうえ作業内容を確認した', cause: null, action: null });
    return f.sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await f.sm.ok('review.get', unit)).shownHead });
  };
  /** What a key holder would write: the app's own act, of a record the app will not erase. */
  /** (Signed by the safety manager's key too: only the rule under test is broken.) */
  const forgeErasure = async (table: string, ledger: string, id: string) => {
    const now = f.c.clock();
    const approvedBy = f.accountId(SETUP.safetyManager.loginId);
    const key = await approverKey(f.d.store, approvedBy, SETUP.safetyManager.password);
    const adminId = f.accountId(SETUP.sysadmin.loginId);
    f.d.store.write({ actor: adminId, station: 'test' }, (tx) => {
      startAct(f.d.store, tx, key, { table, ledger, cutoff: retentionCutoff(now, 5).toISOString(), records: 1, years: 5, approvedBy, adminId, reason: '保存期間経過' });
      tx.erasePersonal(table as never, id, { action: 'personal.erase', reason: '保存期間経過' });
      tx.event('retention.erase.done', table, null, { ledger, erased: 1 }, '保存期間経過');
    });
    return (f.d.store.db.prepare("SELECT max(seq) AS seq FROM journal WHERE action = 'personal.erase'").get() as { seq: number }).seq;
  };
  if (signedOff) {
    await at(jst('2019-04-01', '10:00'));
    for (const ledger of ['visitors', 'serverRoom']) await sign(ledger);
  }
  return { ...f, slip, stay, at, erasable, sign, forgeErasure };
}

describe('one erasure of a ledger at a time', () => {
  it('refuses a second erasure of the same ledger while the first runs (their acts would interleave), and verifies', async () => {
    const f = await march2019();
    await f.at(jst('2026-11-30', '10:00'));
    expect(await f.erasable('visitors')).toBe(1);
    const input = { ledger: 'visitors' as const, reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval };
    const [first, second] = await Promise.all([f.admin.call('retention.erase', input), f.admin.call('retention.erase', input)]);
    expect(first).toMatchObject({ ok: true, value: { erased: 1 } });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'retention.errors.erase_running' } });
    // Once it has ended, the ledger may be erased again (nothing is left to erase).
    expect(await f.admin.call('retention.erase', input)).toMatchObject({ ok: false, error: { messageKey: 'retention.errors.nothing' } });
    expect(f.d.verify()).toMatchObject({ ok: true });
    f.d.close();
  });
});

describe('retention waits for every act on a record', () => {
  it('a slip voided today, or whose exit was typed in today, is kept for the period after that act; the app’s erasure then takes it', async () => {
    const f = await march2019({ signedOut: false });
    await f.at(jst('2026-11-30', '10:00'));
    // Never signed out: kept while open; signed out today: kept for the period after that.
    expect((await f.admin.ok('retention.status', {})).find((s) => s.ledger === 'visitors')).toMatchObject({ erasable: 0, stillOpen: 1 });
    await f.clerk.ok('visitors.signOut', { id: f.slip.id, leftAt: jst('2019-03-11', '11:00'), cardReturned: false });
    expect((await f.admin.ok('retention.status', {})).find((s) => s.ledger === 'visitors')).toMatchObject({ erasable: 0, stillOpen: 0 });
    expect(await f.erasable('serverRoom')).toBe(1);
    await f.clerk.ok('serverRoom.void', { id: f.stay.id, reason: '重複して記録したため' });
    expect(await f.erasable('serverRoom')).toBe(0);
    // Written with the key, that erasure is named for the act it did not wait for.
    const seq = await f.forgeErasure('server_room_stays', 'serverRoom', f.stay.id);
    expect(f.d.verify().problems).toEqual([{ seq, problem: `an erasure of server_room_stays ${f.stay.id} last acted on at ${jst('2026-11-30', '10:00')}, within the period` }]);
    f.d.close();

    // Five years after the exit was typed in, the slip is past its period: erased through the app, and verified.
    const g = await march2019({ signedOut: false });
    await g.at(jst('2026-11-30', '10:00'));
    await g.clerk.ok('visitors.signOut', { id: g.slip.id, leftAt: jst('2019-03-11', '11:00'), cardReturned: false });
    await g.at(jst('2031-12-01', '10:00'));
    expect(await g.erasable('visitors')).toBe(1);
    expect(await g.admin.ok('retention.erase', { ledger: 'visitors', reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 1 });
    expect(g.d.verify()).toMatchObject({ ok: true });
    g.d.close();
  });

  it('a month whose seal was reopened is kept until it is signed again, then for the period after that', async () => {
    const f = await march2019({ signedOff: false });
    await f.at(jst('2023-02-06', '10:00'));
    const signed = await f.sign('visitors');
    await f.at(jst('2026-11-30', '10:00'));
    expect(await f.erasable('visitors')).toBe(0); // signed off in 2023: kept until 2028
    await f.sm.ok('review.reopen', { sealId: signed.unit.seals[0].id, reason: '監査指摘により再確認', password: SETUP.safetyManager.password });
    expect(await f.erasable('visitors')).toBe(0);
    await f.at(jst('2029-03-01', '10:00'));
    expect(await f.erasable('visitors')).toBe(0); // still under review
    // Written with the key while it is reopened: named.
    const seq = await f.forgeErasure('visitor_visits', 'visitors', f.slip.id);
    expect(f.d.verify().problems).toEqual([{ seq, problem: `an erasure of visitor_visits ${f.slip.id} while its month's seal was reopened (under review again)` }]);
    f.d.close();

    const g = await march2019({ signedOff: false });
    await g.at(jst('2023-02-06', '10:00'));
    const first = await g.sign('visitors');
    await g.at(jst('2026-11-30', '10:00'));
    await g.sm.ok('review.reopen', { sealId: first.unit.seals[0].id, reason: '監査指摘により再確認', password: SETUP.safetyManager.password });
    await g.sign('visitors');
    await g.at(jst('2031-11-30', '10:00'));
    expect(await g.erasable('visitors')).toBe(0); // signed again on 30 November 2026: kept until then
    await g.at(jst('2031-12-01', '10:00'));
    expect(await g.erasable('visitors')).toBe(1);
    expect(await g.admin.ok('retention.erase', { ledger: 'visitors', reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 1 });
    expect(g.d.verify()).toMatchObject({ ok: true });
    g.d.close();
  });

  it('verify names an erasure, written with the key, of a month signed off within the period', async () => {
    const f = await march2019({ signedOff: false });
    await f.at(jst('2023-02-06', '10:00'));
    await f.sign('serverRoom'); // signed late: kept until 2028
    await f.at(jst('2026-11-24', '10:00'));
    expect(await f.erasable('serverRoom')).toBe(0);
    expect(f.d.verify()).toMatchObject({ ok: true });
    const seq = await f.forgeErasure('server_room_stays', 'serverRoom', f.stay.id);
    expect((await f.clerk.ok('serverRoom.get', { id: f.stay.id })).personalErasedAt).not.toBeNull();
    expect(f.d.verify().problems).toEqual([{ seq, problem: `an erasure of server_room_stays ${f.stay.id} of a month signed off at ${jst('2023-02-06', '10:00')}, within the period` }]);
    f.d.close();
  });
  it('a large erasure goes in batches, each on from where the last ended: every erasable record erased once, one waiting for its period kept among them', async () => {
    const f = await march2019({ signedOff: false });
    // 250 slips of March 2019, five at each time (so batches end between slips of the same time), signed out; then March signed off.
    const slips: string[] = [];
    for (let i = 0; i < 250; i++) {
      const arrivedAt = new Date(Date.parse(jst('2019-03-11', '08:00')) + Math.floor(i / 5) * 60_000).toISOString();
      slips.push((await f.clerk.ok('visitors.add', { siteId: f.hq.id, name: `来訪 ${i}`, company: '一括消去株式会社', purpose: '打合せ', hostId: f.yamada.id, area: 'reception', arrivedAt })).id);
      await f.clerk.ok('visitors.signOut', { id: slips[i], leftAt: new Date(Date.parse(arrivedAt) + 30 * 60_000).toISOString(), cardReturned: false });
    }
    await f.at(jst('2019-04-01', '10:00'));
    await f.sign('visitors');
    await f.at(jst('2026-11-30', '10:00'));
    // One in the middle of a batch, voided today: kept for its period.
    await f.clerk.ok('visitors.void', { id: slips[123], reason: '重複して記録したため' });
    expect(await f.erasable('visitors')).toBe(250); // the fixture's slip, and 249 of these
    expect(await f.admin.ok('retention.erase', { ledger: 'visitors', reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval })).toMatchObject({
      erased: 250, status: { erasable: 0, erased: 250 },
    });
    const kept = f.d.store.db.prepare('SELECT id FROM visitor_visits WHERE personal_erased_at IS NULL').all() as { id: string }[];
    expect(kept.map((r) => r.id)).toEqual([slips[123]]);
    // Each record erased once, in writes of at most 100.
    expect((f.d.store.db.prepare("SELECT count(*) AS n, count(DISTINCT entity_id) AS records FROM journal WHERE action = 'personal.erase'").get())).toEqual({ n: 250, records: 250 });
    expect(f.d.verify()).toMatchObject({ ok: true });
    f.d.close();
  });
});

describe('a record changed outside the app is not erased', () => {
  it('the oldest month said to be erasable is of the records left, not of one kept (the last read of the kept records)', async () => {
    const f = await march2019({ signedOff: false });
    await f.at(jst('2019-04-10', '10:00'));
    const april = await f.clerk.ok('visitors.add', { siteId: f.hq.id, name: '消去 対象美', company: '保存期間株式会社', purpose: '打合せ', hostId: f.yamada.id, area: 'reception', arrivedAt: jst('2019-04-10', '09:40') });
    await f.clerk.ok('visitors.signOut', { id: april.id, leftAt: jst('2019-04-10', '09:55'), cardReturned: false });
    await f.at(jst('2019-05-01', '10:00'));
    await f.sign('visitors');
    const unit = { ledger: 'visitors', siteId: f.hq.id, month: '2019-04' };
    await f.sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await f.sm.ok('review.get', unit)).shownHead });
    await f.at(jst('2026-11-30', '10:00'));
    const visitors = async () => (await f.admin.ok('retention.status', {})).find((s) => s.ledger === 'visitors')!;
    expect(await visitors()).toMatchObject({ erasable: 2, oldestMonth: '2019-03' });
    // Both changed with the key: both kept by the erasure. April's put back: erasable again, March's still kept.
    const purpose = f.d.store.db.prepare('UPDATE visitor_visits SET purpose = ? WHERE id = ?');
    for (const id of [f.slip.id, april.id]) purpose.run('契約', id);
    expect(await f.admin.ok('retention.erase', { ledger: 'visitors', reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval })).toMatchObject({ erased: 0, changedOutside: 2 });
    purpose.run('打合せ', april.id);
    expect(await visitors()).toMatchObject({ erasable: 1, keptChangedOutside: 1, oldestMonth: '2019-04' });
    f.d.close();
  });

  it('its erasure would journal the change as its own: it is kept, counted and named with its journal row; verify names it; the erasure of the others goes on', async () => {
    const f = await march2019();
    await f.at(jst('2026-11-30', '10:00'));
    const seq = f.d.store.db.prepare("SELECT max(seq) FROM journal WHERE kind = 'row' AND entity = 'visitor_visits' AND entity_id = ?").pluck().get(f.slip.id) as number;
    // Its purpose changed with the key.
    f.d.store.db.prepare("UPDATE visitor_visits SET purpose = '契約' WHERE id = ?").run(f.slip.id);
    const input = { reason: '保存期間（5年）経過のため', password: SETUP.sysadmin.password, approval };
    expect(await f.admin.ok('retention.erase', { ledger: 'visitors', ...input })).toMatchObject({ erased: 0, changedOutside: 1, status: { erasable: 0, keptChangedOutside: 1 } });
    expect(f.d.store.db.prepare('SELECT name, purpose FROM visitor_visits WHERE id = ?').get(f.slip.id)).toEqual({ name: '消去 対象子', purpose: '契約' });
    const done = f.d.store.db.prepare("SELECT after FROM journal WHERE action = 'retention.erase.done' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(done)).toEqual({ ledger: 'visitors', erased: 0, keptChangedOutside: [{ id: f.slip.id, seq }] });
    // And in the table the rules read (retention-kept.ts), written in the same act as that end row.
    const end = f.d.store.db.prepare("SELECT seq FROM journal WHERE action = 'retention.erase.done' ORDER BY seq DESC LIMIT 1").pluck().get() as number;
    expect(f.d.store.db.prepare('SELECT entity, entity_id, changed_seq, erasure_seq FROM retention_kept_outside').all()).toEqual([{ entity: 'visitor_visits', entity_id: f.slip.id, changed_seq: seq, erasure_seq: end }]);
    expect(f.d.store.db.prepare("SELECT action FROM journal WHERE kind = 'row' AND entity = 'retention_kept_outside'").pluck().all()).toEqual(['retention.erase.kept']);
    // Kept, it is no longer counted erasable (a second erasure would only keep it again): said as kept, and a second erasure is refused.
    const visitors = async () => ((await f.admin.ok('retention.status', {})) as { ledger: string; erasable: number; keptChangedOutside: number; oldestMonth: string | null }[]).find((s) => s.ledger === 'visitors');
    expect(await visitors()).toMatchObject({ erasable: 0, keptChangedOutside: 1, oldestMonth: null });
    expect(await f.admin.call('retention.erase', { ledger: 'visitors', ...input })).toMatchObject({ ok: false, error: { messageKey: 'retention.errors.nothing' } });
    // Another ledger's erasure is not held up by it.
    expect(await f.admin.ok('retention.erase', { ledger: 'serverRoom', ...input })).toMatchObject({ erased: 1, changedOutside: 0 });
    // Named by its journal row, and by the seal of its month.
    expect(f.d.verify().problems.map((p) => [p.seq, p.problem.includes(`sequence ${seq}`) || p.problem.includes(`journal row ${seq}`)])).toEqual([[seq, true], [expect.any(Number), true]]);
    // Put back as the journal has it (as a restore would): erasable again, and erased by the next act.
    f.d.store.db.prepare("UPDATE visitor_visits SET purpose = '打合せ' WHERE id = ?").run(f.slip.id);
    expect(await visitors()).toMatchObject({ erasable: 1, keptChangedOutside: 0, oldestMonth: '2019-03' });
    expect(await f.admin.ok('retention.erase', { ledger: 'visitors', ...input })).toMatchObject({ erased: 1, changedOutside: 0, status: { erasable: 0, keptChangedOutside: 0 } });
    expect(f.d.verify()).toMatchObject({ ok: true });
    f.d.close();
  });
});
