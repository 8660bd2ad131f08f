import fs from 'node:fs';
import { faultPoint } from '../util/fault';
import type { TaskContext } from './worker-serve';
import { readBackup } from './backup-read';

/** The backup's tasks in the worker (see jobs/backup.ts). */
export const backupTasks: Record<string, (args: never, ctx: TaskContext) => unknown> = {
  /** A backup folder as a verify's witness (backup-witness.ts checkNewestBackup): what is in it, read off the main thread. */
  'backup.read': (args: { dataDir: string; dir: string; key: string }) => readBackup(args.dataDir, args.dir, Buffer.from(args.key, 'hex')),
  /**
   * Copy the database into `to` from this worker's read connection: VACUUM INTO writes a
   * consistent snapshot, compacted and encrypted with the same key, into an empty owner-only file;
   * then it is flushed to the disk. One statement: a cancel (terminate) takes effect when it ends.
   */
  'backup.copy': (args: { to: string }, ctx) => {
    const db = ctx.db();
    fs.closeSync(fs.openSync(args.to, 'w', 0o600));
    faultPoint('copying');
    // The connection is query_only (store/read-connection.ts); VACUUM INTO writes only the new file,
    // never this database, but SQLite counts it as a write: allowed for this one statement.
    db.pragma('query_only=OFF');
    try {
      db.prepare('VACUUM INTO ?').run(args.to);
    } finally {
      db.pragma('query_only=ON');
    }
    const fd = fs.openSync(args.to, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return fs.statSync(args.to).size;
  },
};
