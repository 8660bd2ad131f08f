import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ScrollText } from 'lucide-react';
import { formatMonth } from '../../../shared/dates';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { useDates } from '../hooks/useDates';
import { usePolling } from '../hooks/usePolling';
import { useApp } from '../state/app';

/** SPEC §4.6 on the dashboard: the systems whose access logs of last month are not checked yet, and by when. */
export function UncheckedPanel() {
  const { t } = useTranslation();
  const dates = useDates();
  const session = useApp((s) => s.session);
  const { value } = usePolling(() => api('accessLog.unchecked', {}), 5 * 60_000, canCall('accessLog.unchecked', session));
  if (!value) return null;
  const unchecked = value.systems;
  const month = formatMonth(value.month, dates.lang);
  return (
    <section className="card dash-panel" aria-labelledby="unchecked-title" data-testid="unchecked-systems">
      <header className="dash-panel-header">
        <h2 id="unchecked-title">
          <ScrollText size={18} aria-hidden="true" />
          {t('accessLog.unchecked.title', { month })}
          <span className={`badge ${unchecked.some((u) => u.overdue) ? 'badge-danger' : 'badge-primary'}`}>{unchecked.length}</span>
        </h2>
        <Link to="/access-log">{t('accessLog.unchecked.link')} →</Link>
      </header>
      {unchecked.length === 0 ? (
        <p className="muted">{t('accessLog.unchecked.none', { month })}</p>
      ) : (
        <ul className="plain-list">
          {unchecked.map((u) => (
            <li key={u.systemId} className="plain-list-row" data-testid="unchecked-system">
              <strong>{u.code}</strong>
              <span>{u.name}</span>
              <span className="muted">{u.siteName}</span>
              <span className="muted">{t('accessLog.unchecked.due', { date: dates.date(`${u.due}T00:00:00+09:00`) })}</span>
              {u.overdue && <span className="badge badge-danger">{t('accessLog.unchecked.overdue')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
