import { describe, expect, it } from 'vitest';
import type { WorkerClient } from '../../electron/core/jobs/worker-client';
import { SETUP } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';
import { accountFor } from './review-fixture';

// The reader worker's life: errors, a killed worker, close, and the time between the
// dispatcher's checks and the read.

type Jobs = { reader: { client: WorkerClient; ready: Promise<unknown> } | null; reads: number };
const fail = () => {
  throw new Error('answered on the main thread');
};

describe('the reader worker life', () => {
  it('an error that is not a DaichoError does not stick the queue', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const { d, c, sm, yamada } = f;
    const call = (method: string, input: unknown) => ({ method, input, now: c.clock().toISOString(), session: null, readableSites: null, station: 'test' });
    await expect(d.jobs.read('call', call('people.setActive', { id: yamada.id, active: false, reason: '退職' }), fail)).rejects.toThrow(/has no actor/);
    await expect(d.jobs.read('call', call('no.such', {}), fail)).rejects.toThrow(/no such method/);
    await expect(d.jobs.read('call', { ...call('print.buildSheet', { ledger: 'serverRoom', siteId: f.hq.id, month: '2026-10', opts: null }), part: true }, fail)).rejects.toThrow();
    expect((await sm.ok('people.list', {})).total).toBe(5); // the fixture's people, the clerk's 田中 among them
    d.close();
  });

  it('a worker killed mid-call: that call fails, the next one is answered', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const { d, sm } = f;
    const logged: string[] = [];
    (d.dispatcher as unknown as { deps: { log: (e: unknown, m: string) => void } }).deps.log = (e, m) => logged.push(`${m}: ${String((e as Error)?.message ?? e)}`);
    await sm.ok('people.list', {});
    const jobs = d.jobs as unknown as Jobs;
    const p = sm.call('people.list', {});
    await jobs.reader!.client.terminate(new Error('killed'));
    const r = await p;
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect((await sm.ok('people.list', {})).total).toBe(5);
    d.close();
  });

  it('a list asked before a site was taken from a site head, read after it, is read with the sites he has then (checked again on the snapshot)', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '12:00'));
    const { d, sm, clerk, hq, osaka, okada, yamada } = f;
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    const head = await accountFor(f, 'kyoten.two', '二拠点 拠点長', ['site_head'], null, 'Kyoten-cho-futatsu-4410');
    await sm.ok('accounts.setSites', { id: f.accountId('kyoten.two'), siteIds: [hq.id, osaka.id], reason: '二拠点' });
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', '09:00'), exitedAt: jst('2026-11-24', '09:30'), purpose: 'maintenance' });
    expect((await head.ok('serverRoom.list', {})).total).toBe(1);
    // The list is asked (checked: both sites readable); before the reader reads it, Osaka is taken
    // from the head, and a stay is recorded at Osaka.
    // (Here in the same turn; in the app, any time while the reader is still busy with earlier reads: its queue.)
    const listed = head.call('serverRoom.list', {});
    const taken = sm.call('accounts.setSites', { id: f.accountId('kyoten.two'), siteIds: [hq.id], reason: '大阪は外す' });
    const recorded = clerk.call('serverRoom.record', { siteId: osaka.id, personId: okada.id, enteredAt: jst('2026-11-24', '10:00'), exitedAt: jst('2026-11-24', '10:30'), purpose: 'maintenance' });
    expect((await taken).ok).toBe(true);
    expect((await recorded).ok).toBe(true);
    const r = await listed;
    // Asked now, the same head is refused Osaka.
    expect(await head.call('serverRoom.list', { siteId: osaka.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(r.ok).toBe(true);
    const rows = r.ok ? r.value.rows : [];
    // On the main thread the list would have been read before the change: no Osaka stay recorded after it.
    expect(rows.some((x) => x.siteId === osaka.id)).toBe(false);
    d.close();
  });

  it('many calls at once, errors among them, with writes between: each answered, none stuck', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '12:00'));
    const { d, sm, clerk, admin, hq, yamada } = f;
    const { retentionCutoff, signedCutoff } = await import('../../electron/core/retention-rules');
    const calls: Promise<{ ok: boolean; error?: { code: string } }>[] = [];
    for (let i = 0; i < 40; i++) {
      calls.push(sm.raw('people.list', { search: i % 2 ? '山田' : '' }) as never);
      calls.push(sm.raw('review.get', { ledger: i % 3 ? 'serverRoom' : 'nope', siteId: hq.id, month: '2026-10' }) as never);
      calls.push(clerk.raw('serverRoom.list', { search: String(i) }) as never);
      if (i % 10 === 0) calls.push(clerk.raw('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-24', `0${i / 10}:00`), exitedAt: jst('2026-11-24', `0${i / 10}:30`), purpose: 'maintenance' }) as never);
      if (i % 10 === 5) calls.push(d.jobs.read('retentionCounts', { ledger: 'serverRoom', params: { cutoff: retentionCutoff(new Date(), 5).toISOString(), signedCutoff: signedCutoff(new Date(), 5) } }, fail).then(() => ({ ok: true })));
    }
    const out = await Promise.all(calls);
    const codes = out.map((r) => (r.ok ? 'ok' : r.error!.code));
    expect(codes.filter((c) => c === 'internal')).toEqual([]);
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThan(100); // the unknown ledger's are refused as such
    expect((await clerk.ok('serverRoom.list', {})).total).toBe(4);
    void admin;
    d.close();
  });
});
