import { useMemo } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../shared/domain/session';
import type { LedgerDefinition } from '../../../../shared/ledgers/kit';
import { HistoryPageFrame, useRecordHistory } from '../../history/HistoryPage';
import { HistoryTimeline, type HistoryField } from '../../history/HistoryTimeline';
import { useSites } from '../../hooks/useSites';
import { ledgerApi, useKitText } from './kit-api';
import { useDescribe } from './record-words';
import { useShowValue, type KitRecord, type OwnValues } from './KitValue';

/** A kit record's history from the journal: every version, who, when, where and why. */
export function KitHistoryPage({ def, path, values }: { def: LedgerDefinition; path: string; values?: OwnValues }) {
  const { t } = useTranslation();
  const k = useKitText(def);
  const { id = '' } = useParams();
  const sites = useSites();
  const show = useShowValue(def, values);
  const describe = useDescribe(def);
  const { record, entries, error } = useRecordHistory(id, () => Promise.all([ledgerApi<KitRecord>(def, 'get', { id }), ledgerApi<HistoryEntry[]>(def, 'history', { id })]));

  const fields = useMemo<HistoryField[]>(
    () => [
      ...def.fields.map((f) => ({
        column: f.column,
        label: k.label(f),
        // A site is named from the sites; another ref by the name the record has now (when it is the same row).
        show: (v: unknown) => show(f, v, f.type.kind === 'ref' && f.type.table === 'sites' ? sites.find((s) => s.id === v)?.name : record?.[f.key] === v ? record?.names[f.key] : undefined),
      })),
      { column: 'status', label: t('ledgerKit.history.status'), show: (v: unknown) => (v === 'void' ? t('ledgerKit.voided') : t('ledgerKit.history.valid')) },
      { column: 'void_reason', label: t('ledgerKit.history.voidReason') },
    ],
    [def, k, show, sites, record, t],
  );
  const verbs: Record<string, string> = { add: t('ledgerKit.history.actions.add'), amend: t('ledgerKit.history.actions.amend'), void: t('ledgerKit.history.actions.void') };
  const actionLabel = (action: string) => (action.startsWith(`${def.key}.`) ? (verbs[action.slice(def.key.length + 1)] ?? null) : null);

  return (
    <HistoryPageFrame backTo={path} backLabel={k.title} title={record ? t('ledgerKit.history.subtitle', { ledger: k.title, record: describe(record) }) : t('ledgerKit.history.title')} lead={t('ledgerKit.history.lead')} error={error} loaded={!!entries}>
      {entries && <HistoryTimeline entries={entries} fields={fields} actionLabel={actionLabel} />}
    </HistoryPageFrame>
  );
}
