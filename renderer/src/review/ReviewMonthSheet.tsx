import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/errors';
import { sheetHtml } from '../../../shared/print/html';
import type { PrintSheet } from '../../../shared/print/sheet';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';

/**
 * The preview's focus shown (WCAG 2.4.7): a frame with the focus inside matches no :focus in its page, so its
 * window's focus marks it (a walk-through found no ring). For a sheet's frame, once loaded.
 */
export function showFrameFocus(el: HTMLIFrameElement): void {
  const win = el.contentWindow;
  if (!win) return;
  win.addEventListener('focus', () => el.classList.add('has-focus'));
  win.addEventListener('blur', () => el.classList.remove('has-focus'));
}

/**
 * SPEC §5: the review shows the month's records — every one of them, as the paper shows it, with every column,
 * its anomalies and what was voided (a user probe: a month of 19 visitor slips was sealed with none of them on the
 * screen). Opened on demand (a busy month's paper is long); asked again when the review is (`refresh`).
 */
export function ReviewMonthSheet({ ledger, siteId, month, count, refresh }: { ledger: string; siteId: string; month: string; count: number; refresh: unknown }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [sheet, setSheet] = useState<PrintSheet | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const lang = i18n.resolvedLanguage === 'en' ? 'en' : 'ja';
  // Another month, ledger or site: the last one's paper is not shown under its heading meanwhile.
  useEffect(() => setSheet(null), [ledger, siteId, month]);
  useEffect(() => {
    if (!open) return;
    let live = true;
    void api('print.sheet', { ledger, siteId, month, format: 'preview', calendar: lang === 'en' ? 'seireki' : 'wareki', lang }).then((r) => {
      if (!live) return;
      setSheet(r.ok ? r.value : null);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [open, ledger, siteId, month, lang, refresh]);
  return (
    <section className="card" aria-labelledby="sheet-title" data-testid="review-sheet">
      <h2 id="sheet-title" className="card-title">
        {t('review.detail.sheetTitle', { count })}
      </h2>
      <details className="review-sheet" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('review.detail.sheet')}</summary>
        <ErrorAlert error={error} />
        {open && !sheet && !error && <p className="muted">{t('common.loading')}</p>}
        {sheet && <iframe title={t('review.detail.sheetFrame')} className="print-preview" srcDoc={sheetHtml(sheet)} onLoad={(e) => showFrameFocus(e.currentTarget)} data-testid="review-sheet-frame" />}
      </details>
    </section>
  );
}
