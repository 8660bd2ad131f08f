import { dataFile } from '../store/data-folder';
import { invalidateCleanClose } from '../store/clean-close';
import { StoreError } from '../store/errors';
import type { VerifyResult } from '../journal/verify';
import { verifyInWorkers, type VerifyProgress } from '../journal/verify-workers';
import type { JobSummary } from '../../../shared/domain/jobs';
import { JobFailure, type JobControl, type JobKindDef } from './runner';

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

/**
 * The verify job: SQLite's integrity check of the file, the journal's chain and every table against
 * it, in worker threads with their own read connections while the app keeps working. Problems found
 * make it fail (data_damaged), with the full result for the command line.
 */
export const verifyJob: JobKindDef<Record<string, never>> = {
  action: 'job.verify',
  lastGoodKey: 'verify.lastGood',
  prepare: (env) => ({
    run: async (ctl) => {
      const r = await verifyFileInWorkers(dataFile(env.dataDir), env.key, ctl, undefined, env.store.clock());
      if (r.fileProblems.length > 0) {
        // The file is damaged: nothing more is written to it, and the next open checks it (and refuses it).
        env.store.damage ??= new StoreError('damaged', r.fileProblems[0]);
        invalidateCleanClose(env.dataDir, dataFile(env.dataDir), env.key, env.store.clock());
      }
      const summary = verifySummary(r);
      if (!r.ok)
        throw new JobFailure('data_damaged', 'jobs.errors.verify_failed', { count: summary.problemCount ?? 0, detail: verifyProblemText(r) }, summary, r);
      return { summary, detail: r };
    },
  }),
};
