import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// DESIGN rule 2: boundaries are imports, enforced by the lint rule (a wrong import fails the build).
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

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
