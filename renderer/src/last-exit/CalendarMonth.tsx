import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { daysOfMonth, jstMonth, makeBusinessCalendar, nationalHoliday, nextMonth, previousMonth, weekdayOf, type DayInfo, type DayKind } from '../../../shared/calendar';
import { api } from '../api/api';
import { formatMonth } from '../../../shared/dates';
import { useDates } from '../hooks/useDates';

/** The weekdays' short names in the screen's language, Sunday first (2026-11-01 was a Sunday). */
function weekdayNames(lang: string): string[] {
  const f = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2026, 10, 1 + i))));
}

/**
 * A month of a site's business-day calendar as the rules judge it: weekends, national holidays by
 * name, company holidays and worked days marked, and how many business days the month has — a note of
 * the last round: the page was two boxes of 2026-12-29 lines, and no one could see which days they
 * made holidays. A day still to begin is shown with the dates as typed (not yet saved); a day that
 * has begun, as the calendar stood when it began (site-calendar.ts: a change saved since does not move
 * it), marked so when what is typed would have it otherwise (a review: the view showed typed holidays
 * on past days the rules still count as business days).
 */
export function CalendarMonth({ siteId, companyHolidays, workedHolidays, saved }: { siteId: string; companyHolidays: readonly string[]; workedHolidays: readonly string[]; saved: number }) {
  const { t } = useTranslation();
  const { lang } = useDates();
  const [month, setMonth] = useState(() => jstMonth(new Date()));
  // The days begun, as judged (asked again once a change is saved: today is judged as it stood when it began all the same).
  const [judged, setJudged] = useState<{ key: string; days: Map<string, DayKind> } | null>(null);
  const judgedKey = `${siteId}/${month}`;
  useEffect(() => {
    if (!siteId) return;
    let live = true;
    void api('calendar.month', { siteId, month }).then((r) => {
      if (live && r.ok) setJudged({ key: `${siteId}/${month}`, days: new Map(r.value.days.map((d) => [d.date, d.kind])) });
    });
    return () => {
      live = false;
    };
  }, [siteId, month, saved]);
  const begun = judged?.key === judgedKey ? judged.days : null;
  const holidaysKey = companyHolidays.join('\n');
  const workedKey = workedHolidays.join('\n');
  const calendar = useMemo(() => makeBusinessCalendar({ companyHolidays: holidaysKey.split('\n'), workedHolidays: workedKey.split('\n') }), [holidaysKey, workedKey]);
  // A day begun: its kind as judged (business or not as that kind is), what is typed only said to differ.
  const days = daysOfMonth(month).map((d): DayInfo & { settled: boolean } => {
    const typed = calendar.day(d);
    const kind = begun?.get(d);
    if (kind === undefined) return { ...typed, settled: false };
    return { ...typed, kind, business: kind === 'business' || kind === 'worked_holiday', settled: kind !== typed.kind };
  });
  const weeks: ((typeof days)[number] | null)[][] = [];
  const cells: ((typeof days)[number] | null)[] = [...Array.from({ length: weekdayOf(days[0].date) }, () => null), ...days];
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
                    {d.settled && <span className="cal-mark cal-settled">{t('lastExit.calendar.month.settled')}</span>}
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
