import { DB_FILE } from '../store/data-folder';
import { readBackup, type BackupRead, type JournalHead } from './backup-read';
import { WorkerClient } from './worker-client';
import { headProblem } from '../store/head-check';
import type { Store } from '../store/store';
import type { Settings } from '../settings';
import { witnessMismatch } from '../lan/witness-alarm';
import type { BackupWitness } from '../../../shared/domain/jobs';

// A backup as a witness (SPEC §8): what a backup holds of the journal must still be in the data —
// uncut and unchanged. A backup kept apart (a USB drive in the safety manager's cabinet) is then an
// anchor outside the data, as a station's witness file is (lan/witness-check.ts): someone holding the
// database key who cuts the journal's tail, or rewrites history and re-hashes the chain, cannot make
// the row the backup ends at come back as it was (an insider probe of 2026-12-05). A backup is a copy
// of the data, so it opens with the data's own key.

/** The problems with the data against the backup in `dir` (none: it holds the backup's journal as it was), and what was compared. */
export function checkAgainstBackup(store: Store, dataDir: string, dir: string, key: Buffer): { problems: string[]; head: JournalHead | null } {
  return judgeBackup(store, dir, readBackup(dataDir, dir, key));
}

/** What a backup's folder held (readBackup), against the journal: the comparison, on the data's own connection. */
export function judgeBackup(store: Store, dir: string, read: BackupRead): { problems: string[]; head: JournalHead | null } {
  const who = `the backup in ${dir}`;
  if (read.found === 'absent') return { problems: [`${who}: there is no ${DB_FILE} in it, so it is not a backup`], head: null };
  if (read.found === 'itself') return { problems: [`${dir} is the data folder itself, not a backup of it`], head: null };
  if (read.found === 'unreadable')
    return { problems: [`${who} cannot be read with this data's key (${read.message}): a backup of other data, a damaged one, or this data's key was changed`], head: null };
  const head = read.head;
  if (!head) return { problems: [], head };
  const problem = headProblem(store, head, { who, verb: 'holds', when: `written ${head.at}` });
  return { problems: problem ? [problem] : [], head };
}

/**
 * What a verify found of the newest backup (BackupWitness in shared/domain/jobs.ts), with the
 * problems in words for the command line. `matched`: the journal holds what the backup holds, up to
 * `seq`; `mismatch`: it does not (`kind` cut or rewritten, or the backup could not be read: none).
 */
export interface NewestBackupCheck extends BackupWitness {
  problems: string[];
}

/**
 * A verify's default witness (an insider probe of 2026-12-07: rows cut from the journal's end passed a
 * plain verify): the last good backup the data records (`backup.lastGood`), if its folder is there.
 * The record is in the data, so whoever holds the key can change it too: the verify's report says which
 * backup it compared, or that none was, and so how far its evidence of the journal's end reaches.
 */
export async function checkNewestBackup(store: Store, settings: Settings, dataDir: string, key: Buffer): Promise<NewestBackupCheck> {
  let to: string | undefined;
  try {
    to = settings.get('backup.lastGood')?.to;
  } catch {
    to = undefined; // a settings table verify found unreadable: said by verify itself
  }
  if (!to) return { state: 'none', problems: [] };
  // The folder is read in a worker thread: a slow drive never holds the app's main thread (DESIGN rule 7).
  const worker = new WorkerClient();
  let read: BackupRead;
  try {
    read = (await worker.call('backup.read', { dataDir, dir: to, key: key.toString('hex') })) as BackupRead;
  } finally {
    await worker.terminate();
  }
  // A backup kept apart (a USB drive in a cabinet) is often not there: not compared, and said so.
  if (read.found === 'absent') return { state: 'unavailable', to, problems: [] };
  const c = judgeBackup(store, to, read);
  if (c.problems.length === 0) return { state: 'matched', to, seq: c.head?.seq ?? 0, problems: [] };
  const kind = c.head ? witnessMismatch(store, c.head) : null;
  return { state: 'mismatch', to, ...(c.head ? { seq: c.head.seq } : {}), ...(kind ? { kind } : {}), problems: c.problems };
}
