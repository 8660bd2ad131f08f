import type { JapaneseCatalog } from '../../../shared/i18n';

// i18next's `t` (from useTranslation, i18next.t) takes only the keys of the Japanese catalog:
// `t('people.form.nmae')` and `t(`common.roles.${someString}`)` do not compile. A key built
// from a template is checked through its variable's type (`common.roles.${Role}` is fine).
// strictKeyChecks: a `defaultValue` does not let an unknown key through either; a key that
// comes from data at run time goes through `isMessageKey` (shared/i18n) first.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: JapaneseCatalog };
    strictKeyChecks: true;
  }
}
