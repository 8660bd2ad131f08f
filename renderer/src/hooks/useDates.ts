import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatMonth } from '../../../shared/dates';
import type { Language } from '../../../shared/i18n';

/** Date formatting in the current language (和暦 for Japanese). */
export function useDates() {
  const { i18n } = useTranslation();
  const lang = (i18n.resolvedLanguage ?? 'ja') as Language;
  return {
    lang,
    date: (v: string | Date, weekday = false) => formatDate(v, lang, { weekday }),
    dateTime: (v: string | Date) => formatDateTime(v, lang),
    /** A month (YYYY-MM): 令和8年11月. */
    month: (v: string) => formatMonth(v, lang),
  };
}
