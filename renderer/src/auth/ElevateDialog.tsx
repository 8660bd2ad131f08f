import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal';
import { settleReauth, useApp } from '../state/app';
import { ElevateForm } from './ElevateForm';

/** Shown when an admin call comes back 'reauth_required': the call is retried after the password. */
export function ElevateDialog() {
  const { t } = useTranslation();
  const open = useApp((s) => s.reauthOpen);
  if (!open) return null;
  return (
    <Modal title={t('auth.elevate.title')} onClose={() => settleReauth(false)} size="sm" testId="elevate-dialog">
      <ElevateForm onDone={() => settleReauth(true)} onCancel={() => settleReauth(false)} />
    </Modal>
  );
}
