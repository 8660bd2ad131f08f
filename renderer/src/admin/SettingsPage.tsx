import { DEFAULT_REVIEW_DUE_DAY } from '../../../shared/api/review-contract';
import { SettingsHistoryLink } from './SettingsHistoryPage';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Save } from 'lucide-react';
import { contract } from '../../../shared/api/contract';
import type { SiteInfo } from '../../../shared/api/core-contract';
import type { ApiError } from '../../../shared/api/errors';
import { api, refreshSession } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { applyApiError, formResolver } from '../forms/errors';
import { useSites } from '../hooks/useSites';
import { useApp } from '../state/app';
import { canCall } from '../auth/access';
import { flash } from '../state/flash';
import { StationsSection } from './StationsSection';
import { RetentionSection } from './RetentionSection';
import { OutsideChangesSection } from './OutsideChangesSection';
import { BackupSection } from './BackupSection';
import { BACKUP_WARN_DAYS } from '../../../shared/domain/jobs';

const schema = contract['settings.update'].input.required();

function SitesTable({ sites }: { sites: SiteInfo[] }) {
  const { t } = useTranslation();
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th scope="col">{t('settings.siteKind')}</th>
          <th scope="col">{t('settings.siteCode')}</th>
          <th scope="col">{t('settings.siteName')}</th>
        </tr>
      </thead>
      <tbody>
        {sites.map((s) => (
          <tr key={s.id}>
            <td>
              <span className={`badge${s.kind === 'head' ? ' badge-primary' : ''}`}>{t(`settings.kinds.${s.kind}`)}</span>
            </td>
            <td className="mono">{s.code}</td>
            <td>{s.name}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  const sites = useSites();
  const [error, setError] = useState<ApiError | null>(null);
  const [loaded, setLoaded] = useState(false);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { companyName: '', idleLockMinutes: 5, backupWarnAfterDays: BACKUP_WARN_DAYS.default, reviewDueDay: DEFAULT_REVIEW_DUE_DAY, stampLabels: '担当、確認、責任者', reason: '' } });
  const { register, handleSubmit, formState, reset } = form;

  useEffect(() => {
    void api('settings.get', {}).then((r) => {
      if (r.ok) {
        // What the person typed before the saved values arrived is theirs: kept, not overwritten.
        reset({ ...r.value, reason: '' }, { keepDirtyValues: true });
        setLoaded(true);
      } else setError(r.error);
    });
  }, [reset]);

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('settings.update', v);
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['companyName', 'idleLockMinutes', 'backupWarnAfterDays', 'reviewDueDay', 'stampLabels', 'reason']));
    reset({ ...r.value, reason: '' });
    useApp.setState({ companyName: r.value.companyName });
    await refreshSession(); // the idle lock time is part of the session
    flash(t('settings.done'));
  });

  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1>{t('settings.title')}</h1>
        <p className="page-lead">{t('settings.lead')}</p>
        <SettingsHistoryLink />
      </header>
      <section className="card">
        <form onSubmit={onSubmit} noValidate className="form-stack" aria-busy={!loaded}>
          <ErrorAlert error={error} />
          <Field label={t('settings.companyName')} error={formState.errors.companyName?.message} required>
            {(p) => <input {...p} {...register('companyName')} className="input" />}
          </Field>
          <Field label={t('settings.idleLockMinutes')} error={formState.errors.idleLockMinutes?.message} hint={t('settings.idleLockHint')} required>
            {(p) => <input {...p} {...register('idleLockMinutes', { valueAsNumber: true })} type="number" min={1} max={10} step={1} className="input input-number" />}
          </Field>
          <Field label={t('settings.backupWarnAfterDays')} error={formState.errors.backupWarnAfterDays?.message} hint={t('settings.backupWarnHint')} required>
            {(p) => (
              <input
                {...p}
                {...register('backupWarnAfterDays', { valueAsNumber: true })}
                type="number"
                min={BACKUP_WARN_DAYS.min}
                max={BACKUP_WARN_DAYS.max}
                step={1}
                className="input input-number"
              />
            )}
          </Field>
          <Field label={t('settings.reviewDueDay')} error={formState.errors.reviewDueDay?.message} hint={t('settings.reviewDueHint')} required>
            {(p) => <input {...p} {...register('reviewDueDay', { valueAsNumber: true })} type="number" min={1} max={28} step={1} className="input input-number" />}
          </Field>
          <Field label={t('settings.stampLabels')} error={formState.errors.stampLabels?.message} hint={t('settings.stampLabelsHint')} required>
            {(p) => <input {...p} {...register('stampLabels')} className="input" />}
          </Field>
          <Field label={t('settings.reason')} error={formState.errors.reason?.message} hint={t('settings.reasonHint')}>
            {(p) => <textarea {...p} {...register('reason')} className="input" rows={2} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting || !loaded}>
              <Save size={16} aria-hidden="true" />
              {t('settings.submit')}
            </button>
          </div>
        </form>
      </section>
      <BackupSection />
      <section className="card">
        <h2 className="card-title">{t('settings.sites')}</h2>
        <SitesTable sites={sites} />
      </section>
      <StationsSection />
      <RetentionSection />
      {canCall('outside.find', session) && <OutsideChangesSection />}
    </div>
  );
}
