import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TriangleAlert } from 'lucide-react';
import type { Input } from '../../../shared/api/contract';
import type { ServerRoomAnomaly } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { usePunct } from '../hooks/usePunct';
import { useServerRoomText } from './text';

/** How long the form waits after the last keystroke before it asks. */
const WAIT_MS = 300;
/** Asked again while the form stays open: an open stay, or one near the late-record limit, changes with the time. */
const AGAIN_MS = 60_000;

/**
 * What the stay as typed would be marked with once recorded (serverRoom.preview): a late record, a
 * stay outside business hours, a visitor without an escort — said at the form before it is saved, as
 * the cabinet form says an opener may not. Nothing is asked while the form cannot say who entered or
 * when (`input` null); an answer is shown only for the input it was asked of (never a stale one).
 */
export function useStayPreview(input: Input<'serverRoom.preview'> | null): ServerRoomAnomaly[] {
  const key = input ? JSON.stringify(input) : '';
  const [answer, setAnswer] = useState<{ key: string; anomalies: ServerRoomAnomaly[] }>({ key: '', anomalies: [] });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), AGAIN_MS);
    return () => window.clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = window.setTimeout(() => {
      void api('serverRoom.preview', JSON.parse(key) as Input<'serverRoom.preview'>).then((r) => {
        if (live) setAnswer({ key, anomalies: r.ok ? r.value.anomalies : [] });
      });
    }, WAIT_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [key, tick]);
  return key && answer.key === key ? answer.anomalies : [];
}

/**
 * The anomalies' names in one line, for the dialog's footer (in sight however far the form is
 * scrolled). Always there, empty when there is nothing to say: a polite live region that reads out
 * only what changes it — the set of anomalies, not their minutes.
 */
export function StayPreviewSummary({ anomalies }: { anomalies: ServerRoomAnomaly[] }) {
  const { t } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  return (
    <p className="sr-preview-summary" aria-live="polite" data-testid="stay-preview-summary">
      {anomalies.length > 0 && (
        <>
          <TriangleAlert size={16} aria-hidden="true" />
          {t('serverRoom.ui.record.previewSummary', { anomalies: p.list(anomalies.map((a) => text.anomalyLabel(a))) })}
        </>
      )}
    </p>
  );
}

/** Each anomaly with its sentence, at the end of the form (no live region: the summary speaks). */
export function StayPreviewDetails({ anomalies, className }: { anomalies: ServerRoomAnomaly[]; className?: string }) {
  const { t } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  if (anomalies.length === 0) return null;
  return (
    <div className={`alert alert-warning ${className ?? ''}`} data-testid="stay-preview">
      <TriangleAlert size={18} aria-hidden="true" className="alert-icon" />
      <div>
        <p>{t('serverRoom.ui.record.preview')}</p>
        <ul className="sr-preview-list">
          {anomalies.map((a) => (
            <li key={a.code} data-code={a.code}>
              <strong>{text.anomalyLabel(a)}</strong>
              {p.colon}
              {text.anomalyDetail(a)}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
