import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatDateTimeShort } from '../../../shared/dates';
import type { Language } from '../../../shared/i18n';

const JAPAN_TIME = 'Asia/Tokyo';

/**
 * A date in 和暦 (Japanese) or the English form, in Japan time as the ledgers keep it (a PC set to
 * another zone showed some times in its own: a walk-through); on hover, the full date and time in
 * words, not the stored value (it showed 「2026-11-30T09:00:00.000Z」).
 */
export function DateText({ value, time = false, weekday = false, short = false }: { value: string | null | undefined; time?: boolean; weekday?: boolean; short?: boolean }) {
  const { i18n } = useTranslation();
  if (!value) return <span className="muted">—</span>;
  const lang = (i18n.resolvedLanguage ?? 'ja') as Language;
  const zone = { timeZone: JAPAN_TIME };
  const text = short ? formatDateTimeShort(value, lang, undefined, JAPAN_TIME) : time ? formatDateTime(value, lang, { weekday, ...zone }) : formatDate(value, lang, { weekday, ...zone });
  const full = value.includes('T') ? formatDateTime(value, lang, { weekday: true, ...zone }) : formatDate(value, lang, { weekday: true });
  return (
    <time dateTime={value} title={full}>
      {text}
    </time>
  );
}
