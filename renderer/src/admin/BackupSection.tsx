import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DatabaseBackup, ShieldCheck } from 'lucide-react';
import { backupForm } from '../../../shared/api/core-contract';
import type { ApiError } from '../../../shared/api/errors';
import type { JobInfo, JobSummary } from '../../../shared/domain/jobs';
import { api } from '../api/api';
import { Alert, ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { Field } from '../components/Field';
import { applyApiError, formResolver } from '../forms/errors';
import { useMessage } from '../i18n/messages';
import { JobProgress } from '../jobs/JobProgress';
import { LastRun, useBackupWarning, useCount } from '../jobs/LastRun';
import { useBackupStatus, useJobs } from '../jobs/useJobs';
import { usePunct } from '../hooks/usePunct';

const STATE_BADGE: Record<JobInfo['state'], string> = { running: 'badge-primary', succeeded: 'badge-success', failed: 'badge-danger', cancelled: 'badge-muted' };

/** What an ended job came to, in words. */
function useOutcome() {
  const { t } = useTranslation();
  const message = useMessage();
  const count = useCount();
  const p = usePunct();
  const endReach = useEndReach();
  return (job: JobInfo): string => {
    if (job.state === 'failed' && job.error) return message(job.error.messageKey, job.error.params);
    if (job.state === 'cancelled') return t(job.kind === 'backup' ? 'jobs.result.backupCancelled' : 'jobs.result.verifyCancelled');
    const r = job.result ?? {};
    return job.kind === 'backup'
      ? t('jobs.result.backupOk', { to: r.to ?? job.to, rows: count(r.rows), seq: r.headSeq })
      : p.sentences([t('jobs.result.verifyOk', { rows: count(r.rows), seq: r.headSeq }), ...endReach(r)]);
  };
}

/**
 * How far a verify's evidence of the journal's end reaches (SPEC §8): the chain alone cannot show rows
 * cut from its end, only a backup (or a station's witness) that holds them (an insider probe: a cut
 * tail passed a verify that said only "no problems").
 */
function useEndReach() {
  const { t } = useTranslation();
  return (r: JobSummary): string[] => {
    const w = r.backupWitness;
    if (!w) return [];
    if (w.state === 'matched') {
      const head = r.headSeq ?? 0;
      const seq = w.seq ?? 0;
      return [t('jobs.result.endWitnessed', { to: w.to, seq }), ...(seq < head ? [t('jobs.result.endAfterWitness', { from: seq + 1, head })] : [])];
    }
    if (w.state === 'unavailable') return [t('jobs.result.endBackupMissing', { to: w.to })];
    if (w.state === 'none') return [t('jobs.result.endNoBackup')];
    if (w.state === 'skipped') return [t('jobs.result.endSkipped')];
    return [];
  };
}

/**
 * Backup and verify on the admin screen (SPEC §8, Art. 13(7); issue 7): start a verify or a backup
 * to a folder typed in (browser mode has no folder picker), watch its progress, cancel it, and see
 * the last good runs and the recent results. The jobs run in the core's worker threads: the
 * ledgers stay usable meanwhile.
 */
export function BackupSection() {
  const { t } = useTranslation();
  const p = usePunct();
  // Opened from the dashboard's backup warning: this section, in view and with focus (a walk-through:
  // the link landed at the top of the settings, the section out of sight below).
  const heading = useRef<HTMLHeadingElement>(null);
  const asked = (useLocation().state as { section?: string } | null)?.section === 'backup';
  useEffect(() => {
    if (!asked) return;
    // After the page's own move of focus to its main area (the shell's effect runs after this one).
    const timer = window.setTimeout(() => {
      heading.current?.scrollIntoView({ block: 'start' });
      heading.current?.focus({ preventScroll: true });
    }, 0);
    return () => window.clearTimeout(timer);
  }, [asked]);
  const outcome = useOutcome();
  const { status, reload } = useBackupStatus();
  const [announce, setAnnounce] = useState('');
  const onEnded = useCallback(
    (job: JobInfo) => {
      reload();
      setAnnounce(p.sentences([t(`jobs.ended.${job.kind}`), outcome(job)]));
    },
    [reload, t, outcome, p],
  );
  const { jobs, refresh } = useJobs(onEnded);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(backupForm), defaultValues: { to: '' } });
  // The folder of the last good backup, offered again (a walk-through: an absolute path typed anew each time invites mistakes).
  const lastTo = status?.lastBackup?.to ?? null;
  useEffect(() => {
    if (lastTo && !form.getFieldState('to').isDirty && form.getValues('to') === '') form.setValue('to', lastTo);
  }, [lastTo, form]);
  const { register, handleSubmit, formState } = form;
  const warning = useBackupWarning(status);

  const running = (kind: JobInfo['kind']) => jobs?.some((j) => j.kind === kind && j.state === 'running') ?? false;
  const ended = jobs?.filter((j) => j.state !== 'running') ?? [];

  const startVerify = async () => {
    setError(null);
    const r = await api('jobs.start', { kind: 'verify' });
    if (!r.ok) setError(r.error);
    refresh();
  };
  const startBackup = handleSubmit(async ({ to }) => {
    setError(null);
    const r = await api('jobs.start', { kind: 'backup', to });
    if (!r.ok) setError(applyApiError(r.error, form.setError, ['to']));
    refresh();
  });
  const cancel = async (job: JobInfo) => {
    const r = await api('jobs.cancel', { id: job.id });
    if (!r.ok && r.error.messageKey !== 'jobs.errors.not_running') setError(r.error);
    refresh();
  };

  return (
    <section className="card" data-testid="backup-section" aria-labelledby="backup-section-title" id="backup">
      <h2 className="card-title" id="backup-section-title" ref={heading} tabIndex={-1}>
        <DatabaseBackup size={18} aria-hidden="true" />
        {t('jobs.title')}
      </h2>
      <p className="muted">{t('jobs.lead')}</p>
      <dl className="summary job-summary">
        <dt>{t('jobs.status.lastBackup')}</dt>
        <dd>{status ? <LastRun run={status.lastBackup} testId="last-backup" /> : '…'}</dd>
        <dt>{t('jobs.status.lastVerify')}</dt>
        <dd>{status ? <LastRun run={status.lastVerify} testId="last-verify" /> : '…'}</dd>
      </dl>
      {warning && (
        <Alert tone="warning" testId="backup-warning">
          {warning}
        </Alert>
      )}
      <ErrorAlert error={error} />
      <div className="job-start">
        <button type="button" className="btn btn-secondary" onClick={() => void startVerify()} disabled={!jobs || running('verify')}>
          <ShieldCheck size={16} aria-hidden="true" />
          {t('jobs.startVerify')}
        </button>
      </div>
      <form onSubmit={startBackup} noValidate className="job-backup-form">
        <Field label={t('jobs.to')} error={formState.errors.to?.message} hint={t('jobs.toHint')} required>
          {(p) => <input {...p} {...register('to')} className="input mono" autoComplete="off" spellCheck={false} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!jobs || running('backup') || formState.isSubmitting}>
            <DatabaseBackup size={16} aria-hidden="true" />
            {t('jobs.startBackup')}
          </button>
        </div>
      </form>
      {jobs?.some((j) => j.state === 'running') && (
        <div className="job-running">
          <h3 className="job-subtitle">{t('jobs.running')}</h3>
          {jobs.filter((j) => j.state === 'running').map((j) => (
            <JobProgress key={j.id} job={j} onCancel={(x) => void cancel(x)} canCancel />
          ))}
        </div>
      )}
      <div className="job-recent">
        <h3 className="job-subtitle">{t('jobs.recent')}</h3>
        {ended.length === 0 ? (
          <p className="empty">{t('jobs.noRecent')}</p>
        ) : (
          <ul className="plain-list job-results">
            {ended.map((j) => (
              <li key={j.id} className="job-result" data-testid={`job-result-${j.kind}`}>
                <span className="job-result-head">
                  <span className={`badge ${STATE_BADGE[j.state]}`}>{t(`jobs.states.${j.state}`)}</span>
                  <strong>{t(`jobs.kinds.${j.kind}`)}</strong>
                  <span className="muted small">
                    <DateText value={j.startedAt} time />
                    {j.startedByName ? `${p.sep}${t('jobs.startedBy', { name: j.startedByName })}` : ''}
                  </span>
                </span>
                <span className="job-result-text">{outcome(j)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {announce}
      </p>
    </section>
  );
}
