import { useEffect, type RefObject } from 'react';
import { focusBeside, focusNearest, rowOfAction, stillThere } from '../lib/focus';

/** A control that can no longer take focus where it is (次のページ on the last page, 次の月 at this month). */
const disabled = (el: HTMLElement) => el.matches(':disabled');

/**
 * WCAG 2.4.3 for the whole desk: when the element that has focus goes from the page — a row's
 * button once its record is locked, returned or signed out, a panel that reloads — focus does not
 * fall to the page (where the next Tab starts again at the top). It goes to the nearest part of the
 * page that is still there: the first control of the row, list or section the element was in, or
 * the main area when the whole page changed (as on a change of page). A control that is disabled
 * by its own press (次のページ on reaching the last page, 次の月 at this month) gives focus to the
 * nearest control beside it (a walk-through: focus fell to the page); one disabled only while it
 * works (保存 while saving, 印刷 while printing) gets focus back once enabled, if nothing else took it
 * meanwhile (a review: the next Enter toggled the day beside 保存). Focus a screen moves on its own
 * (a dialog, a field with an error) is left alone: this acts only when nothing has focus.
 */
export function useFocusKeeper(main: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    let last: HTMLElement | null = null;
    let ancestors: HTMLElement[] = [];
    // A control disabled while it works, and where its focus went meanwhile.
    let restore: { control: HTMLElement; meanwhile: Element | null } | null = null;
    const onFocusIn = (e: FocusEvent) => {
      if (!(e.target instanceof HTMLElement) || e.target === document.body) return;
      if (restore && e.target !== restore.meanwhile) restore = null;
      last = e.target;
      ancestors = [];
      for (let a = e.target.parentElement; a && a !== document.body; a = a.parentElement) ancestors.push(a);
    };
    // Focus left to the page by a click on nothing (the element is still there): nothing to keep.
    const onFocusOut = (e: FocusEvent) => {
      const left = e.target;
      window.setTimeout(() => {
        if (left === last && last?.isConnected && !disabled(last) && document.activeElement === document.body) last = null;
      }, 0);
    };
    let pending = 0;
    const keep = () => {
      pending = 0;
      if (!last || (last.isConnected && !disabled(last))) return;
      // Whatever the screen moved focus to itself (a heading, the opener) has it by now.
      if (document.activeElement && document.activeElement !== document.body && document.activeElement !== last) return;
      if (document.querySelector('dialog[open]')) return;
      if (last.isConnected) {
        const off = last;
        last = null;
        focusBeside(off, ancestors, main.current);
        restore = { control: off, meanwhile: document.activeElement };
        return;
      }
      const gone = last;
      last = null;
      // The same control drawn anew (a list that rendered its rows again) is where focus was.
      const same = stillThere(gone, ancestors);
      if (same) {
        same.focus({ preventScroll: true });
        // One that cannot take focus (going too: the same action in a panel that is redrawing) is no place.
        if (document.activeElement === same) return;
      }
      // Not onto another row's action (a walk-through: after a return, the next laptop's 返却).
      focusNearest(ancestors, main.current, gone !== main.current, rowOfAction(gone));
    };
    // After the screen's own effects (a task later), so focus moves once, not twice.
    const observer = new MutationObserver(() => {
      if (restore && !disabled(restore.control)) {
        const { control, meanwhile } = restore;
        restore = null;
        // Not when the control beside it is now a field with an error: the screen put focus there itself (it had it
        // already, so no focusin said so: a settings form's reason refused, and focus went back to 保存).
        const refused = meanwhile instanceof HTMLElement && meanwhile.getAttribute('aria-invalid') === 'true';
        if (control.isConnected && document.activeElement === meanwhile && !refused && !document.querySelector('dialog[open]')) control.focus({ preventScroll: true });
      }
      if (last && (!last.isConnected || disabled(last)) && !pending) pending = window.setTimeout(keep, 0);
    });
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
      observer.disconnect();
      window.clearTimeout(pending);
    };
  }, [main]);
}
