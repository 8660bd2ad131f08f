import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import type { LucideIcon } from 'lucide-react';
import { z } from 'zod';
import type { ApiError, ApiResult } from '../../../shared/api/errors';
import { reason, secret } from '../../../shared/api/schemas';
import { applyApiError, encodeMessage, formResolver, passwordRefusal } from '../forms/errors';
import { useDates } from '../hooks/useDates';
import { echoLocalInput, fromLocalInput, nowLocalInput } from '../lib/japan-time';
import { ErrorAlert } from './Alert';
import { Modal } from './Modal';
import { DialogActions } from './DialogActions';
import { ReasonField } from './ReasonField';
import { Field } from './Field';
import { PasswordInput } from './PasswordInput';

/** The reason; the password field is there only when asked for (otherwise empty and unused). */
const schema = z.object({ reason, password: z.string(), when: z.string() }).strict();
const withPassword = z.object({ reason, password: secret(), when: z.string() }).strict();

interface ReasonDialogProps<T> {
  title: string;
  lead: ReactNode;
  /** Said under the lead before the reason (a sealed month's record: SealedMonthNotice). */
  notice?: ReactNode;
  reasonLabel: string;
  submitLabel: string;
  icon: LucideIcon;
  /** The submit button's look: danger for taking something away (void, deactivate, clear). */
  tone?: 'danger' | 'primary';
  testId: string;
  /** Make the call with the reason given (and the password, when asked; the time, when asked); a refusal is shown at the field (or above it). */
  submit: (reason: string, password: string, when: string | undefined) => Promise<ApiResult<T>>;
  /** Ask when it happened too (now by default; a loss found out later), labelled so; a refusal of `whenField` is shown there. */
  whenLabel?: string;
  whenField?: string;
  /** Ask for the caller's password too (an act signed with their own key), labelled so. */
  passwordLabel?: string;
  onDone: (value: T) => void;
  onClose: () => void;
}

/**
 * One action that needs a reason (SPEC §3: nothing is deleted; the reason stays in the history):
 * void a record, deactivate a person, clear a PIN.
 */
export function ReasonDialog<T>({ title, lead, notice, reasonLabel, submitLabel, icon: Icon, tone = 'danger', testId, submit, passwordLabel, whenLabel, whenField, onDone, onClose }: ReasonDialogProps<T>) {
  const [error, setError] = useState<ApiError | null>(null);
  const dates = useDates();
  const form = useForm<{ reason: string; password: string; when: string }>({ resolver: formResolver(passwordLabel ? withPassword : schema), defaultValues: { reason: '', password: '', when: whenLabel ? nowLocalInput() : '' } });
  const { register, handleSubmit, formState, watch } = form;

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    let when: string | undefined;
    if (whenLabel) {
      when = fromLocalInput(v.when) ?? undefined;
      if (!when) return form.setError('when', { message: encodeMessage('errors.field.invalid_datetime') }, { shouldFocus: true });
    }
    const r = await submit(v.reason, v.password, when);
    if (!r.ok) {
      if (!passwordLabel) return setError(applyApiError(r.error, form.setError, whenLabel ? ['when', 'reason'] : ['reason'], (f) => (f === whenField ? 'when' : f)));
      // A wrong password is the signer's own, at the field, emptied to be typed again (as the sign
      // dialog does; a walk-through: the reopening said 「ログインIDまたはパスワード…」 above the form).
      if (r.error.messageKey === 'auth.errors.bad_credentials') form.setValue('password', '');
      return setError(applyApiError(passwordRefusal(r.error, 'password'), form.setError, ['reason', 'password']));
    }
    onDone(r.value);
  });

  return (
    <Modal title={title} onClose={onClose} size="sm" testId={testId} dirty={formState.isDirty}>
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{lead}</p>
        {notice}
        <ErrorAlert error={error} />
        {whenLabel && (
          <Field label={whenLabel} error={formState.errors.when?.message} required hint={echoLocalInput(watch('when'), dates.lang) ?? undefined}>
            {(p) => <input {...p} {...register('when')} type="datetime-local" className="input" />}
          </Field>
        )}
        <ReasonField label={reasonLabel} error={formState.errors.reason?.message} registration={register('reason')} rows={3} autoFocus />
        {passwordLabel && (
          <Field label={passwordLabel} error={formState.errors.password?.message} required>
            {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" />}
          </Field>
        )}
        <DialogActions onClose={onClose} submitting={formState.isSubmitting} danger={tone === 'danger'}>
          <Icon size={16} aria-hidden="true" />
          {submitLabel}
        </DialogActions>
      </form>
    </Modal>
  );
}
