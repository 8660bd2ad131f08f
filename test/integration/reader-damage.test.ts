import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTemp, setUp } from '../helpers/temp-daicho';

// Damage found by a read answered in the reader worker (people.list is inReader now) is
// said as data_damaged and stops later writes, as it was on the main thread.

const PAGE = 4096;
function flipByte(file: string, at: number): void {
  const fd = fs.openSync(file, 'r+');
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, at);
  b[0] ^= 0x5a;
  fs.writeSync(fd, b, 0, 1, at);
  fs.closeSync(fd);
}

describe('damage found in the reader worker', () => {
  it('people.list over a damaged page says data_damaged and stops later writes', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const [site] = await sm.ok('sites.list', {});
    const person = { name: '山本 健', kana: 'ヤマモト ケン', employeeNo: 'E2000', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false };
    for (let i = 0; i < 30; i++) await sm.ok('people.add', { ...person, employeeNo: `E${3000 + i}` });
    d.store.checkpointNow();
    const db = path.join(d.dataDir, 'daicho.db');
    const root = (d.store.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'people'").get() as { rootpage: number }).rootpage;
    flipByte(db, (root - 1) * PAGE + 500);
    d.store.db.pragma('shrink_memory');
    const listed = await sm.call('people.list', {});
    expect(listed).toMatchObject({ ok: false, error: { code: 'data_damaged', messageKey: 'errors.data_damaged' } });
    expect(d.store.damage).not.toBeNull();
    const added = await sm.call('people.add', { ...person, employeeNo: 'E9999' });
    expect(added).toMatchObject({ ok: false, error: { code: 'data_damaged' } });
    d.close();
  }, 120_000);
});

describe('damage found as the reader worker opens its connection', () => {
  it('is said as data_damaged and stops later writes (as a damaged page read in a call is)', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const [site] = await sm.ok('sites.list', {});
    const person = { name: '山本 健', kana: 'ヤマモト ケン', employeeNo: 'E2000', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false };
    for (let i = 0; i < 5; i++) await sm.ok('people.add', { ...person, employeeNo: `E${3000 + i}` });
    expect((d.jobs as unknown as { reader: unknown }).reader).toBeNull(); // not started yet
    d.store.checkpointNow('TRUNCATE');
    // The first page damaged on disk (the main connection has it in its cache and goes on).
    flipByte(path.join(d.dataDir, 'daicho.db'), 200);
    const logged: string[] = [];
    (d.dispatcher as unknown as { deps: { log: (e: unknown, m: string) => void } }).deps.log = (e, m) => logged.push(`${m}: ${(e as Error).name} ${(e as { code?: string }).code} ${(e as Error).message}`);
    const listed = await sm.call('people.list', {});
    const added = await sm.call('people.add', { ...person, employeeNo: 'E9999' });
    expect(listed).toMatchObject({ ok: false, error: { code: 'data_damaged' } });
    expect(d.store.damage).not.toBeNull();
    expect(added).toMatchObject({ ok: false, error: { code: 'data_damaged' } });
    d.close();
  }, 120_000);
});

describe('a file cut off while the reader has it open', () => {
  it('people.list over pages cut off says data_damaged and stops later writes', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const [site] = await sm.ok('sites.list', {});
    const person = { name: '山本 健', kana: 'ヤマモト ケン', employeeNo: 'E2000', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false };
    for (let i = 0; i < 60; i++) await sm.ok('people.add', { ...person, employeeNo: `E${3000 + i}` });
    await sm.ok('people.list', {}); // the reader is open
    d.store.checkpointNow('TRUNCATE');
    const db = path.join(d.dataDir, 'daicho.db');
    fs.truncateSync(db, fs.statSync(db).size - 8 * PAGE);
    d.store.db.pragma('shrink_memory');
    const logged: string[] = [];
    (d.dispatcher as unknown as { deps: { log: (e: unknown, m: string) => void } }).deps.log = (e, m) => logged.push(`${m}: ${(e as Error).name} ${(e as { code?: string }).code} ${(e as Error).message}`);
    const listed = await sm.call('people.list', { pageSize: 500 });
    expect(listed).toMatchObject({ ok: false, error: { code: 'data_damaged' } });
    expect(d.store.damage).not.toBeNull();
    d.close();
  }, 120_000);
});
