import os from 'node:os';
import type { Daicho } from '../core';
import type { JobInfo, JobKind } from '../../shared/domain/jobs';
import { CliError, EXIT } from './errors';
import { progressPrinter } from './progress';

/**
 * Run a job of the core's job runner from the command line (as "cli", from this computer), with its
 * progress, and wait for it. Ctrl+C cancels it (its workers stop; a backup removes its temporary
 * files) and exits 130. A job that failed comes back with what it failed with: the caller prints
 * it (verify lists the problems) or throws it.
 */
export async function runJob(
  daicho: Daicho,
  kind: JobKind,
  args: unknown,
  title: string,
): Promise<{ info: JobInfo; detail?: unknown; failure?: unknown }> {
  const progress = progressPrinter(title);
  const started = daicho.jobs.start(kind, args, { actor: 'cli', station: `cli:${os.hostname()}` }, { onProgress: (i) => progress.update(i) });
  const cancel = () => {
    try {
      daicho.jobs.cancel(started.id);
    } catch {
      // it has just ended
    }
  };
  process.once('SIGINT', cancel);
  try {
    const end = await daicho.jobs.wait(started.id);
    progress.done(end.info);
    if (end.info.state === 'cancelled') throw new CliError('Cancelled; nothing was changed. / 取り消しました。何も変更していません。', EXIT.cancelled);
    return end;
  } finally {
    process.off('SIGINT', cancel);
  }
}
