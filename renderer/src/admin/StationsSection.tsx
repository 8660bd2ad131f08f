import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Save } from 'lucide-react';
import type { StationInfo } from '../../../shared/api/core-contract';
import type { ApiError } from '../../../shared/api/errors';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { FieldMessage } from '../components/FieldMessage';
import { reasonRefusal } from '../forms/errors';
import { useStationLabel } from '../components/StationName';
import { flash } from '../state/flash';
import { usePunct } from '../hooks/usePunct';
import { ScrollRegion } from '../components/ScrollRegion';

/** One station's name, saved on its own (issue 6: people see this name, not the station's id). */
function StationRow({ station, onSaved }: { station: StationInfo; onSaved: (s: StationInfo) => void }) {
  const { t } = useTranslation();
  const p = usePunct();
  const label = useStationLabel();
  const [name, setName] = useState(station.name ?? '');
  // Why it is renamed (a PC replaced, moved): kept with the rename in the settings' history.
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // A refused reason is said at its box and the box focused once 保存 is back, as the calendar's
  // (the refusal was said under the row, with focus on 保存: the reason to correct was a Tab back).
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const [focusReason, setFocusReason] = useState(0);
  useEffect(() => {
    if (focusReason) reasonBox.current?.focus();
  }, [focusReason]);
  const changed = name.trim() !== (station.name ?? '');
  const inputId = `station-${station.id}`;

  const save = async () => {
    setBusy(true);
    setError(null);
    setReasonError(undefined);
    const r = await api('stations.rename', { id: station.id, name: name.trim() || null, reason: reason.trim() || null });
    setBusy(false);
    if (!r.ok) {
      const { reason: atReason, rest } = reasonRefusal(r.error);
      if (atReason) {
        setReasonError(atReason);
        setFocusReason((n) => n + 1);
      }
      if (rest) setError(rest);
      return;
    }
    setReason('');
    onSaved(r.value);
    flash(t('stations.saved'));
  };

  return (
    <tr data-testid="station-row">
      <td className="mono small">{station.id}</td>
      <td>{label(station.id, station.name)}</td>
      <td>
        <form
          className="station-name-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="visually-hidden" htmlFor={inputId}>
            {p.note(t('stations.name'), station.id)}
          </label>
          <input id={inputId} className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={40} placeholder={label(station.id, null)} />
          <button type="submit" className="btn btn-sm btn-secondary" disabled={busy || !changed} aria-label={p.note(t('stations.save'), label(station.id, station.name))}>
            <Save size={14} aria-hidden="true" />
            {t('stations.save')}
          </button>
          {changed && (
            <label className="station-reason">
              <span className="small">{t('stations.reason')}</span>
              <textarea
                ref={reasonBox}
                className="input"
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={500}
                aria-label={p.note(t('stations.reason'), station.id)}
                aria-invalid={!!reasonError}
                aria-describedby={reasonError ? `${inputId}-reason-error` : undefined}
              />
            </label>
          )}
          {changed && <FieldMessage id={`${inputId}-reason-error`} message={reasonError} />}
        </form>
        <ErrorAlert error={error} />
      </td>
      <td className="nowrap">
        <DateText value={station.firstSeenAt} />
      </td>
    </tr>
  );
}

export function StationsSection() {
  const { t } = useTranslation();
  const [stations, setStations] = useState<StationInfo[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    void api('stations.list', {}).then((r) => (r.ok ? setStations(r.value) : setError(r.error)));
  }, []);
  return (
    <section className="card" data-testid="stations">
      <h2 className="card-title">{t('stations.title')}</h2>
      <p className="muted">{t('stations.lead')}</p>
      <ErrorAlert error={error} />
      {stations && stations.length === 0 && <p className="empty">{t('stations.empty')}</p>}
      {stations && stations.length > 0 && (
        <ScrollRegion label={t('stations.title')}>
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('stations.id')}</th>
                <th scope="col">{t('stations.shownAs')}</th>
                <th scope="col">{t('stations.name')}</th>
                <th scope="col">{t('stations.firstSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {stations.map((s) => (
                <StationRow key={s.id} station={s} onSaved={(next) => setStations((all) => all?.map((x) => (x.id === next.id ? next : x)) ?? null)} />
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
