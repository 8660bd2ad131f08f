import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { formatMonth } from '../../../shared/dates';
import { useDates } from '../hooks/useDates';
import { currentMonth } from '../lib/japan-time';

/** "YYYY-MM" plus n months. */
export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const d = new Date(Date.UTC(y, m, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

const MONTHS_BACK = 60;

/**
 * The month of the list (SPEC §3: filter by month), shown as 令和8年11月 whatever the browser's
 * language; ◀ ▶ step a month; "すべての月" lists every month.
 */
export function MonthPicker({ value, onChange, label }: { value: string | undefined; onChange: (month: string | undefined) => void; label: string }) {
  const { t } = useTranslation();
  const { lang } = useDates();
  const id = useId();
  const now = currentMonth();
  const months = Array.from({ length: MONTHS_BACK }, (_, i) => addMonths(now, -i));
  if (value && !months.includes(value)) months.push(value);
  months.sort().reverse();
  return (
    <div className="sr-month-picker">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <button type="button" className="icon-button" onClick={() => onChange(addMonths(value ?? now, -1))} aria-label={t('serverRoom.ui.filters.prevMonth')} title={t('serverRoom.ui.filters.prevMonth')}>
        <ChevronLeft size={16} aria-hidden="true" />
      </button>
      <select id={id} className="input" value={value ?? 'all'} onChange={(e) => onChange(e.target.value === 'all' ? undefined : e.target.value)} data-testid="filter-month">
        <option value="all">{t('serverRoom.ui.filters.allMonths')}</option>
        {months.map((m) => (
          <option key={m} value={m}>
            {formatMonth(m, lang)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="icon-button"
        onClick={() => value && onChange(addMonths(value, 1))}
        disabled={!value || value >= now}
        aria-label={t('serverRoom.ui.filters.nextMonth')}
        title={t('serverRoom.ui.filters.nextMonth')}
      >
        <ChevronRight size={16} aria-hidden="true" />
      </button>
      {value !== now && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => onChange(now)}>
          {t('serverRoom.ui.filters.thisMonth')}
        </button>
      )}
    </div>
  );
}
