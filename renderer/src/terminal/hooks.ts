import { useEffect, useRef, useState } from 'react';

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
