import { useEffect, useState } from 'react';
import { Phrased } from '../components/Phrased';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LogIn, LogOut, MonitorSmartphone } from 'lucide-react';
import { z } from 'zod';
import { contract } from '../../../shared/api/contract';
import type { SiteInfo } from '../../../shared/api/core-contract';
import type { ApiError } from '../../../shared/api/errors';
import type { SessionInfo } from '../../../shared/domain/session';
import type { TerminalInfo } from '../../../shared/ledgers/serverRoomTerminal';
import type { MessageKey } from '../../../shared/i18n';
import { call } from '../api/client';
import { canCall } from '../auth/access';
import { AuthLayout } from '../auth/AuthLayout';
import { Alert, ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { applyApiError, formResolver, passwordRefusal } from '../forms/errors';
import { useMessage } from '../i18n/messages';
import { SiteOptions } from '../components/SiteOptions';
import { msg } from '../../../shared/api/schemas';
import { useStationStatus } from '../components/StationBanner';

// SPEC §7: a clerk or system administrator turns this window into the door terminal of one site:
// sign in, pick the site, confirm with the password again (terminal.start). The desk session
// becomes the terminal session; nothing of the desk stays reachable from here.

const signInSchema = contract['auth.signIn'].input;
const startSchema = z.object({ siteId: z.string().min(1, msg('serverRoom.errors.site')), password: contract['terminal.start'].input.shape.password });

function SignInStep({ onSignedIn }: { onSignedIn: (s: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(signInSchema), defaultValues: { loginId: '', password: '' } });
  const { register, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await call('auth.signIn', values);
    if (r.ok) return onSignedIn(r.value);
    form.resetField('password');
    setError(applyApiError(r.error, form.setError, ['loginId', 'password']));
  });
  return (
    <form onSubmit={onSubmit} noValidate className="form-stack">
      <p className="muted">{t('terminal.kiosk.startSignIn')}</p>
      <ErrorAlert error={error} />
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
    </form>
  );
}

function SiteStep({ session, onStarted, onSignOut }: { session: SessionInfo; onStarted: (info: TerminalInfo) => void; onSignOut: () => void }) {
  const { t } = useTranslation();
  const [sites, setSites] = useState<SiteInfo[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(startSchema), defaultValues: { siteId: '', password: '' } });
  const { register, handleSubmit, formState, setValue, getValues } = form;

  useEffect(() => {
    void call('sites.list', {}).then((r) => {
      if (!r.ok) return setError(r.error);
      setSites(r.value);
      if (!getValues('siteId') && r.value[0]) setValue('siteId', r.value[0].id);
    });
  }, [getValues, setValue]);

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await call('terminal.start', values);
    if (r.ok) return onStarted(r.value);
    form.resetField('password');
    setError(applyApiError(passwordRefusal(r.error, 'password'), form.setError, ['siteId', 'password']));
  });

  const allowed = canCall('terminal.start', session);
  return (
    <div className="form-stack">
      <p className="kiosk-start-who">{t('terminal.kiosk.signedInAs', { name: session.displayName })}</p>
      {session.mustChangePassword ? (
        <Alert tone="warning">{t('terminal.kiosk.mustChangePassword')}</Alert>
      ) : !allowed ? (
        <Alert tone="warning">{t('terminal.kiosk.notAllowed')}</Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate className="form-stack">
          <ErrorAlert error={error} />
          <Field label={t('terminal.start.site')} error={formState.errors.siteId?.message} required choice>
            {(p) => (
              <select {...p} {...register('siteId')} className="input">
                <SiteOptions sites={sites} />
              </select>
            )}
          </Field>
          <Field label={t('terminal.start.password')} error={formState.errors.password?.message} required>
            {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" autoFocus />}
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={formState.isSubmitting}>
            <MonitorSmartphone size={16} aria-hidden="true" />
            {t('terminal.start.submit')}
          </button>
        </form>
      )}
      <button type="button" className="btn btn-ghost" onClick={onSignOut}>
        <LogOut size={16} aria-hidden="true" />
        {t('terminal.kiosk.signOut')}
      </button>
    </div>
  );
}

/** The "start the door terminal" screen, shown while this window is not a terminal session. */
export function TerminalStart({ onStarted, notice }: { onStarted: (info: TerminalInfo) => void; notice?: MessageKey | null }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [session, setSession] = useState<SessionInfo | null | 'loading'>('loading');

  useEffect(() => {
    void call('auth.session', {}).then((r) => setSession(r.ok ? r.value : null));
  }, []);

  const signOut = async () => {
    await call('auth.signOut', {});
    setSession(null);
  };
  // A desk PC enrolled on the office network is no door: said at once, before a sign-in and a password
  // are asked for nothing (a review; the core refuses it: terminal.errors.lan_not_door).
  const onStation = useStationStatus()?.mode === 'station';

  return (
    <AuthLayout>
      <div className="auth-card kiosk-start" data-testid="terminal-start">
        <h1 className="auth-title">{t('terminal.start.title')}</h1>
        <p className="muted">{t('terminal.start.lead')}</p>
        <p className="muted small">
          <Phrased text={t('terminal.start.deskNote')} />
        </p>
        {notice && <Alert tone="info">{message(notice)}</Alert>}
        {onStation ? (
          <Alert tone="warning" testId="terminal-lan-not-door">
            {t('terminal.errors.lan_not_door')}
          </Alert>
        ) : session === 'loading' ? null : session ? (
          <SiteStep session={session} onStarted={onStarted} onSignOut={() => void signOut()} />
        ) : (
          <SignInStep onSignedIn={setSession} />
        )}
      </div>
    </AuthLayout>
  );
}
