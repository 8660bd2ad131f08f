import { useTranslation } from 'react-i18next';
import type { BackupStatus } from '../../../shared/domain/jobs';
import { DateText } from '../components/DateText';
import { useDates } from '../hooks/useDates';
import { canCall } from '../auth/access';
import { useApp } from '../state/app';
import { usePunct } from '../hooks/usePunct';

/** A count as people read it: 120,027. */
export function useCount() {
  const { lang } = useDates();
  return (n: number | undefined) => (n === undefined ? '' : n.toLocaleString(lang === 'en' ? 'en-US' : 'ja-JP'));
}

type Run = BackupStatus['lastBackup'];

/** A last good backup or verify: when (和暦 with the time), who, up to which journal row, and where. */
export function LastRun({ run, testId }: { run: Run; testId: string }) {
  const { t } = useTranslation();
  const p = usePunct();
  const count = useCount();
  if (!run) return <span data-testid={testId}>{t('jobs.status.never')}</span>;
  return (
    <span className="last-run" data-testid={testId}>
      <span className="last-run-when">
        <DateText value={run.at} time />
      </span>
      <span className="muted small">
        {run.by === 'cli' ? t('jobs.status.byCli') : (run.byName ?? run.by)}
        {p.sep}
        {t('jobs.status.rows', { rows: count(run.rows), seq: run.headSeq })}
      </span>
      {run.to && <span className="mono small last-run-to">{run.to}</span>}
    </span>
  );
}

/**
 * Art. 13(7): the warning text when a backup is due (none yet, or older than the setting), else null.
 * Said to whoever can make one as "make one", to anyone else as "ask the system administrator" (a
 * walk-through: the safety manager was told to make a backup she has no screen for).
 */
export function useBackupWarning(status: BackupStatus | null): string | null {
  const { t } = useTranslation();
  const mayBackUp = canCall('jobs.start', useApp((s) => s.session));
  if (!status?.backupOverdue) return null;
  const what = status.lastBackup ? t('jobs.status.overdue', { count: status.warnAfterDays }) : t('jobs.status.neverBackedUp');
  return mayBackUp ? `${what}${t('jobs.status.makeOne')}` : `${what}${t('jobs.status.askAdmin')}`;
}
