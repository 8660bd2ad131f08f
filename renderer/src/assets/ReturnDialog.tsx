import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Undo2 } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import { CONDITIONS, type Checkout } from '../../../shared/ledgers/assets';
import { ConditionOptions } from './PastReturnControls';
import { api } from '../api/api';
import { Alert, ErrorAlert } from '../components/Alert';
import { DialogActions } from '../components/DialogActions';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { PersonPicker, type PersonRef } from '../components/PersonPicker';
import { applyApiError, encodeMessage, secondPersonRefusal } from '../forms/errors';
import { useDates } from '../hooks/useDates';
import { echoLocalInput, fromLocalInput, nowLocalInput } from '../lib/japan-time';
import { flash } from '../state/flash';
import { useApp } from '../state/app';
import { canCall } from '../auth/access';
import { PasswordInput } from '../components/PasswordInput';

type Values = { returnedAt: string; receivedBy: PersonRef | null; receiverLoginId: string; receiverPassword: string; condition: string; dataHandling: string; notes: string };

/**
 * The return (SPEC §4.3): when, received by whom, in what condition, what was done with its data. A
 * clerk names the receiver; a borrower recording their own at the desk has the receiver confirm with
 * their own login ID and password in this dialog.
 */
export function ReturnDialog({ checkout, onClose, onSaved }: { checkout: Checkout; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const me = useApp((s) => s.session?.person ?? null);
  // A clerk who is the borrower has the receiver confirm too, as any borrower does.
  const keeper = canCall('checkouts.amend', useApp((s) => s.session)) && me?.id !== checkout.borrowerId;
  const [error, setError] = useState<ApiError | null>(null);
  // The receiver is someone other than the borrower (a clerk at the desk): offered when that is the signed-in person.
  const receiver = me && me.id !== checkout.borrowerId ? { ...me } : null;
  const form = useForm<Values>({ defaultValues: { returnedAt: nowLocalInput(), receivedBy: receiver, receiverLoginId: '', receiverPassword: '', condition: '', dataHandling: '', notes: '' } });
  const { register, handleSubmit, formState, watch } = form;
  const e = formState.errors;
  const asset = checkout.names.assetId ?? '';

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const at = fromLocalInput(v.returnedAt);
    if (!at) return form.setError('returnedAt', { message: encodeMessage('errors.field.invalid_datetime') }, { shouldFocus: true });
    if (keeper && !v.receivedBy) return form.setError('receivedBy', { message: encodeMessage('errors.field.required') }, { shouldFocus: true });
    // Focus goes to the field at fault, as in every other dialog (a walk-through: it stayed on the return time).
    if (!v.condition) return form.setError('condition', { message: encodeMessage('errors.field.required_choice') }, { shouldFocus: true });
    const who = keeper ? { receivedBy: v.receivedBy!.id } : { receiver: { loginId: v.receiverLoginId.trim(), password: v.receiverPassword } };
    const r = await api('checkouts.return', {
      id: checkout.id, returnedAt: at, ...who, condition: v.condition as (typeof CONDITIONS)[number], dataHandling: v.dataHandling.trim() || null, notes: v.notes.trim() || null,
    });
    const field = (f: string) => (f === 'receiver.loginId' ? 'receiverLoginId' : f === 'receiver.password' ? 'receiverPassword' : f);
    if (!r.ok) {
      const error = secondPersonRefusal(r.error, (f) => form.setValue(field(f) as 'receiverPassword', ''));
      return setError(applyApiError(error, form.setError, ['returnedAt', 'receivedBy', 'condition', 'dataHandling', 'notes', 'receiverLoginId', 'receiverPassword'], field));
    }
    flash(t('assets.checkouts.return.done', { asset }));
    onSaved();
  });

  return (
    <Modal title={t('assets.checkouts.return.title')} onClose={onClose} size="md" testId="return-dialog" dirty={formState.isDirty}>
      <form onSubmit={onSubmit} noValidate>
        <p className="dialog-lead">{t('assets.checkouts.return.lead', { asset, name: checkout.names.borrowerId ?? '', since: dates.dateTime(checkout.checkedOutAt), due: dates.dateTime(checkout.dueAt) })}</p>
        <ErrorAlert error={error} />
        <div className="form-grid">
          <Field label={t('assets.checkouts.return.returnedAt')} error={e.returnedAt?.message} required hint={echoLocalInput(watch('returnedAt'), dates.lang) ?? undefined}>
            {(p) => <input {...p} {...register('returnedAt')} type="datetime-local" className="input" />}
          </Field>
          {keeper && (
            <Field label={t('assets.checkouts.return.receivedBy')} error={e.receivedBy?.message} required choice>
              {(p) => <Controller control={form.control} name="receivedBy" render={({ field }) => <PersonPicker value={field.value} onChange={field.onChange} onBlur={field.onBlur} inputRef={field.ref} control={p} at={watch('returnedAt')} />} />}
            </Field>
          )}
          {/* The borrower as receiver: said before it is recorded, as the cabinet form says an opener may not (a user probe: only the anomaly's badge after). */}
          {keeper && watch('receivedBy')?.id === checkout.borrowerId && (
            <div className="span-2" data-testid="return-receiver-is-borrower">
              <Alert tone="warning">{t('assets.checkouts.return.receiverIsBorrower', { name: checkout.names.borrowerId ?? '' })}</Alert>
            </div>
          )}
          {/* Back damaged or faulty, the asset goes to 修理中 (the core does it with the return): said before it is recorded. */}
          <Field
            label={t('assets.checkouts.return.condition')}
            error={e.condition?.message}
            required
            choice
            hint={watch('condition') === 'damaged' || watch('condition') === 'faulty' ? t('assets.checkouts.return.toRepair', { asset }) : undefined}
          >
            {(p) => (
              <select {...p} {...register('condition')} className="input">
                <ConditionOptions />
              </select>
            )}
          </Field>
          <Field label={t('assets.checkouts.return.dataHandling')} error={e.dataHandling?.message} hint={t('assets.checkouts.return.dataHandlingHint')}>
            {(p) => <input {...p} {...register('dataHandling')} className="input" maxLength={100} />}
          </Field>
          {/* Damaged or faulty: what is wrong is asked here (the review and the paper say nothing else of it). */}
          <Field label={t('assets.checkouts.return.notes')} error={e.notes?.message} required={watch('condition') === 'damaged' || watch('condition') === 'faulty'} hint={t('assets.checkouts.return.notesHint')} className="span-2">
            {(p) => <textarea {...p} {...register('notes')} className="input" rows={2} maxLength={500} />}
          </Field>
          {!keeper && (
            <fieldset className="span-2 fieldset" data-testid="receiver">
              <legend>{t('assets.checkouts.return.receiverTitle')}</legend>
              <p className="field-hint">{t('assets.checkouts.return.receiverLead')}</p>
              <div className="form-grid">
                <Field label={t('assets.checkouts.return.receiverLoginId')} error={e.receiverLoginId?.message} required>
                  {(p) => <input {...p} {...register('receiverLoginId')} className="input" autoComplete="off" spellCheck={false} autoCapitalize="off" />}
                </Field>
                <Field label={t('assets.checkouts.return.receiverPassword')} error={e.receiverPassword?.message} required>
                  {(p) => <PasswordInput {...p} {...register('receiverPassword')} autoComplete="off" />}
                </Field>
              </div>
            </fieldset>
          )}
        </div>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <Undo2 size={16} aria-hidden="true" />
          {t('assets.checkouts.return.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
