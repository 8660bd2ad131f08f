import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DatabaseBackup, ShieldCheck } from 'lucide-react';
import type { BackupStatus } from '../../../shared/domain/jobs';
import { Alert } from '../components/Alert';
import { LastRun, useBackupWarning } from './LastRun';

/** Art. 13(7) on the dashboard: a backup is due (none yet, or the last one older than the setting). */
export function BackupWarning({ status, settingsLink }: { status: BackupStatus | null; settingsLink: boolean }) {
  const { t } = useTranslation();
  const warning = useBackupWarning(status);
  if (!warning) return null;
  return (
    <div className="dashboard-alert">
      <Alert tone="warning" testId="backup-warning">
        <p>{warning}</p>
        {settingsLink && (
          <p>
            <Link to="/admin/settings">{t('jobs.status.open')} →</Link>
          </p>
        )}
      </Alert>
    </div>
  );
}

/** The last good backup and verify, as two dashboard tiles. */
export function BackupTiles({ status }: { status: BackupStatus | null }) {
  const { t } = useTranslation();
  return (
    <>
      <section className="tile">
        <h2 className="tile-label">
          <DatabaseBackup size={16} aria-hidden="true" />
          {t('jobs.status.lastBackup')}
        </h2>
        <div className="tile-text">{status ? <LastRun run={status.lastBackup} testId="last-backup" /> : '…'}</div>
      </section>
      <section className="tile">
        <h2 className="tile-label">
          <ShieldCheck size={16} aria-hidden="true" />
          {t('jobs.status.lastVerify')}
        </h2>
        <div className="tile-text">{status ? <LastRun run={status.lastVerify} testId="last-verify" /> : '…'}</div>
      </section>
    </>
  );
}
