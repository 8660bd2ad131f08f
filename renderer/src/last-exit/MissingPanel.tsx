import { useTranslation } from 'react-i18next';
import { DashPanel } from '../components/DashPanel';
import { ClipboardCheck } from 'lucide-react';
import { canCall } from '../auth/access';
import { useDates } from '../hooks/useDates';
import { usePolling } from '../hooks/usePolling';
import { useApp } from '../state/app';
import { homeSite } from '../dashboard/home-site';

/** SPEC §4.4 on the dashboard: this month's business days without a last-exit checklist, per site. */
export function MissingPanel() {
  const { t } = useTranslation();
  const dates = useDates();
  const session = useApp((s) => s.session);
  const { value: missing } = usePolling('lastExit.missing', homeSite(session), 5 * 60_000, canCall('lastExit.missing', session));
  if (!missing) return null;
  return (
    <DashPanel
      title={t('lastExit.missing.title')}
      icon={ClipboardCheck}
      testId="missing-checklists"
      badges={<span className={`badge ${missing.length > 0 ? 'badge-danger' : 'badge-primary'}`}>{missing.length}</span>}
      link={{ to: '/last-exit', label: t('lastExit.missing.link') }}
      empty={missing.length === 0 ? t('lastExit.missing.none') : null}
    >
      <ul className="plain-list">
        {missing.map((m) => (
          <li key={`${m.siteId}-${m.day}`} className="plain-list-row" data-testid="missing-checklist">
            <strong>{m.siteName}</strong>
            <span>{dates.date(`${m.day}T12:00:00+09:00`, true)}</span>
          </li>
        ))}
      </ul>
    </DashPanel>
  );
}
