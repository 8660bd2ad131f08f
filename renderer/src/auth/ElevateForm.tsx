import { useTranslation } from 'react-i18next';
import { ShieldCheck } from 'lucide-react';
import { PasswordConfirmForm } from './PasswordConfirmForm';

/** Re-enter the password before admin work (Art. 16(6)); admin calls are then allowed for 10 minutes. */
export function ElevateForm({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  return (
    <PasswordConfirmForm
      method="auth.elevate"
      onConfirmed={onDone}
      label={t('auth.elevate.password')}
      hint={t('auth.elevate.note')}
      intro={<p>{t('auth.elevate.lead')}</p>}
      className="form-stack"
      testId="elevate-form"
      actions={(submitting) => (
        <div className="form-actions">
          {onCancel && (
            <button type="button" className="btn btn-ghost" onClick={onCancel}>
              {t('common.actions.cancel')}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={submitting}>
            <ShieldCheck size={16} aria-hidden="true" />
            {t('auth.elevate.submit')}
          </button>
        </div>
      )}
    />
  );
}
