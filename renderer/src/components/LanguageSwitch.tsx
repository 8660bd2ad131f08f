import { useTranslation } from 'react-i18next';
import { Languages } from 'lucide-react';
import { LANGUAGES, type Language } from '../../../shared/i18n';
import { clearFlash } from '../state/flash';
import { currentLanguage, setLanguage } from '../i18n/i18n';

/**
 * A confirmation is said in the language it was made in: switched, it goes rather than stay in the
 * other (a walk-through: 「…の施錠を記録しました。」 stayed on an English page).
 */
function switchTo(lang: Language): void {
  if (lang !== currentLanguage()) clearFlash();
  setLanguage(lang);
}

/** 日本語 / English, remembered on this PC. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('common.language.label')}>
      <Languages size={16} aria-hidden="true" className="language-icon" />
      {LANGUAGES.map((lang) => (
        <button key={lang} type="button" lang={lang} aria-pressed={current === lang} className={current === lang ? 'active' : ''} onClick={() => switchTo(lang)}>
          {t(`common.language.${lang}`)}
        </button>
      ))}
    </div>
  );
}
