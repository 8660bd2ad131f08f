import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input } from '../../../shared/api/contract';
import type { ServerRoomAnomaly } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { Alert } from '../components/Alert';
import { usePunct } from '../hooks/usePunct';
import { useServerRoomText } from './text';

/** How long the form waits after the last keystroke before it asks. */
const WAIT_MS = 300;

/**
 * What the stay as typed would be marked with once recorded (serverRoom.preview): a late record, a
 * stay outside business hours, a visitor without an escort, said at the form before it is saved — as
 * the cabinet form says an opener may not, and the return form a borrower receiving their own return.
 * Nothing is asked while the form cannot say who entered or when (`input` null).
 */
export function StayPreview({ input, className }: { input: Input<'serverRoom.preview'> | null; className?: string }) {
  const { t } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  const key = input ? JSON.stringify(input) : '';
  const [anomalies, setAnomalies] = useState<ServerRoomAnomaly[]>([]);
  useEffect(() => {
    if (!key) return setAnomalies([]);
    let live = true;
    const timer = window.setTimeout(() => {
      void api('serverRoom.preview', JSON.parse(key) as Input<'serverRoom.preview'>).then((r) => {
        if (live) setAnomalies(r.ok ? r.value.anomalies : []);
      });
    }, WAIT_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [key]);
  if (anomalies.length === 0) return null;
  return (
    <div className={className} data-testid="stay-preview">
      <Alert tone="warning">
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
      </Alert>
    </div>
  );
}
