import { translate } from '../../shared/i18n';
import type { JobInfo } from '../../shared/domain/jobs';

interface Streams {
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
}

const BAR_WIDTH = 30;

/** A phase's label in both languages: "checking the journal chain / 記録の連鎖を確認中". */
function phaseLabel(phaseKey: JobInfo['progress']['phase']): string {
  return `${translate('en', phaseKey)} / ${translate('ja', phaseKey)}`;
}

/**
 * A job's progress on the command line: a bar on standard error when it is a terminal (redrawn in
 * place, gone when the job ends); otherwise (a log, CI, a service) a plain line on standard output
 * every 10%, so the output stays readable line by line.
 */
export function progressPrinter(title: string, streams: Streams = { out: process.stdout, err: process.stderr }) {
  const tty = streams.err.isTTY === true;
  let lastStep = -1;
  let lastDrawn = '';
  return {
    update(info: JobInfo): void {
      const pct = Math.floor(info.progress.fraction * 100);
      if (tty) {
        const filled = Math.round(info.progress.fraction * BAR_WIDTH);
        const line = `${title} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(pct).padStart(3)}% ${phaseLabel(info.progress.phase)}`;
        if (line !== lastDrawn) streams.err.write(`\r${line}\x1b[K`);
        lastDrawn = line;
        return;
      }
      const step = Math.floor(pct / 10);
      if (step <= lastStep) return;
      lastStep = step;
      streams.out.write(`${title}: ${step * 10}% ${phaseLabel(info.progress.phase)}\n`);
    },
    /** The job ended: the bar goes (the result is printed after it). */
    done(info: JobInfo): void {
      if (tty) {
        if (lastDrawn) streams.err.write('\r\x1b[K');
      } else if (info.state === 'succeeded' && lastStep < 10) streams.out.write(`${title}: 100% ${phaseLabel(info.progress.phase)}\n`);
    },
  };
}
