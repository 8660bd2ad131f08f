import type { ReactNode, Ref } from 'react';

/**
 * A table's scroll area that the keyboard can reach (WCAG 2.1.1; axe's scrollable-region-focusable):
 * focusable, a region named as the page or section that holds it, so the arrow keys scroll a table
 * wider or longer than its box. The lists of records (VirtualTable) and the admin screens' tables (a
 * probe: their scroll areas could not be reached without a mouse).
 */
export function ScrollRegion({ label, children, ref, busy, sideways = false }: { label: string; children: ReactNode; ref?: Ref<HTMLDivElement>; busy?: boolean; sideways?: boolean }) {
  return (
    <div className="table-scroll" ref={ref} aria-busy={busy} tabIndex={0} role="region" aria-label={label} data-sideways={sideways || undefined}>
      {children}
    </div>
  );
}
