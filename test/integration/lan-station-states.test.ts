import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StationClient } from '../../electron/station/station';
import { lanListener } from '../../electron/host/lan-server';
import { lanHost } from '../helpers/lan-host';
import { stationKeys } from '../helpers/station-keys';
import { Caller, openTemp, SETUP, setUp, tempDir } from '../helpers/temp-daicho';

// SPEC §11, the administrator's list of stations (事業所内ネットワーク), through the real host, its
// LAN listener on 127.0.0.2 and stations that sign their calls. A review found a revoked station still
// calling shown as 「ホストの起動後はまだありません」 (nothing since the host started): its calls were
// refused, and the list only counted the ones accepted. Each state is said as the host knows it —
// paired and not heard from since the host started, calling, gone quiet, revoked and quiet, revoked
// and still calling — before and after the host restarts (what it counts is kept in memory; the last
// refusal before a restart is read from the journal). Revoking takes a reason, journaled with the act
// and shown in the settings' history.

const call = (c: StationClient) => c.call({ method: 'auth.session', input: {}, token: null });

describe('the stations list says what the host knows of each station (issue 13)', () => {
  it('every state reads true, before and after the host restarts; revoking needs a reason that says something, journaled and in the history', async () => {
    const dir = tempDir();
    let offset = 0;
    const clock = () => new Date(Date.now() + offset);
    let d = await openTemp({ dir, clock });
    const { admin } = await setUp(d);
    const host = await lanHost(d, admin);
    const clients: Record<string, StationClient> = {};
    const ids: Record<string, string> = {};
    for (const name of ['calling', 'quiet', 'revoked-calling', 'revoked-quiet']) {
      const at = await host.enroll(name, 'desk', undefined, path.join(tempDir(), name));
      clients[name] = await StationClient.open(at, stationKeys(at));
      ids[name] = clients[name].config.stationId;
    }
    const byName = async (c: Caller) => Object.fromEntries((await c.ok('stations.enrolled', {})).map((s) => [s.name, s]));
    const startedAt = (await admin.ok('lan.status', {})).startedAt;
    expect(Date.parse(startedAt)).toBeLessThanOrEqual(clock().getTime());

    // Revoking asks why: nothing, or words that say nothing, are refused at the reason and change nothing.
    const journalRows = () => (d.store.db.prepare('SELECT count(*) AS n FROM journal WHERE kind = \'row\'').get() as { n: number }).n;
    const rowsBefore = journalRows();
    for (const [reason, messageKey] of [['', 'errors.field.required'], ['  ', 'errors.field.required'], ['なし', 'errors.field.says_nothing']] as const)
      expect(await admin.call('stations.revoke', { id: ids['revoked-calling'], reason })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ field: 'reason', messageKey }] } });
    expect(await admin.call('stations.revoke', { id: ids['revoked-calling'] } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ field: 'reason', messageKey: 'errors.field.required' }] } });
    expect(journalRows()).toBe(rowsBefore);
    expect((await byName(admin))['revoked-calling']).toMatchObject({ revokedAt: null, revokeReason: null });

    expect((await call(clients.calling)).result).toMatchObject({ ok: true });
    const reasons = { 'revoked-calling': '事務PCの入れ替え。\n旧PCは倉庫で保管', 'revoked-quiet': '廃棄のため' };
    for (const [name, reason] of Object.entries(reasons)) expect(await admin.ok('stations.revoke', { id: ids[name], reason })).toMatchObject({ name, revokeReason: reason, revokedByName: SETUP.sysadmin.displayName });
    expect(await admin.call('stations.revoke', { id: ids['revoked-quiet'], reason: '二度目' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'lan.errors.already_revoked' } });
    // Journaled with the act, by whom, and listed in the settings' history with the reason (and each enrollment).
    const revokeRows = d.store.db.prepare("SELECT entity_id, actor, reason FROM journal WHERE action = 'stations.revoke' ORDER BY seq").all();
    const adminId = (d.store.db.prepare('SELECT id FROM accounts WHERE login_id = ?').get(SETUP.sysadmin.loginId) as { id: string }).id;
    expect(revokeRows).toEqual(Object.entries(reasons).map(([name, reason]) => ({ entity_id: ids[name], actor: adminId, reason })));
    const history = (await admin.ok('settings.history', {})).filter((h) => h.setting.kind === 'lanStation');
    expect(history.map((h) => [h.setting, h.before, h.after, h.actorName, h.reason])).toEqual([
      [{ kind: 'lanStation', stationId: ids['revoked-quiet'], name: 'revoked-quiet' }, 'enrolled', 'revoked', SETUP.sysadmin.displayName, reasons['revoked-quiet']],
      [{ kind: 'lanStation', stationId: ids['revoked-calling'], name: 'revoked-calling' }, 'enrolled', 'revoked', SETUP.sysadmin.displayName, reasons['revoked-calling']],
      ...['revoked-quiet', 'revoked-calling', 'quiet', 'calling'].map((name) => [{ kind: 'lanStation', stationId: ids[name], name }, null, 'enrolled', SETUP.sysadmin.displayName, null]),
    ]);

    // The revoked station keeps calling: each call refused, and counted (the journal writes one a minute).
    for (let i = 0; i < 3; i++) expect((await call(clients['revoked-calling'])).result).toMatchObject({ ok: false, error: { params: { reason: 'revoked' } } });
    const refusedRows = () => d.store.db.prepare("SELECT at FROM journal WHERE action = 'lan.refused' AND entity_id = ? AND json_extract(after, '$.reason') = 'revoked' ORDER BY seq").all(ids['revoked-calling']) as { at: string }[];
    expect(refusedRows()).toHaveLength(1);
    let list = await byName(admin);
    expect(list.calling).toMatchObject({ online: true, lastContactAt: expect.any(String), revokedAt: null, refusedSinceStart: 0, lastRefusedAt: null, stillCalling: false });
    expect(list['revoked-calling']).toMatchObject({ online: false, revokedAt: expect.any(String), refusedSinceStart: 3, lastRefusedAt: expect.any(String), stillCalling: true });
    expect(Date.parse(list['revoked-calling'].lastRefusedAt!)).toBeGreaterThanOrEqual(Date.parse(refusedRows()[0].at));
    // Revoked and quiet: its last accepted call was its enrollment; nothing refused, nothing still calling.
    expect(list['revoked-quiet']).toMatchObject({ online: false, refusedSinceStart: 0, lastRefusedAt: null, stillCalling: false, lastContactAt: expect.any(String) });

    // Three minutes on: the quiet station is offline (its last contact kept), the calling one calls again,
    // the revoked one that called is no longer "still calling" (its refusals still counted).
    offset = 3 * 60_000;
    expect((await call(clients.calling)).result).toMatchObject({ ok: true });
    list = await byName(admin);
    expect(list.calling).toMatchObject({ online: true });
    expect(list.quiet).toMatchObject({ online: false, lastContactAt: expect.any(String) });
    expect(list['revoked-calling']).toMatchObject({ refusedSinceStart: 3, stillCalling: false });

    // The host restarts: what it heard is forgotten, and said so; the revoked station's last refusal is the journal's.
    await host.listener.close();
    d.close();
    offset = 5 * 60_000;
    d = await openTemp({ dir, clock });
    const listener = lanListener(d);
    await listener.apply();
    try {
      const again = new Caller(d);
      await again.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
      const restartedAt = (await again.ok('lan.status', {})).startedAt;
      expect(Date.parse(restartedAt)).toBeGreaterThan(Date.parse(startedAt) + 4 * 60_000);
      list = await byName(again);
      for (const name of ['calling', 'quiet']) expect(list[name]).toMatchObject({ online: false, lastContactAt: null, revokedAt: null, refusedSinceStart: 0, lastRefusedAt: null, stillCalling: false });
      expect(list['revoked-calling']).toMatchObject({ lastContactAt: null, refusedSinceStart: 0, lastRefusedAt: refusedRows().at(-1)!.at, stillCalling: false, revokedByName: SETUP.sysadmin.displayName, revokeReason: reasons['revoked-calling'] });
      expect(list['revoked-quiet']).toMatchObject({ lastContactAt: null, refusedSinceStart: 0, lastRefusedAt: null, stillCalling: false });
      // It calls again after the restart: counted from the restart.
      expect((await call(clients['revoked-calling'])).result).toMatchObject({ ok: false, error: { params: { reason: 'revoked' } } });
      expect((await call(clients.calling)).result).toMatchObject({ ok: true });
      list = await byName(again);
      expect(list['revoked-calling']).toMatchObject({ refusedSinceStart: 1, stillCalling: true });
      expect(Date.parse(list['revoked-calling'].lastRefusedAt!)).toBeGreaterThanOrEqual(Date.parse(restartedAt));
      expect(list.calling).toMatchObject({ online: true, lastContactAt: expect.any(String) });
      expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    } finally {
      await listener.close();
      d.close();
    }
  }, 60_000);
});
