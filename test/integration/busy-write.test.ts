import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { openRaw } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

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

// A save whose transaction read before it wrote (the clock check) and found the lock taken meanwhile was
// refused at once: SQLite does not wait for the lock when a read is upgraded to a write. An unlock right
// after a retention erasure's TRUNCATE checkpoint (the worker held the lock for a few ms) failed as busy
// in a CI run. Now every save takes the lock at BEGIN, where it waits: a lock held briefly by another
// thread delays a save, also one never tried again (auth, people), and refuses none.
it('a save waits for the write lock another thread holds briefly, also one not tried again', async () => {
  const f = await serverRoomFixture();
  const { d, clerk } = f;
  const key = fs.readFileSync(d.keyFile, 'utf8').trim();
  const file = path.join(path.dirname(d.keyFile), 'daicho.db');
  const head = d.store.journalHead().seq;
  // Another thread (as the checkpoint's worker) takes the lock and holds it 60 ms, well under a save's wait.
  const holder = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.lib);
     const db = new Database(workerData.file);
     db.pragma("cipher='sqlcipher'"); db.pragma('legacy=4'); db.pragma("key=\\"x'" + workerData.key + "'\\"");
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('held');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60);
     db.exec('ROLLBACK'); db.close();
     parentPort.postMessage('released');`,
    { eval: true, workerData: { file, key, lib: require.resolve('better-sqlite3-multiple-ciphers') } },
  );
  const released = new Promise((resolve) => holder.on('message', (m) => m === 'released' && resolve(m)));
  await new Promise((resolve) => holder.once('message', resolve));
  // auth.* is never run again on busy (dispatcher.ts RETRIED_ON_BUSY): it must get the lock the first time.
  await clerk.ok('auth.lock', {});
  expect(await clerk.call('auth.unlock', { password: PASSWORDS.clerk })).toMatchObject({ ok: true });
  await released;
  await holder.terminate();
  expect(d.store.journalHead().seq).toBeGreaterThan(head);
  expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
  d.close();
});
