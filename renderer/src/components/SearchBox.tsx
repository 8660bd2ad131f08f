import { useTranslation } from 'react-i18next';
import { Search } from 'lucide-react';

/** A list's search box (the words are typed into it at once; the list follows when typing pauses). */
export function SearchBox({ value, onChange, placeholder, testId, className = 'toolbar-field toolbar-search' }: { value: string; onChange: (text: string) => void; placeholder: string; testId: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <label className={className}>
      <Search size={16} aria-hidden="true" className="toolbar-search-icon" />
      <span className="visually-hidden">{t('common.actions.search')}</span>
      <input type="search" className="input" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} maxLength={60} data-testid={testId} />
    </label>
  );
}
