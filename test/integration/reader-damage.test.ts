import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTemp, setUp } from '../helpers/temp-daicho';
import { flipByte } from '../helpers/sqlcipher-pages';

// Damage found by a read answered in the reader worker (people.list is inReader) is said as
// data_damaged and stops later writes, as it was on the main thread (a page damaged in a call:
// damaged-data.test.ts); here, damage met as the worker opens its connection, and a file cut off.

const PAGE = 4096;
/** Data with `count` people, the safety manager signed in. */
async function withPeople(count: number) {
  const d = await openTemp();
  const { sm } = await setUp(d);
  const [site] = await sm.ok('sites.list', {});
  const person = { name: '山本 健', kana: 'ヤマモト ケン', employeeNo: 'E2000', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false };
  for (let i = 0; i < count; i++) await sm.ok('people.add', { ...person, employeeNo: `E${3000 + i}` });
  return { d, sm, person };
}

describe('damage found as the reader worker opens its connection', () => {
  it('is said as data_damaged and stops later writes (as a damaged page read in a call is)', async () => {
    const { d, sm, person } = await withPeople(5);
    expect((d.jobs as unknown as { reader: unknown }).reader).toBeNull(); // not started yet
    d.store.checkpointNow('TRUNCATE');
    // The first page damaged on disk (the main connection has it in its cache and goes on).
    flipByte(path.join(d.dataDir, 'daicho.db'), 200);
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
    const { d, sm } = await withPeople(60);
    await sm.ok('people.list', {}); // the reader is open
    d.store.checkpointNow('TRUNCATE');
    const db = path.join(d.dataDir, 'daicho.db');
    fs.truncateSync(db, fs.statSync(db).size - 8 * PAGE);
    d.store.db.pragma('shrink_memory');
    const listed = await sm.call('people.list', { pageSize: 500 });
    expect(listed).toMatchObject({ ok: false, error: { code: 'data_damaged' } });
    expect(d.store.damage).not.toBeNull();
    d.close();
  }, 120_000);
});
