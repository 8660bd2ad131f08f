import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createSchema, previewAmendSchema, type LedgerAnomaly, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import { AnomalyPreviewSummary, useAnomalyPreview } from '../../components/AnomalyPreview';
import { ledgerApi, useKitText } from './kit-api';

/**
 * A new record's anomalies as typed, named in the dialog's footer before it is saved (the ledger's
 * `preview`: a cabinet opened outside business hours, a slip typed days late, an NG item) — as the
 * server-room book's form does (a user probe: the kit's forms said nothing until after the save).
 * `body`: the record as the add would take it, or `{id, changes}` of a correction (`amending`: `previewAmend`, the
 * record as it would be once corrected) — asked once its ledger's own schema takes it.
 */
export function KitPreviewSummary({ def, body, amending = false }: { def: LedgerDefinition; body: Record<string, unknown>; amending?: boolean }) {
  const { t } = useTranslation();
  const k = useKitText(def);
  const ask = useCallback((i: unknown) => ledgerApi<{ anomalies: LedgerAnomaly[] }>(def, amending ? 'previewAmend' : 'preview', i), [def, amending]);
  const { anomalies, stale } = useAnomalyPreview(ask, usePreviewInput(def, body, amending));
  const wording = stale ? 'ledgerKit.form.previewStale' : amending ? 'ledgerKit.form.previewAmendSummary' : 'ledgerKit.form.previewSummary';
  const said = anomalies.length > 0 ? t(wording, { anomalies: anomalies.map((a) => k.anomaly(a)).join(t('ledgerKit.form.previewSeparator')) }) : null;
  return <AnomalyPreviewSummary text={said} testId="kit-preview-summary" />;
}

/**
 * What is asked: the body once the schema takes it; null while it does not (the form keeps what it said last, said to be
 * of the form as it was); undefined for a correction with nothing changed (not asked, nor said: the record's own
 * anomalies are on its row).
 */
function usePreviewInput(def: LedgerDefinition, body: Record<string, unknown>, amending: boolean): Record<string, unknown> | null | undefined {
  const schema = useMemo(() => (amending ? previewAmendSchema(def) : createSchema(def)), [amending, def]);
  const changes = amending ? (body.changes as Record<string, unknown>) : null;
  if (changes && Object.keys(changes).length === 0) return undefined;
  // A field emptied is no change the core could judge (JSON drops it): the form cannot be asked, as its save is refused at it.
  if (changes && Object.values(changes).some((v) => v === undefined)) return null;
  return schema.safeParse(body).success ? body : null;
}
