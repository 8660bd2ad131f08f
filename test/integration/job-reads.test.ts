import { describe, expect, it } from 'vitest';
import type { PartCounts } from '../../electron/core/retention-counts';
import { retentionStatus } from '../../electron/core/retention';
import { retentionCutoff, signedCutoff } from '../../electron/core/retention-rules';
import type { WorkerClient } from '../../electron/core/jobs/worker-client';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Issue 7 point 5: no API call holds the main thread more than 50 ms. A heavy read of a call — the
// retention counts, which over ten years of records read each old record's journal rows (seconds) —
// runs in a worker thread on its own read connection (JobRunner.read). Here: it reads what the main
// thread committed before it, a failing task is said and the next read answers, a stopped worker is
// replaced, and the retention screen's counts are the ones the main thread would count.

const mainThreadOnly = () => {
  throw new Error('counted on the main thread');
};

describe('heavy reads of API calls run in a worker', () => {
  it('a read sees every save committed before it; a failing task is said and the next read answers; a stopped worker is replaced', async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, c, clerk, admin, hq, yamada } = f;
    const params = () => ({ cutoff: retentionCutoff(c.clock(), 5).toISOString(), signedCutoff: signedCutoff(c.clock(), 5) });
    const counts = () => d.jobs.read<PartCounts[]>('retentionCounts', { ledger: 'serverRoom', params: params() }, mainThreadOnly);

    const stay = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'maintenance' });
    c.set(jst('2026-11-30', '10:00'));
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    expect((await counts())[0]).toMatchObject({ erasable: 1, oldest: jst('2019-03-11', '09:00') });
    // Voided today, the stay waits again for its period: the read right after the save counts it so
    // (the worker's connection sees the main thread's commit).
    await clerk.ok('serverRoom.void', { id: stay.id, reason: '重複して記録したため' });
    expect((await counts())[0]).toMatchObject({ erasable: 0, oldest: null });

    // A task the worker does not have fails with its own message; the worker goes on answering.
    await expect(d.jobs.read('noSuchTask', {}, mainThreadOnly)).rejects.toThrow('no such worker task: noSuchTask');
    expect((await counts())[0].erasable).toBe(0);

    // The worker stopped (it crashed, it was killed): the next read starts another.
    const reader = (d.jobs as unknown as { reader: { client: WorkerClient } | null }).reader;
    expect(reader).not.toBeNull();
    await reader!.client.terminate(new Error('killed'));
    await expect(counts()).resolves.toHaveLength(2);
    expect((d.jobs as unknown as { reader: unknown }).reader).not.toBe(reader);

    // The screen's counts are the worker's, and equal what the main thread counts.
    await admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    const shown = await admin.ok('retention.status', {});
    expect(shown.find((s) => s.ledger === 'serverRoom')).toMatchObject({ erasable: 0, erased: 0 });
    expect(shown).toEqual(shown.map((s) => retentionStatus(d.store, d.settings, s.ledger, c.clock())));
    d.close();
  });
});
