import { useEffect, useState } from 'react';
import type { ParamChanges } from '../hooks/useListQuery';

/**
 * "Anomalies only" (the monthly review's filter) in a list's toolbar. The box follows the click at
 * once, the address (and so the list) a moment later; from "all months" it shows this month's
 * anomalies (the store judges one month at a time).
 */
export function AnomaliesOnlyToggle({ value, month, update, label, className }: { value: boolean; month: string | undefined; update: (changes: ParamChanges) => void; label: string; className?: string }) {
  const [checked, setChecked] = useState(value);
  useEffect(() => setChecked(value), [value]);
  return (
    <label className={`checkbox${className ? ` ${className}` : ''}`}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => {
          setChecked(e.target.checked);
          update({ anomalies: e.target.checked, ...(e.target.checked && !month ? { month: undefined } : {}) });
        }}
        data-testid="filter-anomalies"
      />
      <span>{label}</span>
    </label>
  );
}
