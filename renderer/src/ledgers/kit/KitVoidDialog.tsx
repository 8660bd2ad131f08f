import { useTranslation } from 'react-i18next';
import { Ban } from 'lucide-react';
import type { LedgerDefinition } from '../../../../shared/ledgers/kit';
import { ReasonDialog } from '../../components/ReasonDialog';
import { SealedMonthNotice } from '../../review/SealedMonthNotice';
import { kitUnitOf } from '../../review/unit-of';
import { flash } from '../../state/flash';
import { ledgerApi } from './kit-api';
import type { KitRecord } from './KitValue';

/** SPEC §3: a mistake is voided with a reason, never deleted; it stays struck through. */
export function KitVoidDialog({ def, record, describe, onClose, onSaved }: { def: LedgerDefinition; record: KitRecord; describe: (r: KitRecord) => string; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <ReasonDialog
      title={t('ledgerKit.void.title')}
      lead={t('ledgerKit.void.lead', { record: describe(record) })}
      notice={<SealedMonthNotice ledger={def.key} from={kitUnitOf(def, record as unknown as Record<string, unknown>)} />}
      reasonLabel={t('ledgerKit.void.reason')}
      submitLabel={t('ledgerKit.void.submit')}
      icon={Ban}
      testId="record-void-dialog"
      submit={(reason) => ledgerApi<KitRecord>(def, 'void', { id: record.id, reason, version: record.version })}
      onDone={() => {
        flash(t('ledgerKit.void.done'));
        onSaved();
      }}
      onClose={onClose}
    />
  );
}
