import { useTranslation } from 'react-i18next';
import { UserCheck, UserX } from 'lucide-react';
import type { Person } from '../../../shared/ledgers/people';
import { api } from '../api/api';
import { ReasonDialog } from '../components/ReasonDialog';
import { flash } from '../state/flash';

/** Deactivate (e.g. left the company) or reactivate a person, with a reason; nothing is deleted. */
export function SetActiveDialog({ person, onClose, onSaved }: { person: Person; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const deactivating = person.active;
  return (
    <ReasonDialog
      title={deactivating ? t('people.setActive.deactivateTitle') : t('people.setActive.reactivateTitle')}
      lead={t(deactivating ? 'people.setActive.deactivateLead' : 'people.setActive.reactivateLead', { name: person.name, employeeNo: person.employeeNo })}
      reasonLabel={t('people.setActive.reason')}
      submitLabel={deactivating ? t('people.setActive.deactivateSubmit') : t('people.setActive.reactivateSubmit')}
      icon={deactivating ? UserX : UserCheck}
      tone={deactivating ? 'danger' : 'primary'}
      testId="set-active-dialog"
      submit={(reason) => api('people.setActive', { id: person.id, active: !deactivating, reason })}
      onDone={() => {
        flash(t(deactivating ? 'people.setActive.deactivated' : 'people.setActive.reactivated', { name: person.name }));
        onSaved();
      }}
      onClose={onClose}
    />
  );
}
