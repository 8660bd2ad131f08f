import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerAnomaly, LedgerDefinition } from '../../../../shared/ledgers/kit';
import { AnomalyPreviewSummary, useAnomalyPreview } from '../../components/AnomalyPreview';
import { ledgerApi, useKitText } from './kit-api';

/**
 * A new record's anomalies as typed, named in the dialog's footer before it is saved (the ledger's
 * `preview`: a cabinet opened outside business hours, a slip typed days late, an NG item) — as the
 * server-room book's form does (a user probe: the kit's forms said nothing until after the save).
 * `input`: the record as the add would take it, or null while the form is not complete; `amending`: a
 * correction's changes (`previewAmend`), the record as it would be once corrected.
 */
export function KitPreviewSummary({ def, input, amending = false }: { def: LedgerDefinition; input: Record<string, unknown> | null | undefined; amending?: boolean }) {
  const { t } = useTranslation();
  const k = useKitText(def);
  const ask = useCallback((i: unknown) => ledgerApi<{ anomalies: LedgerAnomaly[] }>(def, amending ? 'previewAmend' : 'preview', i), [def, amending]);
  const { anomalies, stale } = useAnomalyPreview(ask, input);
  const wording = stale ? 'ledgerKit.form.previewStale' : amending ? 'ledgerKit.form.previewAmendSummary' : 'ledgerKit.form.previewSummary';
  const said = anomalies.length > 0 ? t(wording, { anomalies: anomalies.map((a) => k.anomaly(a)).join(t('ledgerKit.form.previewSeparator')) }) : null;
  return <AnomalyPreviewSummary text={said} testId="kit-preview-summary" />;
}
