import { useTranslation } from 'react-i18next';
import { Lock, LogOut, Unlock } from 'lucide-react';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Modal } from '../components/Modal';
import { settleUnlock, useApp } from '../state/app';
import { PasswordConfirmForm } from './PasswordConfirmForm';
import { signOut } from './session-actions';

function UnlockForm() {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  return (
    <PasswordConfirmForm
      method="auth.unlock"
      onConfirmed={() => settleUnlock(true)}
      label={t('auth.lock.password')}
      intro={session && <p className="lock-who">{t('auth.lock.who', { name: session.displayName, loginId: session.loginId })}</p>}
      className="form-stack lock-form"
      actions={(submitting) => (
        <>
          <button type="submit" className="btn btn-primary btn-block" disabled={submitting}>
            <Unlock size={16} aria-hidden="true" />
            {submitting ? t('auth.lock.submitting') : t('auth.lock.submit')}
          </button>
          <button type="button" className="btn btn-ghost btn-block" onClick={() => void signOut()}>
            <LogOut size={16} aria-hidden="true" />
            {t('auth.lock.signOut')}
          </button>
        </>
      )}
    />
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
    <Modal title={t('auth.lock.title')} onClose={() => undefined} dismissable={false} className="lock-screen" testId="lock-screen" errorSummary={false}>
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
