import { useTranslation } from 'react-i18next';
import type { CheckItem } from '../../../shared/ledgers/lastExit';
import { usePunct } from '../hooks/usePunct';

/** A checklist's items as a history shows them: each item, OK or NG, and an NG's remark. */
export function CheckItemsValue({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const p = usePunct();
  if (!Array.isArray(value)) return <span className="mono">{JSON.stringify(value)}</span>;
  return (
    <ul className="check-items-value">
      {(value as CheckItem[]).map((it, i) => (
        <li key={i}>
          {it.item}
          {p.colon}
          <strong className={it.ok ? undefined : 'check-ng'}>{it.ok ? t('lastExit.form.ok') : t('lastExit.form.ng')}</strong>
          {!it.ok && it.remark ? `${p.open}${it.remark}${p.close}` : null}
        </li>
      ))}
    </ul>
  );
}
