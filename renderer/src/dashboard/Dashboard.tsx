import { useTranslation } from 'react-i18next';
import { CalendarDays, Clock } from 'lucide-react';
import { formatDate } from '../../../shared/dates';
import type { Language } from '../../../shared/i18n';
import { canCall } from '../auth/access';
import { ledgerScreens } from '../ledgers/registry';
import { BackupTiles, BackupWarning } from '../jobs/BackupTiles';
import { useBackupStatus } from '../jobs/useJobs';
import { useApp } from '../state/app';
import { ReviewDuePanel } from '../review/ReviewDuePanel';
import { ClockWarning } from './ClockWarning';
import { WitnessAlarm } from './WitnessAlarm';

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const session = useApp((s) => s.session)!;
  // Art. 13(7): the administrator and the safety manager see the last backup and verify, and a warning when a backup is due.
  const mayReadBackups = canCall('backup.status', session);
  const { status: backups } = useBackupStatus(mayReadBackups);
  const lang = (i18n.resolvedLanguage ?? 'ja') as Language;

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('shell.dashboard.title')}</h1>
        <p className="page-lead">{t('shell.dashboard.greeting', { name: session.displayName })}</p>
      </header>
      {mayReadBackups && <BackupWarning status={backups} settingsLink={canCall('jobs.start', session)} />}
      {canCall('lan.witnessAlarms', session) && <WitnessAlarm />}
      {canCall('clock.anomalies', session) && <ClockWarning />}
      <div className="tiles">
        <section className="tile">
          <h2 className="tile-label">
            <CalendarDays size={16} aria-hidden="true" />
            {t('shell.dashboard.today')}
          </h2>
          <p className="tile-value" data-testid="today">
            {formatDate(new Date(), lang, { weekday: true, timeZone: 'Asia/Tokyo' })}
          </p>
        </section>
        <section className="tile">
          <h2 className="tile-label">{t('shell.dashboard.yourRoles')}</h2>
          <p className="tile-roles">
            {session.roles.map((r) => (
              <span key={r} className="badge badge-primary" title={t(`common.roleHints.${r}`)}>
                {t(`common.roles.${r}`)}
              </span>
            ))}
          </p>
        </section>
        {ledgerScreens().map(({ key, DashboardTile }) => DashboardTile && <DashboardTile key={key} />)}
        {mayReadBackups && <BackupTiles status={backups} />}
      </div>
      {session.reviewer && <ReviewDuePanel />}
      {ledgerScreens().map(({ key, DashboardPanel }) => DashboardPanel && <DashboardPanel key={key} />)}
      <section className="card notes">
        <p>
          <Clock size={16} aria-hidden="true" /> {t('shell.dashboard.idleLock', { count: session.idleLockMinutes })}
        </p>
      </section>
    </div>
  );
}
