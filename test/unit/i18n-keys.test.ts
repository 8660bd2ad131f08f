import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs, LANGUAGES } from '../../shared/i18n';

// Every message key the core or the contract can return exists in every language (SPEC §1: every
// label comes from a catalog).
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p.includes(`${path.sep}i18n`) ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function lookup(catalog: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalog);
}

const KEY = /['"`]((?:[a-z][A-Za-z]*\.)?errors\.[a-z_]+(?:\.[a-z_]+)?)['"`]/g;

describe('message catalogs', () => {
  const keys = new Set<string>();
  for (const file of [...sourceFiles('electron'), ...sourceFiles('shared')]) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(KEY)) keys.add(m[1]);
  }

  it('finds the keys the code uses', () => {
    expect(keys.size).toBeGreaterThan(20);
  });

  for (const lang of LANGUAGES) {
    it(`has every error message key in ${lang}`, () => {
      const missing = [...keys].filter((k) => typeof lookup(catalogs[lang], k) !== 'string');
      expect(missing).toEqual([]);
    });
  }
});

describe('parameters are data, worded in the language of the message', () => {
  it('a parameter that is a message key is filled in with its text (the command line, like the screens)', async () => {
    const { translate } = await import('../../shared/i18n');
    expect(translate('ja', 'assets.errors.not_available', { state: 'assets.values.state.lost' })).toBe('この資産は「紛失」のため持ち出せません。');
    expect(translate('en', 'assets.errors.not_available', { state: 'assets.values.state.lost' })).toBe('This asset cannot go out: it is “Lost”.');
    // Anything else is filled in as it is (a key-looking text that is no key included).
    expect(translate('en', 'assets.errors.not_available', { state: 'assets.values.state.nothing' })).toBe('This asset cannot go out: it is “assets.values.state.nothing”.');
  });
});
