import type { Language } from './index';

// The punctuation the app puts between values it joins itself (a name and its number, a list of
// roles, a span of time), in the screen's language: Japanese screens take full-width brackets, 「・」
// and 「〜」; English ones their own (a walk-through found 「山田 太郎（E1001）」 and 「Clerk・Safety
// manager」 on English screens). The catalogs' own sentences carry their punctuation themselves.

/** A value with a note after it: 山田 太郎（E1001） / Taro Yamada (E1001). */
export function withNote(lang: Language, main: string, note: string): string {
  const [open, close] = noteBrackets(lang);
  return `${main}${open}${note}${close}`;
}

/** The brackets around a note, for a note that is not plain text (an element on screen). */
export function noteBrackets(lang: Language): [open: string, close: string] {
  return lang === 'ja' ? ['（', '）'] : [' (', ')'];
}

/** Values side by side: 総務担当・安全管理責任者 / Clerk, Safety manager. */
export function listOf(lang: Language, items: readonly string[]): string {
  return items.join(listSeparator(lang));
}

/** Between values side by side: 「・」 / 「, 」. */
export function listSeparator(lang: Language): string {
  return lang === 'ja' ? '・' : ', ';
}

/** Between the parts of a line of facts about one thing (who, when, how many): 「 ・ 」 / 「 · 」. */
export function partsSeparator(lang: Language): string {
  return lang === 'ja' ? ' ・ ' : ' · ';
}

/** Sentences one after another: 「終わりました。問題は…」 (no space after 。) / 'Done. No problems…'. */
export function sentences(lang: Language, parts: readonly string[]): string {
  return parts.filter(Boolean).join(lang === 'ja' ? '' : ' ');
}

/** Between a label and what follows it in running text: 「：」 / 「: 」. */
export function colonOf(lang: Language): string {
  return lang === 'ja' ? '：' : ': ';
}

/** Between the two ends of a span (of time): 「 〜 」 / 「 – 」. */
export function rangeSeparator(lang: Language): string {
  return lang === 'ja' ? ' 〜 ' : ' – ';
}
