import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LogOut } from 'lucide-react';
import { z } from 'zod';
import type { ApiError } from '../../../shared/api/errors';
import type { ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useDates } from '../hooks/useDates';
import { applyApiError, formResolver } from '../forms/errors';
import { flash } from '../state/flash';
import { echoLocalInput, fromLocalInput, nowLocalInput } from '../lib/japan-time';
import './server-room.css';
import { DialogActions } from '../components/DialogActions';
import { msg } from '../../../shared/api/schemas';

function makeSchema(enteredAt: string) {
  return z
    .object({
      exitedAt: z.string(),
      itemsOut: z.string().trim().max(500, msg('errors.field.too_long')),
      notes: z.string().trim().max(1000, msg('errors.field.too_long')),
    })
    .superRefine((v, ctx) => {
      const at = fromLocalInput(v.exitedAt);
      if (!v.exitedAt.trim()) ctx.addIssue({ code: 'custom', path: ['exitedAt'], ...msg('errors.field.required') });
      else if (!at) ctx.addIssue({ code: 'custom', path: ['exitedAt'], ...msg('errors.field.invalid_datetime') });
      // A stay cannot end before it starts.
      else if (Date.parse(at) < Date.parse(enteredAt)) ctx.addIssue({ code: 'custom', path: ['exitedAt'], ...msg('serverRoom.errors.exit_before_entry') });
    });
}

/** Close an open stay: when the person left (now by default), items taken out, notes. */
export function RecordExitDialog({ stay, onClose, onSaved }: { stay: ServerRoomStay; onClose: () => void; onSaved: (s: ServerRoomStay) => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({
    resolver: formResolver(makeSchema(stay.enteredAt)),
    // What the entry said is not offered for editing: the exit's words are added under it (a correction changes it, with a reason).
    defaultValues: { exitedAt: nowLocalInput(), itemsOut: '', notes: '' },
  });
  const { register, handleSubmit, formState } = form;
  const e = formState.errors;
  const exitedValue = useWatch({ control: form.control, name: 'exitedAt' });

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('serverRoom.recordExit', {
      id: stay.id,
      exitedAt: fromLocalInput(v.exitedAt)!,
      itemsOut: v.itemsOut.trim() || undefined,
      notes: v.notes.trim() || undefined,
    });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['exitedAt', 'itemsOut', 'notes']));
    flash(t('serverRoom.ui.exit.done', { name: r.value.personName }));
    onSaved(r.value);
  });

  return (
    <Modal title={t('serverRoom.ui.exit.title')} onClose={onClose} testId="stay-exit-dialog" dirty={formState.isDirty}>
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('serverRoom.ui.exit.lead', { name: stay.personName, entered: dates.dateTime(stay.enteredAt) })}</p>
        <ErrorAlert error={error} />
        <Field label={t('serverRoom.fields.exitedAt')} error={e.exitedAt?.message} required hint={echoLocalInput(exitedValue, dates.lang)}>
          {(p) => <input {...p} {...register('exitedAt')} type="datetime-local" className="input" autoFocus />}
        </Field>
        <Field label={t('serverRoom.fields.itemsOut')} error={e.itemsOut?.message} hint={stay.itemsOut ? t('serverRoom.ui.exit.addedUnder', { text: stay.itemsOut }) : undefined}>
          {(p) => <textarea {...p} {...register('itemsOut')} className="input" rows={2} maxLength={500} />}
        </Field>
        <Field label={t('serverRoom.fields.notes')} error={e.notes?.message} hint={stay.notes ? t('serverRoom.ui.exit.addedUnder', { text: stay.notes }) : undefined}>
          {(p) => <textarea {...p} {...register('notes')} className="input" rows={2} maxLength={1000} />}
        </Field>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <LogOut size={16} aria-hidden="true" />
          {t('serverRoom.ui.exit.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
