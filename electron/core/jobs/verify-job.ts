import { dataFile } from '../store/data-folder';
import { invalidateCleanClose } from '../store/clean-close';
import { StoreError } from '../store/errors';
import type { VerifyResult } from '../journal/verify';
import { verifyInWorkers, type VerifyProgress } from '../journal/verify-workers';
import type { BackupWitness, JobSummary } from '../../../shared/domain/jobs';
import { JobFailure, type JobControl, type JobEnv, type JobKindDef } from './runner';
import { checkNewestBackup, type NewestBackupCheck } from './backup-witness';

/** A verify's progress as a share of the whole: the chain is most of the work, then the tables. */
export function verifyFraction(p: VerifyProgress): number {
  const part = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  if (p.phase === 'chain') return 0.05 + 0.6 * part;
  if (p.phase === 'tables') return 0.65 + 0.35 * part;
  return 0;
}

export function verifySummary(r: VerifyResult): JobSummary {
  return {
    rows: r.rows, headSeq: r.headSeq,
    ...(r.ok ? {} : { problemCount: r.problemCount + r.fileProblems.length }),
    ...(r.firstBadSeq !== undefined ? { firstBadSeq: r.firstBadSeq } : {}),
  };
}

/** One line of what is wrong, for a message: the file's first problem, or the first bad sequence number. */
export function verifyProblemText(r: VerifyResult): string {
  return r.fileProblems.length > 0 ? `file: ${r.fileProblems[0]}` : `sequence #${r.firstBadSeq}: ${r.problem}`;
}

/** SPEC §8 verify of a database file in worker threads, mapped onto a job's progress (from..to of the whole). */
export async function verifyFileInWorkers(file: string, key: Buffer, ctl: JobControl, share: { from: number; to: number } = { from: 0, to: 1 }, now?: Date): Promise<VerifyResult> {
  return verifyInWorkers({
    file, key, signal: ctl.signal, now,
    onProgress: (p) => ctl.progress(share.from + (share.to - share.from) * verifyFraction(p), p.phase),
  });
}

export interface VerifyArgs {
  /** Not compared with the newest backup (daicho verify --no-backup): the report says so. */
  skipBackup?: boolean;
}

/** The verify job's full result: the chain and tables, and the newest backup compared with the journal's end. */
export type VerifyJobDetail = VerifyResult & { backup: NewestBackupCheck };

/** The newest backup as a witness, unless asked not to, or the file is damaged (its reads may not answer: what verify found is the report). */
async function backupWitness(env: JobEnv, r: VerifyResult, skip: boolean): Promise<NewestBackupCheck> {
  if (skip) return { state: 'skipped', problems: [] };
  if (r.fileProblems.length > 0) return { state: 'none', problems: [] };
  try {
    return await checkNewestBackup(env.store, env.settings, env.dataDir, env.key);
  } catch (err) {
    return { state: 'mismatch', to: env.settings.get('backup.lastGood')?.to, problems: [`the newest backup could not be compared: ${(err as Error).message}`] };
  }
}

/** What the summary keeps of it (the problems in words are the command line's). */
function witnessOf(b: NewestBackupCheck): BackupWitness {
  return { state: b.state, ...(b.to !== undefined ? { to: b.to } : {}), ...(b.seq !== undefined ? { seq: b.seq } : {}), ...(b.kind ? { kind: b.kind } : {}) };
}

/** The failure of a verify whose chain held but whose newest backup holds rows the journal no longer has as they were. */
function backupFailure(b: NewestBackupCheck, head: number): { key: 'jobs.errors.verify_backup_cut' | 'jobs.errors.verify_backup_rewritten' | 'jobs.errors.verify_backup_unreadable'; params: Record<string, string | number> } {
  const to = b.to ?? '';
  if (b.kind === 'cut') return { key: 'jobs.errors.verify_backup_cut', params: { to, seq: b.seq ?? 0, head } };
  if (b.kind === 'rewritten') return { key: 'jobs.errors.verify_backup_rewritten', params: { to, seq: b.seq ?? 0 } };
  // Said in the screen's words; the cause in English is the command line's (a read of the change: it stood inside the Japanese).
  return { key: 'jobs.errors.verify_backup_unreadable', params: { to } };
}

/**
 * The verify job: SQLite's integrity check of the file, the journal's chain and every table against
 * it, in worker threads with their own read connections while the app keeps working; then the
 * journal's end against the newest backup (jobs/backup-witness.ts), which the chain alone cannot
 * vouch for. Problems found make it fail (data_damaged), with the full result for the command line.
 */
export const verifyJob: JobKindDef<VerifyArgs> = {
  action: 'job.verify',
  lastGoodKey: 'verify.lastGood',
  prepare: (env, args) => ({
    run: async (ctl) => {
      const r = await verifyFileInWorkers(dataFile(env.dataDir), env.key, ctl, undefined, env.store.clock());
      if (r.fileProblems.length > 0) {
        // The file is damaged: nothing more is written to it, and the next open checks it (and refuses it).
        env.store.damage ??= new StoreError('damaged', r.fileProblems[0]);
        invalidateCleanClose(env.dataDir, dataFile(env.dataDir), env.key, env.store.clock());
      }
      const backup = await backupWitness(env, r, args?.skipBackup === true);
      const detail: VerifyJobDetail = { ...r, backup };
      const summary: JobSummary = { ...verifySummary(r), backupWitness: witnessOf(backup) };
      if (!r.ok)
        throw new JobFailure('data_damaged', 'jobs.errors.verify_failed', { count: summary.problemCount ?? 0, detail: verifyProblemText(r) }, summary, detail);
      if (backup.problems.length > 0) {
        const f = backupFailure(backup, r.headSeq);
        throw new JobFailure('data_damaged', f.key, f.params, { ...summary, problemCount: backup.problems.length }, detail);
      }
      return { summary, detail };
    },
  }),
};
