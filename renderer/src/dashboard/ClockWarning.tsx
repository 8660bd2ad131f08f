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
  // Days and hours for a clock set back by months, not "142,467 minutes".
  const behind = (minutes: number) => {
    if (minutes < 60) return t('shell.dashboard.clock.minutes', { minutes });
    const [days, hours, rest] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
    // No zero remainder: 2時間, 3日 (not 2時間0分, 3日0時間).
    if (days === 0) return rest === 0 ? t('shell.dashboard.clock.hoursOnly', { hours }) : t('shell.dashboard.clock.hours', { hours, minutes: rest });
    return hours === 0 ? t('shell.dashboard.clock.daysOnly', { days }) : t('shell.dashboard.clock.days', { days, hours });
  };
  if (!value || value.length === 0) return null;
  return (
    <div className="dashboard-alert">
      <Alert tone="warning" testId="clock-warning">
        <p>{t('shell.dashboard.clock.lead')}</p>
        <ul>
          {value.map((a) => (
            <li key={a.seq}>
              {t('shell.dashboard.clock.item', {
                at: dates.dateTime(a.clockAt), last: dates.dateTime(a.journalLastAt), behind: behind(a.minutesBehind), station: station(a.station, a.stationName),
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
