import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Lock, LogOut, Unlock } from 'lucide-react';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { call } from '../api/client';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Modal } from '../components/Modal';
import { PasswordInput } from '../components/PasswordInput';
import { applyApiError, formResolver } from '../forms/errors';
import { settleUnlock, signedOut, updateSession, useApp } from '../state/app';
import { signOut } from './session-actions';

const schema = contract['auth.unlock'].input;

function UnlockForm() {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { password: '' } });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await call('auth.unlock', values);
    if (r.ok) {
      updateSession(r.value);
      settleUnlock(true);
      return;
    }
    form.resetField('password');
    if (r.error.code === 'account_locked' || r.error.code === 'not_signed_in') {
      // Too many wrong passwords sign the account out everywhere (SPEC §2).
      signedOut({ messageKey: r.error.messageKey, params: r.error.params, tone: 'error' });
      return;
    }
    setError(applyApiError(r.error, form.setError, ['password']));
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form-stack lock-form">
      {session && <p className="lock-who">{t('auth.lock.who', { name: session.displayName, loginId: session.loginId })}</p>}
      <ErrorAlert error={error} />
      <Field label={t('auth.lock.password')} error={formState.errors.password?.message}>
        {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" autoFocus />}
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={formState.isSubmitting}>
        <Unlock size={16} aria-hidden="true" />
        {formState.isSubmitting ? t('auth.lock.submitting') : t('auth.lock.submit')}
      </button>
      <button type="button" className="btn btn-ghost btn-block" onClick={() => void signOut()}>
        <LogOut size={16} aria-hidden="true" />
        {t('auth.lock.signOut')}
      </button>
    </form>
  );
}

/**
 * The idle lock (Art. 11(4)): a full-window overlay above everything, including open dialogs.
 * The screens underneath stay mounted, so what was being typed is still there after unlocking;
 * the overlay is opaque so none of it can be read meanwhile.
 */
export function LockScreen() {
  const { t } = useTranslation();
  const locked = useApp((s) => s.locked);
  if (!locked) return null;
  return (
    <Modal title={t('auth.lock.title')} onClose={() => undefined} dismissable={false} className="lock-screen" testId="lock-screen">
      <div className="lock-body">
        <div className="lock-icon" aria-hidden="true">
          <Lock size={40} />
        </div>
        <p className="lock-lead">{t('auth.lock.lead')}</p>
        <UnlockForm />
        <div className="lock-language">
          <LanguageSwitch />
        </div>
      </div>
    </Modal>
  );
}
