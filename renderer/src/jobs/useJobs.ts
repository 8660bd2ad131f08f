import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackupStatus, JobInfo } from '../../../shared/domain/jobs';
import { api } from '../api/api';

/** How often the list is asked for while a job runs (a passive call: not activity for the idle lock). */
const POLL_MS = 500;

/**
 * Running and recent jobs, polled every 500 ms while one runs (and not at all otherwise);
 * `refresh` after starting or cancelling one. `onEnded` hears of each job that ended meanwhile.
 */
export function useJobs(onEnded?: (job: JobInfo) => void) {
  const [jobs, setJobs] = useState<JobInfo[] | null>(null);
  const [tick, setTick] = useState(0);
  const running = useRef(new Set<string>());
  const ended = useRef(onEnded);
  ended.current = onEnded;
  const refresh = useCallback(() => setTick((x) => x + 1), []);
  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const load = async () => {
      const r = await api('jobs.list', {});
      if (!live || !r.ok) return;
      setJobs(r.value);
      for (const j of r.value) {
        if (j.state === 'running') running.current.add(j.id);
        else if (running.current.delete(j.id)) ended.current?.(j);
      }
      if (r.value.some((j) => j.state === 'running')) timer = window.setTimeout(() => void load(), POLL_MS);
    };
    void load();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [tick]);
  return { jobs, refresh };
}

/** The last good backup and verify, and whether a backup is due (not asked when `enabled` is false); reload with `reload`. */
export function useBackupStatus(enabled = true) {
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void api('backup.status', {}).then((r) => {
      if (live && r.ok) setStatus(r.value);
    });
    return () => {
      live = false;
    };
  }, [tick, enabled]);
  return { status, reload };
}
