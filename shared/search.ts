// What a search box's text is looked for as: a Japanese office types the same name many ways.

/** The first and last hiragana that have a katakana 0x60 above them (ぁ..ゖ). */
const HIRAGANA = /[\u3041-\u3096]/g;

/**
 * The forms a search text is matched in: as typed after NFKC (full-width digits and letters and
 * half-width kana made plain: ２０２０ → 2020, ｺﾊﾞﾔｼ → コバヤシ; an ideographic space → a space) with
 * runs of spaces made one; and, when it has hiragana, with them as katakana too (こばやし finds the
 * カナ column's コバヤシ). Empty when nothing is left.
 */
export function searchForms(text: string): string[] {
  const plain = searchFold(text).trim();
  if (!plain) return [];
  const katakana = plain.replace(HIRAGANA, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
  return katakana === plain ? [plain] : [plain, katakana];
}

/**
 * A stored text as a search reads it (the store's `daicho_fold`): the same NFKC and spaces as the
 * search text, so that ＡＢＣ商事 typed at the desk is found as ABC or ＡＢＣ (an insider probe: a
 * full-width name was found by neither, and kept out of a search-based audit).
 */
export function searchFold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ');
}

/**
 * Whether `searchFold` may change a stored text, as SQLite's GLOB (so that only such texts are folded,
 * in SQL, without a call into JS per row): full-width letters, digits and marks and half-width
 * katakana (U+FF01–U+FF9F), circled and parenthesized numbers and letters (U+2460–U+24FF), ㈱ and
 * the other enclosed and squared forms (U+3200–U+33FF), letterlike symbols, Roman numerals and
 * fractions (U+2100–U+218F: № is No, Ⅲ is III), marks written apart from their letter (combining accents U+0300–U+036F, and the
 * combining dakuten and handakuten U+3099–U+309A: ダ as タ and ゛, as text pasted from a Mac has it;
 * a second probe), and any space but one ASCII space.
 */
export const FOLDABLE_GLOBS = ['*[\uff01-\uff9f\u2460-\u24ff\u3200-\u33ff\u2100-\u218f\u0300-\u036f\u3099\u309a\u3000\u00a0\t\n\r]*', '*  *'] as const;

/**
 * The form in which two names or codes read the same to a person: full-width and half-width alike,
 * any case, without spaces, hyphens of any shape or the other marks a code is written with (SD-001,
 * ＳＤ－００１, sd 001, SD_001, SD.001 and SD/001; 総務課PC and 総務課 ｐｃ). For "one name, one thing"
 * checks (register codes, station names), never for display.
 */
export function readsAlike(text: string, digits = false): string {
  let key = alike.get(text);
  if (key === undefined) {
    key = readsAlikeUnkept(text);
    if (alike.size >= ALIKE_KEPT) alike.clear();
    alike.set(text, key);
  }
  return digits ? asDigits(key) : key;
}

/**
 * readsAlike worked out and not kept, for a caller that keeps the forms itself (kit/code-index.ts
 * reads a whole register at once). Printable ASCII (most codes) is its own NFKC form and has no
 * Cyrillic or Greek letter: only the case and the separators are folded.
 */
export function readsAlikeUnkept(text: string, digits = false): string {
  const key = PRINTABLE_ASCII.test(text)
    ? text.toLowerCase().replace(/[ _./:-]+/g, '')
    : text
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[\s\u2010-\u2015\u2212\u30fc\uff70\u30fb\uff65_./・:-]+|[\p{Default_Ignorable_Code_Point}]/gu, '')
        .replace(LOOKS_LATIN, (c) => AS_LATIN[c]);
  return digits ? asDigits(key) : key;
}
/**
 * A register code's letters drawn as digits in most fonts taken as the digit (an insider probe:
 * PC-HQ-O1 with a letter O beside PC-HQ-01, G-O1 beside G-01 — each a thing of its own, out without its
 * approval), as login ids are (auth/account-rules.ts loginIdSkeleton). Only for codes the company gives
 * (the fields marked `code`; shared/ledgers/index.ts readsDigits): words (Mail room, Mall room) and a maker's serial numbers keep their letters.
 */
function asDigits(key: string): string {
  const digits = /[oil]/.test(key) ? key.replace(/o/g, '0').replace(/[il]/g, '1') : key;
  return /[〇一口工二力八卜夕丨亅ノ]/u.test(digits) ? digits.replace(/[〇一口工二力八卜夕丨亅ノ]/gu, (c) => KANJI_AS_KANA[c]) : digits;
}
/**
 * And in those codes, kanji drawn as a katakana or a mark of a code (a review: A一01 beside A-01, ロ-01
 * beside 口-01, エ-1 beside 工-1): as what they are drawn as — 一 as the long mark (a separator), 〇 as 0, 丨 and 亅 as 1
 * and ノ as the slash it is drawn as (a separator): a fifth insider probe registered PC-HQ-0丨 and PCノHQノ01 beside
 * PC-HQ-01. (A code may mix A–Z with kanji — 本社PC-01 — so these are read, not refused.)
 */
const KANJI_AS_KANA: Record<string, string> = { 〇: '0', 一: '', 口: 'ロ', 工: 'エ', 二: 'ニ', 力: 'カ', 八: 'ハ', 卜: 'ト', 夕: 'タ', 丨: '1', 亅: '1', ノ: '' };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The forms already worked out, by text: a "one code, one thing" check reads every code of its
 * register on each save (the people register's employee numbers: 14,000 at SPEC §10's scale), and a
 * lookup here is several times cheaper than the normalizing. Bounded; emptied when full.
 */
const alike = new Map<string, string>();
const ALIKE_KEPT = 100_000;

/**
 * Does a text read as `code` does (readsAlike)? For the uniqueness checks of the registers, which
 * ask it of every code in use: `rows.some((r) => r.id !== selfId && sameAs(r.code))`. An empty or
 * missing value reads as nothing.
 */
export function readsAlikeAs(code: string, digits = false): (other: unknown) => boolean {
  const key = readsAlike(code, digits);
  return (other) => typeof other === 'string' && other !== '' && readsAlike(other, digits) === key;
}

/**
 * Cyrillic and Greek letters drawn as a Latin one (С-01 is C-01, РС-001 is PC-001, ЅV-01 is SV-01:
 * insider probe 13 registered each beside the Latin code), in the lower case readsAlike compares in.
 */
const AS_LATIN: Record<string, string> = {
  а: 'a', б: '6', в: 'b', е: 'e', з: '3', і: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ԍ: 'g', ԛ: 'q', ԝ: 'w', ү: 'y', һ: 'h', ӏ: 'l',
  α: 'a', β: 'b', ε: 'e', ζ: 'z', η: 'h', ι: 'i', κ: 'k', μ: 'm', ν: 'n', ο: 'o', ρ: 'p', τ: 't', υ: 'y', χ: 'x', ϲ: 'c', ϳ: 'j',
};
const LOOKS_LATIN = new RegExp(`[${Object.keys(AS_LATIN).join('')}]`, 'g');
