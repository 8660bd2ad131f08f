import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readerFile, workerFile } from '../../electron/core/jobs/worker-file';
import { jst, serverRoomFixture } from './server-room-fixture';

// The reader's script is found beside the long jobs' one by its name (worker.* → reader.*). Beside
// a jobs worker script named otherwise (DAICHO_WORKER_FILE may name any file) there is none: a
// helper's probe found the jobs script itself taken for the reader, and every list failing.

describe('the reader script beside a worker script not named worker.*', () => {
  it('is not found: the reads are answered on the main thread, not by the jobs worker (no such task: call)', async () => {
    const f = await serverRoomFixture(jst('2026-11-24', '10:00'));
    const { d, sm } = f;
    const original = process.env.DAICHO_WORKER_FILE!;
    const renamed = path.join(path.dirname(original), 'daicho-jobs.mjs');
    fs.copyFileSync(original, renamed);
    process.env.DAICHO_WORKER_FILE = renamed;
    try {
      expect(() => readerFile()).toThrow(/no reader worker script beside/);
      expect(workerFile()).toBe(renamed);
      // The reads are answered on the main thread, not by the jobs' worker taken for the reader.
      const r = await sm.call('people.list', {});
      expect(r.ok).toBe(true);
    } finally {
      process.env.DAICHO_WORKER_FILE = original;
      fs.rmSync(renamed, { force: true });
      d.close();
    }
  });
});
