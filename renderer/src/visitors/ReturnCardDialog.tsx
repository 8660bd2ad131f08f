import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Undo2 } from 'lucide-react';
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

/** A guest card not given back at sign-out comes back later (SPEC §4.5): when (now by default; a card handed in earlier is typed as then). */
export function ReturnCardDialog({ visit, onClose, onSaved }: { visit: Visit; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [error, setError] = useState<ApiError | null>(null);
  const card = visit.names.guestCardId ?? '';
  const form = useForm<{ returnedAt: string }>({ defaultValues: { returnedAt: nowLocalInput() } });
  const { register, handleSubmit, formState, watch } = form;

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const at = fromLocalInput(v.returnedAt);
    if (!at) return form.setError('returnedAt', { message: encodeMessage('errors.field.invalid_datetime') }, { shouldFocus: true });
    const r = await api('visitors.returnCard', { id: visit.id, returnedAt: at });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['returnedAt']));
    flash(t('visitors.signOut.cardReturnDone', { card }));
    onSaved();
  });

  return (
    <Modal title={t('visitors.signOut.returnCardTitle')} onClose={onClose} size="sm" testId="return-card-dialog" dirty={formState.isDirty}>
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('visitors.signOut.returnCardLead', { name: visit.name, card })}</p>
        <ErrorAlert error={error} />
        <Field label={t('visitors.signOut.returnedAt')} error={formState.errors.returnedAt?.message} required hint={echoLocalInput(watch('returnedAt'), dates.lang) ?? undefined}>
          {(p) => <input {...p} {...register('returnedAt')} type="datetime-local" className="input" />}
        </Field>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <Undo2 size={16} aria-hidden="true" />
          {t('visitors.signOut.returnCardSubmit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
