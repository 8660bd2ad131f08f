import { Search } from 'lucide-react';

/**
 * A list's search box (the words are typed into it at once; the list follows when typing pauses).
 * Its name is the words it shows (「記録を検索」), not a shorter one (WCAG 2.5.3: a walk-through
 * heard 「検索」 for a box that reads 「記録を検索」).
 */
export function SearchBox({ value, onChange, placeholder, testId, className = 'toolbar-field toolbar-search' }: { value: string; onChange: (text: string) => void; placeholder: string; testId: string; className?: string }) {
  return (
    <label className={className}>
      <Search size={16} aria-hidden="true" className="toolbar-search-icon" />
      <span className="visually-hidden">{placeholder}</span>
      <input type="search" className="input" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} maxLength={60} data-testid={testId} />
    </label>
  );
}
