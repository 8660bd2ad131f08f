import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs, LANGUAGES } from '../../shared/i18n';

// Issue 6, point 16: the company's rules write サーバ (サーバルーム, サーバ室), never the long form
// with ー — in every catalog, screen, document and test of the repository.

const ROOTS = ['shared', 'renderer', 'electron', 'test', 'docs', 'bin', 'build', 'README.md'];
const LONG_FORM = ['サー', 'バー'].join(''); // spelled in two parts so this file does not hold it

function files(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  const stat = fs.statSync(p);
  if (stat.isFile()) return /\.(ts|tsx|js|mjs|cjs|md|json|html|css|txt)$/.test(p) ? [p] : [];
  return fs.readdirSync(p).flatMap((name) => (['node_modules', 'artifacts', 'dist'].includes(name) ? [] : files(path.join(p, name))));
}

function strings(node: unknown, at = ''): [string, string][] {
  if (typeof node === 'string') return [[at, node]];
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

describe(`サーバ, not ${LONG_FORM}`, () => {
  it('no catalog says it', () => {
    for (const lang of LANGUAGES) expect(strings(catalogs[lang]).filter(([, s]) => s.includes(LONG_FORM)).map(([k]) => k)).toEqual([]);
  });

  it('no file of the repository says it', () => {
    const found = ROOTS.flatMap((r) => files(r)).filter((f) => fs.readFileSync(f, 'utf8').includes(LONG_FORM));
    expect(found).toEqual([]);
  });
});

// A walk-through found one thing named in several ways across screens: the Japanese catalog names
// each the one way (the rules' own words where they have them).
describe('one word for one thing in Japanese', () => {
  const ja = strings(catalogs.ja);
  it.each([
    ['a rule’s paragraph is 第N条第N項 (not 第N条N項)', /第\d+条\d+項/],
    ['the employee with a visitor is 同行 (Art. 8(2): 社員が同行), not エスコート', /エスコート/],
    ['a reading is フリガナ, not カナ alone', /(?<!タ)カナ/],
    ['a time with its date is 日時 (入館日時), not 時刻', /[入退]館時刻/],
    ['the reason of a void is 無効にした理由', /無効理由/],
  ])('%s', (_, pattern) => {
    expect(ja.filter(([, s]) => pattern.test(s)).map(([k, s]) => `${k}: ${s}`)).toEqual([]);
  });
});

describe('English counts', () => {
  it('say one or many (i18next `_one` forms), never “record(s)”', () => {
    expect(strings(catalogs.en).filter(([, s]) => /\w\((s|es)\)/.test(s)).map(([k, s]) => `${k}: ${s}`)).toEqual([]);
  });

  // The settings history said “1 days”, “1 years”: a count followed by a plural noun (“{{count}}
  // days”, “{{count}} other items”) needs its one form, else i18next says it for 1 too.
  it('have a one form wherever a count is followed by a plural noun', () => {
    const en = strings(catalogs.en);
    const keys = new Set(en.map(([k]) => k));
    const plural = /\{\{count\}\}\s+(?:[a-z]+\s+)?(?!was\b|is\b|has\b|this\b)[a-z]+s\b/;
    const found = en.filter(([k, s]) => !k.endsWith('_one') && plural.test(s));
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter(([k]) => !keys.has(`${k}_one`)).map(([k, s]) => `${k}: ${s}`)).toEqual([]);
  });

  // An anomaly's delay was 「Recorded 1 hours after the entry」: said as the stay's length is
  // (1 h, 1 h 5 min), by the screen, not a number before a plural noun.
  it('say an anomaly’s delay as a length, not as “{{n}} hours”', () => {
    const { late_record, offline_delivery } = catalogs.en.serverRoom.anomalyDetail;
    for (const s of [late_record, offline_delivery]) expect(s).not.toMatch(/\{\{\w+\}\}\s+(hours|minutes)\b/);
  });
});
