import { useTranslation } from 'react-i18next';
import { Ban } from 'lucide-react';
import type { ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { ReasonDialog } from '../components/ReasonDialog';
import { SealedMonthNotice } from '../review/SealedMonthNotice';
import { jstMonth } from '../../../shared/calendar';
import { useDates } from '../hooks/useDates';
import { flash } from '../state/flash';

/** SPEC §3: a mistake is voided with a reason, never deleted; it stays struck through. */
export function VoidStayDialog({ stay, onClose, onSaved }: { stay: ServerRoomStay; onClose: () => void; onSaved: (s: ServerRoomStay) => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  return (
    <ReasonDialog
      title={t('serverRoom.ui.void.title')}
      lead={t('serverRoom.ui.void.lead', { name: stay.personName, entered: dates.dateTime(stay.enteredAt) })}
      notice={<SealedMonthNotice ledger="serverRoom" from={{ siteId: stay.siteId, month: jstMonth(stay.enteredAt) }} />}
      reasonLabel={t('serverRoom.ui.void.reason')}
      submitLabel={t('serverRoom.ui.void.submit')}
      icon={Ban}
      testId="stay-void-dialog"
      submit={(reason) => api('serverRoom.void', { id: stay.id, reason, version: stay.version })}
      onDone={(value) => {
        flash(t('serverRoom.ui.void.done', { name: value.personName }));
        onSaved(value);
      }}
      onClose={onClose}
    />
  );
}
