import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseFormReturn } from 'react-hook-form';
import { api } from '../api/api';
import { Alert } from '../components/Alert';
import type { PersonRef } from '../components/PersonPicker';
import type { RecordFormExtra } from '../ledgers/kit/KitRecordDialog';
import type { FormValues } from '../ledgers/kit/form-values';

/**
 * A cabinet opened by someone who may not open it (SPEC §4.2): said before it is recorded, not only
 * as the anomaly's badge after (a walk-through). It is still recorded if the clerk goes on — the paper
 * book took what happened — and the monthly review asks about it.
 */
function OpenerCheck({ form, amending }: { form: UseFormReturn<FormValues>; amending: boolean }) {
  const { t } = useTranslation();
  const cabinetId = form.watch('cabinetId');
  const opener = form.watch('openedBy') as PersonRef | string | null | undefined;
  const openerId = typeof opener === 'string' ? opener : (opener?.id ?? null);
  const name = typeof opener === 'object' && opener ? opener.name : null;
  /** Who may open the chosen cabinet now: those authorized, and its key custodian. */
  const [allowed, setAllowed] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    if (amending || typeof cabinetId !== 'string' || !cabinetId) return setAllowed(null);
    let live = true;
    void Promise.all([api('cabinets.authorized', { cabinetId }), api('cabinets.get', { id: cabinetId })]).then(([who, cabinet]) => {
      if (live) setAllowed(who.ok && cabinet.ok ? new Set([...who.value.filter((a) => a.until === null).map((a) => a.personId), String(cabinet.value.custodianId)]) : null);
    });
    return () => {
      live = false;
    };
  }, [cabinetId, amending]);
  if (!allowed || !openerId || allowed.has(openerId)) return null;
  return (
    <div data-testid="opener-not-authorized">
      <Alert tone="warning">{name ? t('cabinets.log.notAuthorizedWarningNamed', { name }) : t('cabinets.log.notAuthorizedWarning')}</Alert>
    </div>
  );
}

/** Under 開錠者, where the person is chosen (a walk-through: at the form's foot, it named no one). */
export const openerCheck: RecordFormExtra = { Controls: () => null, input: () => ({}), fields: [], fieldAddons: { openedBy: OpenerCheck } };
