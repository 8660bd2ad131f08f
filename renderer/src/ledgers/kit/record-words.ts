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
export function recordWords(def: LedgerDefinition, r: KitRecord): string[] {
  const own = ownNames(def, r);
  if (own.length > 0) return own;
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
  const timeField = def.fields.find((f) => f.key === def.timeField);
  return (r: KitRecord) => {
    const words = recordWords(def, r).join(' / ');
    if (!timeField) return words;
    const time = dates.dateTime(String(r[timeField.key]));
    // Mid-sentence in English: '(opened at …)', not '(Opened at …)' (an abbreviation such as 'ID' stays).
    const label = k.label(timeField);
    const field = dates.lang === 'en' && /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
    return words ? `${words}${t('ledgerKit.describeTime', { field, time })}` : time;
  };
}
