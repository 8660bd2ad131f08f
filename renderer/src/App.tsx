import { useEffect, useState } from 'react';
import { HashRouter } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RefreshCw } from 'lucide-react';
import { call } from './api/client';
import { ForcedPasswordChange } from './auth/ChangePassword';
import { LockScreen } from './auth/LockScreen';
import { AccountNotices } from './auth/AccountNotices';
import { SignIn } from './auth/SignIn';
import { useIdleLock } from './auth/useIdleLock';
import { AuthLayout } from './auth/AuthLayout';
import { SetupWizard } from './setup/SetupWizard';
import { AppShell } from './shell/AppShell';
import { signedIn, useApp } from './state/app';
import { TerminalApp } from './terminal/TerminalApp';

/** First run or not, signed in or not: ask the core, then show the right screen. */
async function boot(): Promise<void> {
  const status = await call('setup.status', {});
  if (!status.ok) {
    useApp.setState({ phase: 'unreachable' });
    return;
  }
  useApp.setState({ companyName: status.value.companyName ?? '' });
  if (status.value.needsSetup) {
    useApp.setState({ phase: 'setup' });
    return;
  }
  const session = await call('auth.session', {});
  if (session.ok && session.value) signedIn(session.value);
  else useApp.setState({ phase: 'signedOut' });
}

function SignedIn() {
  const mustChange = useApp((s) => s.session?.mustChangePassword);
  useIdleLock();
  return (
    <>
      {mustChange ? <ForcedPasswordChange /> : <AppShell />}
      <AccountNotices />
      <LockScreen />
    </>
  );
}

function Unreachable() {
  const { t } = useTranslation();
  return (
    <AuthLayout>
      <div className="auth-card">
        <p>{t('shell.offline')}</p>
        <button type="button" className="btn btn-secondary" onClick={() => void boot()}>
          <RefreshCw size={16} aria-hidden="true" />
          {t('common.actions.reload')}
        </button>
      </div>
    </AuthLayout>
  );
}

/** #/terminal is the server-room door terminal (SPEC §7): its own full-window app, not the desk. */
function isTerminalHash(): boolean {
  return window.location.hash.startsWith('#/terminal');
}

function useTerminalHash(): boolean {
  const [terminal, setTerminal] = useState(isTerminalHash);
  useEffect(() => {
    const onHash = () => setTerminal(isTerminalHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return terminal;
}

export function App() {
  const phase = useApp((s) => s.phase);
  const { t } = useTranslation();
  const terminal = useTerminalHash();

  // Boot again when coming back from the terminal (it keeps a session of its own, but this tab's
  // desk session may have ended meanwhile).
  useEffect(() => {
    void boot();
  }, [terminal]);

  useEffect(() => {
    if (!terminal) document.title = t('common.appName');
  }, [t, terminal]);

  if (terminal) return <TerminalApp />;

  return (
    <HashRouter>
      {phase === 'loading' && <div className="splash" aria-busy="true" />}
      {phase === 'unreachable' && <Unreachable />}
      {phase === 'setup' && <SetupWizard />}
      {phase === 'signedOut' && <SignIn />}
      {phase === 'signedIn' && <SignedIn />}
    </HashRouter>
  );
}
