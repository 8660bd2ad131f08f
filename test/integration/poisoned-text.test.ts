import { describe, expect, it } from 'vitest';
import { jst, serverRoomFixture } from './server-room-fixture';
import { testAction } from '../helpers/test-action';

// Issue 6 point 1 (SPEC §8): one request with a lone UTF-16 surrogate used to make the journal
// unverifiable for good (hashed as itself, stored as U+FFFD). Every free-text field refuses it at
// the field (contract.test.ts walks them all); here the whole path, and the store's last line.

describe('a poisoned reason', () => {
  it('is refused at the field, stores nothing, and the journal still verifies; a clean reason then works', async () => {
    const f = await serverRoomFixture();
    const stay = await f.clerk.ok('serverRoom.record', {
      siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'maintenance',
    });
    const before = f.fingerprint();
    for (const reason of ['\ud800', '取消\udfff', 'a\u0000b', '理由\u202e逆']) {
      const r = await f.clerk.call('serverRoom.void', { id: stay.id, reason });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'reason' } });
    }
    // Notes keep their line breaks; one-line fields refuse them.
    expect(await f.clerk.call('serverRoom.amend', { id: stay.id, changes: { purposeNote: '一行目\n二行目' }, reason: '訂正' })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'changes.purposeNote' },
    });
    expect(f.fingerprint()).toEqual(before);
    expect(f.d.verify()).toMatchObject({ ok: true, problemCount: 0 });

    await f.clerk.ok('serverRoom.amend', { id: stay.id, changes: { notes: '一行目\r\n二行目' }, reason: '備考の追記\n（二行）' });
    const voided = await f.clerk.ok('serverRoom.void', { id: stay.id, reason: '二重登録のため' });
    expect(voided).toMatchObject({ status: 'void', voidReason: '二重登録のため' });
    expect((await f.clerk.ok('serverRoom.get', { id: stay.id })).notes).toBe('一行目\n二行目');
    expect(f.d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    f.d.close();
  });

  it('cannot reach the journal by another way: the store refuses to hash what SQLite would store differently', async () => {
    const f = await serverRoomFixture();
    const head = f.d.store.journalHead();
    expect(() => f.d.store.write({ actor: 'test', station: 'test' }, (tx) => tx.event(testAction('test.event'), 'settings', null, { ok: 1 }, 'bad \ud800'))).toThrow(/well-formed/);
    expect(() =>
      f.d.store.write({ actor: 'test', station: 'test' }, (tx) => tx.update('people', f.yamada.id, { department: '\udc00' }, { action: testAction('test') })),
    ).toThrow(/well-formed/);
    expect(f.d.store.journalHead()).toEqual(head);
    expect(f.d.verify().ok).toBe(true);
    f.d.close();
  });
});
