import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { daysOfMonth, jstMonth, makeBusinessCalendar, nationalHoliday, nextMonth, previousMonth, weekdayOf, type DayInfo } from '../../../shared/calendar';
import { formatMonth } from '../../../shared/dates';
import { useDates } from '../hooks/useDates';

/** The weekdays' short names in the screen's language, Sunday first (2026-11-01 was a Sunday). */
function weekdayNames(lang: string): string[] {
  const f = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2026, 10, 1 + i))));
}

/**
 * A month of a site's business-day calendar as the rules would judge it with the dates as typed (not
 * yet saved): weekends, national holidays by name, company holidays and worked days marked, and how
 * many business days the month has — a walk-through: the page was two boxes of 2026-12-29 lines,
 * and no one could see which days they made holidays, nor which national holidays were already counted.
 */
export function CalendarMonth({ companyHolidays, workedHolidays }: { companyHolidays: readonly string[]; workedHolidays: readonly string[] }) {
  const { t } = useTranslation();
  const { lang } = useDates();
  const [month, setMonth] = useState(() => jstMonth(new Date()));
  const holidaysKey = companyHolidays.join('\n');
  const workedKey = workedHolidays.join('\n');
  const calendar = useMemo(() => makeBusinessCalendar({ companyHolidays: holidaysKey.split('\n'), workedHolidays: workedKey.split('\n') }), [holidaysKey, workedKey]);
  const days = daysOfMonth(month).map((d) => calendar.day(d));
  const weeks: (DayInfo | null)[][] = [];
  const cells: (DayInfo | null)[] = [...Array.from({ length: weekdayOf(days[0].date) }, () => null), ...days];
  while (cells.length % 7) cells.push(null);
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const holidayName = (d: DayInfo) => (d.holidayName ? (lang === 'ja' ? d.holidayName : (nationalHoliday(d.date)?.nameEn ?? d.holidayName)) : null);
  const marks = (d: DayInfo): string[] => {
    const name = holidayName(d);
    if (d.kind === 'worked_holiday') return [t('lastExit.calendar.month.worked'), ...(name ? [name] : [])];
    if (d.kind === 'company_holiday') return [t('lastExit.calendar.month.companyHoliday'), ...(name ? [name] : [])];
    return name ? [name] : [];
  };
  const title = formatMonth(month, lang);
  return (
    <section className="cal-month" aria-labelledby="cal-month-title" data-testid="calendar-month">
      <div className="cal-head">
        <h2 id="cal-month-title">{t('lastExit.calendar.month.title')}</h2>
        <div className="cal-nav">
          <button type="button" className="btn btn-sm btn-secondary" onClick={() => setMonth(previousMonth(month))}>
            <ChevronLeft size={14} aria-hidden="true" />
            {t('lastExit.calendar.month.previous')}
          </button>
          <span className="cal-title" aria-live="polite">
            {title}
          </span>
          <button type="button" className="btn btn-sm btn-secondary" onClick={() => setMonth(nextMonth(month))}>
            {t('lastExit.calendar.month.next')}
            <ChevronRight size={14} aria-hidden="true" />
          </button>
        </div>
      </div>
      <p className="muted small" data-testid="calendar-month-count">
        {t('lastExit.calendar.month.count', { count: days.filter((d) => d.business).length })}
      </p>
      <table className="cal-table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {weekdayNames(lang).map((w) => (
              <th key={w} scope="col">
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {week.map((d, j) =>
                d ? (
                  <td key={d.date} className={`cal-day cal-${d.kind}`} data-date={d.date} data-kind={d.kind}>
                    <span className="cal-n">{Number(d.date.slice(8))}</span>
                    {marks(d).map((m) => (
                      <span key={m} className="cal-mark">
                        {m}
                      </span>
                    ))}
                    {/* Said in words as well as by its colour (WCAG 1.4.1): a day that is not worked. */}
                    {!d.business && d.kind === 'weekend' && <span className="visually-hidden">{t('lastExit.calendar.month.dayOff')}</span>}
                  </td>
                ) : (
                  <td key={`empty-${j}`} className="cal-empty" />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('lastExit.calendar.month.legend')}</p>
    </section>
  );
}
