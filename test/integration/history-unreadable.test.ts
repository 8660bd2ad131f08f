import { describe, expect, it } from 'vitest';
import { resolveHistory } from '../../electron/core/journal/history';
import type { JournalRow } from '../../electron/core/journal/journal';
import { openTemp, setUp } from '../helpers/temp-daicho';

// A record's history (people, accounts, a sealed change's items) reads its journal rows' values. A row
// chained outside Daicho with values that are not a JSON object (verify names it,
// verify-unreadable-rows.test.ts) made the whole history fail with an unexpected error; it shows no
// values instead, and the rows around it read as before.

describe('a history with a row whose values cannot be read', () => {
  it('shows that row without values and the others as they are', async () => {
    const d = await openTemp();
    const { sm } = await setUp(d);
    const site = (await sm.ok('sites.list', {}))[0];
    const p = await sm.ok('people.add', { name: '履歴 試験', kana: 'リレキ シケン', employeeNo: 'H-1', department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
    const rows = d.store.history('people', p.id);
    expect(rows.length).toBe(1);
    const good = rows[0];
    for (const bad of ['{bad', '[]', '5', 'null', '"text"']) {
      const forged: JournalRow = { ...good, seq: good.seq + 1, action: 'people.amend', after: bad, before: bad };
      const again: JournalRow = { ...good, seq: good.seq + 2, action: 'people.amend' };
      const resolved = resolveHistory(d.store, [good, forged, again]);
      expect(resolved[1], bad).toMatchObject({ after: null });
      expect(resolved[0].after).toMatchObject({ name: '履歴 試験', employee_no: 'H-1' });
      expect(resolved[2].after).toMatchObject({ name: '履歴 試験' });
    }
    d.close();
  });
});
