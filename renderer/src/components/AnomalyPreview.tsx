import { useEffect, useState } from 'react';
import { TriangleAlert } from 'lucide-react';
import type { ApiResult } from '../../../shared/api/errors';

/** How long a form waits after the last keystroke before it asks. */
const WAIT_MS = 300;
/** Asked again while the form stays open: an open record, or one near the late-record limit, changes with the time. */
const AGAIN_MS = 60_000;

/**
 * What a record as typed would be marked with once recorded (a ledger's `preview`): asked of the core,
 * which judges it as the save would. Nothing is asked while the form cannot say enough (`input` null);
 * an answer is shown only for the input it was asked of (never a stale one), and a refusal shows none
 * (the save says it). `ask`: the ledger's method, the same function for the form's life.
 */
export function useAnomalyPreview<A>(ask: (input: unknown) => Promise<ApiResult<{ anomalies: A[] }>>, input: unknown): A[] {
  const key = input === null || input === undefined ? '' : JSON.stringify(input);
  const [answer, setAnswer] = useState<{ key: string; anomalies: A[] }>({ key: '', anomalies: [] });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), AGAIN_MS);
    return () => window.clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = window.setTimeout(() => {
      void ask(JSON.parse(key)).then((r) => {
        if (live) setAnswer({ key, anomalies: r.ok ? r.value.anomalies : [] });
      });
    }, WAIT_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [ask, key, tick]);
  return key && answer.key === key ? answer.anomalies : [];
}

/**
 * The anomalies in one line, for a dialog's footer (in sight however far the form is scrolled).
 * Always there, empty when there is nothing to say: a polite live region that reads out only what
 * changes it. `text`: the sentence naming them, or null.
 */
export function AnomalyPreviewSummary({ text, testId }: { text: string | null; testId: string }) {
  return (
    <p className="sr-preview-summary" aria-live="polite" data-testid={testId}>
      {text && (
        <>
          <TriangleAlert size={16} aria-hidden="true" />
          {text}
        </>
      )}
    </p>
  );
}
