import { useTranslation } from 'react-i18next';
import { Alert } from '../components/Alert';
import { useStationLabel } from '../components/StationName';
import { useDates } from '../hooks/useDates';
import { usePolling } from '../hooks/usePolling';

/**
 * SPEC §8 on the dashboard: the system clock was found behind the journal (a write more than 5
 * minutes earlier than the last). The records written then carry the wrong clock's times: the
 * safety manager and the administrator are told where and when, to check them.
 */
export function ClockWarning() {
  const { t } = useTranslation();
  const dates = useDates();
  const station = useStationLabel();
  const { value } = usePolling('clock.anomalies', {}, 5 * 60_000);
  if (!value || value.length === 0) return null;
  return (
    <div className="dashboard-alert">
      <Alert tone="warning" testId="clock-warning">
        <p>{t('shell.dashboard.clock.lead')}</p>
        <ul>
          {value.map((a) => (
            <li key={a.seq}>
              {t('shell.dashboard.clock.item', {
                at: dates.dateTime(a.clockAt), last: dates.dateTime(a.journalLastAt), behind: a.minutesBehind, station: station(a.station, a.stationName),
                actor: a.actorName ?? t('stations.kinds.system'),
              })}
            </li>
          ))}
        </ul>
        <p>{t('shell.dashboard.clock.todo')}</p>
      </Alert>
    </div>
  );
}
