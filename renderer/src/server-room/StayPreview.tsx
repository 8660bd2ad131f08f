import { useTranslation } from 'react-i18next';
import { TriangleAlert } from 'lucide-react';
import type { Input } from '../../../shared/api/contract';
import type { ServerRoomAnomaly } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { AnomalyPreviewSummary, useAnomalyPreview } from '../components/AnomalyPreview';
import { usePunct } from '../hooks/usePunct';
import { useServerRoomText } from './text';

const askStay = (input: unknown) => api('serverRoom.preview', input as Input<'serverRoom.preview'>);

/**
 * What the stay as typed would be marked with once recorded (serverRoom.preview): a late record, a
 * stay outside business hours, a visitor without an escort — said at the form before it is saved, as
 * the cabinet form says an opener may not. Nothing is asked while the form cannot say who entered or
 * when (`input` null).
 */
export function useStayPreview(input: Input<'serverRoom.preview'> | null): ServerRoomAnomaly[] {
  // (The stay's form says nothing while it cannot say who entered or when: its details list would be of another stay.)
  const { anomalies, stale } = useAnomalyPreview(askStay, input);
  return stale ? [] : anomalies;
}

/**
 * The anomalies' names in one line, for the dialog's footer (in sight however far the form is
 * scrolled). Always there, empty when there is nothing to say: a polite live region that reads out
 * only what changes it — the set of anomalies, not their minutes.
 */
export function StayPreviewSummary({ anomalies }: { anomalies: ServerRoomAnomaly[] }) {
  const { t } = useTranslation();
  const text = useServerRoomText();
  const said = anomalies.length > 0 ? t('ledgerKit.form.previewSummary', { anomalies: anomalies.map((a) => text.anomalyLabel(a)).join(t('ledgerKit.form.previewSeparator')) }) : null;
  return <AnomalyPreviewSummary text={said} testId="stay-preview-summary" />;
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
