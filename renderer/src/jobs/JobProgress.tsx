import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CircleStop } from 'lucide-react';
import type { JobInfo } from '../../../shared/domain/jobs';

/** A running job: its name, what it is doing, a progress bar (named by the job's visible name) and its cancel button. */
export function JobProgress({ job, onCancel, canCancel }: { job: JobInfo; onCancel: (job: JobInfo) => void; canCancel: boolean }) {
  const { t } = useTranslation();
  const nameId = useId();
  const percent = Math.floor(job.progress.fraction * 100);
  const doing = job.cancelling ? t('jobs.cancelling') : t(job.progress.phase);
  return (
    <div className="job-progress" data-testid={`job-${job.kind}`}>
      <div className="job-progress-head">
        <span className="job-progress-name" id={nameId}>
          {t(`jobs.kinds.${job.kind}`)}
        </span>
        <span className="job-progress-phase">{doing}</span>
        <span className="job-progress-percent">{t('jobs.percent', { percent })}</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby={nameId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${t('jobs.percent', { percent })} ${doing}`}
      >
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      {job.to && <p className="mono small muted">{job.to}</p>}
      {canCancel && (
        <div className="job-progress-actions">
          <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => onCancel(job)} disabled={job.cancelling}>
            <CircleStop size={14} aria-hidden="true" />
            {t(`jobs.cancel.${job.kind}`)}
          </button>
        </div>
      )}
    </div>
  );
}
