import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';

// Insider probe 9 (concurrency/state): two clerks correct one record, each from the version on their
// screen. A record tells its version (every act on it changes it: a close as well as a correction),
// as the review's sign-off tells the head it was shown (review.sign shownHead): a correction sends it back.

describe('a correction made from a stale screen', () => {
  it('a correction made from a version corrected since is refused as changed meanwhile, and the first correction stands (an insider probe)', async () => {
    const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30') });
    // Both open the slip (version 0).
    const seenByClerk = await clerk.ok('visitors.get', { id: v.id });
    const seenBySm = await sm.ok('visitors.get', { id: v.id });
    expect(seenByClerk.version).toBe(seenBySm.version);
    // The clerk corrects the company first.
    await clerk.ok('visitors.amend', { id: v.id, changes: { company: 'ネクストシステムズ' }, reason: '会社名の誤記を訂正（名刺で確認）' });
    // The safety manager, still looking at version 0, "corrects" the same field: this must be refused as
    // changed meanwhile, telling them to look again, and the clerk’s correction must stand.
    const stale = await sm.raw('visitors.amend', { id: v.id, version: seenBySm.version, changes: { company: 'ネクスト商事' }, reason: '会社名の誤記を訂正' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await clerk.ok('visitors.get', { id: v.id })).company).toBe('ネクストシステムズ');
    d.close();
  });

  it('a correction from a screen opened before a sign-out, writing its own leaving time, is refused and the sign-out stands; from the screen after it, it is taken (an insider probe)', async () => {
    const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '08:30') });
    const seen = await sm.ok('visitors.get', { id: v.id });
    // The sign-out is not a correction: the amendment count stays 0, and only the version tells it.
    const out = await clerk.ok('visitors.signOut', { id: v.id, leftAt: jst('2026-11-24', '09:50'), cardReturned: false });
    expect(out.amendCount).toBe(seen.amendCount);
    expect(out.version).toBeGreaterThan(seen.version);
    const stale = await sm.raw('visitors.amend', { id: v.id, version: seen.version, changes: { leftAt: jst('2026-11-24', '09:00') }, reason: '退館時刻の記入漏れ' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.changed_meanwhile' } });
    expect((await clerk.ok('visitors.get', { id: v.id })).leftAt).toBe(jst('2026-11-24', '09:50'));
    // Looked at again, the correction is taken, and the version moves on with it.
    const fresh = await sm.ok('visitors.get', { id: v.id });
    expect(fresh.version).toBe(out.version);
    const amended = await sm.ok('visitors.amend', { id: v.id, version: fresh.version, changes: { leftAt: jst('2026-11-24', '09:40') }, reason: '退館時刻の誤記を訂正' });
    expect(amended.version).toBeGreaterThan(fresh.version);
    expect(await sm.raw('visitors.amend', { id: v.id, version: fresh.version, changes: { company: 'ネクスト商事' }, reason: '会社名の誤記を訂正' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    d.close();
  });

  it('a server-room stay corrected from a screen opened before its exit was recorded is refused, and the exit stands (an insider probe)', async () => {
    const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
    const s = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance' });
    const seen = await sm.ok('serverRoom.get', { id: s.id });
    await clerk.ok('serverRoom.recordExit', { id: s.id, exitedAt: jst('2026-11-24', '09:30') });
    const stale = await sm.raw('serverRoom.amend', { id: s.id, version: seen.version, changes: { exitedAt: jst('2026-11-24', '09:50') }, reason: '退室時刻の記入漏れ' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const now = await sm.ok('serverRoom.get', { id: s.id });
    expect(now.exitedAt).toBe(jst('2026-11-24', '09:30'));
    expect(now.amendCount).toBe(0);
    // A list shows the same version as a single read.
    const listed = await sm.ok('serverRoom.list', { siteId: hq.id, month: '2026-11' });
    expect(listed.rows.find((x) => x.id === s.id)?.version).toBe(now.version);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });

  it('an older screen’s amendCount, which an exit does not move, is no longer taken: refused, and the exit stands (insider probe 10)', async () => {
    const { d, clerk, sm, hq, yamada, c } = await serverRoomFixture();
    const open = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), purpose: 'maintenance' });
    const shown = await clerk.ok('serverRoom.get', { id: open.id });
    c.advance(60_000);
    await sm.ok('serverRoom.recordExit', { id: open.id, exitedAt: jst('2026-11-24', '09:30') });
    const r = await clerk.raw('serverRoom.amend', { id: open.id, changes: { exitedAt: jst('2026-11-24', '09:55') }, reason: '退室時刻の記入漏れ', amendCount: shown.amendCount });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await sm.ok('serverRoom.get', { id: open.id })).exitedAt).toBe(jst('2026-11-24', '09:30'));
    d.close();
  });

  it('a void from a screen shown before a correction is refused as changed meanwhile; from the screen after it, it is taken (insider probe 10)', async () => {
    const { d, clerk, sm, hq, yamada, c } = await serverRoomFixture();
    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:20'), purpose: 'maintenance' });
    const shown = await clerk.ok('serverRoom.get', { id: stay.id });
    c.advance(60_000);
    const amended = await sm.ok('serverRoom.amend', { id: stay.id, changes: { exitedAt: jst('2026-11-24', '09:25') }, reason: '時刻の訂正', version: shown.version });
    expect(await clerk.raw('serverRoom.void', { id: stay.id, reason: '二重登録のため取消', version: shown.version })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.changed_meanwhile' } });
    expect((await sm.ok('serverRoom.get', { id: stay.id })).status).toBe('valid');
    // A kit ledger's void the same way.
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '08:30') });
    await sm.ok('visitors.amend', { id: v.id, changes: { company: 'ネクストシステムズ' }, reason: '名刺で確認', version: v.version });
    expect(await clerk.raw('visitors.void', { id: v.id, reason: '二重登録', version: v.version })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await clerk.ok('serverRoom.void', { id: stay.id, reason: '二重登録のため取消', version: amended.version })).status).toBe('void');
    d.close();
  });

  it('held: without a version, the later correction wins but both stay in the record’s history with their reasons, and verify holds', async () => {
    const { d, clerk, sm, hq, yamada } = await serverRoomFixture();
    const v = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-11-24', '09:30') });
    await clerk.ok('visitors.amend', { id: v.id, changes: { company: 'ネクストシステムズ' }, reason: '会社名の誤記を訂正（名刺で確認）' });
    await sm.ok('visitors.amend', { id: v.id, changes: { company: 'ネクスト商事' }, reason: '会社名の誤記を訂正' });
    const h = await sm.ok('visitors.history', { id: v.id });
    expect(h.map((e) => e.reason)).toEqual(expect.arrayContaining(['会社名の誤記を訂正（名刺で確認）', '会社名の誤記を訂正']));
    expect((await clerk.ok('visitors.get', { id: v.id })).amendCount).toBe(2);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();
  });
});
