import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DashPanel } from '../components/DashPanel';
import { Stamp } from 'lucide-react';
import { usePolling } from '../hooks/usePolling';
import { useApp } from '../state/app';
import { reviewPath, UnitState } from './ReviewListPage';
import { useReviewText } from './review-text';

/** How many units the panel lists; the rest are in the review list. */
const SHOWN = 6;

/** SPEC §5 on the dashboard: what the reviewer has to review and sign, and what is overdue. */
export function ReviewDuePanel() {
  const { t } = useTranslation();
  const rt = useReviewText();
  const session = useApp((s) => s.session);
  const { value: due } = usePolling('review.list', { due: true }, 5 * 60_000, !!session?.reviewer);
  if (!due) return null;
  const overdue = due.filter((u) => u.overdue).length;
  return (
    <DashPanel
      title={t('review.dashboard.title')}
      icon={Stamp}
      testId="review-due-panel"
      badges={<><span className={`badge ${overdue > 0 ? 'badge-danger' : 'badge-primary'}`}>{t('review.dashboard.due', { count: due.length })}</span>{overdue > 0 && <span className="badge badge-danger">{t('review.dashboard.overdue', { count: overdue })}</span>}</>}
      link={{ to: '/review', label: t('review.dashboard.link') }}
      empty={due.length === 0 ? t('review.dashboard.none') : null}
    >
      <ul className="plain-list">
        {due.slice(0, SHOWN).map((u) => (
          <li key={`${u.ledger}/${u.siteId}/${u.month}`} className="plain-list-row" data-testid="review-due-item">
            {/* Named with its site and month, after its visible words (several units of one ledger go to several places; WCAG 2.4.4, 2.5.3). */}
            <Link to={reviewPath(u)} aria-label={`${rt.ledgerTitle(u.ledger)} ${u.siteName} ${rt.month(u.month)}`}>
              {rt.ledgerTitle(u.ledger)}
            </Link>
            <span>{u.siteName}</span>
            <span className="muted">{rt.month(u.month)}</span>
            <span className="muted">{t('review.dueOn', { date: rt.dates.date(u.dueOn) })}</span>
            <UnitState unit={u} />
            {/* Its anomalies are none of this account's to answer (no person behind it): said here too, as in the list. */}
            {u.noPersonBehind && (
              <span className="muted small" data-testid="due-no-person">
                {t('review.columns.noPersonBehind')}
              </span>
            )}
          </li>
        ))}
      </ul>
      {/* The count above is of them all: say how many more the list holds (a walk-through: 19 said, 6 shown). */}
      {due.length > SHOWN && <p className="muted small" data-testid="review-due-more">{t('review.dashboard.more', { count: due.length - SHOWN })}</p>}
    </DashPanel>
  );
}
