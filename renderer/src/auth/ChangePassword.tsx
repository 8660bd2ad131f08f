import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { KeyRound, LogOut } from 'lucide-react';
import { z } from 'zod';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { api } from '../api/api';
import { ErrorAlert, Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { PasswordRules } from '../components/PasswordRules';
import { applyApiError, formResolver, passwordRefusal } from '../forms/errors';
import { flash } from '../state/flash';
import { updateSession, useApp } from '../state/app';
import { AuthLayout } from './AuthLayout';
import { signOut } from './session-actions';
import { NoticeList, useNoticesLead } from './AccountNotices';
import { msg } from '../../../shared/api/schemas';

const schema = contract['auth.changePassword'].input
  .extend({ confirm: z.string() })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], ...msg('auth.errors.password_mismatch') });

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { currentPassword: '', newPassword: '', confirm: '' } });
  const { register, handleSubmit, formState, control } = form;
  const newPassword = useWatch({ control, name: 'newPassword' }) ?? '';

  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    setError(null);
    const r = await api('auth.changePassword', { currentPassword, newPassword });
    if (!r.ok) {
      setError(applyApiError(passwordRefusal(r.error, 'currentPassword'), form.setError, ['currentPassword', 'newPassword']));
      return;
    }
    updateSession(r.value);
    flash(t('auth.password.done'));
    onDone();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form-stack">
      <ErrorAlert error={error} />
      <Field label={t('auth.password.current')} error={formState.errors.currentPassword?.message} required>
        {(p) => <PasswordInput {...p} {...register('currentPassword')} autoComplete="current-password" autoFocus />}
      </Field>
      <Field label={t('auth.password.new')} error={formState.errors.newPassword?.message} required>
        {(p) => <PasswordInput {...p} {...register('newPassword')} autoComplete="new-password" />}
      </Field>
      <PasswordRules password={newPassword} loginId={session?.loginId} displayName={session?.displayName} />
      <Field label={t('auth.password.confirm')} error={formState.errors.confirm?.message} required>
        {(p) => <PasswordInput {...p} {...register('confirm')} autoComplete="new-password" />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
          <KeyRound size={16} aria-hidden="true" />
          {formState.isSubmitting ? t('auth.password.submitting') : t('auth.password.submit')}
        </button>
      </div>
    </form>
  );
}

/** Forced change (expired or reset by an admin): nothing else is possible until it is done. */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const noticesLead = useNoticesLead();
  const notices = useApp((s) => s.session?.notices ?? []);
  return (
    <AuthLayout>
      <div className="auth-card auth-card-wide">
        <h1 className="auth-title">{t('auth.password.title')}</h1>
        {notices.length > 0 && (
          <section className="notice-inline" aria-labelledby="notices-title">
            <h2 id="notices-title" className="notice-inline-title">
              {t('auth.notices.title')}
            </h2>
            <p className="small">{noticesLead}</p>
            <NoticeList notices={notices} />
          </section>
        )}
        <Alert tone="warning">{t('auth.password.forcedLead')}</Alert>
        <ChangePasswordForm onDone={() => (window.location.hash = '#/')} />
        <div className="auth-footer-actions">
          <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>
            <LogOut size={16} aria-hidden="true" />
            {t('shell.user.signOut')}
          </button>
        </div>
      </div>
    </AuthLayout>
  );
}

/** Change by choice, from the user menu. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1>{t('auth.password.title')}</h1>
        <p className="page-lead">{t('auth.password.lead')}</p>
      </header>
      <section className="card">
        <ChangePasswordForm onDone={() => (window.location.hash = '#/')} />
      </section>
    </div>
  );
}
