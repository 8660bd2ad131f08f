import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserMinus, UserPlus } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import type { Cabinet, CabinetAuthorization } from '../../../shared/ledgers/cabinets';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { Modal } from '../components/Modal';
import { PersonPicker, type PersonRef } from '../components/PersonPicker';
import { useDates } from '../hooks/useDates';
import { useApp } from '../state/app';
import { usePunct } from '../hooks/usePunct';

/** Who may open a cabinet (SPEC §4.2): dated from when they were added until they are removed, with a reason. */
export function AuthorizedDialog({ cabinet, onClose }: { cabinet: Cabinet; onClose: () => void }) {
  const { t } = useTranslation();
  const p = usePunct();
  const session = useApp((s) => s.session);
  const mayChange = canCall('cabinets.setAuthorized', session);
  const [list, setList] = useState<CabinetAuthorization[] | null>(null);
  const [person, setPerson] = useState<PersonRef | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const dates = useDates();
  const current = list?.filter((a) => a.until === null) ?? null;
  const ended = list?.filter((a) => a.until !== null) ?? null;

  useEffect(() => {
    void api('cabinets.authorized', { cabinetId: cabinet.id }).then((r) => (r.ok ? setList(r.value) : setError(r.error)));
  }, [cabinet.id]);

  const change = async (personId: string, authorized: boolean) => {
    setBusy(true);
    setError(null);
    const r = await api('cabinets.setAuthorized', { cabinetId: cabinet.id, personId, authorized, reason: reason.trim() || null });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setList(r.value);
    setPerson(null);
    setReason('');
  };

  return (
    <Modal title={`${t('cabinets.authorized.title')}${p.colon}${cabinet.code} ${cabinet.name}`} onClose={onClose} size="md" testId="authorized-dialog">
      <div className="form-stack">
        <p>{t('cabinets.authorized.lead')}</p>
        <ErrorAlert error={error} />
        {current && current.length === 0 && <p className="muted">{t('cabinets.authorized.none')}</p>}
        {current && current.length > 0 && (
          <ul className="plain-list" data-testid="authorized-list">
            {current.map((a) => (
              <li key={a.personId} className="plain-list-row">
                <span>
                  <strong>{a.name}</strong>
                  {p.open}
                  {a.employeeNo}
                  {p.close}
                </span>
                <span className="muted">
                  {t('cabinets.authorized.sinceBy', { date: dates.date(a.since), by: a.grantedBy ?? '—' })}
                  {a.reason ? `${p.colon}${a.reason}` : ''}
                </span>
                {mayChange && (
                  <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => void change(a.personId, false)} aria-label={`${t('cabinets.authorized.remove')}: ${a.name}`}>
                    <UserMinus size={16} aria-hidden="true" />
                    {t('cabinets.authorized.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {ended && ended.length > 0 && (
          <details className="authorized-past" data-testid="authorized-past">
            <summary>{t('cabinets.authorized.past', { count: ended.length })}</summary>
            <ul className="plain-list">
              {ended.map((a) => (
                <li key={`${a.personId}-${a.since}`} className="plain-list-row">
                  <span>
                    {p.note(a.name, a.employeeNo)}
                  </span>
                  <span className="muted">
                    <DateText value={a.since} />
                    {p.range}
                    <DateText value={a.until} />
                  </span>
                  <span className="muted">{t('cabinets.authorized.endedBy', { by: a.endedBy ?? '—' })}{a.endReason ? `${p.colon}${a.endReason}` : ''}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
        {mayChange && (
          <div className="form-grid">
            <div className="field">
              <span className="field-label" id="auth-person">
                {t('cabinets.authorized.person')}
              </span>
              <PersonPicker value={person} onChange={setPerson} control={{ 'aria-labelledby': 'auth-person' }} testId="authorized-person" />
            </div>
            <label className="field">
              <span className="field-label">{t('cabinets.authorized.reason')}</span>
              <textarea className="input" rows={2} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </label>
            <div className="span-2">
              <button type="button" className="btn btn-primary" disabled={!person || busy} onClick={() => person && void change(person.id, true)}>
                <UserPlus size={16} aria-hidden="true" />
                {t('cabinets.authorized.add')}
              </button>
            </div>
          </div>
        )}
      </div>
    </Modal>
  );
}
