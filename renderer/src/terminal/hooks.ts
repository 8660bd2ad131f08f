import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { CardReads, isReadChar, type Judged } from './cardReads';

/** The current time, updated every second (the kiosk clock). */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

const INPUT_EVENTS = ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel'] as const;

/**
 * SPEC §7: back to the idle screen after `seconds` without input. Every touch, click or key press
 * restarts the wait; `active` false (the idle screen itself) turns it off.
 */
export function useIdleReset(active: boolean, seconds: number, onIdle: () => void, resetKey: unknown): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    if (!active) return;
    let timer = window.setTimeout(() => onIdleRef.current(), seconds * 1000);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => onIdleRef.current(), seconds * 1000);
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, restart, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of INPUT_EVENTS) window.removeEventListener(e, restart, { capture: true });
    };
  }, [active, seconds, resetKey]);
}

/** Call `fn` once after `ms` while `active` (the confirmation and refusal screens go back by themselves). */
export function useAfter(active: boolean, ms: number, fn: () => void, resetKey: unknown): void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    if (!active) return;
    const timer = window.setTimeout(() => fnRef.current(), ms);
    return () => window.clearTimeout(timer);
  }, [active, ms, resetKey]);
}

/** A key typed into a text field is that field's (never a card read). */
function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);
}

const CARD_MAX = 64;

/**
 * Whose each key is (cardReads.ts): judged once, as it comes, by the time it was pressed — before
 * any screen sees it (this listener is the window's first), and whether a screen listens or not.
 */
const reads = new CardReads();
const judged = new WeakMap<KeyboardEvent, Judged>();
/** Whose this key is, and the read it is part of (cardReads.ts). */
export function readOf(e: KeyboardEvent): Judged {
  let j = judged.get(e);
  if (j === undefined) {
    // A key with Ctrl, Alt or ⌘ is no character of a read, nor an Enter that ends one.
    j = reads.judge(e.ctrlKey || e.metaKey || e.altKey ? '' : e.key, e.timeStamp);
    judged.set(e, j);
  }
  return j;
}
const screenOf = (e: KeyboardEvent): number => readOf(e).screen;
if (typeof window !== 'undefined') window.addEventListener('keydown', (e) => void readOf(e), { capture: true, passive: true });

/**
 * A screen that takes keys (the idle screen's card input, the keypad), from the moment it is drawn
 * to the moment it goes: its number in `screen`. A read under way as it appears is carried to it
 * whole when it `takesOver` reads (it takes a card read as one, wherever it began), else its rest
 * and its Enter are no keys of this screen's (dropped: the read is kept whole, never judged by its tail).
 */
export function useReadScreen(takesOver: boolean): RefObject<number> {
  const screen = useRef(0);
  useLayoutEffect(() => {
    const s = reads.open(takesOver);
    screen.current = s;
    return () => reads.close(s);
  }, [takesOver]);
  return screen;
}

/** The idle screen's keys (useReadScreen): whether a key is its own. */
export function useOwnKeys(takesOver = false): (e: KeyboardEvent) => boolean {
  const screen = useReadScreen(takesOver);
  return useCallback((e: KeyboardEvent) => screenOf(e) === screen.current, [screen]);
}

/** A card's number has at least this many characters (shared/ledgers/people.ts): fewer typed before Enter are no card read. */
export const CARD_MIN = 4;

/**
 * The card reader on a screen without the card input (the confirmation and refusal screens, the
 * person screen): a keyboard-wedge reader types the card number and Enter wherever the focus is, so
 * every character typed is kept and Enter hands them on as a card read (`onCard`) when there are at
 * least `minLength`. Otherwise Enter is `onEnter` (back to the idle screen) — unless it is aimed at a
 * control outside `scope` (the language switch), which keeps its own Enter — or, with `onEnter`
 * null, the focused control's own. `resetKey` (the screen) starts a new read.
 */
export function useCardReader(active: boolean, scope: RefObject<HTMLElement | null>, onCard: (cardNo: string) => void, onEnter: (() => void) | null, resetKey: unknown, minLength = 1): void {
  const onCardRef = useRef(onCard);
  onCardRef.current = onCard;
  const onEnterRef = useRef(onEnter);
  onEnterRef.current = onEnter;
  // Taking keys from the moment the screen is drawn (a layout effect, not a passive one that runs
  // later): a key that comes before is no key lost, nor the first of a read cut in two.
  useLayoutEffect(() => {
    if (!active) return;
    const screen = reads.open();
    let typed = '';
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
      // A read under way as this screen appeared (a card held to the reader twice: the second read's
      // first characters went to the screen before) is no read of this screen's: its rest and its
      // Enter are dropped — identified as an unknown card by its tail, it was refused and journaled,
      // and its Enter could press this screen's focused button (a walk-through). Judged by when each
      // key was pressed, not by when this screen's listener ran (cardReads.ts).
      if (screenOf(e) !== screen) {
        if (e.key === 'Enter') e.preventDefault();
        return;
      }
      if (e.key === 'Enter') {
        const cardNo = typed.trim();
        typed = '';
        if (cardNo.length >= minLength) {
          e.preventDefault();
          onCardRef.current(cardNo);
          return;
        }
        const target = e.target instanceof Node ? e.target : null;
        const ours = !target || target === document.body || target === document.documentElement || !!scope.current?.contains(target);
        if (!ours || e.repeat || !onEnterRef.current) return;
        e.preventDefault();
        onEnterRef.current();
        return;
      }
      // Printable characters only (a space still presses the focused button).
      if (isReadChar(e.key) && typed.length < CARD_MAX) typed += e.key;
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      reads.close(screen);
    };
  }, [active, scope, resetKey, minLength]);
}

/**
 * The focus of a kiosk screen without the card input: on `ref` when the screen appears, and back on
 * it whenever it would fall to the page itself (a tap on the background), never on <body>.
 */
export function useFocusHome(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
    let timer = 0;
    const onFocusOut = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        const at = document.activeElement;
        if ((!at || at === document.body) && !document.querySelector('dialog[open]')) ref.current?.focus({ preventScroll: true });
      }, 0);
    };
    document.addEventListener('focusout', onFocusOut);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [ref]);
}
