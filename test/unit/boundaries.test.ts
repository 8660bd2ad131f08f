import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// DESIGN rule 2: boundaries are imports and globals, enforced by the lint rules of eslint.config.js
// (a wrong import or a stray Buffer/window fails the build). Run on snippets placed where they would live.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: 'eslint.config.js' });

async function ruleErrors(filePath: string, code: string, rules = ['no-restricted-imports']): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId !== null && rules.includes(m.ruleId)).map((m) => m.message);
}
const globalErrors = (filePath: string, code: string) => ruleErrors(filePath, code, ['no-restricted-globals', 'no-restricted-properties']);

describe('import boundaries', () => {
  it.each([
    ["import { ipcRenderer } from 'electron';"],
    ["import fs from 'node:fs';"],
    ["import path from 'path';"],
    ["import { openDaicho } from '../../electron/core/daicho';"],
    ["import Database from 'better-sqlite3-multiple-ciphers';"],
  ])('the renderer may not: %s', async (line) => {
    expect((await ruleErrors('renderer/src/probe.tsx', `${line}\nexport const x = 1;\n`)).length).toBeGreaterThan(0);
  });

  it('the renderer may import shared/', async () => {
    expect(await ruleErrors('renderer/src/probe.tsx', "import { contract } from '../../shared/api/contract';\nexport const x = contract;\n")).toEqual([]);
  });

  it('the core never imports electron', async () => {
    expect(await ruleErrors('electron/core/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
  });

  it('shared/ imports neither Node nor electron/', async () => {
    expect(await ruleErrors('shared/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(await ruleErrors('shared/probe.ts', "import { Store } from '../electron/core/store/store';\nexport const x = Store;\n")).toHaveLength(1);
  });
});

describe('globals per runtime', () => {
  it.each([
    ["Buffer.from('x')"],
    ['process.env.HOME'],
    ['__dirname'],
    ["require('fs')"],
    ['setImmediate(() => 0)'],
    ['globalThis.process'],
  ])('the renderer may not use Node: %s', async (expr) => {
    expect(await globalErrors('renderer/src/probe.tsx', `export const x = ${expr};\n`)).toHaveLength(1);
  });

  it('the renderer may use the DOM and what Vite defines', async () => {
    expect(await globalErrors('renderer/src/probe.tsx', 'export const x = [window.location.hash, document.title, import.meta.env.DEV];\n')).toEqual([]);
  });

  it.each([["Buffer.from('x')"], ['process.platform'], ['window.name'], ['document.title']])('shared/ uses neither side: %s', async (expr) => {
    expect(await globalErrors('shared/probe.ts', `export const x = ${expr};\n`)).toHaveLength(1);
  });

  it.each([['window.name'], ['document.title'], ['navigator.hardwareConcurrency'], ["localStorage.getItem('k')"], ['globalThis.window']])(
    'the core may not use the DOM: %s',
    async (expr) => {
      expect(await globalErrors('electron/core/store/probe.ts', `export const x = ${expr};\n`)).toHaveLength(1);
    },
  );

  it('the core may use Node', async () => {
    expect(await globalErrors('electron/core/store/probe.ts', "export const x = [Buffer.from('x'), process.pid];\n")).toEqual([]);
  });

  it('a local name is not the global', async () => {
    expect(await globalErrors('renderer/src/probe.tsx', 'const process = (n: number) => n;\nexport const x = process(1);\n')).toEqual([]);
  });
});

describe('the core has one public entry', () => {
  it.each([
    ['electron/cli/commands/probe.ts', "import { Store } from '../../core/store/store';"],
    ['electron/cli/probe.ts', "import { Store } from '../core/store/store';"],
    ['electron/cli/probe.ts', "import type { Daicho } from '../core/daicho';"],
    ['electron/host/probe.ts', "import { openDaicho } from '../core/daicho';"],
    ['electron/main/probe.ts', "import { StoreError } from '../core/store/errors';"],
  ])('%s may not reach into the core: %s', async (file, line) => {
    expect(await ruleErrors(file, `${line}\nexport const x = 1;\n`)).toHaveLength(1);
  });

  it.each([
    ['electron/cli/commands/probe.ts', "import { openDaicho } from '../../core';"],
    ['electron/host/probe.ts', "import type { Daicho } from '../core';"],
    ['electron/main/probe.ts', "import { StoreError } from '../core/index';"],
  ])('%s may use the entry: %s', async (file, line) => {
    expect(await ruleErrors(file, `${line}\nexport const x = 1;\n`)).toEqual([]);
  });

  it('the core itself imports its own modules, never the shells', async () => {
    expect(await ruleErrors('electron/core/probe.ts', "import { Store } from './store/store';\nexport const x = Store;\n")).toEqual([]);
    expect(await ruleErrors('electron/core/jobs/probe.ts', "import { startHost } from '../../host/host';\nexport const x = startHost;\n")).toHaveLength(1);
  });

  it('the preload loads neither Node nor the core', async () => {
    expect(await ruleErrors('electron/preload/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(await ruleErrors('electron/preload/probe.ts', "import { openDaicho } from '../core';\nexport const x = openDaicho;\n")).toHaveLength(1);
  });
});

describe('business code does not use the connection (DESIGN rule 3)', () => {
  it('refuses store.db.prepare in a ledger, and allows it in the store', async () => {
    const code = "import type { Store } from '../../store/store';\nexport const f = (store: Store) => store.db.prepare('UPDATE people SET active = 0').run();\n";
    expect(await ruleErrors('electron/core/ledgers/people/probe.ts', code, ['no-restricted-syntax'])).toHaveLength(1);
    expect(await ruleErrors('electron/core/store/probe.ts', code, ['no-restricted-syntax'])).toEqual([]);
  });
});
