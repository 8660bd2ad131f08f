// Japanese text broken into phrases (文節-like chunks), so that a narrow cell or note wraps between
// them, never inside a word (a user probe: 「バックアップ媒体交／換」「株式会社サーバテッ／ク」「この／ブラウザで」).
// CSS `word-break: auto-phrase` asks the same of the browser, but the Chromium the PDF is made with
// here does not segment (it wraps as `normal`): the breaks are put in the text itself (<wbr> on paper,
// <wbr /> on screen), with `word-break: keep-all` so that the browser breaks Japanese only there (and,
// for a phrase wider than its box, anywhere: `overflow-wrap: anywhere`).

type Kind = 'kanji' | 'kata' | 'hira' | 'latin' | 'open' | 'close' | 'space' | 'other';

function kindOf(ch: string): Kind {
  if (/[\p{sc=Han}々〆ヶ]/u.test(ch)) return 'kanji';
  if (/[\p{sc=Katakana}ー･]/u.test(ch)) return 'kata';
  if (/\p{sc=Hiragana}/u.test(ch)) return 'hira';
  if (/[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]/u.test(ch)) return 'latin';
  if (/[（(「『【〔［｛〈《“‘]/u.test(ch)) return 'open';
  if (/[）)」』】〕］｝〉》”’、。，．・：；！？／]/u.test(ch)) return 'close';
  if (/\s/u.test(ch)) return 'space';
  return 'other';
}

/** Latin letters and katakana make one word (ノートPC, LTOテープ): never broken between. */
const LATIN_KATAKANA = (a: Kind, b: Kind) => (a === 'latin' && b === 'kata') || (a === 'kata' && b === 'latin');

const COMPANY = ['株式会社', '有限会社', '合同会社'];

const DEMONSTRATIVES = ['この', 'その', 'あの', 'どの'];

/**
 * The text in phrases: a break after closing punctuation (、。・：） and before an opening bracket, and
 * where a word of another script starts after kanji, katakana or a particle (バックアップ｜媒体交換,
 * 株式会社｜サーバテック, この端末は｜このブラウザで｜使えます) — never before hiragana, which ends the phrase
 * before it (使えます, 端末は), nor between Latin letters and katakana (ノートPC, LTOテープ), nor after a
 * number (2本). Spaces are the browser's own breaks. Joined, the phrases are the text.
 */
export function phrases(text: string): string[] {
  const chars = [...text];
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (cur !== '') {
      const prev = kindOf(chars[i - 1]);
      const next = kindOf(ch);
      const breakHere =
        (prev === 'close' && next !== 'close' && next !== 'space') ||
        (next === 'open' && prev !== 'open' && prev !== 'space') ||
        ((next === 'kanji' || next === 'kata' || next === 'latin') && prev !== next && (prev === 'kanji' || prev === 'kata' || prev === 'hira' || prev === 'latin') && !/[0-9０-９]$/u.test(cur) && !LATIN_KATAKANA(prev, next) && !DEMONSTRATIVES.includes(cur)) ||
        // この・その… start a phrase after a particle (この端末は｜このブラウザで), and stay with the word after them.
        (prev === 'hira' && DEMONSTRATIVES.some((d) => chars.slice(i, i + d.length).join('') === d) && !/^\p{sc=Hiragana}+$/u.test(cur)) ||
        // 株式会社 is a word of its own in a company's name written in kanji (株式会社｜中部工業, 中部工業｜株式会社).
        (COMPANY.includes(chars.slice(i - 4, i).join('')) && next !== 'close' && next !== 'space' && next !== 'hira') ||
        (COMPANY.includes(chars.slice(i, i + 4).join('')) && prev !== 'open' && prev !== 'space');
      if (breakHere) {
        out.push(cur);
        cur = '';
      }
    }
    cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Whether a text has Japanese in it (only such text is broken into phrases). */
export const hasJapanese = (text: string): boolean => /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u.test(text);
