import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DashPanel } from '../components/DashPanel';
import { AlarmClock, CalendarClock, Laptop } from 'lucide-react';
import type { CheckoutAnomalyCode, CheckoutsNow as Now } from '../../../shared/ledgers/assets';
import { canCall } from '../auth/access';
import { DateText } from '../components/DateText';
import { usePolling } from '../hooks/usePolling';
import { useApp } from '../state/app';
import { homeSite } from '../dashboard/home-site';

const REFRESH_MS = 60_000;

function useCheckoutsNow(reloadKey = 0): Now | null {
  const session = useApp((s) => s.session);
  return usePolling('checkouts.now', homeSite(session), REFRESH_MS, canCall('checkouts.now', session), [reloadKey]).value;
}

/**
 * Above the checkout list, which opens on this month: what is out now from any month, one click
 * away (a laptop taken out last month and overdue is not in this month's list).
 */
/** The checkout list of what is out now, from every month: not returned, not reported lost. */
const OUT_NOW_LIST = '/checkouts?returned=unset&lost=unset&month=all';

export function OutNowLink({ reloadKey }: { reloadKey: number }) {
  const { t } = useTranslation();
  const now = useCheckoutsNow(reloadKey);
  const [params] = useSearchParams();
  // Not on the list it opens (a list of the overdue only still offers every one out now).
  if (!now || now.out.length === 0 || (params.get('returned') === 'unset' && params.get('lost') === 'unset' && params.get('month') === 'all' && !params.get('due'))) return null;
  return (
    <p className="list-hint" data-testid="checkouts-out-now">
      <Link to={OUT_NOW_LIST}>{now.overdue > 0 ? t('assets.checkouts.now.showAll', { count: now.out.length, overdue: now.overdue }) : t('assets.checkouts.now.showAllNoneOverdue', { count: now.out.length })} →</Link>
    </p>
  );
}

/** SPEC §4.3 on the dashboard: how many assets are out now, due today, overdue (a staff member: their own). */
export function CheckoutTiles() {
  const { t } = useTranslation();
  const now = useCheckoutsNow();
  if (!now) return null;
  const tile = (label: string, count: number, Icon: typeof Laptop, testId: string, to: string, link: string, tone?: 'danger') => (
    <section className={`tile${tone && count > 0 ? ' tile-danger' : ''}`} data-testid={testId}>
      <h2 className="tile-label" id={`${testId}-label`}>
        <Icon size={16} aria-hidden="true" />
        {label}
      </h2>
      <p className="tile-value">{t('assets.checkouts.now.count', { count })}</p>
      {/* Three links to three lists, each named by its own list (they were three 「持ち出し記録へ」). */}
      <Link to={to} className="tile-link">
        {link} →
      </Link>
    </section>
  );
  return (
    <>
      {tile(t('assets.checkouts.now.out'), now.out.length, Laptop, 'tile-out', OUT_NOW_LIST, t('assets.checkouts.now.outList'))}
      {tile(t('assets.checkouts.now.dueToday'), now.dueToday, CalendarClock, 'tile-due-today', `${OUT_NOW_LIST}&due=today`, t('assets.checkouts.now.dueTodayList'))}
      {tile(t('assets.checkouts.now.overdue'), now.overdue, AlarmClock, 'tile-overdue', `${OUT_NOW_LIST}&due=overdue`, t('assets.checkouts.now.overdueList'), 'danger')}
    </>
  );
}

/** The assets out now, soonest due first, with their anomalies. */
export function CheckoutsPanel() {
  const { t } = useTranslation();
  const now = useCheckoutsNow();
  if (!now || now.out.length === 0) return null;
  return (
    <DashPanel
      title={t('assets.checkouts.now.title')}
      icon={Laptop}
      testId="checkouts-now"
      badges={<span className="badge badge-primary">{now.out.length}</span>}
      link={{ to: OUT_NOW_LIST, label: t('assets.checkouts.now.outList') }}
    >
      <ul className="plain-list">
        {now.out.map((c) => (
          <li key={c.id} className="plain-list-row" data-testid="checkout-out">
            <strong>{c.names.assetId}</strong>
            <span>{c.names.borrowerId}</span>
            <span className="muted">{c.destination}</span>
            {/* The date said as what it is (a walk-through: a bare date read as when it went out). */}
            <span>
              <span className="muted">{t('assets.checkouts.now.due')} </span>
              <DateText value={c.dueAt} short />
            </span>
            {c.anomalies.map((a) => (
              <span key={a.code} className="badge badge-danger">
                {t(`assets.checkouts.anomaly.${a.code as CheckoutAnomalyCode}`)}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </DashPanel>
  );
}
