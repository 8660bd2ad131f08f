import { z } from 'zod';
import { onlyJudgingWords } from './generic-words';
import type { MessageKey } from '../i18n';
import { EARLIEST_DAY, isPlainDate, LATEST_DAY } from '../dates';

// Input building blocks. Every string has a maximum length, every object is strict
// (extra keys are refused), so malformed input is a typed error, never a partial write.
//
// SPEC §8: what is hashed is exactly what is stored, so every text the contract accepts is
// well-formed Unicode (a lone UTF-16 surrogate would be stored as U+FFFD but hashed as itself).
// One-line fields also refuse control characters (NUL, tabs, line breaks, escape...) and the
// invisible bidirectional controls that make a text display as something else; multi-line
// fields (notes, reasons) allow line breaks and tabs only. No text field takes characters that
// show nothing (zero-width spaces, soft hyphens, direction marks, Hangul fillers, noncharacters)
// or a combining mark with nothing before it: a name of them would look blank or like another.

/**
 * A check's message: a catalog key, which the dispatcher and the forms translate when they show
 * it. Written `msg('people.errors.kana')` rather than `{ message: '…' }`, so a key the catalogs do
 * not have does not compile (zod takes any string).
 */
export const msg = (key: MessageKey) => ({ message: key });

/**
 * The first kind of character a field may not hold, as its i18n key, or null. A password keeps to
 * the older rule (`visible: false`): one set before invisible characters were refused still signs in.
 */
export function textProblem(value: string, multiline = false, { visible = true }: { visible?: boolean } = {}): MessageKey | null {
  if (!value.isWellFormed()) return 'errors.field.malformed_text';
  if ((multiline ? MULTILINE_FORBIDDEN : ONE_LINE_FORBIDDEN).test(value)) return 'errors.field.control_chars';
  if (visible && ((multiline ? MULTILINE_INVISIBLE : ONE_LINE_INVISIBLE).test(value) || STRAY_MARK.test(value) || LONE_SELECTOR.test(value) || LONE_JOINER.test(value))) return 'errors.field.invisible_chars';
  if (visible && STACKED_MARKS.test(value)) return 'errors.field.stacked_marks';
  // A private-use character (外字) draws as an empty box on every other PC and on paper (an insider probe: a
  // visitor slip whose name, company and purpose were all of them — an unreadable record).
  if (visible && PRIVATE_USE.test(value)) return 'errors.field.private_use';
  return null;
}
const PRIVATE_USE = /\p{Co}/u;
// C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates, BOM.
/* eslint-disable no-control-regex -- matching control characters is the point */
const ONE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;
const MULTILINE_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;
/* eslint-enable no-control-regex */
// Format characters (Unicode Cf: zero-width space and joiners, direction marks, soft hyphen, word
// joiner, tag characters...), the Hangul fillers and the braille blank that show as nothing, and
// noncharacters. Notes keep the zero-width joiner, which joins emoji.
// And the code points Unicode keeps to be ignored, none assigned yet (U+2065 among the invisible operators,
// U+FFF0–FFF8, the tag block's rest): they draw nothing — an insider probe named an account 鈴木\u2065 陽子
// beside the safety manager's, and lent guest card G-HQ-02\u2065 beside G-HQ-02. Listed, not as "unassigned"
// (\p{Cn}): what is unassigned differs with the Unicode version of the engine (Node's, Electron's Chromium's).
// And the marks that draw nothing (the combining grapheme joiner, Mongolian and Khmer ones): insider
// probe 13 made a second cabinet C-01͏ beside C-01 with one.
/* eslint-disable no-misleading-character-class -- marks that join nothing, listed one by one, are the point */
const ONE_LINE_INVISIBLE = /[\p{Cf}\u2065\ufff0-\ufff8\u{e0000}-\u{e00ff}\u{e01f0}-\u{e0fff}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\uffa0\p{Noncharacter_Code_Point}]/u;
const MULTILINE_INVISIBLE = /(?!\u200d)[\p{Cf}\u2065\ufff0-\ufff8\u{e0000}-\u{e00ff}\u{e01f0}-\u{e0fff}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\uffa0\p{Noncharacter_Code_Point}]/u;
/* eslint-enable no-misleading-character-class */
/**
 * A variation selector where it selects nothing: only a kanji (its 異体字) or a pictograph (an emoji's
 * text or colour form; a keycap 1️⃣) takes one. After a letter or a digit it shows as nothing (insider
 * probe 13: C-01 with U+FE0E or U+E0100 was a second cabinet).
 */
const LONE_SELECTOR = /(?<![\p{Ideographic}\p{Extended_Pictographic}])(?:[\ufe00-\ufe0e\u{e0100}-\u{e01ef}]|\ufe0f(?!\u20e3))/u;
/**
 * A zero-width joiner that joins no two pictographs (👨‍💻 joins two, with a colour or skin tone between):
 * notes keep it for emoji only. Alone, or after a word, it draws nothing (an insider probe: a seal
 * reopened with the reason \u200d, a 問題なし explained with 「問題なし\u200d」 — a refused word with it).
 */
const LONE_JOINER = /(?<!\p{Extended_Pictographic}(?:\ufe0f|\p{Emoji_Modifier})?)\u200d|\u200d(?!\p{Extended_Pictographic})/u;
/** A combining mark at the start or after a space: it marks nothing (a kanji's variation selector always follows it). */
const STRAY_MARK = /(?:^|\s)\p{M}/u;
/**
 * Four combining marks or more on one character: no name or word is written so (a keycap takes two,
 * Thai or Vietnamese three at most); an insider probe stacked twelve accents on a visitor's name, a
 * line drawn over the rows above it on screen and paper.
 */
const STACKED_MARKS = /\p{M}{4,}/u;

/**
 * Half-width katakana and their marks (ｶﾌﾞｼｷｶﾞｲｼｬ, ｢｣､｡･) as full-width, as a Japanese office writes
 * them in a ledger (a walk-through: a company typed in half-width was kept and printed so). Nothing
 * else is changed: full-width letters, ㈱, ① and what was typed full-width stay as typed. A half-width
 * sound mark joins the kana before it (ｶﾞ, カﾞ: ガ); one that joins nothing (at the start, after a
 * space, a letter, a sign or ン) is the mark one sees (゛), never a combining mark drawn on what is
 * before it (insider probe 12 and its review).
 */
export const fullWidthKana = (v: string) =>
  v.replace(/([^\uff61-\uff9f]?)([\uff61-\uff9f]+)/gu, (_m, before: string, run: string) => {
    let out = before;
    for (const c of run.normalize('NFKC')) {
      if (c !== '\u3099' && c !== '\u309a') out += c;
      else {
        const prev = out.slice(-1);
        const joined = /^[\u3041-\u3096\u30a1-\u30fa]$/.test(prev) ? (prev + c).normalize('NFC') : '';
        out = joined.length === 1 ? out.slice(0, -1) + joined : out + (c === '\u3099' ? '\u309b' : '\u309c');
      }
    }
    return out;
  });

/** Any string of the contract: well-formed, on one line, no control or invisible characters (a path, an id: as typed). */
export const line = () => z.string().superRefine((v, ctx) => textIssue(v, false, ctx));
/** Words of a record (a name, a company, a purpose): a line with half-width kana made full-width. */
const words = () =>
  z
    .string()
    .overwrite(fullWidthKana)
    .superRefine((v, ctx) => textIssue(v, false, ctx));
/** A string that may hold line breaks and tabs (CR LF and CR become LF); half-width kana made full-width. */
const lines = () =>
  z
    .string()
    .overwrite((v) => fullWidthKana(v.replace(/\r\n?/g, '\n')))
    .superRefine((v, ctx) => textIssue(v, true, ctx));

function textIssue(value: string, multiline: boolean, ctx: z.RefinementCtx, visible = true): void {
  const problem = textProblem(value, multiline, { visible });
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
}

/** Trimmed, filled in, at most `max` characters. */
const required = (base: z.ZodString, max: number) => base.trim().min(1, msg('errors.field.required')).max(max, msg('errors.field.too_long'));
/** Trimmed, at most `max` characters; empty becomes null. */
const optional = (base: z.ZodString, max: number) =>
  base
    .trim()
    .max(max, msg('errors.field.too_long'))
    .nullish()
    .transform((v) => (v ? v : null));

/** Trimmed one-line text, required, with a maximum length. */
export const text = (max: number) => required(words(), max);
/** Optional one-line text: empty becomes null. */
export const optionalText = (max: number) => optional(words(), max);
/**
 * A code, a number or a path (a register's code, an asset's tag and serial, a guest card's number, a
 * system's log folder): trimmed, on one line, kept as typed — half-width kana too, for the label on
 * the thing or the folder on the server to be found by it (a review of insider probe 12).
 */
export const verbatimText = (max: number) => required(line(), max);
/** Optional code, number or path, as typed: empty becomes null. */
export const optionalVerbatimText = (max: number) => optional(line(), max);
/**
 * Letters no code the company gives is written in: a letter neither A–Z nor Japanese (kana, kanji), a
 * digit not 0–9, a mark on a letter, a sign — in NFKC, so full-width ＰＣ－０１ and ① are as typed. Letters of
 * other scripts are drawn as A–Z (Cyrillic С, Greek Ο, Lisu ꓑ, Cherokee Ꮯ: an insider probe registered
 * ꓑC-HQ-02 beside the laptop PC-HQ-02 and took it out with no approval); no list of look-alikes keeps up.
 */
// And of the marks, only the separators a code is written with (- _ . / : ・ ( ) #, any dash): a circle,
// a bar or a sign is drawn as a letter or a digit (a review: C-○1 beside C-01, PC-0| beside PC-01, ∁-01). 〇 is a digit (read as 0).
const NOT_CODE_LETTER = /[^\P{L}A-Za-z\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]|[^\P{N}0-9\u3007]|[^\P{M}\u3099\u309a]|[^\P{P}\p{Pd}_./:\u30fb()#]|[^\P{S}\u2212]/u;
/** A register's code (an asset's tag, a cabinet's or a system's code, a guest card's number): a required code in those letters only. */
export const codeText = (max: number) => verbatimText(max).refine(codeLetters, msg('errors.field.code_letters'));
/** An optional one (empty becomes null). */
export const optionalCodeText = (max: number) => optionalVerbatimText(max).refine((v) => v === null || codeLetters(v), msg('errors.field.code_letters'));
function codeLetters(v: string): boolean {
  return !NOT_CODE_LETTER.test(v.normalize('NFKC'));
}
/** Trimmed multi-line text (notes), required. */
export const multilineText = (max: number) => required(lines(), max);
/** Optional multi-line text (notes, items): empty becomes null. */
export const optionalMultilineText = (max: number) => optional(lines(), max);
/** A password or passphrase as typed: not trimmed, but still one line of well-formed text. */
export const secret = () =>
  z
    .string()
    .superRefine((v, ctx) => textIssue(v, false, ctx, false))
    .min(1, msg('errors.field.required'))
    .max(200, msg('errors.field.too_long'));
export const id = z.string().uuid(msg('errors.field.invalid'));
/**
 * Words that say nothing where a reason or an explanation is asked (なし, 特になし, 問題なし, -, none...):
 * read in either width and without spaces. An insider probe answered the access-log check's action with
 * 「問題なし」; the same words stood as a void's reason, a disposition's explanation, an NG item's remark.
 * (A finding of none has more ways to be said: the access-log check adds its own, access-log/index.ts.)
 */
// Also in the words of a finished answer (問題なしです, 特に問題はありません, 異常ありませんでした) and the
// ones that only acknowledge (OK, 了解, 確認済, 以上): a second insider probe explained an unauthorized
// entry's 問題なし with each of them, and signed the month on it.
// And the paper ledger's own: 〃, 同上, ○, 〜, 異状なし, 特記なし, 該当なし, or stops alone (。 … !): a third
// probe corrected a stay and explained a 問題なし with each.
// And a none said of the answer itself, or a few times: 理由なし, 何もなし, コメントなし, なし なし (a fourth probe voided a slip with each).
// And 確認 alone, or one letter or digit (a, x, 1): an insider probe explained a 問題なし with each.
// Each text splits one way only (ありませんでした is ありません and でした), and the repeat is bounded: a
// review found that a repeat of a group splitting two ways took exponential time on a long reason that
// failed to match (「ありませんでした」×26 and an x held the process 14 s), from any clerk's browser.
// And the polite, past and seen-nothing forms (問題ございません, 問題なかった, 異常は認められません, 特に問題は
// 見当たりません: seen nothing of something; 見当たらない alone says where a lost card is not), 大丈夫, 正常,
// OKです, and the English ones (No problem, no issues, checked, fine, Confirmed): an insider probe
// explained a 問題なし with each, and signed the month.
/** Words that say something was looked for and not seen (認められません, 検出されず, 見当たらない): said of something, they say nothing (also the access-log check's none, access-log/index.ts). */
export const SEEN_NOTHING = '(?:(?:見られ|認められ|検出され|確認され|見受けられ)(?:ず|ない|なかった|ません|ませんでした)|(?:見当たら|見つから)(?:ず|ない|なかった)|(?:見当たり|見つかり)(?:ません|ませんでした))';
// And the rest of a fifth insider probe's, by kind rather than one by one: more things there were none of (所見,
// 支障, 懸念, 変化, 指摘事項, 記載事項, 不具合) and their readings in kana (もんだいなし), a none judged or
// confirmed (問題なしと判断, 異常なしを確認), words that hold a place or put it off (TBD, 未定, 略, テスト,
// 後で確認, いつも通り, as usual), two letters or digits (aa, 11), one character repeated (ああ, xxxx), one
// kana; and read past symbols and emoji (異常なし😀, OK👍) and the simplified forms of 異常 and 問題 (异常なし).
/** What there was none of, in a none (特に問題なし, 所見なし, もんだいなし): each one way only (no two of them spell a third). */
const NOTHING_OF = '特に|とくに|特段|異常|異状|問題|特記事項|特記|該当事項|該当|理由|何も|なにも|記入|記載事項|記載|コメント|説明|備考|所見|支障|懸念|変化|変更|指摘事項|指摘|不具合|不備|もんだい|いじょう|とっき|しょけん|ししょう|けねん|へんか|してき|mondai|ijou|ijo|tokuni|tokki';
/** A none's ending: finished (です), or judged or confirmed so (と判断, を確認しました). */
const JUDGED = '(?:です|でした|(?:と|を)(?:判断|判定|確認)(?:した|しました|します|済み?|です)?)';
/** Words that hold the place of an answer, or put it off. */
const NOT_YET = 'tbd|tba|tbc|todo|nashi|nothingspecial|asusual|sameasusual|未定|未記入|略|省略|(?:後で|あとで|後ほど|のちほど)(?:確認|記入|入力)?(?:します)?|(?:いつも|通常|平常|普段|例年)(?:どおり|通り)(?:です)?';
/**
 * Words that close a matter without saying how (an insider probe explained 問題なし with 同上です, and a cause
 * and its action with 不要 and 完了): done, not needed, as the rule or the record says, nothing handed on.
 */
const CLOSED = '同上(?:です|でした)?|(?:完了|終了)(?:です|でした|しました|済み?)?|(?:対応|処置|措置|処理|解決)?済み?(?:です|でした)?|(?:対応|処置|措置|処理)?(?:は)?不要(?:です|でした)?|不問(?:です|とする|とします)?|要対応(?:は)?(?:なし|無し|ありません)|(?:特に)?申し送り(?:事項)?(?:は)?(?:なし|無し|ありません)|(?:記録|規定|規程|手順|予定|計画|基準|指示|ルール|マニュアル)(?:どおり|通り)(?:です|でした)?|正しい(?:です)?|クローズ(?:済み?|しました)?|done|closed?|completed?|resolved|not(?:needed|necessary|required)|none(?:needed|required)|nothingtoadd|(?:no|nofurther)actions?(?:needed|required|taken)?';
const SAYS_NOTHING = new RegExp(
  String.raw`^(?:(?:(?:${NOTHING_OF}){0,4}(?:は|も)?(?:なし|無し|ナシ|無|ない|なかった|ありません|ございません|nashi|nai)(?:${JUDGED})?|(?:特に|とくに|特段|異常|異状|問題){1,4}(?:は|も)?${SEEN_NOTHING}(?:${JUDGED})?){1,3}|[\p{P}\p{S}ー]+|同上|該当(?:しません|しない|せず)(?:でした)?|none|nothing|n/?a|nil|no|ok|okay|(?:ok|オーケー|大丈夫|正常|良好)(?:です|でした)?|no(?:problems?|issues?|anomal(?:y|ies)|findings?|comments?)(?:found)?|allgood|allok|fine|checked|confirmed|noted|nothing(?:found|toreport)|nonefound|notapplicable|了解(?:です|しました)?|了承(?:しました)?|承知(?:しました)?|確認(?:済み?|した|しました|ずみ)?|済み?|以上(?:です)?|[a-z0-9]|${NOT_YET}|${CLOSED})$`,
  'iu',
);
/** Text as a person reads it for these words: either width, no spaces, no closing stop. */
export const plainWords = (v: string) => v.normalize('NFKC').replace(/\s+/gu, '').replace(/[。.、，,！!]+$/u, '');
/** Where a text splits into phrases: its stops and commas (。、．，！？・：；), in either width. */
const PHRASE_BREAK = /[。．.、，,！!？?・：:；;]+/u;
/** A phrase that says nothing, read without its spaces (特に 問題 なし) or word by word (なし 以上). */
const phraseSaysNothing = (p: string) => {
  const joined = p.replace(/\s+/gu, '');
  return SAYS_NOTHING.test(joined) || p.split(/\s+/u).every((w) => w === '' || SAYS_NOTHING.test(w));
};
/**
 * The whole text, read without spaces, stops and symbols: one character repeated (ああ, xxxx), one kana, or one or
 * two letters or digits (aa, 11). Not one kanji (傷, 凹: a damage said in one word), nor per phrase (2F・3F, 傷・凹).
 */
const NO_WORD = /^(?:(.)\1+|[\p{Script=Hiragana}\p{Script=Katakana}]|[a-z0-9]{1,2})$/iu;
/** The simplified forms of the words above (异常, 问题, 无): read as the Japanese ones. */
const SIMPLIFIED: Record<string, string> = { 异: '異', 问: '問', 题: '題', 无: '無', 没: '無' };
/** What a reason is read without: what draws nothing or only tints. */
const NOT_DRAWN = /\p{Default_Ignorable_Code_Point}|\p{Emoji_Modifier}/gu;
/** And symbols and emoji at a phrase's ends (異常なし😀, OK👍; 37.5℃ keeps its sign between words). */
const SYMBOLS_AROUND = /^[\p{S}\p{Extended_Pictographic}\u20e3\s]+|[\p{S}\p{Extended_Pictographic}\u20e3\s]+$/gu;
/**
 * Whether a reason or an explanation says nothing: one of those words, nothing but stops, or phrases
 * that each say nothing (a walk-through explained a 問題なし, and reopened a seal, with 「特になし。以上」).
 */
export const saysNothing = (v: string) => {
  // Read without what draws nothing or only tints (a joiner between two emoji, a skin tone: 👍\u200d👍 is two thumbs),
  // nor symbols and emoji; simplified forms as the Japanese.
  const read = v.normalize('NFKC').replace(/[异问题无没]/gu, (c) => SIMPLIFIED[c]);
  const drawn = read.replace(NOT_DRAWN, '');
  if (NO_WORD.test(drawn.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\u20e3]+/gu, ''))) return true;
  const phrases = drawn.split(PHRASE_BREAK).map((p) => p.replace(SYMBOLS_AROUND, '')).filter((p) => p.trim() !== '');
  return phrases.length === 0 ? v.trim() !== '' : phrases.every(phraseSaysNothing) || onlyJudgingWords(drawn.toLowerCase());
};
/**
 * What stands in a box that must be filled in for nothing at all: only marks (-, ・, ., …, 〃), 同上,
 * or なし. Narrower than saysNothing, which judges reasons: a name, a company or a code may well be
 * OK (OKストア), Nothing, Nil or NA (a review of the change: each was refused as saying nothing).
 */
// The long-vowel mark ー (ｰ in half width) is a letter to Unicode, but alone it is a dash typed on a Japanese keyboard (a fourth probe).
const PLACEHOLDER = /^(?:[\p{P}\p{S}ー]+|同上|(?:特に|とくに)?(?:なし|無し|ナシ|無))$/u;
export const isPlaceholder = (v: string) => PLACEHOLDER.test(v.normalize('NFKC').replace(/\s+/gu, ''));
/**
 * A name the company gives something that paper and screens show (its company name, a checklist's
 * item, a purpose, a stamp box): required, and not a placeholder (an insider probe named the company
 * 「-」, a checklist item 「・」, a one-tap purpose at the door 「・」).
 */
export const filledText = (max: number) => text(max).refine((v) => !isPlaceholder(v), msg('errors.field.placeholder'));
const meaningful = msg('errors.field.says_nothing');
export const reason = multilineText(500).refine((v) => !saysNothing(v), meaningful);
/** An optional explanation (a disposition's cause or action): when given, one that says something. */
export const optionalExplanation = (max: number) => optionalMultilineText(max).refine((v) => v === null || !saysNothing(v), meaningful);
/**
 * A format's message, or — when nothing was entered (missing, or an empty box) — the one every
 * required field gives (「入力してください。」), not "the format is wrong".
 */
export const formatOrRequired = (key: MessageKey) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined || issue.input === '' ? 'errors.field.required' : key) });
const EARLIEST_MS = Date.parse(`${EARLIEST_DAY}T00:00:00+09:00`);
const LATEST_MS = Date.parse(`${LATEST_DAY}T23:59:59.999+09:00`);
/** An instant: ISO 8601 with offset, e.g. 2026-11-27T09:00:00+09:00 or ...Z; from EARLIEST_DAY on (Japan time). */
export const instant = z.iso
  .datetime({ offset: true, ...formatOrRequired('errors.field.invalid_datetime') })
  .refine((v) => Date.parse(v) >= EARLIEST_MS, msg('errors.field.too_early'))
  .refine((v) => Date.parse(v) <= LATEST_MS, msg('errors.field.too_late'));
export const month = line()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, formatOrRequired('errors.field.invalid_month'))
  .refine((v) => v >= EARLIEST_DAY.slice(0, 7), msg('errors.field.too_early'))
  .refine((v) => v <= LATEST_DAY.slice(0, 7), msg('errors.field.too_late'));
/** A calendar day "YYYY-MM-DD" that exists (not 2026-02-30), from EARLIEST_DAY on. */
export const plainDate = line()
  .refine(isPlainDate, formatOrRequired('errors.field.invalid_date'))
  .refine((v) => v >= EARLIEST_DAY, msg('errors.field.too_early'))
  .refine((v) => v <= LATEST_DAY, msg('errors.field.too_late'));
export const page = z
  .object({
    page: z.number().int().min(0).max(1_000_000).default(0),
    pageSize: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export interface Paged<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}
