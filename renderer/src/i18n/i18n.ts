import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addFormats, catalogs, DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../../shared/i18n';

const STORAGE_KEY = 'daicho.language';

function savedLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LANGUAGES as string[]).includes(saved)) return saved as Language;
  } catch {
    // storage unavailable: fall back to Japanese
  }
  return DEFAULT_LANGUAGE;
}

const initial = savedLanguage();
document.documentElement.lang = initial;

// Each language is one i18next resource whose top-level keys are the features, so a key such as
// "people.errors.kana" (as returned by the core) resolves directly.
void i18next.use(initReactI18next).init({
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: catalogs[l] }])),
  lng: initial,
  fallbackLng: DEFAULT_LANGUAGE,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});
// The formats a message asks of a parameter ({{max, duration}}), as paper and the command line say them.
addFormats(i18next.services.formatter);

export function setLanguage(lang: Language): void {
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
}

export function currentLanguage(): Language {
  return (i18next.resolvedLanguage as Language | undefined) ?? DEFAULT_LANGUAGE;
}

export { i18next };
