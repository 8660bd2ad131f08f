import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useApp } from '../state/app';

/** The frame of the screens before the app: sign-in, setup, forced password change. */
export function AuthLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  const companyName = useApp((s) => s.companyName);
  return (
    <div className="auth-layout">
      <header className="auth-header">
        <div className="brand">
          <img src="./icon.svg" alt="" width={28} height={28} />
          <span className="brand-name">{t('common.appName')}</span>
          <span className="brand-sub">{companyName || t('common.appSubtitle')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main className={`auth-main${wide ? ' auth-main-wide' : ''}`} id="main">
        {children}
      </main>
    </div>
  );
}
