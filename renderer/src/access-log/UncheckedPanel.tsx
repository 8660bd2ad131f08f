import { useTranslation } from 'react-i18next';
import { DashPanel } from '../components/DashPanel';
import { Plus, ScrollText } from 'lucide-react';
import { usePunct } from '../hooks/usePunct';
import { formatMonth } from '../../../shared/dates';
import { canCall } from '../auth/access';
import { useDates } from '../hooks/useDates';
import { usePolling } from '../hooks/usePolling';
import { useApp } from '../state/app';
import { homeSite } from '../dashboard/home-site';

/**
 * SPEC §4.6 on the dashboard and above the check record's list: the systems whose access logs of last
 * month are not checked yet, and by when (a walk-through: the list of a month with every system still
 * to check said only 「該当する記録はありません」). On the list it is read again after each save.
 */
export function UncheckedPanel({ reloadKey, add }: { reloadKey?: number; add?: (prefill: Record<string, unknown>) => void } = {}) {
  const { t } = useTranslation();
  const dates = useDates();
  const p = usePunct();
  const session = useApp((s) => s.session);
  const onList = reloadKey !== undefined;
  const { value } = usePolling('accessLog.unchecked', homeSite(session), 5 * 60_000, canCall('accessLog.unchecked', session), [reloadKey]);
  if (!value) return null;
  const unchecked = value.systems;
  const month = formatMonth(value.month, dates.lang);
  return (
    <DashPanel
      title={t('accessLog.unchecked.title', { month })}
      icon={ScrollText}
      testId="unchecked-systems"
      badges={<span className={`badge ${unchecked.some((u) => u.overdue) ? 'badge-danger' : 'badge-primary'}`}>{unchecked.length}</span>}
      link={onList ? undefined : { to: '/access-log', label: t('accessLog.unchecked.link') }}
      empty={unchecked.length === 0 ? t('accessLog.unchecked.none', { month }) : null}
    >
      <ul className="plain-list">
        {unchecked.map((u) => (
          <li key={u.systemId} className="plain-list-row" data-testid="unchecked-system">
            <strong>{u.code}</strong>
            <span>{u.name}</span>
            <span className="muted">{u.siteName}</span>
            <span className="muted">{t('accessLog.unchecked.due', { date: dates.date(`${u.due}T00:00:00+09:00`) })}</span>
            {u.overdue && <span className="badge badge-danger">{t('accessLog.unchecked.overdue')}</span>}
            {/* On the list: each system's check opens with its system and month given (a walk-through: six dialogs, each starting from a dropdown). */}
            {add && (
              <button type="button" className="btn btn-sm btn-secondary" onClick={() => add({ systemId: u.systemId, month: u.month })} aria-label={p.note(t('accessLog.unchecked.record'), `${u.code} ${u.name}`)}>
                <Plus size={14} aria-hidden="true" />
                {t('accessLog.unchecked.record')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </DashPanel>
  );
}
