import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { call } from '../api/client';
import { ErrorAlert } from '../components/Alert';
import { BusyStatus } from '../components/BusyStatus';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { applyApiError, formResolver, passwordRefusal } from '../forms/errors';
import { signedOut, updateSession } from '../state/app';

// Both take the signed-in person's own password and answer with the session.
const schema = contract['auth.elevate'].input;

interface PasswordConfirmFormProps {
  /** auth.elevate (before admin work) or auth.unlock (the idle lock). */
  method: 'auth.elevate' | 'auth.unlock';
  onConfirmed: () => void;
  label: string;
  hint?: string;
  /** Shown above the error and the field (the lead, or who is signed in). */
  intro?: ReactNode;
  className: string;
  testId?: string;
  /** The buttons, given whether the password is being checked. */
  actions: (submitting: boolean) => ReactNode;
}

/**
 * Confirm the signed-in person's password (re-authentication, unlock). A wrong password clears the
 * field and says so; too many sign the account out everywhere (SPEC §2), as does a lost session.
 */
export function PasswordConfirmForm({ method, onConfirmed, label, hint, intro, className, testId, actions }: PasswordConfirmFormProps) {
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { password: '' } });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await call(method, values);
    if (r.ok) {
      updateSession(r.value);
      onConfirmed();
      return;
    }
    form.resetField('password');
    if (r.error.code === 'account_locked' || r.error.code === 'not_signed_in') {
      signedOut({ messageKey: r.error.messageKey, params: r.error.params, tone: 'error' });
      return;
    }
    setError(applyApiError(passwordRefusal(r.error, 'password'), form.setError, ['password']));
  });

  return (
    <form onSubmit={onSubmit} noValidate className={className} data-testid={testId}>
      {intro}
      <ErrorAlert error={error} />
      <Field label={label} error={formState.errors.password?.message} hint={hint}>
        {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" autoFocus />}
      </Field>
      {actions(formState.isSubmitting)}
      <BusyStatus busy={formState.isSubmitting} />
    </form>
  );
}
