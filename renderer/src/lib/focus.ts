/**
 * The element a screen shows in place of one that was focused, when the list it was in drew itself
 * again (a row's button made anew): the element itself if it is still on the page, else the one
 * with the same id, or the only one of its kind with the same accessible label ("訂正: 書庫A …"
 * names its record). Null when there is none, or more than one.
 */
export function stillThere(el: HTMLElement): HTMLElement | null {
  if (el.isConnected) return el;
  if (el.id) {
    const same = document.getElementById(el.id);
    if (same) return same;
  }
  const label = el.getAttribute('aria-label');
  if (!label) return null;
  const same = [...document.querySelectorAll<HTMLElement>(`${el.tagName}[aria-label]`)].filter((e) => e.getAttribute('aria-label') === label);
  return same.length === 1 ? same[0] : null;
}
