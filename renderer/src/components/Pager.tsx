import { useTranslation } from 'react-i18next';
import { ChevronFirst, ChevronLast, ChevronLeft, ChevronRight } from 'lucide-react';

export const PAGE_SIZES = [50, 100, 200, 500] as const;

interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}

/** Paging for lists paged by the store: position, page buttons, rows per page. */
export function Pager({ page, pageSize, total, onPage, onPageSize }: PagerProps) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(total, (page + 1) * pageSize);
  return (
    <div className="pager">
      <span className="pager-total" data-testid="pager-total">
        {t('common.pager.total', { total })}
        {/* With one page the total says it all ('全2件', not '全2件 (1〜2件目)'). */}
        {pages > 1 && <span className="muted">{t('common.pager.range', { from, to })}</span>}
      </span>
      <span className="spacer" />
      <label className="pager-size">
        <span>{t('common.pager.pageSize')}</span>
        <select className="input input-sm" value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {t('common.pager.perPage', { count: n })}
            </option>
          ))}
        </select>
      </label>
      <div className="pager-buttons">
        <button type="button" className="icon-button" onClick={() => onPage(0)} disabled={page === 0} aria-label={t('common.pager.first')} title={t('common.pager.first')}>
          <ChevronFirst size={16} aria-hidden="true" />
        </button>
        <button type="button" className="icon-button" onClick={() => onPage(page - 1)} disabled={page === 0} aria-label={t('common.pager.prev')} title={t('common.pager.prev')}>
          <ChevronLeft size={16} aria-hidden="true" />
        </button>
        {/* Where focus rests when 次のページ or 前のページ is disabled by its own press (lib/focus.ts focusBeside). */}
        <span className="pager-page" tabIndex={-1} data-focus-rest="">
          {t('common.pager.page', { page: page + 1, pages })}
        </span>
        <button type="button" className="icon-button" onClick={() => onPage(page + 1)} disabled={page >= pages - 1} aria-label={t('common.pager.next')} title={t('common.pager.next')}>
          <ChevronRight size={16} aria-hidden="true" />
        </button>
        <button type="button" className="icon-button" onClick={() => onPage(pages - 1)} disabled={page >= pages - 1} aria-label={t('common.pager.last')} title={t('common.pager.last')}>
          <ChevronLast size={16} aria-hidden="true" />
        </button>
      </div>
    </div>
  );
}
