import { useTranslation } from 'react-i18next';
import { useDates } from '../hooks/useDates';
import type { ParamChanges } from '../hooks/useListQuery';

/**
 * A search inside one month says so, with a way to search every month (a user probe: 中村 searched in
 * December's book found one stay, 28 in all months, and nothing said the other months were left out).
 */
export function SearchScope({ search, month, update }: { search: string; month: string | undefined; update: (changes: ParamChanges) => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  if (!search.trim() || !month) return null;
  return (
    <p className="search-scope" data-testid="search-scope">
      <span>{t('common.searchScope.month', { month: dates.month(month) })}</span>{' '}
      <button type="button" className="btn-link" onClick={() => update({ month: 'all', anomalies: undefined })}>
        {t('common.searchScope.allMonths')}
      </button>
    </p>
  );
}
