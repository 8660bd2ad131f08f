import { describe, expect, it } from 'vitest';
import type { PartCounts } from '../../electron/core/retention-counts';
import { retentionStatus } from '../../electron/core/retention';
import { retentionCutoff, signedCutoff } from '../../electron/core/retention-rules';
import type { WorkerClient } from '../../electron/core/jobs/worker-client';
import { renewPassword, SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { signOff } from './review-fixture';

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
    await signOff(f, jst('2019-04-01', '10:00'), [{ ledger: 'serverRoom', siteId: hq.id, month: '2019-03' }]);
    c.set(jst('2026-11-30', '10:00'));
    await renewPassword(clerk, PASSWORDS.clerk);
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
    await renewPassword(admin, SETUP.sysadmin.password);
    const shown = await admin.ok('retention.status', {});
    expect(shown.find((s) => s.ledger === 'serverRoom')).toMatchObject({ erasable: 0, erased: 0 });
    expect(shown).toEqual(shown.map((s) => retentionStatus(d.store, d.settings, s.ledger, c.clock())));
    d.close();
  });
});

describe('the monthly review, its paper and the lists are read in the reader worker', () => {
  it('answers as the main thread would, sees a save made right before, says its errors as themselves, and writes nothing', async () => {
    const f = await serverRoomFixture(jst('2019-03-11', '10:00'));
    const { d, c, clerk, sm, hq, yamada, kimura } = f;
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-11', '09:00'), exitedAt: jst('2019-03-11', '09:30'), purpose: 'maintenance' });
    // Not authorized for the server room: an anomaly to dispose of.
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: kimura.id, enteredAt: jst('2019-03-11', '09:10'), exitedAt: jst('2019-03-11', '09:40'), purpose: 'maintenance' });
    c.set(jst('2019-04-05', '10:00'));
    await renewPassword(sm, SETUP.safetyManager.password);
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2019-03' } as const;
    const jobs = d.jobs as unknown as { reader: { client: WorkerClient } | null };
    expect(jobs.reader).toBeNull();

    const first = await sm.ok('review.get', unit);
    expect(jobs.reader).not.toBeNull(); // the review started the reader worker
    expect(first.counts).toMatchObject({ total: 2, withAnomalies: 1 });
    expect(first.items.map((i) => i.code)).toContain('not_authorized');

    // A stay typed in from paper, then the review at once: the worker's connection sees the commit.
    await renewPassword(clerk, PASSWORDS.clerk);
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2019-03-20', '14:00'), exitedAt: jst('2019-03-20', '14:30'), purpose: 'maintenance' });
    const inWorker = await sm.ok('review.get', unit);
    expect(inWorker.shownHead).toBe(d.store.journalHead().seq);
    const listed = await sm.ok('review.list', { month: '2019-03' });
    // A list searched over the whole history, and the register: the contract's inReader methods.
    const searched = await sm.ok('serverRoom.list', { search: '山田', pageSize: 50 });
    const people = await sm.ok('people.list', { search: '木村' });
    expect(searched.total).toBe(2);
    expect(people.rows.map((p) => p.name)).toEqual(['木村 三郎']);
    const printed = await sm.ok('print.sheet', { ...unit, format: 'print' });
    const prints = () => (d.store.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'print.print'").get() as { n: number }).n;
    expect(printed.rows).toHaveLength(3);
    expect(prints()).toBe(1); // the sheet is built in the worker, its print journaled here
    // A preview on the screen is the same sheet, and no print: nothing journaled.
    const beforePreview = d.store.journalHead().seq;
    expect(await sm.ok('print.sheet', { ...unit, format: 'preview' })).toEqual({ ...printed, printedAt: expect.any(String) });
    expect(d.store.journalHead().seq).toBe(beforePreview);
    expect(inWorker.counts.total).toBe(3);

    // Without the worker's script, the main thread answers: the same review, the same list.
    const script = process.env.DAICHO_WORKER_FILE;
    process.env.DAICHO_WORKER_FILE = '/nonexistent/worker.mjs';
    try {
      expect(await sm.ok('review.get', unit)).toEqual({ ...inWorker, shownHead: d.store.journalHead().seq }); // the print since is journaled
      expect(await sm.ok('review.list', { month: '2019-03' })).toEqual(listed);
      expect(await sm.ok('print.sheet', { ...unit, format: 'print' })).toEqual(printed);
      expect(await sm.ok('serverRoom.list', { search: '山田', pageSize: 50 })).toEqual(searched);
      expect(await sm.ok('people.list', { search: '木村' })).toEqual(people);
      expect(prints()).toBe(2);
    } finally {
      process.env.DAICHO_WORKER_FILE = script;
    }

    // An error of the review comes back as the review's own (a site that does not exist), not as a crash.
    const missing = await sm.call('review.get', { ...unit, siteId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.ok ? null : missing.error).toMatchObject({ code: 'not_found', field: 'siteId' });

    // The worker's handlers are read-only: a write sent there fails and stores nothing.
    const head = d.store.journalHead().seq;
    await expect(d.jobs.read('call', { method: 'people.setActive', input: { id: yamada.id, active: false, reason: '退職' }, now: c.clock().toISOString(), session: null, readableSites: null, station: 'test' }, mainThreadOnly)).rejects.toThrow(/the reader worker has no actor|opened to check only/);
    expect(d.store.journalHead().seq).toBe(head);
    d.close();
  });
});
