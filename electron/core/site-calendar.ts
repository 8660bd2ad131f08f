import { daysOfMonth, jstDayEnd, makeBusinessCalendar, type BusinessCalendar, type CompanyCalendar } from '../../shared/calendar';
import type { Settings } from './settings';

/** The setting that holds a site's company holidays and worked holidays (calendar.update). */
export function calendarKey(siteId: string): `calendar.site.${string}` {
  return `calendar.site.${siteId}`;
}

/**
 * The business calendar of a site (SPEC §4.4), which every ledger's rules use: weekends and national
 * holidays (from the maintained library), the site's company holidays, and holidays it works.
 *
 * Each day is judged by the calendar as it stood at that day's end (setting-versions.ts): a company
 * holiday typed in afterwards does not take away a day's missing checklist, while one planned ahead
 * is in force on its day.
 */
export function siteCalendar(settings: Settings, siteId: string): BusinessCalendar {
  const asOf = settings.timeline(calendarKey(siteId), (saved) => (saved ? makeBusinessCalendar(saved as CompanyCalendar) : NATIONAL));
  const day = (date: string) => asOf(new Date(jstDayEnd(date).getTime() - 1)).day(date);
  return {
    day,
    isBusinessDay: (date) => day(date).business,
    businessDaysOfMonth: (month) => daysOfMonth(month).filter((d) => day(d).business),
  };
}
const NATIONAL = makeBusinessCalendar();
