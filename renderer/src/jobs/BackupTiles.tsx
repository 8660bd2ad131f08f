import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DatabaseBackup, ShieldCheck, type LucideIcon } from 'lucide-react';
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
            <Link to="/admin/settings" state={{ section: 'backup' }}>
              {t('jobs.status.open')} →
            </Link>
          </p>
        )}
      </Alert>
    </div>
  );
}

/** One dashboard tile: the last good run of a job. */
function LastRunTile({ icon: Icon, label, run, testId, loaded }: { icon: LucideIcon; label: string; run: BackupStatus['lastBackup']; testId: string; loaded: boolean }) {
  return (
    <section className="tile">
      <h2 className="tile-label">
        <Icon size={16} aria-hidden="true" />
        {label}
      </h2>
      <div className="tile-text">{loaded ? <LastRun run={run} testId={testId} /> : '…'}</div>
    </section>
  );
}

/** The last good backup and verify, as two dashboard tiles. */
export function BackupTiles({ status }: { status: BackupStatus | null }) {
  const { t } = useTranslation();
  return (
    <>
      <LastRunTile icon={DatabaseBackup} label={t('jobs.status.lastBackup')} run={status?.lastBackup ?? null} testId="last-backup" loaded={status !== null} />
      <LastRunTile icon={ShieldCheck} label={t('jobs.status.lastVerify')} run={status?.lastVerify ?? null} testId="last-verify" loaded={status !== null} />
    </>
  );
}
