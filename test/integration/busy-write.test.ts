import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openRaw } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';

// The file's write lock held by another connection longer than a save waits for it (on a machine too
// busy to let the checkpoint's worker finish, a full test run once ended a save with a bare
// 「予期しないエラー」): the call is tried once more after a pause; held past that, the save is refused
// with what to do and nothing of it is kept.
it('a save that cannot get the file’s write lock is tried once more after a pause; held past that, it says to try again and keeps nothing', async () => {
  const f = await serverRoomFixture();
  const { d, clerk, hq, yamada } = f;
  const stay = {
    siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:20'), purpose: 'vendor_witness' as const,
    companions: { employees: [], visitors: [] },
  };
  const key = fs.readFileSync(d.keyFile, 'utf8').trim();
  const holder = openRaw(path.join(path.dirname(d.keyFile), 'daicho.db'), key);
  const head = d.store.journalHead().seq;
  const stays = () => d.store.db.prepare('SELECT count(*) FROM server_room_stays').pluck().get();
  const before = stays();
  holder.exec('BEGIN IMMEDIATE');
  try {
    expect(await clerk.call('serverRoom.record', stay)).toEqual({ ok: false, error: { code: 'conflict', messageKey: 'errors.busy_try_again' } });
  } finally {
    holder.exec('ROLLBACK');
  }
  expect(d.store.journalHead().seq).toBe(head);
  expect(stays()).toBe(before);
  // Held past the first try only: the call tries once more after a pause, and the save is made once.
  holder.exec('BEGIN IMMEDIATE');
  setTimeout(() => holder.exec('ROLLBACK'), 100);
  const made = await clerk.ok('serverRoom.record', stay);
  expect(stays()).toBe((before as number) + 1);
  expect(d.store.db.prepare("SELECT count(*) FROM journal WHERE entity = 'server_room_stays' AND entity_id = ?").pluck().get(made.id)).toBe(1);
  holder.close();
  await clerk.ok('serverRoom.record', { ...stay, enteredAt: jst('2026-11-24', '08:00'), exitedAt: jst('2026-11-24', '08:20') });
  expect(stays()).toBe((before as number) + 2);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  d.close();
});
