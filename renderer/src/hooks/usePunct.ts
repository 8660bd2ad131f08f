import { useMemo } from 'react';
import { colonOf, listOf, listSeparator, noteBrackets, partsSeparator, rangeSeparator, sentences, withNote } from '../../../shared/i18n/punct';
import { useDates } from './useDates';

/** The punctuation between values the screen joins itself, in the screen's language (shared/i18n/punct.ts); the same object while the language stays. */
export function usePunct() {
  const { lang } = useDates();
  return useMemo(() => {
    const [open, close] = noteBrackets(lang);
    return {
      /** 山田 太郎（E1001） / Taro Yamada (E1001). */
      note: (main: string, note: string) => withNote(lang, main, note),
      /** The brackets around a note that is an element: {open}…{close}. */
      open,
      close,
      /** 総務担当・安全管理責任者 / Clerk, Safety manager. */
      list: (items: readonly string[]) => listOf(lang, items),
      /** Between values side by side, where they are elements. */
      listSep: listSeparator(lang),
      /** Between a span's ends: 「 〜 」 / 「 – 」. */
      range: rangeSeparator(lang),
      /** Between the parts of a line of facts: 「 ・ 」 / 「 · 」. */
      sep: partsSeparator(lang),
      /** After a label in running text: 「：」 / 「: 」. */
      colon: colonOf(lang),
      /** Sentences one after another (no space after 。). */
      sentences: (parts: readonly string[]) => sentences(lang, parts),
    };
  }, [lang]);
}
