import { useEffect, useState } from 'react';
import { TriangleAlert } from 'lucide-react';
import type { ApiResult } from '../../../shared/api/errors';

/** How long a form waits after the last keystroke before it asks. */
const WAIT_MS = 300;
/** Asked again while the form stays open: an open record, or one near the late-record limit, changes with the time. */
const AGAIN_MS = 60_000;

/**
 * What a record as typed would be marked with once recorded (a ledger's `preview`): asked of the core,
 * which judges it as the save would. Nothing is asked while the form cannot say enough (`input` null)
 * or there is nothing to judge (undefined);
 * an answer is shown only for the input it was asked of, and a refusal shows none (the save says it).
 * While the form cannot be asked (a field in error, one emptied), the last answer stays, said to be of
 * the form as it was (`stale`): a user probe saw the footer go blank at an NG item with no remark yet,
 * the anomalies it had named still there. `ask`: the ledger's method, the same function for the form's life.
 */
export function useAnomalyPreview<A>(ask: (input: unknown) => Promise<ApiResult<{ anomalies: A[] }>>, input: unknown): { anomalies: A[]; stale: boolean } {
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
  // (undefined: nothing to judge — a correction with nothing changed — so nothing said.)
  if (!key) return input === undefined ? { anomalies: [], stale: false } : { anomalies: answer.anomalies, stale: answer.anomalies.length > 0 };
  return { anomalies: answer.key === key ? answer.anomalies : [], stale: false };
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
