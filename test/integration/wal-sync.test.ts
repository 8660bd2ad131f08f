import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDaicho, type Daicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { CLEAN_CLOSE_FILE } from '../../electron/core/store/clean-close';
import { lanListener } from '../../electron/host/lan-server';
import { LAN_HEADERS, LAN_PATHS } from '../../shared/lan';
import { freePort } from '../helpers/net';
import { openTemp, SETUP, setUp, signInFirst, type Caller } from '../helpers/temp-daicho';

// A save is answered only once it is on the disk, and the process does not wait for the disk
// meanwhile (store/wal-sync.ts): an API call's commit is synced by an fdatasync of the write-ahead
// log in libuv's thread pool. The disk here is the real one; the test holds each sync back (or fails
// it) before it reaches the OS, as a busy or failing disk would.

/** A disk whose syncs wait until let go, counted, and made for real on the log's file. */
function heldDisk() {
  let hold: { promise: Promise<void>; release: () => void } | null = null;
  const synced: number[] = [];
  let failWith: string | null = null;
  return {
    synced,
    hold() {
      let release!: () => void;
      const promise = new Promise<void>((r) => (release = r));
      hold = { promise, release };
    },
    release() {
      hold?.release();
      hold = null;
    },
    fail(code: string) {
      failWith = code;
    },
    fdatasync: async (fd: number) => {
      synced.push(fd);
      if (hold) await hold.promise;
      if (failWith) throw Object.assign(new Error(`${failWith}: i/o error, fdatasync`), { code: failWith });
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    },
  };
}

async function openHeld(): Promise<{ d: Daicho; sm: Caller; disk: ReturnType<typeof heldDisk>; siteId: string; keyFile: string }> {
  const made = await openTemp();
  await setUp(made);
  made.close();
  const disk = heldDisk();
  const d = await openDaicho({ dataDir: made.dataDir, keyStore: new RawKeyFileStore(made.keyFile), walFdatasync: disk.fdatasync });
  const sm = await signInFirst(d, 'safetyManager');
  const siteId = (await sm.ok('sites.list', {}))[0].id;
  return { d, sm, disk, siteId, keyFile: made.keyFile };
}

const person = (siteId: string, employeeNo: string) => ({ name: '同期 試験', kana: 'ドウキ シケン', employeeNo, department: '総務部', siteId, cardNo: null, serverRoomAuthorized: false });
const settled = <T,>(p: Promise<T>) => {
  const state = { done: false };
  void p.then(() => (state.done = true), () => (state.done = true));
  return state;
};
const turn = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a save is answered once it is on the disk, and the process goes on meanwhile (store/wal-sync.ts)", () => {
  it('answers a save after the log is synced, while other calls are answered and timers run', async () => {
    const { d, sm, disk, siteId } = await openHeld();
    const before = disk.synced.length;
    disk.hold();
    const save = sm.call('people.add', person(siteId, 'S-1'));
    const state = settled(save);
    // The disk does not answer: the process does. Timers fire, and a read is answered meanwhile.
    const t0 = performance.now();
    await turn(150);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect((await sm.ok('sites.list', {})).length).toBeGreaterThan(0);
    expect(state.done).toBe(false);
    // The sync was of the write-ahead log's own file.
    expect(disk.synced.length).toBe(before + 1);
    expect(fs.fstatSync(disk.synced.at(-1)!).ino).toBe(fs.statSync(path.join(d.dataDir, 'daicho.db-wal')).ino);
    disk.release();
    expect(await save).toMatchObject({ ok: true });
    // A call that saves nothing syncs nothing.
    const after = disk.synced.length;
    await sm.ok('people.list', { siteId });
    expect(disk.synced.length).toBe(after);
    d.close();
  });

  it('syncs the saves that came while a sync was under way with one more sync, and answers each after it', async () => {
    const { d, sm, disk, siteId } = await openHeld();
    const before = disk.synced.length;
    disk.hold();
    const first = sm.call('people.add', person(siteId, 'G-0'));
    await turn(20);
    const rest = Array.from({ length: 5 }, (_, i) => sm.call('people.add', person(siteId, `G-${i + 1}`)));
    const states = rest.map(settled);
    await turn(50);
    // Five saves committed after the first sync started: none is answered before a sync that began after it.
    expect(states.every((s) => !s.done)).toBe(true);
    disk.release();
    for (const r of await Promise.all([first, ...rest])) expect(r).toMatchObject({ ok: true });
    expect(disk.synced.length - before).toBe(2);
    d.close();
  });

  it('refuses every later save when the disk does not confirm one (EIO), and says the disk is full for ENOSPC', async () => {
    for (const [code, messageKey] of [['EIO', 'errors.data_damaged'], ['ENOSPC', 'errors.disk_full']] as const) {
      const { d, sm, disk, siteId, keyFile } = await openHeld();
      const count = () => (d.store.stmt('SELECT count(*) AS n FROM people').get() as { n: number }).n;
      disk.fail(code);
      const failed = await sm.call('people.add', person(siteId, 'F-1'));
      expect(failed, code).toMatchObject({ ok: false, error: { messageKey } });
      // Nothing more is written: not through the API, not by the write path itself.
      const n = count();
      expect(await sm.call('people.add', person(siteId, 'F-2')), code).toMatchObject({ ok: false, error: { messageKey } });
      expect(() => d.store.write({ actor: 'test', station: 'test' }, (tx) => tx.event('lan.refused', 'lan_stations', null, {}))).toThrow();
      expect(count()).toBe(n);
      // Reads still work, so people can see what there is.
      expect((await sm.ok('sites.list', {})).length).toBeGreaterThan(0);
      d.close();
      // Closed so, the data is not noted as closed cleanly: its next open checks the whole file.
      expect(fs.existsSync(path.join(d.dataDir, CLEAN_CLOSE_FILE)), code).toBe(false);
      // Opened again (the disk well), the data verifies.
      const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(keyFile) });
      expect(again.verify().ok).toBe(true);
      again.close();
    }
  });

  it("answers a LAN station only once what its request saved is on the disk (a refusal noted in the journal)", async () => {
    const { d, disk } = await openHeld();
    const admin = await signInFirst(d, 'sysadmin');
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const port = await freePort('127.0.0.2');
    const lan = lanListener(d);
    await admin.ok('lan.configure', { enabled: true, address: '127.0.0.2', port });
    await lan.apply();
    const refusals = () => (d.store.stmt("SELECT count(*) AS n FROM journal WHERE action = 'lan.refused'").get() as { n: number }).n;
    const before = refusals();
    disk.hold();
    // A request no station signed: refused, and the refusal journaled (lan/service.ts).
    const answer = new Promise<number>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.2', port, path: LAN_PATHS.call, method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'application/json', [LAN_HEADERS.station]: 'lan:00000000', [LAN_HEADERS.time]: new Date().toISOString(), [LAN_HEADERS.nonce]: 'n', [LAN_HEADERS.signature]: 'x' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end('{}');
    });
    const state = settled(answer);
    await turn(300);
    expect(refusals()).toBe(before + 1);
    expect(state.done).toBe(false);
    disk.release();
    expect(await answer).toBe(401);
    await lan.close();
    d.close();
  });

  it('syncs a save made outside an API call in the pool too, and one made when the data is closed with a sync under way', async () => {
    const { d, sm, disk, siteId, keyFile } = await openHeld();
    const before = disk.synced.length;
    // The write path used directly (a job's end, a LAN delivery): its sync starts at once, nobody waiting in this thread.
    disk.hold();
    const t0 = performance.now();
    d.store.write({ actor: 'test', station: 'test' }, (tx) => tx.event('lan.refused', 'lan_stations', null, { probe: 1 }));
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(disk.synced.length).toBe(before + 1);
    const durable = settled(d.store.durable());
    await turn(30);
    expect(durable.done).toBe(false);
    disk.release();
    await d.store.durable();
    expect(durable.done).toBe(true);
    // Closed while an API call's sync waits: the close syncs it in this thread, and the call is answered.
    disk.hold();
    const save = sm.call('people.add', person(siteId, 'C-1'));
    await turn(30);
    d.close();
    disk.release();
    expect(await save).toMatchObject({ ok: true });
    expect(fs.existsSync(path.join(d.dataDir, CLEAN_CLOSE_FILE))).toBe(true);
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(keyFile) });
    expect(again.store.stmt("SELECT count(*) AS n FROM people WHERE employee_no = 'C-1'").get()).toEqual({ n: 1 });
    expect(again.verify().ok).toBe(true);
    again.close();
  });
});
