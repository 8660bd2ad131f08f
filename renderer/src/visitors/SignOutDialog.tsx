import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LogOut } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import { arrivedEarlierDay, type Visit } from '../../../shared/ledgers/visitors';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DialogActions } from '../components/DialogActions';
import { Field } from '../components/Field';
import { FieldMessage } from '../components/FieldMessage';
import { Modal } from '../components/Modal';
import { applyApiError, encodeMessage } from '../forms/errors';
import { useDates } from '../hooks/useDates';
import { echoLocalInput, fromLocalInput, nowLocalInput } from '../lib/japan-time';
import { jstDate } from '../../../shared/calendar';
import { flash } from '../state/flash';

/** A visitor leaves (SPEC §4.5): when (now by default), and whether the guest card came back. */
export function SignOutDialog({ visit, onClose, onSaved }: { visit: Visit; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [error, setError] = useState<ApiError | null>(null);
  // Whether the card came back is answered each time, not ticked in advance (a walk-through: a return
  // nobody saw was recorded by saving the dialog as it opened).
  // A visit of an earlier day (a paper slip typed in) starts with no time: now would record a visit of days (a user probe
  // pressed Enter as the dialog opened and recorded one of three days). Its day is said under the field.
  const earlierDay = arrivedEarlierDay(visit);
  const form = useForm<{ leftAt: string; card: '' | 'back' | 'kept' }>({ defaultValues: { leftAt: earlierDay ? '' : nowLocalInput(), card: '' } });
  const { register, handleSubmit, formState, watch } = form;
  const card = visit.names.guestCardId ?? '';
  const cardId = useId();

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const at = fromLocalInput(v.leftAt);
    if (!at) return form.setError('leftAt', { message: encodeMessage(v.leftAt.trim() ? 'errors.field.invalid_datetime' : 'errors.field.required') }, { shouldFocus: true });
    if (visit.guestCardId && !v.card) return form.setError('card', { message: encodeMessage('errors.field.required_choice') }, { shouldFocus: true });
    const cardReturned = v.card === 'back';
    const r = await api('visitors.signOut', { id: visit.id, leftAt: at, cardReturned });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['leftAt']));
    flash(cardReturned ? t('visitors.signOut.doneWithCard', { name: visit.name, card }) : visit.guestCardId ? t('visitors.signOut.doneCardKept', { name: visit.name, card }) : t('visitors.signOut.done', { name: visit.name }));
    onSaved();
  });

  return (
    <Modal title={t('visitors.signOut.title')} onClose={onClose} size="sm" testId="sign-out-dialog" dirty={formState.isDirty}>
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('visitors.signOut.lead', { name: visit.name, company: visit.company, since: dates.dateTime(visit.arrivedAt) })}</p>
        <ErrorAlert error={error} />
        <Field label={t('visitors.signOut.leftAt')} error={formState.errors.leftAt?.message} required hint={echoLocalInput(watch('leftAt'), dates.lang) ?? (earlierDay ? t('visitors.signOut.earlierDay', { day: dates.date(jstDate(visit.arrivedAt), true) }) : undefined)}>
          {(p) => <input {...p} {...register('leftAt')} type="datetime-local" className="input" />}
        </Field>
        {visit.guestCardId && (
          <fieldset className="review-choice" aria-invalid={formState.errors.card ? true : undefined} aria-describedby={formState.errors.card ? cardId : undefined} data-testid="sign-out-card">
            <legend>
              {t('visitors.signOut.cardQuestion', { card })}
              <span className="field-required" aria-hidden="true">*</span>
            </legend>
            <label className="checkbox">
              <input type="radio" value="back" {...register('card')} /> {t('visitors.signOut.cardBack')}
            </label>
            <label className="checkbox">
              <input type="radio" value="kept" {...register('card')} /> {t('visitors.signOut.cardNotBack')}
            </label>
            {formState.errors.card && <FieldMessage id={cardId} message={formState.errors.card.message} choice />}
            {/* What comes next, said where it is chosen (a user probe: nothing said how the card is followed up). */}
            {watch('card') === 'kept' && (
              <p className="field-hint" data-testid="card-kept-next">
                {t('visitors.signOut.cardKeptNext', { card })}
              </p>
            )}
          </fieldset>
        )}
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <LogOut size={16} aria-hidden="true" />
          {t('visitors.signOut.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
