import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api';
import { Alert } from '../components/Alert';
import { useReviewText } from './review-text';

/** A review unit of one ledger: a site's month. */
export interface MonthUnit {
  siteId: string | null | undefined;
  month: string | null | undefined;
}

/** Whether a site's month of a ledger is signed and sealed (false until known, or when none). */
function useSealed(ledger: string, unit: MonthUnit | null | undefined): boolean {
  const [sealed, setSealed] = useState(false);
  const siteId = unit?.siteId;
  const month = unit?.month;
  useEffect(() => {
    let live = true;
    setSealed(false);
    if (siteId && month) void api('review.sealedMonth', { ledger, siteId, month }).then((r) => live && r.ok && setSealed(r.value.sealed));
    return () => {
      live = false;
    };
  }, [ledger, siteId, month]);
  return sealed;
}

/**
 * In a record's dialog: a month it is in, or would be put in, is signed and sealed, so the change is a
 * 封印後修正 that its reviewers see (SPEC §5). Said before it is made (a walk-through: the dialog of a
 * sealed month's record looked like any other, and the mark came only afterwards).
 *
 * `from` is the stored record's month (a correction, a void); `to` is the month and site the form's
 * values put it in (a correction that moves it, or a new record) — a record added to a sealed month,
 * or corrected into one, is that month's 封印後修正 too, and was said nowhere.
 */
export function SealedMonthNotice({ ledger, from, to, siteName, className }: { ledger: string; from?: MonthUnit | null; to?: MonthUnit | null; siteName?: (siteId: string) => string | undefined; className?: string }) {
  const { t } = useTranslation();
  const rt = useReviewText();
  const fromSealed = useSealed(ledger, from);
  const moved = !!to && (!from || to.siteId !== from.siteId || to.month !== from.month);
  const toSealed = useSealed(ledger, moved ? to : null);
  const notices: string[] = [];
  if (from?.month && fromSealed) notices.push(t('review.sealedMonthNotice', { month: rt.month(from.month) }));
  if (moved && to?.month && toSealed) {
    const month = rt.month(to.month);
    const site = from && to.siteId !== from.siteId && to.siteId ? siteName?.(to.siteId) : undefined;
    notices.push(!from ? t('review.sealedMonthAdd', { month }) : site ? t('review.sealedMonthMovedToSite', { month, site }) : t('review.sealedMonthMovedTo', { month }));
  }
  if (notices.length === 0) return null;
  const alert = (
    <Alert tone="warning" testId="sealed-month-notice">
      {notices.length === 1 ? notices[0] : notices.map((n) => <p key={n}>{n}</p>)}
    </Alert>
  );
  // In a form's grid, its cell only when there is something to say (an empty one would add a row's gap).
  return className ? <div className={className}>{alert}</div> : alert;
}
