import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ShieldAlert } from 'lucide-react';
import { isElevated, useApp } from '../state/app';
import { ElevateForm } from './ElevateForm';

/** Admin pages ask for the password first, unless it was confirmed in the last few minutes. */
export function RequireElevation({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  if (isElevated(session)) return <>{children}</>;
  return (
    <div className="page page-narrow">
      <section className="card elevate-card">
        <h1 className="card-title">
          <ShieldAlert size={20} aria-hidden="true" />
          {t('auth.elevate.title')}
        </h1>
        <ElevateForm onDone={() => undefined} onCancel={() => (window.location.hash = '#/')} />
      </section>
    </div>
  );
}
