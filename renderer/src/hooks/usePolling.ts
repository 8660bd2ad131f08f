import { useCallback, useEffect, useState } from 'react';
import type { ApiResult } from '../../../shared/api/errors';

/**
 * What a dashboard panel shows now (who is inside, cabinets open, assets out): loaded when shown,
 * again every `ms` and on `refresh()`; nothing is loaded while `enabled` is false. A late answer
 * for a panel already gone is dropped.
 */
export function usePolling<T>(load: () => Promise<ApiResult<T>>, ms: number, enabled = true, deps: readonly unknown[] = []) {
  const [value, setValue] = useState<T | null>(null);
  const [at, setAt] = useState<Date | null>(null);
  const [n, setN] = useState(0);
  const refresh = useCallback(() => setN((x) => x + 1), []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const run = () =>
      void load().then((r) => {
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
    // `load` is a new function each render; `deps` say when it loads something else.
  }, [enabled, ms, n, ...deps]);
  return { value, at, refresh };
}
