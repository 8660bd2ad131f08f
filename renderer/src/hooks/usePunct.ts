import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { colonOf, listOf, noteBrackets, partsSeparator, rangeSeparator, withNote } from '../../../shared/i18n/punct';

/** The punctuation between values the screen joins itself, in the screen's language (shared/i18n/punct.ts). */
export function usePunct() {
  const { i18n } = useTranslation();
  const lang = (i18n.resolvedLanguage ?? 'ja') as Language;
  const [open, close] = noteBrackets(lang);
  return {
    /** 山田 太郎（E1001） / Taro Yamada (E1001). */
    note: (main: string, note: string) => withNote(lang, main, note),
    /** The brackets around a note that is an element: {open}…{close}. */
    open,
    close,
    /** 総務担当・安全管理責任者 / Clerk, Safety manager. */
    list: (items: readonly string[]) => listOf(lang, items),
    /** Between a span's ends: 「 〜 」 / 「 – 」. */
    range: rangeSeparator(lang),
    /** Between the parts of a line of facts: 「 ・ 」 / 「 · 」. */
    sep: partsSeparator(lang),
    /** After a label in running text: 「：」 / 「: 」. */
    colon: colonOf(lang),
  };
}
