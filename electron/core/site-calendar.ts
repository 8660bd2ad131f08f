import { makeBusinessCalendar, type BusinessCalendar } from '../../shared/calendar';
import type { Settings } from './settings';

/** The setting that holds a site's company holidays and worked holidays (calendar.update). */
export function calendarKey(siteId: string): `calendar.site.${string}` {
  return `calendar.site.${siteId}`;
}

/**
 * The business calendar of a site (SPEC §4.4), which every ledger's rules use: weekends and national
 * holidays (from the maintained library), the site's company holidays, and holidays it works.
 */
export function siteCalendar(settings: Settings, siteId: string): BusinessCalendar {
  const saved = settings.get(calendarKey(siteId)) as { companyHolidays?: string[]; workedHolidays?: string[] } | undefined;
  return saved ? makeBusinessCalendar(saved) : NATIONAL;
}
const NATIONAL = makeBusinessCalendar();
