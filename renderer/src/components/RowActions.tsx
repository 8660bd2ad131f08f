import type { LucideIcon } from 'lucide-react';

/** One action on a row of a list: an icon button whose accessible name is "<label>: <the row>". */
export interface RowAction {
  key: string;
  label: string;
  icon: LucideIcon;
  onClick: () => void;
  /** Takes something away (void, deactivate): red on hover. */
  danger?: boolean;
}

/** The width of an actions column that holds up to `count` icon buttons. */
export function rowActionsWidth(count: number): string {
  return `${12 + 34 * Math.max(1, count)}px`;
}

/**
 * The actions at the end of a ledger's row (every list: the registers, the books, the kit's):
 * icon buttons so the data columns keep their width, each named with the row it acts on.
 */
export function RowActions({ actions, name }: { actions: readonly RowAction[]; name: string }) {
  return (
    <div className="row-actions">
      {actions.map(({ key, label, icon: Icon, onClick, danger }) => (
        <button key={key} type="button" className={`icon-button${danger ? ' icon-button-danger' : ''}`} onClick={onClick} aria-label={`${label}: ${name}`} title={label}>
          <Icon size={16} aria-hidden="true" />
        </button>
      ))}
    </div>
  );
}
