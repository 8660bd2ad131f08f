import type { LucideIcon } from 'lucide-react';

/** One action on a row of a list: an icon button whose accessible name is "<label>: <the row>". */
export interface RowAction {
  key: string;
  label: string;
  icon: LucideIcon;
  onClick: () => void;
  /** Takes something away (void, deactivate): red on hover. */
  danger?: boolean;
  /**
   * Takes back what was just done (a card's return): never where focus lands when the action it
   * replaced goes (a walk-through: 退館 saved, focus sat on 返却を取り消す, one Enter from undoing it).
   */
  undo?: boolean;
}

/** Icon buttons on one line of a row's actions; more go onto a second line. */
const PER_LINE = 3;

/** Buttons a line holds for `count` actions: as few lines as PER_LINE allows, as even as they can be (four are two and two, not three and a lone 履歴). */
function perLine(count: number): number {
  const n = Math.max(1, count);
  return Math.ceil(n / Math.ceil(n / PER_LINE));
}

/**
 * The width of an actions column that holds up to `count` icon buttons: at most PER_LINE a line, so
 * that a list with many actions (a checkout: return, loss, correct, void, history) keeps its data
 * columns in view (a walk-through: the sticky actions covered the 状態・異常 column at 1280 px).
 */
export function rowActionsWidth(count: number): string {
  // Buttons of 32 px, 2 px apart, in a cell padded 4 px each side (.col-end).
  return `${6 + 34 * perLine(count)}px`;
}

/**
 * The actions at the end of a ledger's row (every list: the registers, the books, the kit's):
 * icon buttons so the data columns keep their width, each named with the row it acts on.
 */
export function RowActions({ actions, name, note }: { actions: readonly RowAction[]; name: string; note?: string }) {
  return (
    <div className="row-actions row-actions-wrap">
      {/* Why an action is not offered on this row (a record of one's own is corrected by another keeper): said in words, not left out unexplained. */}
      {note && (
        <span className="row-actions-note" data-testid="row-actions-note">
          {note}
        </span>
      )}
      {actions.map(({ key, label, icon: Icon, onClick, danger, undo }) => (
        <button key={key} type="button" className={`icon-button${danger ? ' icon-button-danger' : ''}`} onClick={onClick} aria-label={`${label}: ${name}`} title={label} data-tip={label} data-undo={undo || undefined}>
          <Icon size={16} aria-hidden="true" />
        </button>
      ))}
    </div>
  );
}
