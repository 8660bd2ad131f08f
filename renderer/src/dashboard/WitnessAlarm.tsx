import { useTranslation } from 'react-i18next';
import { api } from '../api/api';
import { Alert } from '../components/Alert';
import { useDates } from '../hooks/useDates';
import { usePolling } from '../hooks/usePolling';

/**
 * SPEC §11 on the dashboard: a station saw journal rows this data no longer holds (put back to an
 * older copy, or rewritten). The safety manager and the administrator are told which station, what it
 * saw and where the data ends now, and what to do.
 */
export function WitnessAlarm() {
  const { t } = useTranslation();
  const dates = useDates();
  // As often as the clock warning: a poll each minute would stand in for the idle lock's heartbeat, which refreshes the core's idle clock.
  const { value } = usePolling(() => api('lan.witnessAlarms', {}), 5 * 60_000);
  if (!value || value.length === 0) return null;
  return (
    <div className="dashboard-alert">
      <Alert tone="error" testId="witness-alarm">
        <p>{t('shell.dashboard.witness.lead')}</p>
        <ul>
          {value.map((a) => (
            <li key={a.seq}>
              {t(`shell.dashboard.witness.${a.kind}`, {
                reported: dates.dateTime(a.reportedAt), station: a.stationName ?? a.stationId, seen: a.seenSeq,
                seenAt: a.seenAt ? dates.dateTime(a.seenAt) : '—', journal: a.journalSeq,
              })}
            </li>
          ))}
        </ul>
        <p>{t('shell.dashboard.witness.todo')}</p>
      </Alert>
    </div>
  );
}
