import { useTranslation } from 'react-i18next';
import { formatDate, formatDateShort, formatDateTime, formatMonth } from '../../../shared/dates';
import type { Language } from '../../../shared/i18n';

/** Japan time, whatever the PC's own zone (a walk-through: a PC set to UTC showed 16:23 for 01:23). */
const JAPAN = { timeZone: 'Asia/Tokyo' } as const;

/** Date formatting in the current language (和暦 for Japanese), in Japan time. */
export function useDates() {
  const { i18n } = useTranslation();
  const lang = (i18n.resolvedLanguage ?? 'ja') as Language;
  return {
    lang,
    date: (v: string | Date, weekday = false) => formatDate(v, lang, { weekday, ...JAPAN }),
    /** A day in a dense list: 12月4日（金） within this year (the list's month says the year), the full form otherwise. */
    dayShort: (v: string | Date) => formatDateShort(v, lang, new Date(), JAPAN.timeZone),
    dateTime: (v: string | Date) => formatDateTime(v, lang, JAPAN),
    /** A month (YYYY-MM): 令和8年11月. */
    month: (v: string) => formatMonth(v, lang),
  };
}
