import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Printer } from 'lucide-react';
import { canCall } from '../auth/access';
import { useApp } from '../state/app';

/**
 * 印刷 on a ledger's list (SPEC §6): the paper form of the month and site the list shows. Offered when
 * both are chosen (a printed ledger is one site's month) to whoever may print.
 */
export function PrintMonthLink({ ledger, siteId, month }: { ledger: string; siteId: string | undefined; month: string | undefined }) {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  if (!canCall('print.sheet', session)) return null;
  // Paper is one site's month: said where the button would be (a walk-through looked for it on the list as it opens, every site).
  if (!siteId || !month)
    return (
      <span className="muted small print-month-hint" data-testid="print-month-hint">
        <Printer size={14} aria-hidden="true" />
        {t(siteId ? 'print.chooseMonth' : 'print.chooseSite')}
      </span>
    );
  return (
    <Link className="btn btn-secondary" to={`/print/${ledger}/${siteId}/${month}`} data-testid="print-month">
      <Printer size={16} aria-hidden="true" />
      {t('print.printMonth')}
    </Link>
  );
}
