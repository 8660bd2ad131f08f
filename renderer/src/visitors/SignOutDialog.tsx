import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LogOut } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import type { Visit } from '../../../shared/ledgers/visitors';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DialogActions } from '../components/DialogActions';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { applyApiError, encodeMessage } from '../forms/errors';
import { useDates } from '../hooks/useDates';
import { echoLocalInput, fromLocalInput, nowLocalInput } from '../lib/japan-time';
import { flash } from '../state/flash';

/** A visitor leaves (SPEC §4.5): when (now by default), and whether the guest card came back. */
export function SignOutDialog({ visit, onClose, onSaved }: { visit: Visit; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<{ leftAt: string; cardReturned: boolean }>({ defaultValues: { leftAt: nowLocalInput(), cardReturned: visit.guestCardId !== null } });
  const { register, handleSubmit, formState, watch } = form;

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const at = fromLocalInput(v.leftAt);
    if (!at) return form.setError('leftAt', { message: encodeMessage('errors.field.invalid_datetime') }, { shouldFocus: true });
    const r = await api('visitors.signOut', { id: visit.id, leftAt: at, cardReturned: v.cardReturned });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['leftAt']));
    flash(t('visitors.signOut.done', { name: visit.name }));
    onSaved();
  });

  return (
    <Modal title={t('visitors.signOut.title')} onClose={onClose} size="sm" testId="sign-out-dialog" dirty={formState.isDirty}>
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('visitors.signOut.lead', { name: visit.name, company: visit.company, since: dates.dateTime(visit.arrivedAt) })}</p>
        <ErrorAlert error={error} />
        <Field label={t('visitors.signOut.leftAt')} error={formState.errors.leftAt?.message} required hint={echoLocalInput(watch('leftAt'), dates.lang) ?? undefined}>
          {(p) => <input {...p} {...register('leftAt')} type="datetime-local" className="input" />}
        </Field>
        {visit.guestCardId && (
          <label className="checkbox">
            <input type="checkbox" {...register('cardReturned')} />
            <span>{t('visitors.signOut.cardReturned', { card: visit.names.guestCardId ?? '' })}</span>
          </label>
        )}
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <LogOut size={16} aria-hidden="true" />
          {t('visitors.signOut.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
