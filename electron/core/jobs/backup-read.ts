import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../store/data-folder';
import { openReadConnection } from '../store/read-connection';

// The part of a backup-as-witness check (backup-witness.ts) that touches the backup's folder: run in
// a worker thread by the verify job, so a slow drive (a USB stick, a network folder) never holds the
// app's main thread; called in place by the command line.

export interface JournalHead {
  seq: number;
  hash: string;
  at: string;
}

/** What was found in a backup folder: no backup there, the data folder itself, one the key does not open, or its journal's newest row (null: none). */
export type BackupRead = { found: 'absent' } | { found: 'itself' } | { found: 'unreadable'; message: string } | { found: 'head'; head: JournalHead | null };

/** The newest journal row of the database in a backup folder, read with the data's key; null when it has none. */
export function backupHead(dir: string, key: Buffer): JournalHead | null {
  const db = openReadConnection(path.join(dir, DB_FILE), key);
  try {
    return (db.prepare('SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1').get() as JournalHead | undefined) ?? null;
  } finally {
    db.close();
  }
}

export function readBackup(dataDir: string, dir: string, key: Buffer): BackupRead {
  if (!fs.existsSync(path.join(dir, DB_FILE))) return { found: 'absent' };
  // The data itself is no witness of itself (a probe: given its own folder, verify said it matched).
  if (sameFile(path.join(dir, DB_FILE), path.join(dataDir, DB_FILE))) return { found: 'itself' };
  try {
    return { found: 'head', head: backupHead(dir, key) };
  } catch (err) {
    return { found: 'unreadable', message: (err as Error).message };
  }
}

/** Whether two paths name one file (through links, another spelling of the path, a bind mount). */
function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
