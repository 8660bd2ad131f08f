import { useCallback, useEffect, useState } from 'react';
import { useForm, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Ban, KeyRound, Save } from 'lucide-react';
import { lanContract, type LanStationInfo, type LanStatus, type PairingCode } from '../../../shared/api/lan-contract';
import type { ApiError } from '../../../shared/api/errors';
import { STATION_PROFILES } from '../../../shared/lan';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { Field } from '../components/Field';
import { ReasonDialog } from '../components/ReasonDialog';
import { SiteOptions } from '../components/SiteOptions';
import { StationList } from './StationList';
import { SettingsHistoryLink } from '../admin/SettingsHistoryPage';
import { applyApiError, formResolver, secondPersonRefusal } from '../forms/errors';
import { ApprovalFields, type RoleFormValues } from '../admin/RoleFields';
import { useSites } from '../hooks/useSites';
import { flash } from '../state/flash';
import { usePunct } from '../hooks/usePunct';

/** The certificate fingerprint as people compare it: groups of four. */
const grouped = (hex: string) => hex.match(/.{1,4}/g)!.join(' ');

/** The listener: on or off, on which address and port of this PC (journaled as a setting). */
function ListenerForm({ status, onSaved }: { status: LanStatus; onSaved: (s: LanStatus) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(lanContract['lan.configure'].input), defaultValues: { enabled: status.enabled, address: status.address, port: status.port } });
  const { register, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('lan.configure', v);
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['enabled', 'address', 'port']));
    onSaved(r.value);
    flash(t('lan.saved'));
  });
  return (
    <form onSubmit={onSubmit} noValidate className="form-stack" data-testid="lan-listener">
      <ErrorAlert error={error} />
      <label className="checkbox">
        <input type="checkbox" {...register('enabled')} />
        {t('lan.enabled')}
      </label>
      <div className="form-row">
        <Field label={t('lan.address')} error={formState.errors.address?.message} hint={t('lan.addressHint')}>
          {(p) => <input {...p} {...register('address')} className="input mono" inputMode="decimal" autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label={t('lan.port')} error={formState.errors.port?.message}>
          {(p) => <input {...p} {...register('port', { valueAsNumber: true })} className="input mono" type="number" min={1024} max={65535} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
          <Save size={16} aria-hidden="true" />
          {t('lan.save')}
        </button>
      </div>
    </form>
  );
}

/** A one-time pairing code for a new station (10 minutes, once). */
function PairForm({ onIssued }: { onIssued: (c: PairingCode) => void }) {
  const { t } = useTranslation();
  const sites = useSites();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({
    resolver: formResolver(lanContract['stations.pair'].input),
    defaultValues: { name: '', profile: 'desk' as const, siteId: undefined as string | undefined, approval: undefined as { approverLoginId: string; approverPassword: string } | undefined },
  });
  const { register, handleSubmit, formState, watch } = form;
  const profile = watch('profile');
  // A door terminal's pairing is approved by a safety manager in the same form; for another station nothing is sent (a mistyped password would count against her).
  useEffect(() => {
    if (profile !== 'terminal' && form.getValues('approval') !== undefined) form.unregister('approval');
  }, [profile, form]);
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const terminal = v.profile === 'terminal';
    const r = await api('stations.pair', { name: v.name, profile: v.profile, siteId: terminal ? v.siteId : undefined, ...(terminal && v.approval ? { approval: { ...v.approval, approverLoginId: v.approval.approverLoginId.trim() } } : {}) });
    // The approval was for this one pairing: gone from the form once used, or refused (a review: left
    // filled in, it paired door after door, and its password could be shown with the eye button).
    if (terminal) form.resetField('approval.approverPassword', { defaultValue: '' });
    if (r.ok) {
      form.resetField('approval', { defaultValue: { approverLoginId: '', approverPassword: '' } });
      return onIssued(r.value);
    }
    setError(applyApiError(secondPersonRefusal(r.error, () => form.setValue('approval.approverPassword', '')), form.setError, ['name', 'profile', 'siteId', 'approval']));
  });
  return (
    <form onSubmit={onSubmit} noValidate className="form-stack" data-testid="lan-pair">
      <ErrorAlert error={error} />
      <div className="form-row">
        <Field label={t('lan.pair.name')} error={formState.errors.name?.message} required>
          {(p) => <input {...p} {...register('name')} className="input" maxLength={40} autoComplete="off" />}
        </Field>
        <Field label={t('lan.pair.profile')} choice>
          {(p) => (
            <select {...p} {...register('profile')} className="input">
              {STATION_PROFILES.map((x) => (
                <option key={x} value={x}>
                  {t(`lan.profiles.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {profile === 'terminal' && (
          <Field label={t('lan.pair.site')} error={formState.errors.siteId?.message} required choice>
            {(p) => (
              <select {...p} {...register('siteId', { setValueAs: (v: string) => v || undefined })} className="input">
                <option value="">{t('lan.chooseSite')}</option>
                <SiteOptions sites={sites} />
              </select>
            )}
          </Field>
        )}
      </div>
      {profile === 'terminal' && (
        <ApprovalFields register={register as unknown as UseFormRegister<RoleFormValues>} errors={formState.errors as FieldErrors<RoleFormValues>} lead={t('lan.pair.approvalLead')} />
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={formState.isSubmitting}>
          <KeyRound size={16} aria-hidden="true" />
          {t('lan.pair.issue')}
        </button>
      </div>
    </form>
  );
}

/**
 * SPEC §11 (issue 13): the office network, for the system administrator — the listener, a pairing
 * code for each new station, and every enrolled station with its state, last contact, and revoke.
 */
export function LanPage() {
  const { t } = useTranslation();
  const p = usePunct();
  const [status, setStatus] = useState<LanStatus | null>(null);
  const [stations, setStations] = useState<LanStationInfo[] | null>(null);
  const [code, setCode] = useState<PairingCode | null>(null);
  const [revoking, setRevoking] = useState<LanStationInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(() => {
    void api('lan.status', {}).then((r) => (r.ok ? setStatus(r.value) : setError(r.error)));
    void api('stations.enrolled', {}).then((r) => (r.ok ? setStations(r.value) : setError(r.error)));
  }, []);
  useEffect(() => {
    load();
    // Who is connected changes by itself: looked at again every 10 s (passive calls).
    const timer = window.setInterval(load, 10_000);
    return () => window.clearInterval(timer);
  }, [load]);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('lan.title')}</h1>
      </header>
      <p className="page-lead">{t('lan.lead')}</p>
      {/* The listener's changes and each station's enrollment and revocation, with the reason, are kept there. */}
      <SettingsHistoryLink />
      <ErrorAlert error={error} />
      {status && (
        <section className="card">
          <h2 className="card-title">
            {t('lan.title')}{' '}
            <span className={`badge ${status.listening ? 'badge-success' : 'badge-muted'}`} data-testid="lan-state">
              {t(status.listening ? 'lan.listening' : 'lan.stopped')}
            </span>
          </h2>
          {status.problem && <p className="alert alert-warning">{t(status.problem as 'lan.problems.in_use')}</p>}
          <ListenerForm status={status} onSaved={setStatus} />
          {status.fingerprint && (
            <p className="small">
              {t('lan.fingerprint')}{p.colon}<span className="mono" data-testid="lan-fingerprint">{grouped(status.fingerprint)}</span>
            </p>
          )}
        </section>
      )}
      <section className="card">
        <h2 className="card-title">{t('lan.pair.title')}</h2>
        <PairForm
          onIssued={(c) => {
            setCode(c);
            load();
          }}
        />
        {code && (
          <div className="pairing-code" data-testid="pairing-code" role="status">
            <p className="small muted">{p.note(t('lan.pair.code'), p.list([code.name, t(`lan.profiles.${code.profile}`)]))}</p>
            <p className="pairing-code-value mono">{code.code}</p>
            <p className="small">
              <DateText value={code.expiresAt} time /> {t('lan.pair.expires', { time: '' })}
            </p>
            <p className="small">
              {t('lan.fingerprint')}{p.colon}<span className="mono">{grouped(code.fingerprint)}</span>
            </p>
            <p className="small muted">{t('lan.pair.instructions')}</p>
          </div>
        )}
      </section>
      <section className="card" data-testid="lan-stations">
        <h2 className="card-title">{t('lan.stations.title')}</h2>
        {stations && status && <StationList stations={stations} startedAt={status.startedAt} onRevoke={setRevoking} />}
      </section>
      {revoking && (
        <ReasonDialog
          title={p.note(t('lan.stations.revoke'), revoking.name)}
          lead={t('lan.stations.revokeLead')}
          reasonLabel={t('lan.stations.revokeReason')}
          submitLabel={t('lan.stations.revoke')}
          icon={Ban}
          testId="lan-revoke"
          submit={(reason) => api('stations.revoke', { id: revoking.id, reason })}
          onDone={() => {
            setRevoking(null);
            load();
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </div>
  );
}
