import { useCallback, useEffect, useRef, useState } from 'react';
import type { Input } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { JobInfo } from '../../../shared/domain/jobs';
import { api } from '../api/api';

const POLL_MS = 400;

/** Save bytes as a file the way the browser (or Electron's download) saves a link's target. */
export function saveFile(data: BlobPart, filename: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([data], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // The download has taken the bytes by the next turn.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A PDF export in the core's job runner (issue 12): start it, follow its progress (a passive poll),
 * cancel it, and when it is done take the file and save it. `saved` names the file last saved.
 */
export function useExport() {
  const [job, setJob] = useState<JobInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // A bundle's ledgers left out (the maker may not read them), said with the saved message as on its cover.
  const [leftOut, setLeftOut] = useState<string[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const live = useRef(true);
  const running = useRef<string | null>(null);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      window.clearTimeout(timer.current);
      // Leaving the page stops what it started: no PDF is made (and held) for no one.
      if (running.current) void api('print.exportCancel', { id: running.current });
    };
  }, []);

  const follow = useCallback(async (id: string) => {
    const r = await api('print.exportStatus', { id });
    if (!live.current) return;
    if (!r.ok) {
      setJob(null);
      return setError(r.error);
    }
    setJob(r.value);
    running.current = r.value.state === 'running' ? id : null;
    if (r.value.state === 'running') {
      timer.current = window.setTimeout(() => void follow(id), POLL_MS);
      return;
    }
    if (r.value.state === 'failed' && r.value.error) setError({ code: 'internal', messageKey: r.value.error.messageKey, params: r.value.error.params });
    if (r.value.state !== 'succeeded') return setJob(null);
    const file = await api('print.download', { id });
    if (!live.current) return;
    setJob(null);
    if (!file.ok) return setError(file.error);
    saveFile(bytesOf(file.value.base64), file.value.filename, file.value.mime);
    setSaved(file.value.filename);
    setLeftOut(r.value.result?.leftOut ?? []);
  }, []);

  const start = useCallback(
    async (input: Input<'print.export'>) => {
      setError(null);
      setSaved(null);
      setLeftOut([]);
      const r = await api('print.export', input);
      if (!r.ok) return setError(r.error);
      setJob(r.value);
      void follow(r.value.id);
    },
    [follow],
  );

  const cancel = useCallback(async (id: string) => {
    const r = await api('print.exportCancel', { id });
    if (r.ok) setJob(r.value);
  }, []);

  return { job, error, saved, leftOut, start, cancel };
}
