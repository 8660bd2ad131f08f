import { useTranslation } from 'react-i18next';
import { firstText, ownNames, refNames, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import { useDates } from '../../hooks/useDates';
import { useKitText } from './kit-api';
import type { KitRecord } from './KitValue';

/**
 * A record in a few words, for its buttons, its history's title and the message after a save:
 * a visitor by name and company (the definition's `nameFields`); a record of something that
 * happened by what and whom it names (人事書類庫 / 山田 太郎 for a cabinet opened, the asset and the
 * borrower for a checkout; a walk-through found them named by their purpose text); a register's
 * record, and anything else, by its first text (its code: C-01, PC-001).
 */
export function recordWords(def: LedgerDefinition, r: KitRecord, siteDay?: (site: string, day: string) => string): string[] {
  const own = ownNames(def, r);
  if (own.length > 0) return own;
  // A record of a site's business day (a last-exit checklist) is that site's checklist of that day
  // (本社・令和8年12月2日), then whom it names (a walk-through: 「「山田 太郎」を記録しました。」 read as if the person was recorded).
  const day = def.monthField ? def.fields.find((f) => f.key === def.monthField) : undefined;
  const site = def.siteField ? r.names?.[def.siteField] : undefined;
  if (siteDay && day?.type.kind === 'date' && typeof r[day.key] === 'string' && site) return [siteDay(site, String(r[day.key])), ...refNames(def, r, 1)];
  const refs = def.timeField ? refNames(def, r) : [];
  if (refs.length > 0) return refs;
  const text = firstText(def, r);
  return text ? [text] : [];
}

/**
 * How a record is named in buttons and dialogs: in a few words (recordWords), and its time with what
 * the time is (人事書類庫 / 山田 太郎（開錠日時 令和8年12月2日 04:46）; a walk-through: a bare time said
 * neither opened nor taken out).
 */
export function useDescribe(def: LedgerDefinition) {
  const { t } = useTranslation();
  const k = useKitText(def);
  const dates = useDates();
  const siteDay = useSiteDay();
  const timeField = def.fields.find((f) => f.key === def.timeField);
  return (r: KitRecord) => {
    const words = recordWords(def, r, siteDay).join(' / ');
    if (!timeField) return words;
    const time = dates.dateTime(String(r[timeField.key]));
    // Mid-sentence in English: '(opened at …)', not '(Opened at …)' (an abbreviation such as 'ID' stays).
    const label = k.label(timeField);
    const field = dates.lang === 'en' && /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
    return words ? `${words}${t('ledgerKit.describeTime', { field, time })}` : time;
  };
}

/** A site's business day in words (本社・令和8年12月2日; Head office, Dec 2, 2026), for recordWords. */
export function useSiteDay(): (site: string, day: string) => string {
  const { t } = useTranslation();
  const dates = useDates();
  return (site, day) => t('ledgerKit.siteDay', { site, day: dates.date(day) });
}
