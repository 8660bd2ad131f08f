import type { ReactNode } from 'react';

/**
 * A table's scroll area that the keyboard can reach (WCAG 2.1.1; axe's scrollable-region-focusable):
 * focusable, a region named as the page or section that holds it, so the arrow keys scroll a table
 * wider or longer than its box. The lists of records (VirtualTable) do the same for themselves; these
 * are the admin screens' tables (a probe: their scroll areas could not be reached without a mouse).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
