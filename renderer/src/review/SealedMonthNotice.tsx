import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api';
import { Alert } from '../components/Alert';
import { useReviewText } from './review-text';

/**
 * In a correction's or a void's dialog: the record's month is signed and sealed, so the change is a
 * 封印後修正 that its reviewers see (SPEC §5). Said before it is made (a walk-through: the dialog of a
 * sealed month's record looked like any other, and the mark came only afterwards).
 */
export function SealedMonthNotice({ ledger, siteId, month }: { ledger: string; siteId: string | null | undefined; month: string | null | undefined }) {
  const { t } = useTranslation();
  const rt = useReviewText();
  const [sealed, setSealed] = useState(false);
  useEffect(() => {
    let live = true;
    setSealed(false);
    if (siteId && month) void api('review.sealedMonth', { ledger, siteId, month }).then((r) => live && r.ok && setSealed(r.value.sealed));
    return () => {
      live = false;
    };
  }, [ledger, siteId, month]);
  if (!sealed || !month) return null;
  return (
    <Alert tone="warning" testId="sealed-month-notice">
      {t('review.sealedMonthNotice', { month: rt.month(month) })}
    </Alert>
  );
}
