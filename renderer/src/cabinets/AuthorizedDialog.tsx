import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserMinus, UserPlus } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import type { Cabinet, CabinetAuthorization } from '../../../shared/ledgers/cabinets';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { PersonPicker, type PersonRef } from '../components/PersonPicker';
import { reasonRefusal } from '../forms/errors';
import { useDates } from '../hooks/useDates';
import { useApp } from '../state/app';
import { usePunct } from '../hooks/usePunct';
import { noPersonBehind } from '../ledgers/kit/own-record';

/** Who may open a cabinet (SPEC §4.2): dated from when they were added until they are removed, with a reason. */
export function AuthorizedDialog({ cabinet, onClose }: { cabinet: Cabinet; onClose: () => void }) {
  const { t } = useTranslation();
  const p = usePunct();
  const session = useApp((s) => s.session);
  // An account no person stands behind grants and ends nothing (errors.no_person_behind, SessionInfo.noPersonBehind): not offered, and said why.
  const personless = canCall('cabinets.setAuthorized', session) && noPersonBehind(session);
  const mayChange = canCall('cabinets.setAuthorized', session) && !personless;
  const [list, setList] = useState<CabinetAuthorization[] | null>(null);
  const [person, setPerson] = useState<PersonRef | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // A refused reason is said at its box, as the calendar's and every form's reason is.
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const personBox = useRef<HTMLInputElement>(null);
  // Where focus goes once the buttons are enabled again. The pressed button is disabled while it
  // works (追加する also once its person is cleared, 解除 with its row gone), and in a dialog no one
  // gives focus back: it fell to the page, and the next Tab started outside the form (a review).
  const [focusNext, setFocusNext] = useState<{ to: 'reason' | 'person' | HTMLElement; n: number } | null>(null);
  useEffect(() => {
    if (!focusNext) return;
    const { to } = focusNext;
    const el = to === 'reason' ? reasonBox.current : to === 'person' ? personBox.current : to.isConnected && !(to as HTMLButtonElement).disabled ? to : personBox.current;
    el?.focus();
  }, [focusNext]);
  const dates = useDates();
  const current = list?.filter((a) => a.until === null) ?? null;
  const ended = list?.filter((a) => a.until !== null) ?? null;

  useEffect(() => {
    void api('cabinets.authorized', { cabinetId: cabinet.id }).then((r) => (r.ok ? setList(r.value) : setError(r.error)));
  }, [cabinet.id]);

  const change = async (personId: string, authorized: boolean, pressed: HTMLElement) => {
    setBusy(true);
    setError(null);
    setReasonError(undefined);
    const r = await api('cabinets.setAuthorized', { cabinetId: cabinet.id, personId, authorized, reason: reason.trim() || null });
    setBusy(false);
    if (!r.ok) {
      const { reason: atReason, rest } = reasonRefusal(r.error);
      if (atReason) setReasonError(atReason);
      if (rest) setError(rest);
      // At the reason to correct it; else back on the button pressed, to try again once read.
      return setFocusNext((f) => ({ to: atReason ? 'reason' : pressed, n: (f?.n ?? 0) + 1 }));
    }
    setList(r.value);
    setPerson(null);
    setReason('');
    // Done: at the person field, for the next one to add.
    setFocusNext((f) => ({ to: 'person', n: (f?.n ?? 0) + 1 }));
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
                  <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={(e) => void change(a.personId, false, e.currentTarget)} aria-label={`${t('cabinets.authorized.remove')}: ${a.name}`}>
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
        {personless && (
          <p className="note-warning" data-testid="no-person-note">
            {t('cabinets.authorized.noPerson')}
          </p>
        )}
        {mayChange && (
          <div className="form-grid">
            <div className="field">
              <span className="field-label" id="auth-person">
                {t('cabinets.authorized.person')}
              </span>
              <PersonPicker value={person} onChange={setPerson} control={{ 'aria-labelledby': 'auth-person' }} testId="authorized-person" inputRef={personBox} />
            </div>
            <Field label={t('cabinets.authorized.reason')} error={reasonError}>
              {(c) => <textarea {...c} ref={reasonBox} className="input" rows={2} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
            </Field>
            <div className="span-2">
              <button type="button" className="btn btn-primary" disabled={!person || busy} onClick={(e) => person && void change(person.id, true, e.currentTarget)}>
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
