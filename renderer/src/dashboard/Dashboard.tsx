import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CalendarDays, Clock, Users } from 'lucide-react';
import { formatDate } from '../../../shared/dates';
import type { Language } from '../../../shared/i18n';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { InsidePanel } from '../server-room/InsidePanel';
import { BackupTiles, BackupWarning } from '../jobs/BackupTiles';
import { useBackupStatus } from '../jobs/useJobs';
import { useApp } from '../state/app';

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const session = useApp((s) => s.session)!;
  const [activePeople, setActivePeople] = useState<number | null>(null);
  const mayListPeople = canCall('people.list', session);
  // Art. 13(7): the administrator and the safety manager see the last backup and verify, and a warning when a backup is due.
  const mayReadBackups = canCall('backup.status', session);
  const { status: backups } = useBackupStatus(mayReadBackups);
  const lang = (i18n.resolvedLanguage ?? 'ja') as Language;

  useEffect(() => {
    if (!mayListPeople) return;
    let live = true;
    void api('people.list', { page: 0, pageSize: 1, active: 'active' }).then((r) => {
      if (live && r.ok) setActivePeople(r.value.total);
    });
    return () => {
      live = false;
    };
  }, [mayListPeople]);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('shell.dashboard.title')}</h1>
        <p className="page-lead">{t('shell.dashboard.greeting', { name: session.displayName })}</p>
      </header>
      {mayReadBackups && <BackupWarning status={backups} settingsLink={canCall('jobs.start', session)} />}
      <div className="tiles">
        <section className="tile">
          <h2 className="tile-label">
            <CalendarDays size={16} aria-hidden="true" />
            {t('shell.dashboard.today')}
          </h2>
          <p className="tile-value" data-testid="today">
            {formatDate(new Date(), lang, { weekday: true })}
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
        {mayListPeople && (
          <section className="tile">
            <h2 className="tile-label">
              <Users size={16} aria-hidden="true" />
              {t('shell.dashboard.activePeople')}
            </h2>
            <p className="tile-value">{activePeople === null ? '…' : t('shell.dashboard.peopleCount', { count: activePeople })}</p>
            <Link to="/people" className="tile-link">
              {t('shell.dashboard.openPeople')} →
            </Link>
          </section>
        )}
        {mayReadBackups && <BackupTiles status={backups} />}
      </div>
      {canCall('serverRoom.inside', session) && <InsidePanel showBookLink />}
      <section className="card notes">
        <p>
          <Clock size={16} aria-hidden="true" /> {t('shell.dashboard.idleLock', { minutes: session.idleLockMinutes })}
        </p>
        <p className="muted">{t('shell.dashboard.ledgersSoon')}</p>
      </section>
    </div>
  );
}
