import { useTranslation } from 'react-i18next';
import { KeyRound } from 'lucide-react';
import type { Person } from '../../../shared/ledgers/people';
import { api } from '../api/api';
import { ReasonDialog } from '../components/ReasonDialog';
import { flash } from '../state/flash';

/** SPEC §7: a forgotten or locked door-terminal PIN is cleared with a reason; the person then sets a new one. */
export function ClearPinDialog({ person, onClose, onSaved }: { person: Person; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <ReasonDialog
      title={t('serverRoom.ui.clearPin.title')}
      lead={t('serverRoom.ui.clearPin.lead', { name: person.name, employeeNo: person.employeeNo })}
      reasonLabel={t('serverRoom.ui.clearPin.reason')}
      submitLabel={t('serverRoom.ui.clearPin.submit')}
      icon={KeyRound}
      testId="clear-pin-dialog"
      submit={async (reason) => {
        const r = await api('serverRoom.clearPin', { personId: person.id, reason });
        // The core answers "nothing changed" when there is no PIN (and no lock) to clear: say so plainly.
        if (!r.ok && r.error.messageKey === 'errors.no_change') return { ok: false, error: { ...r.error, field: undefined, messageKey: 'serverRoom.ui.clearPin.noPin' } };
        return r;
      }}
      onDone={() => {
        flash(t('serverRoom.ui.clearPin.done', { name: person.name }));
        onSaved();
      }}
      onClose={onClose}
    />
  );
}
