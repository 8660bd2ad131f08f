import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { UserCheck, UserX } from 'lucide-react';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { Person } from '../../../shared/ledgers/people';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { applyApiError, formResolver } from '../forms/errors';
import { flash } from '../state/flash';

const schema = contract['people.setActive'].input.pick({ reason: true });

/** Deactivate (e.g. left the company) or reactivate a person, with a reason; nothing is deleted. */
export function SetActiveDialog({ person, onClose, onSaved }: { person: Person; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const deactivating = person.active;
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { reason: '' } });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async ({ reason }) => {
    setError(null);
    const r = await api('people.setActive', { id: person.id, active: !deactivating, reason });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['reason']));
    flash(t(deactivating ? 'people.setActive.deactivated' : 'people.setActive.reactivated', { name: person.name }));
    onSaved();
  });

  return (
    <Modal title={deactivating ? t('people.setActive.deactivateTitle') : t('people.setActive.reactivateTitle')} onClose={onClose} size="sm" testId="set-active-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t(deactivating ? 'people.setActive.deactivateLead' : 'people.setActive.reactivateLead', { name: person.name, employeeNo: person.employeeNo })}</p>
        <ErrorAlert error={error} />
        <Field label={t('people.setActive.reason')} error={formState.errors.reason?.message} required hint={t('common.reasonHint')}>
          {(p) => <textarea {...p} {...register('reason')} className="input" rows={3} maxLength={500} autoFocus />}
        </Field>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('common.actions.cancel')}
          </button>
          <button type="submit" className={`btn ${deactivating ? 'btn-danger' : 'btn-primary'}`} disabled={formState.isSubmitting}>
            {deactivating ? <UserX size={16} aria-hidden="true" /> : <UserCheck size={16} aria-hidden="true" />}
            {deactivating ? t('people.setActive.deactivateSubmit') : t('people.setActive.reactivateSubmit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
