import { describe, expect, it } from 'vitest';
import { Caller } from '../helpers/temp-daicho';
import { jst, MIN, PASSWORDS, serverRoomFixture, type Fixture } from './server-room-fixture';

// The server-room entry book as an insider tried it (SPEC §3, §4.1; Art. 13(1)): a probe of 2026-12-03.

async function startTerminal(f: Fixture, siteId = f.hq.id): Promise<Caller> {
  const t = new Caller(f.d, 'door-pc');
  await t.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
  await t.ok('terminal.start', { siteId, password: PASSWORDS.clerk });
  return t;
}

const codes = (s: { anomalies: { code: string }[] }) => s.anomalies.map((a) => a.code);

describe('the server-room book against an insider', () => {
  it('does not record someone inside as a companion again on a stay of their own (one person, one place)', async () => {
    const f = await serverRoomFixture();
    // 09:00 山田 goes in with 佐々木 as a companion, and is still inside.
    await f.clerk.ok('serverRoom.record', {
      siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance', companions: { employees: [{ personId: f.sasaki.id }], visitors: [] },
    });
    // 09:30 佐々木 is recorded entering on a stay of his own, while the book still has him inside with 山田.
    const r = await f.clerk.call('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-11-24', '09:30'), purpose: 'backup_media' });
    // The opposite order is refused (serverRoom.errors.companion_inside): this order should be too, or flagged as an overlap.
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', field: 'personId', messageKey: 'serverRoom.errors.inside_as_companion', params: { name: '山田 太郎' } } });
    f.d.close();
  });

  it('lets someone recording their own stay name no colleague as gone in with them (a probe of 2026-12-06)', async () => {
    const f = await serverRoomFixture();
    // 佐々木 is inside with the clerk's record; the staff member (山田) names him on a stay of his own: refused
    // before any rule is judged, so nothing tells him where 佐々木 is, and 佐々木 is not put inside anywhere.
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance' });
    const head = f.d.store.journalHead().seq;
    for (const enteredAt of [jst('2026-11-24', '09:30'), jst('2026-11-20', '10:00')]) {
      const r = await f.staff.call('serverRoom.record', { siteId: f.hq.id, personId: f.yamada.id, enteredAt, purpose: 'maintenance', companions: { employees: [{ personId: f.sasaki.id }], visitors: [] } });
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'companions.employees', messageKey: 'serverRoom.errors.companions_keepers_only' } });
      expect(JSON.stringify(r)).not.toMatch(/佐々木|since/);
    }
    expect(f.d.store.journalHead().seq).toBe(head);
    // His own stay with a visitor he escorts is his to record; the clerk records a colleague with him.
    await f.staff.ok('serverRoom.record', { siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-11-24', '09:40'), exitedAt: jst('2026-11-24', '09:50'), purpose: 'maintenance', companions: { employees: [], visitors: [{ name: '高橋 誠', company: '株式会社ネクスト', escortPersonId: f.yamada.id }] } });
    f.d.close();
  });

  it('lets no one in at the door who the book has inside as someone’s companion', async () => {
    const f = await serverRoomFixture();
    const t = await startTerminal(f);
    const y = await t.ok('terminal.identify', { cardNo: 'CARD1001' });
    await t.ok('terminal.enter', { ticket: y.ticket, purpose: 'maintenance', companions: { employees: [{ cardNo: 'CARD1002' }] } });
    f.c.advance(5 * MIN);
    // 佐々木 is inside (as 山田's companion); he badges in on his own.
    const s = await t.call('terminal.identify', { cardNo: 'CARD1002' });
    const entered = s.ok && s.value.canEnter ? await t.call('terminal.enter', { ticket: s.value.ticket, purpose: 'backup_media' }) : null;
    const inside = await t.ok('terminal.inside', {});
    // He must not be listed twice as inside.
    expect(inside.filter((e) => e.name === '佐々木 次郎')).toHaveLength(1);
    expect(entered).toBeNull();
    expect(s).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.inside_as_companion', params: { name: '佐々木 次郎', host: '山田 太郎' } } });
    f.d.close();
  });

  it('does not take one employee as a companion of two stays at once', async () => {
    const f = await serverRoomFixture();
    const ito = await f.sm.ok('people.add', { name: '伊藤 六郎', kana: 'イトウ ロクロウ', employeeNo: 'E1006', department: '情報システム部', siteId: f.hq.id, cardNo: 'CARD1006', serverRoomAuthorized: true });
    await f.clerk.ok('serverRoom.record', {
      siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance', companions: { employees: [{ personId: f.sasaki.id }], visitors: [] },
    });
    const r = await f.clerk.call('serverRoom.record', {
      siteId: f.osaka.id, personId: ito.id, enteredAt: jst('2026-11-24', '09:10'), purpose: 'maintenance', companions: { employees: [{ personId: f.sasaki.id }], visitors: [] },
    });
    // 佐々木 (authorized) would be in two server rooms (本社 and 大阪) at once: refused, or flagged.
    expect(r).toMatchObject({ ok: false, error: { field: 'companions.employees.0.personId', messageKey: 'serverRoom.errors.companion_with_other', params: { name: '佐々木 次郎', with: '山田 太郎' } } });
    f.d.close();
  });

  it('judges one person in two places over the whole stay, not only at its entry (a review of the change)', async () => {
    const f = await serverRoomFixture();
    const ito = await f.sm.ok('people.add', { name: '伊藤 六郎', kana: 'イトウ ロクロウ', employeeNo: 'E1006', department: '情報システム部', siteId: f.hq.id, cardNo: 'CARD1006', serverRoomAuthorized: true });
    const withSasaki = { employees: [{ personId: f.sasaki.id }], visitors: [] };
    // 山田 at HQ 09:00–09:30 with 佐々木.
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'maintenance', companions: withSasaki });
    // 伊藤 at Osaka from 08:30 to 09:45 with 佐々木: entered before, still in during HQ's stay.
    expect(await f.clerk.call('serverRoom.record', { siteId: f.osaka.id, personId: ito.id, enteredAt: jst('2026-11-24', '08:30'), exitedAt: jst('2026-11-24', '09:45'), purpose: 'maintenance', companions: withSasaki })).toMatchObject({
      ok: false, error: { messageKey: 'serverRoom.errors.companion_with_other' },
    });
    // 佐々木's own stay at Osaka 08:45–09:10: he was at HQ with 山田 from 09:00.
    expect(await f.clerk.call('serverRoom.record', { siteId: f.osaka.id, personId: f.sasaki.id, enteredAt: jst('2026-11-24', '08:45'), exitedAt: jst('2026-11-24', '09:10'), purpose: 'maintenance' })).toMatchObject({
      ok: false, error: { messageKey: 'serverRoom.errors.inside_as_companion' },
    });
    // An earlier stay with 佐々木 whose exit is corrected to run into the HQ stay: its exit alone changed.
    const early = await f.clerk.ok('serverRoom.record', { siteId: f.osaka.id, personId: ito.id, enteredAt: jst('2026-11-24', '08:00'), exitedAt: jst('2026-11-24', '08:30'), purpose: 'maintenance', companions: withSasaki });
    expect(await f.clerk.call('serverRoom.amend', { id: early.id, changes: { exitedAt: jst('2026-11-24', '09:15') }, reason: '退室時刻の誤記' })).toMatchObject({
      ok: false, error: { messageKey: 'serverRoom.errors.companion_with_other' },
    });
    // 佐々木's own stay at Osaka 07:00–07:30; then a stay at HQ 06:45–07:15 naming him as a companion: he was in Osaka from 07:00.
    await f.clerk.ok('serverRoom.record', { siteId: f.osaka.id, personId: f.sasaki.id, enteredAt: jst('2026-11-24', '07:00'), exitedAt: jst('2026-11-24', '07:30'), purpose: 'maintenance' });
    expect(await f.clerk.call('serverRoom.record', { siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-11-24', '06:45'), exitedAt: jst('2026-11-24', '07:15'), purpose: 'maintenance', companions: withSasaki })).toMatchObject({
      ok: false, error: { field: 'companions.employees.0.personId', messageKey: 'serverRoom.errors.companion_inside' },
    });
    // Touching is not overlapping: out at 09:00 as the HQ stay began.
    await f.clerk.ok('serverRoom.amend', { id: early.id, changes: { exitedAt: jst('2026-11-24', '09:00') }, reason: '退室時刻の誤記' });
    f.d.close();
  });

  it('does not keep a companion out of every door for days after the host forgot to badge out (a review of the change)', async () => {
    const f = await serverRoomFixture();
    const t = await startTerminal(f);
    const y = await t.ok('terminal.identify', { cardNo: 'CARD1001' });
    await t.ok('terminal.enter', { ticket: y.ticket, purpose: 'maintenance', companions: { employees: [{ cardNo: 'CARD1002' }] } });
    // 山田 never badges out; two days later 佐々木 comes on his own.
    f.c.advance(2 * 24 * 60 * MIN);
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const t2 = await startTerminal(f);
    const s = await t2.ok('terminal.identify', { cardNo: 'CARD1002' });
    expect(s.canEnter).toBe(true);
    await t2.ok('terminal.enter', { ticket: s.ticket, purpose: 'backup_media' });
    f.d.close();
  });

  it('refuses a correction that dates a stay after its person left', async () => {
    const f = await serverRoomFixture();
    const ito = await f.sm.ok('people.add', { name: '伊藤 六郎', kana: 'イトウ ロクロウ', employeeNo: 'E1006', department: '情報システム部', siteId: f.hq.id, cardNo: 'CARD1006', serverRoomAuthorized: true });
    await f.sm.ok('people.setActive', { id: ito.id, active: false, reason: '退職' });
    // Typed in two days later, for the morning before he left (a correction dates nothing after it was written down).
    f.c.set(jst('2026-11-26', '10:00'));
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const stay = await f.clerk.ok('serverRoom.record', {
      siteId: f.hq.id, personId: ito.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'maintenance',
    });
    // The stay is moved to 11/25, the day after 伊藤 left.
    const r = await f.clerk.call('serverRoom.amend', {
      id: stay.id, changes: { enteredAt: jst('2026-11-25', '14:00'), exitedAt: jst('2026-11-25', '14:30') }, reason: '日付の記入誤り',
    });
    // As every kit ledger does (errors.person_inactive at the time of the act), or at least an anomaly (入室許可なし).
    expect(r).toMatchObject({ ok: false, error: { field: 'personId', messageKey: 'serverRoom.errors.person_inactive' } });
    f.d.close();
  });

  it('refuses a stay typed in for a time the person had left (left, then came back)', async () => {
    const f = await serverRoomFixture();
    const ito = await f.sm.ok('people.add', { name: '伊藤 六郎', kana: 'イトウ ロクロウ', employeeNo: 'E1006', department: '情報システム部', siteId: f.hq.id, cardNo: 'CARD1006', serverRoomAuthorized: true });
    await f.sm.ok('people.setActive', { id: ito.id, active: false, reason: '退職' });
    f.c.set(jst('2026-11-25', '09:00'));
    await f.sm.ok('auth.unlock', { password: 'Hoshi-zora-2283' });
    await f.sm.ok('people.setActive', { id: ito.id, active: true, reason: '再雇用' });
    f.c.set(jst('2026-11-25', '10:00'));
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    // 11/24 15:00 he had left (the door refused him as 利用停止): the desk records him inside then.
    const r = await f.clerk.call('serverRoom.record', {
      siteId: f.hq.id, personId: ito.id, enteredAt: jst('2026-11-24', '15:00'), exitedAt: jst('2026-11-24', '15:30'), purpose: 'maintenance',
    });
    expect(r).toMatchObject({ ok: false, error: { field: 'personId', messageKey: 'serverRoom.errors.person_inactive' } });
    f.d.close();
  });

  it('keeps 23:59:59.999 on 11/30 in November, and flags its stay past midnight', async () => {
    const f = await serverRoomFixture(jst('2026-12-01', '00:10'));
    const s = await f.clerk.ok('serverRoom.record', {
      siteId: f.hq.id, personId: f.yamada.id, enteredAt: '2026-11-30T23:59:59.999+09:00', exitedAt: '2026-12-01T00:05:00+09:00', purpose: 'incident',
    });
    expect(s.enteredAt).toBe('2026-11-30T14:59:59.999Z');
    expect(codes(s)).toEqual(expect.arrayContaining(['no_exit_by_end_of_day', 'outside_business_hours']));
    expect((await f.clerk.ok('serverRoom.list', { month: '2026-11' })).rows.map((r) => r.id)).toEqual([s.id]);
    expect((await f.clerk.ok('serverRoom.list', { month: '2026-12' })).rows).toEqual([]);
    // Sub-millisecond digits are not rounded into December.
    const t = await f.clerk.ok('serverRoom.record', {
      siteId: f.hq.id, personId: f.sasaki.id, enteredAt: '2026-11-30T14:59:59.9999Z', exitedAt: '2026-11-30T15:01:00Z', purpose: 'incident',
    });
    expect(t.enteredAt).toBe('2026-11-30T14:59:59.999Z');
    f.d.close();
  });

  it('leaves a 「cleared」 item for the review after a void, a shortened exit and an unauthorized companion retyped as a visitor', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '15:00'));
    const { clerk, sm, hq, yamada, sasaki, kimura } = f;
    const bad = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:10'), purpose: 'maintenance' });
    const long = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '14:00'), purpose: 'maintenance' });
    const withK = await clerk.ok('serverRoom.record', {
      siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '10:00'), exitedAt: jst('2026-11-24', '10:30'), purpose: 'maintenance', companions: { employees: [{ personId: kimura.id }], visitors: [] },
    });
    expect([bad, long, withK].map(codes)).toEqual([['not_authorized'], ['over_max_stay'], ['not_authorized']]);
    await clerk.ok('serverRoom.void', { id: bad.id, reason: '別人の入力誤り' });
    await clerk.ok('serverRoom.amend', { id: long.id, changes: { exitedAt: jst('2026-11-24', '12:00') }, reason: '退室時刻の誤記' });
    const retyped = await clerk.ok('serverRoom.amend', {
      id: withK.id, changes: { companions: { employees: [], visitors: [{ name: '木村 三郎', company: '自社', escortPersonId: yamada.id }] } }, reason: '同行者の区分誤り',
    });
    expect(codes(retyped)).toEqual([]);
    const items = (await sm.ok('review.get', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11' })).items.filter((i) => i.kind === 'cleared');
    expect(items.map((i) => i.recordId).sort()).toEqual([bad.id, long.id, withK.id].sort());
    f.d.close();
  });

});
