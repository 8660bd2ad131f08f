import { useTranslation } from 'react-i18next';
import { checkItemKey, type CheckItem } from '../../../shared/ledgers/lastExit';
import { usePunct } from '../hooks/usePunct';

/** A checklist item in the screen's language: the product's own items from the catalog (窓の施錠 → Windows locked), a company's own as typed. */
export function useCheckItemText(): (item: string) => string {
  const { t } = useTranslation();
  return (item) => {
    const key = checkItemKey(item);
    return key ? t(key) : item;
  };
}

/** A checklist's items as a history shows them: each item, OK or NG, and an NG's remark. */
export function CheckItemsValue({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const p = usePunct();
  const itemText = useCheckItemText();
  if (!Array.isArray(value)) return <span className="mono">{JSON.stringify(value)}</span>;
  return (
    <ul className="check-items-value">
      {(value as CheckItem[]).map((it, i) => (
        <li key={i}>
          {itemText(it.item)}
          {p.colon}
          <strong className={it.ok ? undefined : 'check-ng'}>{it.ok ? t('lastExit.form.ok') : t('lastExit.form.ng')}</strong>
          {!it.ok && it.remark ? `${p.open}${it.remark}${p.close}` : null}
        </li>
      ))}
    </ul>
  );
}
