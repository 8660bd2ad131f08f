import { describe, expect, it } from 'vitest';
import { renewPassword, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { disposeAll } from './review-fixture';

// SPEC §8: the retention erasure takes a stay's personal values (its companions' names, its notes)
// and no anomaly with them. An insider probe found it nulled the companions whole — the employees
// who went in and the visitors' escorts too — so a signed month's 同行者の入室許可なし and エスコートなし
// went from its review and paper with nothing said, and a month never reviewed read clean. What the
// rules read of them is kept without a name (migration 36, repo.ts companionFacts).

type Fixture = Awaited<ReturnType<typeof serverRoomFixture>>;

/** 30 November 2026: everyone back at the desk, and the sysadmin erases the server-room book past its period, the safety manager approving. */
async function eraseIn2026({ c, clerk, sm, admin }: Fixture, { expectErased = true } = {}) {
  c.set(jst('2026-11-30', '10:00'));
  for (const [who, password] of [[clerk, PASSWORDS.clerk], [sm, SETUP.safetyManager.password], [admin, SETUP.sysadmin.password]] as const) await renewPassword(who, password);
  await renewPassword(sm, SETUP.safetyManager.password);
  await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  const r = await admin.call('retention.erase', { ledger: 'serverRoom', reason: '保存期間経過', password: SETUP.sysadmin.password, approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password } });
  expect(r.ok).toBe(expectErased);
  return r;
}

/** 5 April 2019: the safety manager disposes of March's items and signs it. */
async function signMarch2019({ c, sm, hq }: Fixture) {
  c.set(jst('2019-04-05', '10:00'));
  await renewPassword(sm, SETUP.safetyManager.password);
  const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2019-03' };
  await disposeAll(sm, unit);
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
  return unit;
}

describe('the retention erasure takes no anomaly with the names', () => {
  it('keeps the signed month’s anomalies (visitor without escort, companion not authorized) on review and paper after erasure', async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, clerk, sm, hq, yamada, kimura } = f;
    const stay = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'vendor_witness',
      companions: { employees: [{ personId: kimura.id }], visitors: [{ name: '外部 業者', company: '保守株式会社', escortPersonId: null }] },
    });
    const before = stay.anomalies.map((a) => a.code).sort();
    expect(before).toEqual(['not_authorized', 'visitor_without_escort']);
    const unit = await signMarch2019(f);
    const paperBefore = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(paperBefore.rows[0].anomalies?.length).toBe(2);

    await eraseIn2026(f);

    // The signed month's review still shows the anomalies it was signed with…
    const review = await sm.ok('review.get', unit);
    expect(review.items.filter((i) => i.subject === stay.id).map((i) => i.code).sort()).toEqual(before);
    // …and the paper still says them.
    const paper = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(paper.rows[0].anomalies).toEqual(paperBefore.rows[0].anomalies);
    // And the record itself, its names gone: what is kept names no one.
    const erased = await clerk.ok('serverRoom.get', { id: stay.id });
    expect(erased.anomalies.map((a) => a.code).sort()).toEqual(before);
    // Who went in is kept for the rules: the employee by the register, the visitor without their words (消去済 on screen and paper).
    expect(erased.companions).toEqual({ employees: [{ personId: kimura.id, name: kimura.name }], visitors: [{ name: '', company: '', escortPersonId: null, escortName: null }] });
    const kept = d.store.db.prepare('SELECT companions, companion_facts FROM server_room_stays WHERE id = ?').get(stay.id) as { companions: string | null; companion_facts: string };
    expect(kept.companions).toBeNull();
    expect(JSON.parse(kept.companion_facts)).toEqual({ employees: [{ personId: kimura.id }], visitors: [{ name: '', company: '', escortPersonId: null }] });
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('does not erase a never-reviewed month: its visitor without escort is still an item to dispose of, with the name', async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, clerk, sm, hq, yamada } = f;
    const stay = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ name: '外部 業者', company: '保守株式会社', escortPersonId: null }] },
    });
    // In 2026, before the erasure: the month's item.
    f.c.set(jst('2026-11-30', '09:00'));
    await renewPassword(sm, SETUP.safetyManager.password);
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2019-03' };
    expect((await sm.ok('review.get', unit)).items.map((i) => i.code)).toEqual(['visitor_without_escort']);
    // SPEC §8: its period runs from its sign-off (once it erased the names of a month nobody had reviewed).
    expect(await eraseIn2026(f, { expectErased: false })).toMatchObject({ ok: false, error: { messageKey: 'retention.errors.nothing' } });
    expect((await f.admin.ok('retention.status', {})).find((s) => s.ledger === 'serverRoom')).toMatchObject({ erasable: 0, unsigned: 1 });
    const after = await sm.ok('review.get', unit);
    expect(after.unit.state).toBe('open');
    expect(after.items.filter((i) => i.recordId === stay.id).map((i) => i.code)).toEqual(['visitor_without_escort']);
    expect((await sm.ok('serverRoom.get', { id: stay.id })).companions.visitors).toMatchObject([{ name: '外部 業者' }]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('a companion added by a correction is kept the same way: its 同行者の入室許可なし stays after the erasure', async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, clerk, sm, hq, yamada, kimura } = f;
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'maintenance' });
    expect(stay.anomalies).toEqual([]);
    const amended = await clerk.ok('serverRoom.amend', { id: stay.id, changes: { companions: { employees: [{ personId: kimura.id }], visitors: [] } }, reason: '同行者の記入漏れ' });
    expect(amended.anomalies.map((a) => a.code)).toEqual(['not_authorized']);
    await signMarch2019(f);
    await eraseIn2026(f);
    expect((await sm.ok('serverRoom.get', { id: stay.id })).anomalies.map((a) => a.code)).toEqual(['not_authorized']);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  // A second probe: the kept facts of an erased stay under a seal, rewritten with the key through the
  // write path and labelled as migration 36's backfill long after the upgrade, took its anomaly away and
  // verify passed it (a migration's rows were no change of a sealed record, wherever they stood).
  it('a row labelled as a migration’s, written after the upgrade, that rewrites a sealed stay’s kept facts is named by verify', async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, clerk, sm, hq, yamada } = f;
    const stay = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'vendor_witness',
      companions: { employees: [], visitors: [{ name: '外部 業者', company: '保守株式会社', escortPersonId: null }] },
    });
    expect(stay.anomalies.map((a) => a.code)).toEqual(['visitor_without_escort']);
    await signMarch2019(f);
    await eraseIn2026(f);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });

    // With the key: the visitor "had" an escort, written as migration 36 writes its backfill.
    const facts = JSON.stringify({ employees: [], visitors: [{ company: '', escortPersonId: yamada.id, name: '' }] });
    d.store.write({ actor: 'migration', station: 'migration' }, (tx) => tx.update('server_room_stays', stay.id, { companion_facts: facts }, { action: 'migration.companion_facts' }));
    // The signed month lost its anomaly…
    expect((await sm.ok('serverRoom.get', { id: stay.id })).anomalies).toEqual([]);
    // …and verify must name the change under the seal (migration 36 ran long before; it never writes to an erased stay).
    expect(d.verify().ok).toBe(false);
    d.close();
  });
});
