import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { KeyRound } from 'lucide-react';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { MyServerRoom } from '../../../shared/ledgers/serverRoom';
import { easyPin } from '../../../shared/ledgers/serverRoomTerminal';
import { api } from '../api/api';
import { Alert, ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { useDates } from '../hooks/useDates';
import { applyApiError, formResolver, passwordRefusal } from '../forms/errors';
import { flash } from '../state/flash';
import { msg } from '../../../shared/api/schemas';

// SPEC §7: the PIN (4–8 digits) a person types with their employee number at the door terminal,
// set by the person, confirmed with their password, stored hashed by the core.
const schema = contract['me.setPin'].input
  .extend({ pinConfirm: contract['me.setPin'].input.shape.pin })
  .refine((v) => !easyPin(v.pin), { path: ['pin'], ...msg('terminal.errors.pin_weak') })
  .refine((v) => v.pin === v.pinConfirm, { path: ['pinConfirm'], ...msg('serverRoom.ui.pin.mismatch') });

export function PinPage() {
  const { t } = useTranslation();
  const dates = useDates();
  const [mine, setMine] = useState<MyServerRoom | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reload, setReload] = useState(0);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { pin: '', pinConfirm: '', password: '' } });
  const { register, handleSubmit, formState, reset } = form;
  const e = formState.errors;

  useEffect(() => {
    let live = true;
    void api('serverRoom.mine', {}).then((r) => {
      if (live && r.ok) setMine(r.value);
    });
    return () => {
      live = false;
    };
  }, [reload]);

  const onSubmit = handleSubmit(async ({ pin, password }) => {
    setError(null);
    const r = await api('me.setPin', { pin, password });
    if (!r.ok) {
      // The password typed again only when it was the password that was refused (not a PIN the core refused).
      if (r.error.code === 'bad_credentials' || r.error.field === 'password') form.resetField('password');
      return setError(applyApiError(passwordRefusal(r.error, 'password'), form.setError, ['pin', 'password']));
    }
    reset();
    flash(t('serverRoom.ui.pin.done'));
    setReload((n) => n + 1);
  });

  const digits = { inputMode: 'numeric' as const, autoComplete: 'off', maxLength: 8, className: 'input input-code sr-pin-input' };

  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1>{t('serverRoom.ui.pin.title')}</h1>
        <p className="page-lead">{t('serverRoom.ui.pin.lead')}</p>
      </header>
      {mine && !mine.person ? (
        <Alert tone="info">{t('serverRoom.ui.mine.noPerson')}</Alert>
      ) : (
        <section className="card">
          {mine && (
            <p className="sr-pin-state" data-testid="pin-state">
              <KeyRound size={16} aria-hidden="true" />{' '}
              {mine.pinLockedUntil
                ? t('serverRoom.ui.mine.pinLocked', { until: dates.dateTime(mine.pinLockedUntil) })
                : mine.pinSet
                  ? t('serverRoom.ui.mine.pinSet')
                  : t('serverRoom.ui.mine.pinNotSet')}
            </p>
          )}
          <form onSubmit={onSubmit} noValidate className="form-stack">
            <ErrorAlert error={error} />
            <Field label={t('serverRoom.ui.pin.pin')} error={e.pin?.message} required hint={t('serverRoom.ui.pin.rules')}>
              {(p) => <input {...p} {...register('pin')} type="password" {...digits} />}
            </Field>
            <Field label={t('serverRoom.ui.pin.pinConfirm')} error={e.pinConfirm?.message} required>
              {(p) => <input {...p} {...register('pinConfirm')} type="password" {...digits} />}
            </Field>
            <Field label={t('serverRoom.ui.pin.password')} error={e.password?.message} required>
              {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
                <KeyRound size={16} aria-hidden="true" />
                {t('serverRoom.ui.pin.submit')}
              </button>
            </div>
          </form>
        </section>
      )}
    </div>
  );
}
