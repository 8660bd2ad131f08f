import { makeBusinessCalendar, type BusinessCalendar } from '../../shared/calendar';
import type { Settings } from './settings';

/**
 * The business calendar of a site (SPEC §4.4), which every ledger's rules use: weekends and national
 * holidays today. Company holidays and worked holidays per site plug in here once the calendar
 * settings exist (issue 10).
 */
export function siteCalendar(_settings: Settings, _siteId: string): BusinessCalendar {
  return NATIONAL;
}
const NATIONAL = makeBusinessCalendar();
