import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowRight, KeyRound, Printer } from 'lucide-react';
import { AuthLayout } from '../auth/AuthLayout';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { useApp } from '../state/app';

/** The code as the core reads it: case and look-alikes (O/0, I/L/1) do not matter. */
function normalize(s: string): string {
  return s.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function randomGroup(count: number): number {
  const n = new Uint32Array(1);
  crypto.getRandomValues(n);
  return n[0] % count;
}

/** SPEC §2/§8: the recovery code, shown once; part of it is typed back before going on. */
export function RecoveryCode({ code, companyName }: { code: string; companyName: string }) {
  const { t } = useTranslation();
  const groups = code.split('-');
  const [ask] = useState(() => randomGroup(groups.length));
  const [typed, setTyped] = useState('');
  const [wrong, setWrong] = useState(false);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (normalize(typed) !== normalize(groups[ask])) {
      setWrong(true);
      return;
    }
    useApp.setState({ phase: 'signedOut', companyName, notice: { messageKey: 'auth.signIn.setupDone', tone: 'info' } });
  };

  return (
    <AuthLayout wide>
      <div className="card recovery">
        <h1 className="card-title">
          <KeyRound size={22} aria-hidden="true" />
          {t('setup.recovery.title')}
        </h1>
        <p>{t('setup.recovery.lead')}</p>
        <div className="recovery-code" data-testid="recovery-code" data-code={code} aria-label={code}>
          {groups.map((g, i) => (
            <div key={i} className="recovery-group">
              <span className="recovery-group-num">{i + 1}</span>
              <span className="recovery-group-text">{g}</span>
            </div>
          ))}
        </div>
        <Alert tone="warning">{t('setup.recovery.keep')}</Alert>
        <div className="recovery-print no-print-hide">
          <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
            <Printer size={16} aria-hidden="true" />
            {t('common.actions.print')}
          </button>
        </div>
        <form onSubmit={onSubmit} noValidate className="form-stack recovery-confirm no-print">
          <Field label={t('setup.recovery.typeBack', { n: ask + 1 })} error={wrong ? 'setup.recovery.mismatch' : undefined}>
            {(p) => (
              <input
                {...p}
                className="input input-code recovery-input"
                data-testid="recovery-typeback"
                data-group={ask + 1}
                value={typed}
                maxLength={7}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => {
                  setTyped(e.target.value);
                  setWrong(false);
                }}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('setup.recovery.continue')}
              <ArrowRight size={16} aria-hidden="true" />
            </button>
          </div>
        </form>
      </div>
    </AuthLayout>
  );
}
