import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ShieldCheck } from 'lucide-react';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { call } from '../api/client';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { applyApiError, formResolver } from '../forms/errors';
import { signedOut, updateSession } from '../state/app';

const schema = contract['auth.elevate'].input;

/** Re-enter the password before admin work (Art. 16(6)); admin calls are then allowed for 10 minutes. */
export function ElevateForm({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { password: '' } });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await call('auth.elevate', values);
    if (r.ok) {
      updateSession(r.value);
      onDone();
      return;
    }
    form.resetField('password');
    if (r.error.code === 'account_locked' || r.error.code === 'not_signed_in') {
      signedOut({ messageKey: r.error.messageKey, params: r.error.params, tone: 'error' });
      return;
    }
    setError(applyApiError(r.error, form.setError, ['password']));
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form-stack" data-testid="elevate-form">
      <p>{t('auth.elevate.lead')}</p>
      <ErrorAlert error={error} />
      <Field label={t('auth.elevate.password')} error={formState.errors.password?.message} hint={t('auth.elevate.note')}>
        {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" autoFocus />}
      </Field>
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('common.actions.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
          <ShieldCheck size={16} aria-hidden="true" />
          {t('auth.elevate.submit')}
        </button>
      </div>
    </form>
  );
}
