import { useEffect, useRef, type RefObject } from 'react';
import { useLocation, useNavigationType } from 'react-router';

/**
 * How long a page may take to draw the control again (a list loading its rows): long enough for a
 * slow PC or a host across the office network (a CI run on a loaded machine: 3 seconds were not), and
 * given up at once when the user does anything meanwhile.
 */
const WAIT_MS = 15_000;

/** A control's name as a user would find it: its accessible name where set, else its text. */
const nameOf = (el: Element): string => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();

/**
 * WCAG 2.4.3: back on a page (the browser's back, or a history's way back to its list), focus is on
 * the control that left it — a row's 履歴 button — not at the top of the page, where a keyboard user
 * had to Tab through the filters and every row again (a walk-through). Remembered per entry of the
 * window's history, by the control's accessible name (the row it names: 「履歴: 書庫A / 山田 太郎…」).
 */
export function useReturnFocus(main: RefObject<HTMLElement | null>): void {
  const location = useLocation();
  const navigation = useNavigationType();
  const left = useRef(new Map<string, string>());
  const here = useRef(location.key);
  here.current = location.key;

  // The last control used on a page (a click or Enter on a button or a link) is the one that left it.
  useEffect(() => {
    const el = main.current;
    if (!el) return;
    const onClick = (e: MouseEvent) => {
      const control = e.target instanceof Element ? e.target.closest('button, a[href]') : null;
      const name = control ? nameOf(control) : '';
      if (control && name) left.current.set(here.current, name);
    };
    el.addEventListener('click', onClick, true);
    return () => el.removeEventListener('click', onClick, true);
  }, [main]);

  useEffect(() => {
    if (navigation !== 'POP') return;
    const name = left.current.get(location.key);
    const el = main.current;
    if (!name || !el) return;
    const find = () => [...el.querySelectorAll<HTMLElement>('button, a[href]')].find((c) => nameOf(c) === name);
    const tryFocus = () => {
      const control = find();
      if (!control) return false;
      control.focus();
      return true;
    };
    if (tryFocus()) return;
    // Drawn later (the list's rows come with its data): focused once it is there, unless the user went on meanwhile.
    const start = document.activeElement;
    const watch = new MutationObserver(() => {
      if (document.activeElement !== start && document.activeElement !== el && document.activeElement !== document.body) return watch.disconnect();
      if (tryFocus()) watch.disconnect();
    });
    watch.observe(el, { subtree: true, childList: true });
    const stop = window.setTimeout(() => watch.disconnect(), WAIT_MS);
    // The user went on (a key, a click): focus is theirs to move now.
    const wentOn = () => watch.disconnect();
    window.addEventListener('keydown', wentOn, { capture: true, once: true });
    window.addEventListener('pointerdown', wentOn, { capture: true, once: true });
    return () => {
      watch.disconnect();
      window.clearTimeout(stop);
      window.removeEventListener('keydown', wentOn, { capture: true });
      window.removeEventListener('pointerdown', wentOn, { capture: true });
    };
  }, [location.key, navigation, main]);
}
