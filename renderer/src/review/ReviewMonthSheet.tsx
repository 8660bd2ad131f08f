import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/errors';
import { sheetHtml } from '../../../shared/print/html';
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
 * screen). Opened on demand (a busy month's paper is long); asked again when the review is (`refresh`: a
 * disposition is printed beside its anomaly). The paper shown stays as it is, where it was scrolled to, while what
 * it shows is the same (a user probe: every disposition drew it again from its top); when it changed, the new one
 * is shown at the same place.
 */
export function ReviewMonthSheet({ ledger, siteId, month, count, refresh }: { ledger: string; siteId: string; month: string; count: number; refresh: unknown }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  /** The paper's page, and what it shows (its page without the time it was asked at, which changes by the minute). */
  const [sheet, setSheet] = useState<{ html: string; shows: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  /** Where the paper was scrolled to when a changed one replaced it: there again once it is drawn. */
  const scrolled = useRef<{ x: number; y: number } | null>(null);
  const lang = i18n.resolvedLanguage === 'en' ? 'en' : 'ja';
  // Another month, ledger or site: the last one's paper is not shown under its heading meanwhile.
  useEffect(() => setSheet(null), [ledger, siteId, month]);
  useEffect(() => {
    if (!open) return;
    let live = true;
    void api('print.sheet', { ledger, siteId, month, format: 'preview', calendar: lang === 'en' ? 'seireki' : 'wareki', lang }).then((r) => {
      if (!live) return;
      setError(r.ok ? null : r.error);
      if (!r.ok) return setSheet(null);
      const shows = sheetHtml({ ...r.value, printedAt: '' });
      setSheet((before) => {
        if (before?.shows === shows) return before;
        const win = frame.current?.contentWindow;
        scrolled.current = before && win ? { x: win.scrollX, y: win.scrollY } : null;
        return { html: sheetHtml(r.value), shows };
      });
    });
    return () => {
      live = false;
    };
  }, [open, ledger, siteId, month, lang, refresh]);
  const loaded = (el: HTMLIFrameElement) => {
    showFrameFocus(el);
    const at = scrolled.current;
    scrolled.current = null;
    if (at) el.contentWindow?.scrollTo(at.x, at.y);
  };
  return (
    <section className="card" aria-labelledby="sheet-title" data-testid="review-sheet">
      <h2 id="sheet-title" className="card-title">
        {t('review.detail.sheetTitle', { count })}
      </h2>
      <details className="review-sheet" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('review.detail.sheet')}</summary>
        <ErrorAlert error={error} />
        {open && !sheet && !error && <p className="muted">{t('common.loading')}</p>}
        {sheet && <iframe ref={frame} title={t('review.detail.sheetFrame')} className="print-preview" srcDoc={sheet.html} onLoad={(e) => loaded(e.currentTarget)} data-testid="review-sheet-frame" />}
      </details>
    </section>
  );
}
