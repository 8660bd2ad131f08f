import { useTranslation } from 'react-i18next';
import { Languages } from 'lucide-react';
import { LANGUAGES } from '../../../shared/i18n';
import { currentLanguage, setLanguage } from '../i18n/i18n';

/** 日本語 / English, remembered on this PC. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('common.language.label')}>
      <Languages size={16} aria-hidden="true" className="language-icon" />
      {LANGUAGES.map((lang) => (
        <button key={lang} type="button" lang={lang} aria-pressed={current === lang} className={current === lang ? 'active' : ''} onClick={() => setLanguage(lang)}>
          {t(`common.language.${lang}`)}
        </button>
      ))}
    </div>
  );
}
