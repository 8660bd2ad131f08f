import { useCallback, useEffect, useState } from 'react';
import type { Input, Output } from '../../../shared/api/contract';
import type { PolledMethod } from '../../../shared/api/polled';
import { api } from '../api/api';

/**
 * What a dashboard panel shows now (who is inside, cabinets open, assets out): `method` (one of
 * POLLED_METHODS, each passive: a poll is not the person's activity for the idle lock) called
 * with `input` when shown, again every `ms` and on `refresh()`; nothing is loaded while `enabled`
 * is false. A late answer for a panel already gone is dropped. `deps` say when `input` changes.
 */
export function usePolling<M extends PolledMethod>(method: M, input: Input<M>, ms: number, enabled = true, deps: readonly unknown[] = []) {
  const [value, setValue] = useState<Output<M> | null>(null);
  const [at, setAt] = useState<Date | null>(null);
  const [n, setN] = useState(0);
  const refresh = useCallback(() => setN((x) => x + 1), []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const run = () =>
      void api(method, input).then((r) => {
        if (!live || !r.ok) return;
        setValue(r.value);
        setAt(new Date());
      });
    run();
    const timer = window.setInterval(run, ms);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
    // `input` is a new object each render; `deps` say when it asks for something else.
  }, [enabled, method, ms, n, ...deps]);
  return { value, at, refresh };
}
