import { describe, expect, it } from 'vitest';
import { optionalMultilineText, saysNothing, secret, text, textProblem } from '../../shared/api/schemas';

// A text that shows nothing, or shows as something else, is refused in every field (SPEC §3:
// invalid input is refused at the field; a name of zero-width spaces would look blank in the
// ledger). What Japanese office text needs stays allowed.

const INVISIBLE: [string, string][] = [
  ['a zero-width space alone', '\u200b'],
  ['zero-width spaces', '\u200b\u200b\u200b'],
  ['a zero-width non-joiner', '山田\u200c太郎'],
  ['a right-to-left mark inside a name', '山田\u200f太郎'],
  ['a left-to-right mark', '\u200e'],
  ['an Arabic letter mark', '\u061c'],
  ['a word joiner', '\u2060'],
  ['a soft hyphen', 'ab\u00adc'],
  ['an invisible separator', 'a\u2063b'],
  ['tag characters', '\u{e0041}\u{e0042}'],
  ['a Hangul filler', '\u3164'],
  ['a half-width Hangul filler', '\uffa0'],
  ['a Hangul choseong filler', '\u115f'],
  ['a braille blank', '\u2800'],
  ['a noncharacter', 'a\uffff'],
  ['a noncharacter of the BMP block', '\ufdd0'],
  ['a combining mark alone', '\u0301'],
  ['a combining mark after a space', '山田 \u0301'],
  ['a combining mark first', '\u3099か'],
  ['a combining grapheme joiner after a code', 'C-01\u034f'],
  ['a Mongolian variation selector', '人事\u180b書類'],
  ['a text variation selector after a digit', 'C-01\ufe0e'],
  ['an ideographic variation selector after a letter', 'SV\u{e0100}-01'],
  ['a variation selector at the start', '\ufe00C-01'],
  // Code points no character is assigned to draw nothing (an insider probe: 鈴木\u2065 陽子 beside the safety manager).
  ['an unassigned code point among the invisible operators', '鈴木\u2065 陽子'],
  ['an unassigned code point among the specials', 'G-HQ-02\ufff0'],
  ['an unassigned code point of the tag block', 'C-01\u{e0080}'],
];

const ALLOWED: [string, string][] = [
  ['a name with an ideographic space', '山田　太郎'],
  ['a kanji with its variation selector (異体字)', '葛\u{e0100}城'],
  ['a combining voiced mark on kana', 'か\u3099'],
  ['Latin with an accent', 'José'],
  ['a kanji with a standardized variant selector', '神\ufe00社'],
  ['an emoji in its text form', '☎\ufe0e 内線'],
  ['an emoji in its colour form', '注意⚠\ufe0f'],
  ['a keycap', '1\ufe0f\u20e3番'],
];

describe('text that shows nothing is refused in every text field', () => {
  for (const [name, value] of INVISIBLE) {
    it(`refuses ${name} on one line and in notes`, () => {
      expect(textProblem(value)).toBe('errors.field.invisible_chars');
      expect(textProblem(value, true)).toBe('errors.field.invisible_chars');
      const r = text(100).safeParse(value);
      expect(r.success).toBe(false);
    });
  }
  for (const [name, value] of ALLOWED) {
    it(`keeps ${name}`, () => {
      expect(textProblem(value)).toBeNull();
      expect(text(100).parse(value)).toBe(value);
    });
  }
  it('keeps the zero-width joiner of an emoji in notes, not in one-line fields', () => {
    const family = '👨\u200d👩\u200d👧';
    expect(textProblem(family, true)).toBeNull();
    expect(textProblem(`作業中 👨\u200d💻 ${family}`, true)).toBeNull();
    expect(textProblem(family)).toBe('errors.field.invisible_chars');
  });
  it('a reason of words that are something: a lost card 見つからない, a device No good, an emoji sequence with words', () => {
    for (const said of ['見つからない', '見当たらない', 'No good', '👨\u200d💻 作業のため']) expect(saysNothing(said), said).toBe(false);
  });
  it('refuses a zero-width joiner in notes that joins no two pictographs: alone, after a word, between letters (an insider probe reopened a seal with it)', () => {
    for (const bad of ['\u200d', '問題なし\u200d', '\u200d問題なし', '作業\u200d中', '👨\u200d', '\u200d👩'])
      expect(textProblem(bad, true), JSON.stringify(bad)).toBe('errors.field.invisible_chars');
  });
  it('refuses four marks or more stacked on one character, keeps a keycap, Vietnamese and Thai (an insider probe stacked twelve accents on a name)', () => {
    expect(textProblem(`X${'\u0301'.repeat(12)}`)).toBe('errors.field.stacked_marks');
    expect(textProblem(`高橋 X${'\u0301'.repeat(4)}`, true)).toBe('errors.field.stacked_marks');
    for (const ok of ['1\ufe0f\u20e3', 'Nguye\u0302\u0303n', 'กี่', 'ダ', 'é']) expect(textProblem(ok), ok).toBeNull();
  });

  it('refuses private-use characters (外字), which draw as empty boxes elsewhere: in the BMP and the planes 15–16 (an insider probe: a visitor slip of them)', () => {
    // Kept once for names; refused since: Unicode has the kanji (with 異体字 selectors), and a 外字 prints as a box.
    for (const bad of ['\ue000子', '\ue000\ue001', '高橋\uf8ff', 'C-\u{f0000}1', '\u{10fffd}'])
      for (const multiline of [false, true]) expect(textProblem(bad, multiline), JSON.stringify(bad)).toBe('errors.field.private_use');
    // (A password keeps to the older rule: one set with them still signs in.)
    expect(secret().parse('pass\ue000word')).toBe('pass\ue000word');
    for (const ok of ['髙橋', '𠮷田', '①', '〒']) expect(textProblem(ok), ok).toBeNull();
  });

  it('still names control characters and broken text first', () => {
    expect(textProblem('a\u202eb\u200b')).toBe('errors.field.control_chars');
    expect(textProblem('\ud800\u200b')).toBe('errors.field.malformed_text');
  });
  it('signs in with a password set before the rule (invisible characters kept), control characters still refused', () => {
    expect(secret().parse('pass\u200bword')).toBe('pass\u200bword');
    expect(secret().safeParse('pass\u0007word').success).toBe(false);
    expect(secret().safeParse('').success).toBe(false);
  });
});

describe('an empty required date or time says it is required, not that its format is wrong', () => {
  // (A missing one is `invalid_type`, which the dispatcher and the forms already word as required.)
  it('for an instant, a month and a calendar date of the kit, and still names a wrong format', async () => {
    const { fieldSchema } = await import('../../shared/ledgers/kit');
    const issue = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, v: unknown) => schema.safeParse(v).error?.issues[0]?.message;
    const required = { key: 'x', column: 'x', label: 'x', required: true } as const;
    for (const [kind, bad, key] of [
      ['instant', '2026-13-40', 'errors.field.invalid_datetime'],
      ['month', '2026-13', 'errors.field.invalid_month'],
      ['date', '2026-02-30', 'errors.field.invalid_date'],
    ] as const) {
      const schema = fieldSchema({ ...required, type: { kind } } as never);
      expect({ kind, empty: issue(schema, ''), bad: issue(schema, bad) }).toEqual({ kind, empty: 'errors.field.required', bad: key });
    }
  });
});

describe('half-width katakana (a walk-through: a company typed in half-width was kept and printed so)', () => {
  it('is made full-width in every text field, its marks too; nothing else is changed', () => {
    expect(text(60).parse('ｶﾌﾞｼｷｶﾞｲｼｬ ﾐﾄﾞﾘ物産')).toBe('カブシキガイシャ ミドリ物産');
    expect(text(60).parse('｢ﾊﾟｿｺﾝ｣､ﾃｽﾄ｡')).toBe('「パソコン」、テスト。');
    expect(optionalMultilineText(200).parse('ﾒﾓ\r\nｶﾞｰﾄﾞﾏﾝ')).toBe('メモ\nガードマン');
    for (const kept of ['ＡＢＣ商事', '㈱みなと', '①番', 'ABC-01', '山田 太郎']) expect(text(60).parse(kept)).toBe(kept);
  });

  it('a sound mark joins the kana before it, and one that joins nothing is the visible ゛ or ゜, never a combining mark (a review of insider probe 12)', () => {
    const points = (v: string) => [...v].map((c) => c.codePointAt(0)!.toString(16));
    expect(text(60).parse('カﾞｲﾄﾞ')).toBe('ガイド');
    expect(text(60).parse('ハﾟﾝ')).toBe('パン');
    // What was typed full-width, a combining mark too, is kept as typed (as 'keeps a combining voiced mark on kana' above).
    expect(text(60).parse('か\u3099くせい')).toBe('か\u3099くせい');
    for (const [typed, kept] of [['山田Aﾞ', '山田A゛'], ['「ﾞ', '「゛'], ['ﾞﾞ', '゛゛'], ['ﾝﾞ', 'ン゛'], ['Aﾟ', 'A゜'], ['ﾞ試験', '゛試験'], ['ｶﾞﾞ', 'ガ゛']])
      expect(points(text(60).parse(typed)), typed).toEqual(points(kept));
    // A name's variant kanji (a compatibility ideograph) is not changed by the joining.
    expect(text(60).parse('\ufa10本ﾞ')).toBe('\ufa10本゛');
  });
});
