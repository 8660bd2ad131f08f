import { describe, expect, it } from 'vitest';
import { Caller, openTemp, SETUP, setUp } from '../helpers/temp-daicho';

// An insider probe: a station renamed to another station's name, or to another station's id, made
// the rows one wrote read as the other's in every list and history. One name names one station.

describe('station names', () => {
  it('a name (or id) another station has is refused, whatever its width, case or spaces; clearing a name is fine', async () => {
    const d = await openTemp();
    const { admin } = await setUp(d);
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // A second station writes once (and is registered by it).
    const other = new Caller(d, 'desk:admin-pc99');
    await other.ok('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
    const ids = (await admin.ok('stations.list', {})).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['test', 'desk:admin-pc99']));
    await admin.ok('stations.rename', { id: 'test', name: '総務課PC' });
    const head = d.store.journalHead().seq;
    for (const name of ['総務課PC', '総務課ＰＣ', '総務課 pc', 'test', 'TEST'])
      expect(await admin.call('stations.rename', { id: 'desk:admin-pc99', name }), name).toMatchObject({ ok: false, error: { code: 'conflict', field: 'name', messageKey: 'stations.errors.name_taken' } });
    expect(d.store.journalHead().seq).toBe(head);
    // Nor can a station be enrolled under it (the review: the pairing's name went in unasked).
    expect(await admin.call('stations.pair', { name: '総務課ＰＣ', profile: 'desk' } as never)).toMatchObject({ ok: false, error: { code: 'conflict', field: 'name', messageKey: 'stations.errors.name_taken' } });
    // Saving a station's own name again is no change, and no refusal.
    await admin.ok('stations.rename', { id: 'test', name: '総務課PC' });
    await admin.ok('stations.rename', { id: 'desk:admin-pc99', name: '管理者PC' });
    await admin.ok('stations.rename', { id: 'test', name: null });
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});
