import { errors as jaErrors } from './ja/errors';
import { errors as enErrors } from './en/errors';

// One catalog per language; each feature keeps its own file and adds one line here.
// Keys are "<feature>.<key>", e.g. "people.errors.kana"; the core returns such keys.
export const catalogs = {
  ja: { errors: jaErrors },
  en: { errors: enErrors },
};

export type Language = keyof typeof catalogs;
export const LANGUAGES: Language[] = ['ja', 'en'];
