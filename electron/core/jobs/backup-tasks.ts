import fs from 'node:fs';
import { faultPoint } from '../util/fault';
import type { TaskContext } from './worker';

/** The backup's tasks in the worker (see jobs/backup.ts). */
export const backupTasks: Record<string, (args: never, ctx: TaskContext) => unknown> = {
  /**
   * Copy the database into `to` from this worker's read connection: VACUUM INTO writes a
   * consistent snapshot, compacted and encrypted with the same key, into an empty owner-only file;
   * then it is flushed to the disk. One statement: a cancel (terminate) takes effect when it ends.
   */
  'backup.copy': (args: { to: string }, ctx) => {
    const db = ctx.db();
    fs.closeSync(fs.openSync(args.to, 'w', 0o600));
    faultPoint('copying');
    db.prepare('VACUUM INTO ?').run(args.to);
    const fd = fs.openSync(args.to, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return fs.statSync(args.to).size;
  },
};
