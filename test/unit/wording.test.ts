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
