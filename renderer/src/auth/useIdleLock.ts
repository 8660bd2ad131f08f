import { useEffect } from 'react';
import { lastContact, refreshSession } from '../api/api';
import { useApp } from '../state/app';
import { lockScreen } from './session-actions';

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'mousemove', 'keydown', 'input', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 5_000;
const HEARTBEAT_MS = 60_000;

/** How long after the core's idle clock last restarted a heartbeat goes: once a minute, or at half the lock's time when that is shorter (a 1-minute lock). */
function heartbeatAfter(lockMinutes: number): number {
  return Math.min(HEARTBEAT_MS, (lockMinutes * 60_000) / 2);
}

/**
 * Art. 11(4) idle lock. After `idleLockMinutes` without mouse or keyboard input the window locks
 * (the core is told, so nothing but unlock works until the password is entered). While the
 * person is active, a heartbeat at most once a minute (half the lock's time, when shorter) keeps the
 * core's idle clock in step: dashboard polls do not count (see `lastContact`).
 */
export function useIdleLock(): void {
  const minutes = useApp((s) => s.session?.idleLockMinutes ?? 5);
  const locked = useApp((s) => s.locked);

  useEffect(() => {
    if (locked) return;
    let lastInput = Date.now();
    let beating = false;
    const onInput = () => {
      lastInput = Date.now();
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now - lastInput >= minutes * 60_000) {
        void lockScreen();
        return;
      }
      if (!beating && lastInput > lastContact() && now - lastContact() >= heartbeatAfter(minutes)) {
        beating = true;
        void refreshSession().finally(() => {
          beating = false;
        });
      }
    }, CHECK_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    };
  }, [locked, minutes]);
}
