import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../electron/core/store/data-folder';
import { JobCancelled, WorkerClient } from '../../electron/core/jobs/worker-client';
import { openTemp, setUp } from '../helpers/temp-daicho';
import { testAction } from '../helpers/test-action';

// A job's worker is stopped (a cancel, the app closing) in the middle of a task: the calls waiting
// fail at once as cancelled, the task in flight ends at its next step of progress, the worker's
// connection is closed, and only then is the thread terminated (jobs/worker-client.ts). A thread
// terminated with a database open can crash the whole process as it is torn down (better-sqlite3
// issues 1476 and 1507): this test stops workers in every state many times over, in this process.

describe('stopping a job’s worker', () => {
  it('mid-task, many times over: the calls fail as cancelled at once, the thread ends, the process lives on', async () => {
    const d = await openTemp();
    await setUp(d);
    // 25,000 journal rows: the chain reports its progress (and so looks for a stop) every 20,000.
    d.store.write({ actor: 'system', station: 'test' }, (tx) => {
      for (let i = 0; i < 25_000; i++) tx.event(testAction('test.row'), 'test', null, { i });
    });
    const file = dataFile(d.dataDir);
    const key = fs.readFileSync(d.keyFile, 'utf8').trim();
    const tasks: [string, (snap: { head: number }) => unknown][] = [
      ['chain', (snap) => ({ snap, from: 1, to: snap.head })],
      ['integrity', () => ({ half: 'pages' })],
      ['keptDigests', () => ({})],
    ];
    let cancelled = 0;
    for (let round = 0; round < 12; round++) {
      const worker = new WorkerClient();
      await worker.call('open', { file, key });
      const snap = await worker.call<{ head: number }>('begin');
      const [task, args] = tasks[round % tasks.length];
      const inFlight = worker.call(task, args(snap));
      const queued = worker.call('end');
      await new Promise((r) => setTimeout(r, round % 4 === 0 ? 0 : 5 * (round % 4)));
      const stopped = worker.terminate();
      // Whoever still waits is told at once, before the thread has ended (a call answered before the stop keeps its answer).
      let told = 0;
      for (const call of [inFlight, queued])
        await call.then(
          () => undefined,
          (err: unknown) => {
            expect(err).toBeInstanceOf(JobCancelled);
            told++;
          },
        );
      cancelled += told;
      await stopped;
      expect(worker.stopped).toBe(true);
      await expect(worker.call('begin')).rejects.toBeInstanceOf(JobCancelled);
    }
    expect(cancelled).toBeGreaterThan(6);
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});
