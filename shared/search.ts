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
  const plain = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (!plain) return [];
  const katakana = plain.replace(HIRAGANA, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
  return katakana === plain ? [plain] : [plain, katakana];
}

/**
 * The form in which two names or codes read the same to a person: full-width and half-width alike,
 * any case, without spaces, hyphens of any shape or the other marks a code is written with (SD-001,
 * ＳＤ－００１, sd 001, SD_001, SD.001 and SD/001; 総務課PC and 総務課 ｐｃ). For "one name, one thing"
 * checks (register codes, station names), never for display.
 */
export function readsAlike(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\u2010-\u2015\u2212\u30fc\uff70\u30fb\uff65_./・:-]+/g, '');
}
