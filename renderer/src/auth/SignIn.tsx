import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LogIn } from 'lucide-react';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { call } from '../api/client';
import { Alert, ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { BusyStatus } from '../components/BusyStatus';
import { PasswordInput } from '../components/PasswordInput';
import { applyApiError, formResolver } from '../forms/errors';
import { useMessage } from '../i18n/messages';
import { signedIn, useApp } from '../state/app';
import { AuthLayout } from './AuthLayout';

const schema = contract['auth.signIn'].input;

export function SignIn() {
  const { t } = useTranslation();
  const message = useMessage();
  const notice = useApp((s) => s.notice);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { loginId: '', password: '' } });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    useApp.setState({ notice: null });
    const r = await call('auth.signIn', values);
    if (r.ok) {
      window.location.hash = '#/';
      signedIn(r.value);
      return;
    }
    form.resetField('password');
    // The same message whether the id exists or not; the lock message after 5 failures.
    setError(applyApiError(r.error, form.setError, ['loginId', 'password']) ?? null);
  });

  return (
    <AuthLayout>
      <div className="auth-card">
        <h1 className="auth-title">{t('auth.signIn.title')}</h1>
        {notice && <Alert tone={notice.tone === 'error' ? 'error' : 'info'}>{message(notice.messageKey, notice.params)}</Alert>}
        <ErrorAlert error={error} />
        <form onSubmit={onSubmit} noValidate className="form-stack">
          <Field label={t('auth.signIn.loginId')} error={formState.errors.loginId?.message}>
            {(p) => <input {...p} {...register('loginId')} className="input" autoComplete="username" autoFocus spellCheck={false} autoCapitalize="off" />}
          </Field>
          <Field label={t('auth.signIn.password')} error={formState.errors.password?.message}>
            {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" />}
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={formState.isSubmitting}>
            <LogIn size={16} aria-hidden="true" />
            {t('auth.signIn.submit')}
          </button>
          <BusyStatus busy={formState.isSubmitting} />
        </form>
        <p className="auth-help">{t('auth.signIn.help')}</p>
      </div>
    </AuthLayout>
  );
}
