import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Power } from 'lucide-react';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { call } from '../api/client';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { PasswordInput } from '../components/PasswordInput';
import { applyApiError, formResolver } from '../forms/errors';
import { DialogActions } from '../components/DialogActions';

const schema = contract['terminal.stop'].input;

/** Leave kiosk mode: a clerk or system administrator signs with their own id and password. */
export function StopDialog({ onClose, onStopped }: { onClose: () => void; onStopped: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { loginId: '', password: '' } });
  const { register, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await call('terminal.stop', values);
    if (r.ok) return onStopped();
    form.resetField('password');
    setError(applyApiError(r.error, form.setError, ['loginId', 'password']));
  });
  return (
    <Modal title={t('terminal.stop.title')} onClose={onClose} size="sm" testId="terminal-stop-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        {/* Who may end it, said before anyone tries (a user probe: only ログインID and パスワード were asked). */}
        <p className="muted">{t('terminal.stop.lead')}</p>
        <ErrorAlert error={error} />
        <Field label={t('terminal.stop.loginId')} error={formState.errors.loginId?.message}>
          {(p) => <input {...p} {...register('loginId')} className="input" autoComplete="off" autoFocus spellCheck={false} autoCapitalize="off" />}
        </Field>
        <Field label={t('terminal.stop.password')} error={formState.errors.password?.message}>
          {(p) => <PasswordInput {...p} {...register('password')} autoComplete="off" />}
        </Field>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting} danger>
          <Power size={16} aria-hidden="true" />
          {t('terminal.stop.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
