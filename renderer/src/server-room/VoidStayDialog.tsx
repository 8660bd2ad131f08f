import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Ban } from 'lucide-react';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useDates } from '../hooks/useDates';
import { applyApiError, formResolver } from '../forms/errors';
import { flash } from '../state/flash';

const schema = contract['serverRoom.void'].input.pick({ reason: true });

/** SPEC §3: a mistake is voided with a reason, never deleted; it stays struck through. */
export function VoidStayDialog({ stay, onClose, onSaved }: { stay: ServerRoomStay; onClose: () => void; onSaved: (s: ServerRoomStay) => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { reason: '' } });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async ({ reason }) => {
    setError(null);
    const r = await api('serverRoom.void', { id: stay.id, reason });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['reason']));
    flash(t('serverRoom.ui.void.done', { name: r.value.personName }));
    onSaved(r.value);
  });

  return (
    <Modal title={t('serverRoom.ui.void.title')} onClose={onClose} size="sm" testId="stay-void-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('serverRoom.ui.void.lead', { name: stay.personName, entered: dates.dateTime(stay.enteredAt) })}</p>
        <ErrorAlert error={error} />
        <Field label={t('serverRoom.ui.void.reason')} error={formState.errors.reason?.message} required hint={t('common.reasonHint')}>
          {(p) => <textarea {...p} {...register('reason')} className="input" rows={3} maxLength={500} autoFocus />}
        </Field>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('common.actions.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" disabled={formState.isSubmitting}>
            <Ban size={16} aria-hidden="true" />
            {t('serverRoom.ui.void.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
