import { daysOfMonth, jstDayStart, makeBusinessCalendar, type BusinessCalendar, type CompanyCalendar } from '../../shared/calendar';
import type { Settings } from './settings';

/** The setting that holds a site's company holidays and worked holidays (calendar.update). */
export function calendarKey(siteId: string): `calendar.site.${string}` {
  return `calendar.site.${siteId}`;
}

/**
 * The business calendar of a site (SPEC §4.4), which every ledger's rules use: weekends and national
 * holidays (from the maintained library), the site's company holidays, and holidays it works.
 *
 * Each day is judged by the calendar as it stood when that day began (setting-versions.ts): a company
 * holiday typed in on the day or afterwards does not take away a day's missing checklist (found by an
 * insider probe: declared at 23:50, it did), while one planned ahead is in force on its day.
 */
export function siteCalendar(settings: Settings, siteId: string): BusinessCalendar {
  const asOf = settings.timeline(calendarKey(siteId), (saved) => (saved ? makeBusinessCalendar(saved as CompanyCalendar) : NATIONAL));
  const day = (date: string) => asOf(jstDayStart(date)).day(date);
  return {
    day,
    isBusinessDay: (date) => day(date).business,
    businessDaysOfMonth: (month) => daysOfMonth(month).filter((d) => day(d).business),
  };
}
const NATIONAL = makeBusinessCalendar();

/** Each site's business calendar, read once per call (a month's review judges thousands of records). */
export function calendarReader(settings: Settings): (siteId: string) => BusinessCalendar {
  const cache = new Map<string, BusinessCalendar>();
  return (siteId) => {
    let c = cache.get(siteId);
    if (!c) cache.set(siteId, (c = siteCalendar(settings, siteId)));
    return c;
  };
}
