import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Lock } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import type { CabinetSession } from '../../../shared/ledgers/cabinets';
import { api } from '../api/api';
import { Alert, ErrorAlert } from '../components/Alert';
import { DialogActions } from '../components/DialogActions';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { PersonPicker, personRef, type PersonRef } from '../components/PersonPicker';
import { applyApiError, encodeMessage } from '../forms/errors';
import { useDates } from '../hooks/useDates';
import { echoLocalInput, fromLocalInput, nowLocalInput } from '../lib/japan-time';
import { flash } from '../state/flash';
import { useApp } from '../state/app';

/** Record the locking of an open cabinet: when (now by default) and by whom (the opener by default; another is said to be an anomaly before saving). */
export function LockDialog({ session, onClose, onSaved }: { session: CabinetSession; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const me = useApp((s) => s.session?.person ?? null);
  const [error, setError] = useState<ApiError | null>(null);
  // The opener locks what they opened (a user probe: the clerk at the desk was filled in, and the lock went
  // in as someone else's, an anomaly, unwarned): the opener, read from the register where the caller may.
  const mine = me !== null && me.id === session.openedBy;
  const form = useForm<{ lockedAt: string; lockedBy: PersonRef | null }>({ defaultValues: { lockedAt: nowLocalInput(), lockedBy: mine ? { ...me } : null } });
  const { register, handleSubmit, formState, watch } = form;
  useEffect(() => {
    if (mine) return;
    let live = true;
    void api('people.get', { id: session.openedBy }).then((r) => {
      if (live && r.ok && !form.getFieldState('lockedBy').isDirty) form.resetField('lockedBy', { defaultValue: personRef(r.value) });
    });
    return () => {
      live = false;
    };
  }, [mine, session.openedBy, form]);
  const lockedBy = watch('lockedBy');
  const e = formState.errors;
  const cabinet = session.names.cabinetId ?? '';

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const at = fromLocalInput(v.lockedAt);
    if (!at) return form.setError('lockedAt', { message: encodeMessage('errors.field.invalid_datetime') }, { shouldFocus: true });
    if (!v.lockedBy) return form.setError('lockedBy', { message: encodeMessage('errors.field.required') });
    const r = await api('cabinetLog.lock', { id: session.id, lockedAt: at, lockedBy: v.lockedBy.id });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['lockedAt', 'lockedBy']));
    flash(t('cabinets.log.lock.done', { cabinet }));
    onSaved();
  });

  return (
    <Modal title={t('cabinets.log.lock.title')} onClose={onClose} size="sm" testId="lock-dialog" dirty={formState.isDirty}>
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('cabinets.log.lock.lead', { cabinet, since: dates.dateTime(session.openedAt), name: session.names.openedBy ?? '' })}</p>
        <ErrorAlert error={error} />
        <Field label={t('cabinets.log.lock.lockedAt')} error={e.lockedAt?.message} required hint={echoLocalInput(watch('lockedAt'), dates.lang) ?? undefined}>
          {(p) => <input {...p} {...register('lockedAt')} type="datetime-local" className="input" />}
        </Field>
        <Field label={t('cabinets.log.lock.lockedBy')} error={e.lockedBy?.message} required choice>
          {(p) => <Controller control={form.control} name="lockedBy" render={({ field }) => <PersonPicker value={field.value} onChange={field.onChange} onBlur={field.onBlur} inputRef={field.ref} control={p} at={watch('lockedAt')} />} />}
        </Field>
        {lockedBy && lockedBy.id !== session.openedBy && (
          <Alert tone="warning" testId="lock-other-than-opener">
            {t('cabinets.log.lock.otherThanOpener', { name: session.names.openedBy ?? '' })}
          </Alert>
        )}
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <Lock size={16} aria-hidden="true" />
          {t('cabinets.log.lock.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
