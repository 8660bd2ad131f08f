import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, LockOpen, PenLine, Printer, ShieldAlert, ShieldCheck } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import { type ReviewDetail, type ReviewItem, type ReviewUnit } from '../../../shared/api/review-contract';
import { daysOfMonth } from '../../../shared/calendar';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { ReasonDialog } from '../components/ReasonDialog';
import { flash } from '../state/flash';
import { useApp } from '../state/app';
import { canCall, pageAllowed } from '../auth/access';
import { reviewPath, UnitState } from './ReviewListPage';
import { ItemRow, RecordLink } from './ReviewItemRow';
import { useReviewText } from './review-text';
import { usePunct } from '../hooks/usePunct';
import { SignDialog } from './SignDialog';
import { ledgerScreens } from '../ledgers/registry';
import { ReviewMonthSheet } from './ReviewMonthSheet';
import { LEDGER_DEFINITIONS } from '../../../shared/ledgers';

/**
 * SPEC §5: one ledger × site × month — counts and a per-day chart, every anomaly with its
 * disposition, the records, and the signatures; the electronic signature once every anomaly has one.
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const rt = useReviewText();
  const punct = usePunct();
  const { ledger = '', siteId = '', month = '' } = useParams();
  const [detail, setDetail] = useState<ReviewDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [signing, setSigning] = useState(false);
  const [reopening, setReopening] = useState<string | null>(null);
  // After a signature or a reopening the button that opened the dialog is gone: focus goes to the seals, which show the result.
  const sealsHeading = useRef<HTMLHeadingElement>(null);
  const signButton = useRef<HTMLButtonElement>(null);
  const [sealsChanged, setSealsChanged] = useState(0);
  useEffect(() => {
    if (sealsChanged > 0) sealsHeading.current?.focus();
  }, [sealsChanged]);
  const session = useApp((s) => s.session);
  // An item answered for the first time: once the month is read again, focus goes on to the next item still open, or
  // to the way up to the signature when none is (a user probe: it stayed on the answered item's 対応を変更, twelve times).
  const nextAfterLoad = useRef(false);
  useEffect(() => {
    if (!nextAfterLoad.current) return;
    nextAfterLoad.current = false;
    const next =
      document.querySelector<HTMLElement>('[data-testid="review-item"]:not(.review-item-done):not(.review-item-info) .review-choice input') ??
      document.querySelector<HTMLElement>('[data-testid="to-sign"] button');
    next?.scrollIntoView({ block: 'center' });
    next?.focus({ preventScroll: true });
  }, [detail]);

  const load = useCallback(async () => {
    const r = await api('review.get', { ledger, siteId, month });
    if (r.ok) setDetail(r.value);
    else setError(r.error);
  }, [ledger, siteId, month]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error && !detail)
    return (
      <div className="page">
        <BackLink />
        <ErrorAlert error={error} />
      </div>
    );
  if (!detail) return <p className="muted page">{t('common.loading')}</p>;
  const { unit } = detail;
  const sealed = unit.state === 'sealed';
  // An account no person stands behind is offered no disposition the core would refuse (ReviewDetail.noPersonBehind): it is said why instead.
  const mayDispose = (it: ReviewItem) => !!detail.signAs && !sealed && !detail.noPersonBehind && !it.aboutReviewer && !it.waitingUntil && !it.answeredByOther;
  // The items still to answer by kind and anomaly, once (the like items one answer may be recorded for): of a
  // record's or the month's own anomaly only — carried, cleared and changed items share one code for unlike things.
  const alikeOpen = new Map<string, ReviewItem[]>();
  for (const it of detail.items) {
    if (it.disposition || (it.kind !== 'record' && it.kind !== 'month') || !mayDispose(it)) continue;
    const key = `${it.kind}\n${it.code}`;
    alikeOpen.set(key, (alikeOpen.get(key) ?? []).concat(it));
  }
  // Those said for information ask for no disposition (SPEC §4.2), and wait for nobody's.
  const undisposed = detail.items.filter((i) => !i.disposition && !i.informational).length;
  // Those about the reviewer's own records are another reviewer's to dispose of: not asked of this one (a walk-through).
  const byOthers = detail.items.filter((i) => !i.disposition && i.aboutReviewer && !i.informational).length;
  // Those another reviewer answered before the record was corrected: theirs to answer again (answeredByOther).
  const againByOthers = detail.items.filter((i) => !i.disposition && !i.aboutReviewer && i.answeredByOther && !i.informational).length;
  // Those of a duty not yet due (an access-log check before its day): nobody's to dispose of yet.
  const waitingDays = detail.items.filter((i) => !i.disposition && i.waitingUntil && !i.aboutReviewer).map((i) => i.waitingUntil!).sort();
  const waiting = waitingDays.length;
  const toDispose = undisposed - byOthers - againByOthers - waiting;
  const toFirstUndisposed = () => {
    const first = document.querySelector<HTMLElement>('[data-testid="review-item"]:not(.review-item-done):not(.review-item-info) .review-choice input');
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  };
  const max = Math.max(1, ...detail.perDay.map((d) => d.count));
  // A ledger of one record a month per thing (the access-log check, made after its month): its days say
  // nothing, and a month with none checked yet read as thirty days of 0 (a second walk-through).
  const def = LEDGER_DEFINITIONS.find((l) => l.key === unit.ledger);
  const monthly = def?.fields.find((f) => f.key === def.monthField)?.type.kind === 'month';
  const screens = ledgerScreens().find((l) => l.key === unit.ledger);
  const listPath = screens?.pages[0]?.path;
  // Each record opens at its history, for whoever may read it (a walk-through: the rows could not be opened).
  const historyPage = screens?.pages.find((p) => p.path.endsWith('/:id/history'));
  const historyOf = historyPage && pageAllowed(historyPage, session) ? (id: string) => historyPage.path.replace(':id', encodeURIComponent(id)) : null;
  const title = t('review.detail.title', { ledger: rt.ledgerTitle(unit.ledger), site: unit.siteName, month: rt.month(unit.month) });

  return (
    <div className="page review-page">
      <BackLink />
      <header className="page-header page-header-row">
        <h1>{title}</h1>
        {canCall('print.sheet', session) && (
          <Link className="btn btn-secondary" to={`/print/${unit.ledger}/${unit.siteId}/${unit.month}`}>
            <Printer size={16} aria-hidden="true" /> {t('print.open')}
          </Link>
        )}
      </header>
      <p className="page-lead">
        <UnitState unit={unit} /> {t('review.dueOn', { date: rt.dates.date(unit.dueOn) })}
      </p>
      {unit.waitsOnYou ? (
        <p className="small" data-testid="waits-on-you-lead">
          {t('review.state.waitsOnYouHint')}
        </p>
      ) : null}

      <section className="card" aria-labelledby="seals-title" data-testid="review-seals">
        <h2 id="seals-title" className="card-title" ref={sealsHeading} tabIndex={-1}>
          {t('review.seal.title')}
        </h2>
        {unit.seals.length === 0 && <p className="muted">{t('review.state.open')}</p>}
        <ul className="plain-list">
          {unit.seals.map((s) => (
            <li key={s.id} className="plain-list-row seal-row" data-testid="seal">
              <span className={`seal-stamp${s.status === 'reopened' ? ' seal-stamp-reopened' : ''}`} aria-hidden="true">
                {s.signerName.split(/\s/)[0]}
              </span>
              <span>
                {s.status === 'reopened' ? <del>{rt.sealLine(s)}</del> : <strong>{rt.sealLine(s)}</strong>}
                <br />
                <span className="small muted mono">{t('review.seal.digest', { digest: s.digest.slice(0, 16) })}</span>
                {s.status === 'reopened' && (
                  <>
                    <br />
                    <span className="small" data-testid="seal-reopened">
                      {t('review.seal.reopened', { name: s.reopenedByName ?? '', at: s.reopenedAt ? rt.dates.dateTime(s.reopenedAt) : '', reason: s.reopenReason ?? '' })}
                    </span>
                  </>
                )}
              </span>
              {s.verified ? (
                <span className="badge badge-success" data-testid="seal-verified">
                  <ShieldCheck size={14} aria-hidden="true" /> {t('review.seal.verified')}
                </span>
              ) : (
                <span className="badge badge-danger" data-testid="seal-broken">
                  <ShieldAlert size={14} aria-hidden="true" /> {t('review.seal.broken')}
                </span>
              )}
              {detail.mayReopen && s.status === 'sealed' && (
                <button type="button" className="btn btn-danger-ghost btn-sm" onClick={() => setReopening(s.id)}>
                  {/* Named by its seal: a month with a 確認 and a 承認 had two buttons alike (a walk-through). */}
                  <LockOpen size={14} aria-hidden="true" /> {t('review.seal.reopenOf', { name: s.signerName, meaning: t(`review.sign.meaningActs.${s.meaning}`) })}
                </button>
              )}
            </li>
          ))}
        </ul>
        {detail.opensOn && (
          <p className="muted" data-testid="not-ended-note">
            {t('review.detail.notEnded', { date: rt.dates.date(detail.opensOn) })}
          </p>
        )}
        {detail.signAs && !detail.signedByCaller && (
          <div className="form-actions review-sign-actions">
            {detail.ownRecords > 0 ? (
              <p className="muted" data-testid="own-records-note">
                {t('review.detail.ownRecords', { count: detail.ownRecords })}
              </p>
            ) : detail.noPersonBehind && toDispose > 0 ? (
              <p className="note-warning" data-testid="no-person-note">
                {t('review.detail.noPersonBehind')}
              </p>
            ) : undisposed > 0 ? (
              <p className={toDispose > 0 ? 'field-error' : 'muted'} data-testid="undisposed-note">
                {[
                  toDispose > 0 && t('review.detail.undisposed', { count: toDispose }),
                  waiting > 0 && t('review.detail.undisposedWaiting', { count: waiting, due: rt.dates.date(waitingDays[waiting - 1]) }),
                  byOthers > 0 && t('review.detail.undisposedByOthers', { count: byOthers }),
                  againByOthers > 0 && t('review.detail.undisposedAgainByOthers', { count: againByOthers }),
                ]
                  .filter(Boolean)
                  .join(' ')}
              </p>
            ) : (
              <p className="muted">{t('review.detail.allDisposed')}</p>
            )}
            {/* To the first item still to answer, in one key (a walk-through: one left of 33, and no way to it but scrolling). */}
            {detail.ownRecords === 0 && toDispose > 0 && !detail.noPersonBehind && (
              <button type="button" className="btn btn-secondary" data-testid="to-undisposed" onClick={toFirstUndisposed}>
                {t('review.detail.toUndisposed')}
              </button>
            )}
            <button type="button" className="btn btn-primary" ref={signButton} onClick={() => setSigning(true)} disabled={undisposed > 0 || detail.ownRecords > 0}>
              <PenLine size={16} aria-hidden="true" /> {t('review.sign.button')}
            </button>
          </div>
        )}
        {detail.signedByCaller && (
          <p className="muted review-signed-next">
            {t('review.sign.already')} <NextReview current={{ ledger, siteId, month }} />
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="counts-title">
        <h2 id="counts-title" className="card-title">
          {t('review.detail.counts')}
        </h2>
        <dl className="review-counts" data-testid="review-counts">
          {(['total', 'valid', 'void', 'withAnomalies'] as const).map((k) => (
            <div key={k}>
              <dt>{t(`review.detail.${k}`)}</dt>
              <dd>{detail.counts[k]}</dd>
            </div>
          ))}
        </dl>
        {/* Not for a month whose records are made after it (the access-log checks, in the next month): a month of empty days said nothing true. */}
        {!monthly && (detail.counts.valid === 0 || detail.perDay.some((d) => d.day.startsWith(unit.month))) && (
          <>
            <h3 className="review-subtitle">{t('review.detail.perDay')}</h3>
            <ol className="review-chart" data-testid="review-chart">
              {daysOfMonth(unit.month).map((day) => {
                const count = detail.perDay.find((d) => d.day === day)?.count ?? 0;
                const label = t('review.detail.perDayLabel', { day: Number(day.slice(8)), count });
                return (
                  <li key={day} title={label}>
                    <span className="review-bar" style={{ height: `${Math.round((count / max) * 100)}%` }} />
                    <span className="review-bar-day" aria-hidden="true">
                      {Number(day.slice(8))}
                    </span>
                    <span className="visually-hidden">{label}</span>
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="items-title" data-testid="review-items">
        <h2 id="items-title" className="card-title">
          {t('review.detail.items')}
        </h2>
        {detail.items.length === 0 && <p className="muted">{t('review.detail.itemsNone')}</p>}
        {/* Where the dispositions would be: why none is offered, and what to do (a probe: offered, then only refused). */}
        {detail.noPersonBehind && !!detail.signAs && !sealed && toDispose > 0 && (
          <p className="note-warning" data-testid="review-no-person">
            {t('review.detail.noPersonBehind')}
          </p>
        )}
        <ol className="review-items">
          {detail.items.map((it) => (
            <ItemRow
              key={`${it.subject}/${it.code}`}
              item={it}
              unit={{ ledger, siteId, month }}
              historyOf={historyOf}
              editable={mayDispose(it)}
              alike={it.disposition ? [] : (alikeOpen.get(`${it.kind}\n${it.code}`) ?? []).filter((o) => o !== it)}
              onSaved={(message, answered) => {
                flash(message ?? t('review.disposition.saved'));
                nextAfterLoad.current = answered;
                void load();
              }}
            />
          ))}
        </ol>
        {/* The last disposition made: the way back up to the signature is one key, not forty (a walk-through). */}
        {detail.signAs && !detail.signedByCaller && !sealed && detail.items.length > 0 && undisposed === 0 && detail.ownRecords === 0 && (
          <p className="form-actions" data-testid="to-sign">
            <span className="muted">{t('review.detail.allDisposed')}</span>
            <button type="button" className="btn btn-secondary" onClick={() => (signButton.current?.scrollIntoView({ block: 'center' }), signButton.current?.focus())}>
              <PenLine size={16} aria-hidden="true" /> {t('review.detail.toSign')}
            </button>
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="records-title">
        <div className="page-header-row">
          <h2 id="records-title" className="card-title">
            {t('review.detail.records')}
          </h2>
          {listPath && (
            // Every record the count counts, the voided too (a walk-through: 37件 opened a list of 36); the server-room book says so by void=1, the kit's lists by status=all.
            <Link to={`${listPath}?month=${unit.month}&site=${unit.siteId}${detail.counts.void > 0 ? (unit.ledger === 'serverRoom' ? '&void=1' : '&status=all') : ''}`} data-testid="review-all-records">
              {t('review.detail.allRecords', { count: detail.counts.total })} →
            </Link>
          )}
        </div>
        {detail.records.length === 0 ? (
          <p className="muted">{t('review.detail.recordsNone')}</p>
        ) : (
          <table className="table table-compact" data-testid="review-records">
            <tbody>
              {detail.records.map((r) => (
                <tr key={r.id} className={r.status === 'void' ? 'row-void' : undefined} data-testid="review-record">
                  <td>{/^\d{4}-\d{2}(-\d{2})?$/.test(r.at) ? r.at : rt.dates.dateTime(r.at)}</td>
                  <td>
                    <RecordLink to={historyOf?.(r.id)}>{r.status === 'void' ? <del>{rt.label(r)}</del> : rt.label(r)}</RecordLink>
                  </td>
                  <td>
                    <span className="badges">
                      {r.status === 'void' && <span className="badge badge-muted">{t('review.detail.voided')}</span>}
                      {r.anomalyCodes.length > 0 && <span className="badge badge-danger">{t('review.detail.anomalyCount', { count: r.anomalyCodes.length })}</span>}
                      {r.amendCount > 0 && <span className="badge badge-muted">{t('review.detail.amended', { count: r.amendCount })}</span>}
                      {r.sealedChange && (
                        <span className="badge badge-warning" data-testid="sealed-change">
                          {t('review.detail.sealedChange')}
                        </span>
                      )}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {detail.movedOut.length > 0 && (
          <div data-testid="review-moved-out">
            <p>
              <span className="badge badge-warning">{t('review.detail.sealedChange')}</span> {t('review.detail.movedOut', { count: detail.movedOut.length })}
            </p>
            <ul>
              {detail.movedOut.map((m) => (
                <li key={m.recordId}>
                  {t(m.now ? 'review.detail.movedOutTo' : 'review.detail.movedOutNone', {
                    at: rt.dates.dateTime(m.changedAt), by: m.changedByName ?? '', reason: m.reason ?? '', site: m.now?.siteName ?? '', month: m.now ? rt.dates.month(m.now.month) : '',
                  })}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      {canCall('print.sheet', session) && <ReviewMonthSheet ledger={unit.ledger} siteId={unit.siteId} month={unit.month} count={detail.counts.total} refresh={detail} />}

      {signing && detail.signAs && (
        <SignDialog
          detail={detail}
          onClose={() => setSigning(false)}
          onDone={(d) => {
            setSigning(false);
            setDetail(d);
            setSealsChanged((n) => n + 1);
            flash(t('review.sign.done'));
          }}
        />
      )}
      {reopening && (
        <ReasonDialog
          title={t('review.seal.reopenTitleOf', { seal: (() => { const s = unit.seals.find((x) => x.id === reopening); return s ? rt.sealLine(s) : ''; })() })}
          lead={(() => {
            // Other seals that stand keep the month sealed (a walk-through: reopening the site head's 確認
            // under her own 承認 changed nothing, while the dialog said the month could be changed).
            const others = unit.seals.filter((x) => x.id !== reopening && x.status === 'sealed');
            return others.length === 0 ? t('review.seal.reopenLead') : `${t('review.seal.reopenLead')} ${t('review.seal.reopenOthersStand', { seals: punct.list(others.map((x) => rt.sealLine(x))) })}`;
          })()}
          reasonLabel={t('review.seal.reopenReason')}
          submitLabel={t('review.seal.reopenSubmit')}
          icon={LockOpen}
          testId="reopen-dialog"
          passwordLabel={t('review.seal.reopenPassword')}
          submit={(reason, password) => api('review.reopen', { sealId: reopening, reason, password })}
          onDone={(d) => {
            setReopening(null);
            setDetail(d);
            setSealsChanged((n) => n + 1);
            flash(t('review.seal.reopenDone'));
          }}
          onClose={() => setReopening(null)}
        />
      )}
    </div>
  );
}

/**
 * Once signed, the next unit still due for this reviewer, one key away (a walk-through: back to the
 * list for each of eighteen ledgers and sites); the list when none is left.
 */
function NextReview({ current }: { current: { ledger: string; siteId: string; month: string } }) {
  const { t } = useTranslation();
  const rt = useReviewText();
  const [next, setNext] = useState<ReviewUnit | null | undefined>(undefined);
  const here = reviewPath(current);
  useEffect(() => {
    let live = true;
    void api('review.list', { due: true }).then((r) => {
      if (!live) return;
      // Of the same site and month first, then of the same site (a walk-through: signing 本社's ledgers one
      // after another, the link offered 名古屋's October each time).
      const rest = r.ok ? r.value.filter((u) => reviewPath(u) !== here) : [];
      const sameSite = rest.filter((u) => u.siteId === current.siteId);
      setNext(sameSite.find((u) => u.month === current.month) ?? sameSite[0] ?? rest[0] ?? null);
    });
    return () => {
      live = false;
    };
  }, [here, current.siteId, current.month]);
  if (next === undefined) return null;
  return next ? (
    <Link to={reviewPath(next)} data-testid="next-review">
      {t('review.sign.next', { ledger: rt.ledgerTitle(next.ledger), site: next.siteName, month: rt.month(next.month) })} →
    </Link>
  ) : (
    <Link to="/review" data-testid="next-review">
      {t('review.sign.noneLeft')} →
    </Link>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/review" className="back-link">
      <ArrowLeft size={16} aria-hidden="true" /> {t('review.detail.back')}
    </Link>
  );
}
