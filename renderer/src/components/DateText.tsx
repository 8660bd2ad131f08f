import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatDateTimeShort } from '../../../shared/dates';
import type { Language } from '../../../shared/i18n';

/** A date in 和暦 (Japanese) or the English form; the exact value on hover. */
export function DateText({ value, time = false, weekday = false, short = false }: { value: string | null | undefined; time?: boolean; weekday?: boolean; short?: boolean }) {
  const { i18n } = useTranslation();
  if (!value) return <span className="muted">—</span>;
  const lang = (i18n.resolvedLanguage ?? 'ja') as Language;
  const text = short ? formatDateTimeShort(value, lang) : time ? formatDateTime(value, lang, { weekday }) : formatDate(value, lang, { weekday });
  return (
    <time dateTime={value} title={short ? formatDateTime(value, lang, { weekday: true }) : value}>
      {text}
    </time>
  );
}
