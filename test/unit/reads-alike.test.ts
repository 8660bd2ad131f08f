import { describe, expect, it } from 'vitest';
import { readsAlike, readsAlikeAs, readsAlikeUnkept } from '../../shared/search';

// The form in which two codes read the same to a person (shared/search.ts), as the registers'
// "one code, one thing" checks ask it of every code in use on each save.

describe('readsAlike and readsAlikeAs', () => {
  it('reads codes written in other widths, cases, separators and look-alike letters as one', () => {
    const sameAs = readsAlikeAs('SD-001');
    for (const code of ['SD-001', 'ＳＤ－００１', 'sd 001', 'SD_001', 'SD.001', 'SD/001', 'ЅD-001', 'SD-001\ufe0e', 'SD-001\u2065', 'SD\u{e0080}-001'])
      expect(sameAs(code), code).toBe(true);
    for (const code of ['SD-002', 'SD-0010', 'S-D001X', '']) expect(sameAs(code), code).toBe(false);
  });

  it('reads a code’s letters drawn as digits as the digits (an insider probe: PC-HQ-O1 beside PC-HQ-01, G-O1 and Ԍ-01 beside G-01)', () => {
    const tag = readsAlikeAs('PC-HQ-01', true);
    for (const code of ['PC-HQ-O1', 'PC-HQ-0l', 'PC-HQ-OI', 'ＰＣ－ＨＱ－Ｏ１', 'РС-НQ-О1']) expect(tag(code), code).toBe(true);
    const card = readsAlikeAs('G-01', true);
    for (const code of ['G-O1', '\u050c-01', 'g-ol']) expect(card(code), code).toBe(true);
    for (const code of ['G-02', 'C-01', 'G-001']) expect(card(code), code).toBe(false);
    // Only the codes the company gives: words (a purpose, a check item, a site) and a maker's serials keep their letters (a review).
    expect(readsAlikeAs('PC-HQ-01')('PC-HQ-O1')).toBe(false);
    expect(readsAlike('Mail room')).not.toBe(readsAlike('Mall room'));
    expect(readsAlikeUnkept('Hall')).not.toBe(readsAlikeUnkept('Hail'));
    expect(readsAlike('PC-HQ-O1', true)).toBe(readsAlike('PC-HQ-01', true));
  });

  it('a missing or empty value reads as no code', () => {
    const sameAs = readsAlikeAs('C-01');
    expect(sameAs(null)).toBe(false);
    expect(sameAs(undefined)).toBe(false);
    expect(sameAs(1)).toBe(false);
    expect(sameAs('')).toBe(false);
  });

  it('gives the same form each time a text is read again, past the forms it keeps', () => {
    const first = ['ＰＣ－００１', 'РС-001', 'e-1001'].map((t) => readsAlike(t));
    // More texts than are kept (100,000), so that the forms worked out are let go and worked out again.
    for (let i = 0; i < 100_005; i++) readsAlike(`X-${i}`);
    expect(['ＰＣ－００１', 'РС-001', 'e-1001'].map((t) => readsAlike(t))).toEqual(first);
    expect(first).toEqual(['pc001', 'pc001', 'e1001']);
  });

  it('reads printable ASCII (its short way) as the whole way reads it', () => {
    // A variation selector is read as nothing, and sends the text the whole way (NFKC, every separator, look-alike letters).
    const whole = (t: string) => readsAlikeUnkept(`${t}\ufe0f`);
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    for (const c of printable) expect(readsAlikeUnkept(`A${c}b`), JSON.stringify(c)).toBe(whole(`A${c}b`));
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 500; n++) {
      const t = Array.from({ length: 1 + Math.floor(next() * 12) }, () => printable[Math.floor(next() * printable.length)]).join('');
      expect(readsAlikeUnkept(t), JSON.stringify(t)).toBe(whole(t));
      expect(readsAlike(t)).toBe(readsAlikeUnkept(t));
    }
  });
});
