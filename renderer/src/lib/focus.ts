/**
 * The element a screen shows in place of one that was focused, when the list it was in drew itself
 * again (a row's button made anew): the element itself if it is still on the page, else the one
 * with the same id, or the only one of its kind with the same accessible label ("訂正: 書庫A …"
 * names its record). Null when there is none, or more than one.
 */
export function stillThere(el: HTMLElement, ancestors: readonly HTMLElement[] = []): HTMLElement | null {
  if (el.isConnected) return el;
  if (el.id) {
    const same = document.getElementById(el.id);
    if (same) return same;
  }
  const label = el.getAttribute('aria-label');
  if (!label) return null;
  const same = [...document.querySelectorAll<HTMLElement>(`${el.tagName}[aria-label]`)].filter((e) => e.getAttribute('aria-label') === label);
  if (same.length === 1) return same[0];
  // The same action of the same record, whose name changed with it (a walk-through: after a correction of
  // a visitor's company, 「訂正: 高橋 誠 / 新しい会社名」 was another button, and focus went to a sort button).
  const id = recordOf(el, ancestors);
  const verb = /^([^:]+): /.exec(label)?.[1];
  if (id === null || !verb) return null;
  const row = [...document.querySelectorAll<HTMLElement>('[data-id]')].find((r) => r.dataset.id === id);
  const action = row ? [...row.querySelectorAll<HTMLElement>(`${el.tagName}[aria-label]`)].filter((e) => e.getAttribute('aria-label')!.startsWith(`${verb}: `)) : [];
  return action.length === 1 ? action[0] : null;
}

/** The record (its id) of the list row an element is, or was, in (its ancestors when it was focused, for one gone since): rows carry `data-id`. */
function recordOf(el: HTMLElement, ancestors: readonly HTMLElement[] = []): string | null {
  return el.closest<HTMLElement>('[data-id]')?.dataset.id ?? rowIn(ancestors);
}

const rowIn = (ancestors: readonly HTMLElement[]): string | null => ancestors.find((a) => a.dataset.id !== undefined)?.dataset.id ?? null;

/** What can take focus from the keyboard, in document order. */
export const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const shown = (el: HTMLElement) => el.getClientRects().length > 0 && !el.closest('[inert]');

/** The row a row's action names after a colon (RowActions: 「返却: PC-001 / 山田 太郎」 names 「PC-001 / 山田 太郎」), else null. */
export function rowOfAction(el: HTMLElement | null): string | null {
  const m = /^[^:]+: (.+)$/.exec(el?.getAttribute('aria-label') ?? '');
  return m ? m[1] : null;
}

/**
 * Focus the nearest control still on the page around where something was (`row`: the row whose
 * action was there — then not another row's action: a walk-through, after a return, found focus on
 * the next laptop's 返却, one Enter from the wrong dialog): the first control of the
 * nearest of its ancestors that is still there, no wider than a part of the page; else the main area.
 * Returns false when nothing took focus.
 */
export function focusNearest(ancestors: readonly HTMLElement[], main: HTMLElement | null, orMain = true, row: string | null = null): boolean {
  const allowed = placeFor(ancestors, row);
  for (const a of ancestors) {
    if (!a.isConnected) continue;
    if (a === main || (main && a.contains(main))) break;
    const next = [...a.querySelectorAll<HTMLElement>(FOCUSABLE)].find(allowed) ?? null;
    if (next) {
      next.focus({ preventScroll: true });
      next.scrollIntoView({ block: 'nearest' });
      return true;
    }
  }
  if (!orMain || !main) return false;
  main.focus({ preventScroll: true });
  return true;
}

/**
 * Where focus may be put for someone whose control went (or was disabled) in a row (its ancestors;
 * `row`: the row its action named): on the page and not inert; not another row's action (a
 * walk-through, after a return, found focus on the next laptop's 返却, one Enter from the wrong
 * dialog); not an action that takes back what was just done (RowAction.undo); not a list's sort
 * button (a walk-through: after a void, Enter out of habit sorted the list again).
 */
function placeFor(ancestors: readonly HTMLElement[], row: string | null): (el: HTMLElement) => boolean {
  // The row by its record where rows carry one (its name may have changed with it), else by the name its actions give it.
  const rowId = rowIn(ancestors);
  const otherRow = (el: HTMLElement) => {
    const id = rowId === null ? null : recordOf(el);
    if (id !== null) return id !== rowId;
    return row !== null && rowOfAction(el) !== null && rowOfAction(el) !== row;
  };
  return (el) => shown(el) && !otherRow(el) && !el.hasAttribute('data-undo') && !el.closest('thead');
}

/**
 * Focus the control nearest to one still on the page that can no longer take focus (disabled by its
 * own press): within the nearest of its ancestors that has one, the place it marks to rest on
 * (`data-focus-rest`: the pager's 3 / 3ページ, not 前のページ, where the next Enter of one who pressed
 * 次のページ once too often would page back: a review), else the last control before it, else the
 * first after it. Else the main area.
 */
export function focusBeside(el: HTMLElement, ancestors: readonly HTMLElement[], main: HTMLElement | null): void {
  // As anywhere focus is put for someone: never onto another row's action (a 今すぐ施錠 disabled while it works is no way to the next row's).
  const allowed = placeFor(ancestors, rowOfAction(el));
  for (const a of ancestors) {
    if (!a.isConnected) continue;
    if (a === main || (main && a.contains(main))) break;
    // (Of its own group only: the pager's buttons, not a control elsewhere on the list.)
    const rest = a.querySelector<HTMLElement>('[data-focus-rest]');
    if (rest && rest.parentElement?.contains(el) && shown(rest)) {
      rest.focus({ preventScroll: true });
      return;
    }
    const all = [...a.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((c) => c !== el && allowed(c));
    const before = all.filter((c) => c.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    const next = before.at(-1) ?? all[0];
    if (next) {
      next.focus({ preventScroll: true });
      return;
    }
  }
  main?.focus({ preventScroll: true });
}
