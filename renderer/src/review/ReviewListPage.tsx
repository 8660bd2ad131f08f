import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Stamp } from 'lucide-react';
import type { ReviewUnit } from '../../../shared/api/review-contract';
import { api } from '../api/api';
import { Alert } from '../components/Alert';
import { addMonths } from '../components/MonthPicker';
import { useErrorMessage } from '../i18n/messages';
import { currentMonth } from '../lib/japan-time';
import { useReviewText } from './review-text';
import { useApp } from '../state/app';

export const reviewPath = (u: Pick<ReviewUnit, 'ledger' | 'siteId' | 'month'>) => `/review/${u.ledger}/${u.siteId}/${u.month}`;

/** A unit's state as a badge: 署名済 (and, where the safety manager's own check is still due, 期日超過 and 安全管理責任者の確認待ち), 期日超過 or 未確認. */
export function UnitState({ unit }: { unit: ReviewUnit }) {
  const { t } = useTranslation();
  const rt = useReviewText();
  // The safety manager is told that another reviewer (the site head) waits on her answer (a walk-through).
  const onYou = unit.waitsOnYou ? (
    <>
      {' '}
      <span className="badge badge-danger" data-testid="waits-on-you">
        {t('review.state.waitsOnYou', { count: unit.waitsOnYou })}
      </span>
    </>
  ) : null;
  if (unit.state === 'sealed' && unit.awaiting)
    return (
      <>
        <span className="badge badge-success">{t('review.state.sealed')}</span> {unit.overdue && <span className="badge badge-danger">{t('review.state.overdue')}</span>}{' '}
        <span className="badge badge-warning" data-testid="awaiting">
          {t(`review.state.awaiting.${unit.awaiting}`)}
        </span>
      </>
    );
  // Complete without the safety manager's seal (a site head's 確認 of a ledger other than the server-room book,
  // Art. 9): said, so that she does not wait for a turn of hers (a walk-through read the empty 責任者 box as one).
  const standingSeals = unit.seals.filter((s) => s.status === 'sealed');
  if (unit.state === 'sealed' && standingSeals.length > 0 && !standingSeals.some((s) => s.signerRole === 'safety_manager'))
    return (
      <>
        <span className="badge badge-success">{t('review.state.sealed')}</span>{' '}
        <span className="muted small" data-testid="completed-by-other">
          {t('review.state.completedBy', { role: rt.roleText(standingSeals[0].signerRole) })}
        </span>
      </>
    );
  if (unit.state === 'sealed') return <span className="badge badge-success">{t('review.state.sealed')}</span>;
  if (unit.overdue)
    return (
      <>
        <span className="badge badge-danger">{t('review.state.overdue')}</span>
        {onYou}
      </>
    );
  return (
    <>
      <span className="badge badge-warning">{t('review.state.open')}</span>
      {onYou}
    </>
  );
}

/**
 * SPEC §5: what the caller reviews — the months due (and overdue) first, then every unit of one
 * month (last month by default) with its state and signatures.
 */
export function ReviewListPage() {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  const roles = session?.roles ?? [];
  // A sealed month is there to read, unless it awaits a role the caller holds (the server-room book, the safety manager's seal).
  const toView = (u: ReviewUnit) => u.state === 'sealed' && !(u.awaiting && roles.includes(u.awaiting));
  const rt = useReviewText();
  const errorText = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const last = addMonths(currentMonth(), -1);
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') && params.get('month')! <= last ? params.get('month')! : last;
  const [due, setDue] = useState<ReviewUnit[] | null>(null);
  const [units, setUnits] = useState<ReviewUnit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api('review.list', { due: true }).then((r) => live && (r.ok ? setDue(r.value) : setError(errorText(r.error))));
    return () => {
      live = false;
    };
  }, [errorText]);
  useEffect(() => {
    let live = true;
    setUnits(null);
    void api('review.list', { month }).then((r) => live && (r.ok ? setUnits(r.value) : setError(errorText(r.error))));
    return () => {
      live = false;
    };
  }, [month, errorText]);

  const months = Array.from({ length: 24 }, (_, i) => addMonths(last, -i));
  return (
    <div className="page">
      <header className="page-header">
        <h1>
          <Stamp size={22} aria-hidden="true" /> {t('review.title')}
        </h1>
        <p className="page-lead">{t('review.lead')}</p>
      </header>
      {error && <Alert tone="error">{error}</Alert>}

      <section className="card" aria-labelledby="review-due-title">
        <h2 id="review-due-title" className="card-title">
          {t('review.dueList')}
          {due && <span className={`badge ${due.some((u) => u.overdue) ? 'badge-danger' : 'badge-primary'}`}>{due.length}</span>}
        </h2>
        {due && due.length === 0 && <p className="muted">{t('review.dueNone')}</p>}
        {due && due.length > 0 && (
          <div className="table-overflow">
            <table className="table table-compact" data-testid="review-due">
              <thead>
                <tr>
                  <th scope="col">{t('review.columns.ledger')}</th>
                  <th scope="col">{t('review.columns.site')}</th>
                  <th scope="col">{t('review.columns.month')}</th>
                  <th scope="col">{t('review.columns.due')}</th>
                  <th scope="col">{t('review.columns.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('review.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {due.map((u) => (
                  <tr key={`${u.ledger}/${u.siteId}/${u.month}`} data-testid="review-due-row">
                    <td>{rt.ledgerTitle(u.ledger)}</td>
                    <td>{u.siteName}</td>
                    <td>{rt.month(u.month)}</td>
                    <td>{rt.dates.date(u.dueOn)}</td>
                    <td>
                      <UnitState unit={u} />
                      {u.noPersonBehind && (
                        <span className="muted small" data-testid="due-no-person">
                          {' '}
                          {t('review.columns.noPersonBehind')}
                        </span>
                      )}
                    </td>
                    <td>
                      <Link className="btn btn-secondary btn-sm" to={reviewPath(u)} aria-label={`${t('review.open')}: ${rt.ledgerTitle(u.ledger)} ${u.siteName} ${rt.month(u.month)}`}>
                        {t('review.open')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="review-month-title">
        <div className="page-header-row">
          <h2 id="review-month-title" className="card-title">
            {rt.month(month)}
          </h2>
          <label className="field-inline">
            <span>{t('review.month')}</span>
            <select className="input" value={month} onChange={(e) => setParams({ month: e.target.value })} data-testid="review-month">
              {months.map((m) => (
                <option key={m} value={m}>
                  {rt.month(m)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {units && (
          <div className="table-overflow">
            <table className="table" data-testid="review-units">
              <thead>
                <tr>
                  <th scope="col">{t('review.columns.ledger')}</th>
                  <th scope="col">{t('review.columns.site')}</th>
                  <th scope="col" className="num">
                    {t('review.columns.records')}
                  </th>
                  <th scope="col" className="num">
                    {t('review.columns.undisposed')}
                  </th>
                  <th scope="col">{t('review.columns.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('review.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={`${u.ledger}/${u.siteId}`} data-testid="review-unit">
                    <td>{rt.ledgerTitle(u.ledger)}</td>
                    <td>{u.siteName}</td>
                    <td className="num">{u.records}</td>
                    <td className="num">
                      {u.undisposed === null ? '—' : u.undisposed}
                      {u.waiting ? <span className="muted small"> {t('review.columns.waiting', { count: u.waiting })}</span> : null}
                      {u.byOthers ? (
                        <span className="muted small" data-testid="unit-by-others">
                          {' '}
                          {t('review.columns.byOthers', { count: u.byOthers })}
                        </span>
                      ) : null}
                      {u.noPersonBehind ? (
                        <span className="muted small" data-testid="unit-no-person">
                          {' '}
                          {t('review.columns.noPersonBehind')}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <UnitState unit={u} />
                      {u.seals.map((s) => (
                        <div key={s.id} className={`small ${s.status === 'reopened' ? 'muted' : ''}`}>
                          {s.status === 'reopened' ? <del>{rt.sealLine(s)}</del> : rt.sealLine(s)}
                        </div>
                      ))}
                    </td>
                    <td>
                      <Link className="btn btn-secondary btn-sm" to={reviewPath(u)} aria-label={`${toView(u) ? t('review.view') : t('review.open')}: ${rt.ledgerTitle(u.ledger)} ${u.siteName}`}>
                        {toView(u) ? t('review.view') : t('review.open')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
