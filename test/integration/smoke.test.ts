import { describe, expect, it } from 'vitest';
import { openTemp, setUp } from '../helpers/temp-daicho';

describe('foundation smoke', () => {
  it('sets up, signs in, adds a person, and verifies', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const sites = await sm.ok('sites.list', {});
    const p = await sm.ok('people.add', {
      name: '山田 太郎', kana: 'ヤマダ タロウ', employeeNo: 'E0001', department: '総務部', siteId: sites[0].id, cardNo: 'C0001', serverRoomAuthorized: true,
    });
    const list = await sm.ok('people.list', { page: 0, pageSize: 50 });
    expect(list.rows.map((r) => r.id)).toEqual([p.id]);
    const v = d.verify();
    expect(v.problem ?? null).toBeNull();
    expect(v.ok).toBe(true);
    d.close();
  });
});
