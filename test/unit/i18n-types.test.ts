import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogs } from '../../shared/i18n';

// Issue 8 (6): a message key the catalogs do not have is a compile error — in `t()`, in a key
// built from a template, in the core's errors, in a zod check's message, and in the English
// catalog's shape. These probes run the type checker, with the renderer's options
// (tsconfig.renderer.json) and i18next's typing (renderer/src/i18n/i18next.d.ts), on snippets
// placed where such code would live; only the snippets and what they import are compiled.

const root = path.resolve(__dirname, '../..');
const at = (file: string) => path.join(root, file).split(path.sep).join('/');

const SNIPPETS = {
  // The renderer's t(), from react-i18next.
  rendererTypo: `
    import { useTranslation } from 'react-i18next';
    export function useLabel() {
      const { t } = useTranslation();
      return t('people.form.nmae');
    }`,
  rendererDefaultValue: `
    import { useTranslation } from 'react-i18next';
    export function useLabel() {
      const { t } = useTranslation();
      return t('people.fields.nmae', { defaultValue: 'Name' });
    }`,
  rendererTemplateOfString: `
    import { useTranslation } from 'react-i18next';
    export function useRoleName() {
      const { t } = useTranslation();
      return (role: string) => t(\`common.roles.\${role}\`);
    }`,
  rendererTemplateTooWide: `
    import { useTranslation } from 'react-i18next';
    import type { JobKind, JobState } from '../../shared/domain/jobs';
    export function useWords() {
      const { t } = useTranslation();
      // jobs.states has a key per JobState, jobs.kinds one per JobKind, not one per JobState.
      return (kind: JobKind | JobState) => t(\`jobs.kinds.\${kind}\`);
    }`,
  rendererGood: `
    import { useTranslation } from 'react-i18next';
    import type { Role } from '../../shared/domain/roles';
    import type { JobState } from '../../shared/domain/jobs';
    import { isMessageKey, type MessageKey } from '../../shared/i18n';
    export function useWords() {
      const { t } = useTranslation();
      return {
        title: t('people.title'),
        withParams: t('shell.dashboard.peopleCount', { count: 3 }),
        role: (role: Role) => t(\`common.roles.\${role}\`),
        state: (state: JobState) => t(\`jobs.states.\${state}\`),
        label: (key: MessageKey) => t(key),
        // A key that comes from data is checked first.
        stored: (action: string) => {
          const key = \`history.actions.\${action}\`;
          return isMessageKey(key) ? t(key) : action;
        },
      };
    }`,
  // The core's side: errors, the command line's translate, zod check messages.
  coreTypo: `
    import { DaichoError } from '../api/errors';
    import { translate } from '../i18n';
    import { msg } from '../api/schemas';
    export const e = new DaichoError('invalid_input', 'people.errors.knaa', 'kana');
    export const s = translate('ja', 'jobs.phases.chian');
    export const check = msg('errors.field.requird');`,
  coreGood: `
    import { DaichoError } from '../api/errors';
    import { translate } from '../i18n';
    import { msg } from '../api/schemas';
    import type { JobPhase } from '../domain/jobs';
    export const e = new DaichoError('invalid_input', 'people.errors.kana', 'kana');
    export const s = (phase: JobPhase) => translate('ja', \`jobs.phases.\${phase}\`);
    export const check = msg('errors.field.required');`,
  // The journal's actions (shared/domain/journal-actions.ts): the store takes only listed ones, and each label is a key.
  actionTypo: `
    import type { JournalAction } from '../domain/journal-actions';
    export const a: JournalAction = 'serverRoom.recrod';`,
  actionGood: `
    import type { JournalAction } from '../domain/journal-actions';
    export const listed: JournalAction[] = ['serverRoom.record', 'visitors.sign_out', 'cabinetLog.add', 'auth.signin.fail', 'accounts.notice.approval_used'];`,
  actionLabelMissing: journalActions((src) => src.replace("  'visitors.return_card':", "  'visitors.sign_in': 'history.actions.visitors_sign_in',\n  'visitors.return_card':")),
  actionListGood: journalActions((src) => src),
  // A language's catalog: exactly Japanese's keys (built below from the real English catalog).
  englishMissingKey: englishErrors((e) => delete (e.field as Record<string, string>).too_short),
  englishExtraKey: englishErrors((e) => ((e.field as Record<string, string>).too_shrot = 'Too short.')),
  englishNotAString: englishErrors((e) => ((e as Record<string, unknown>).internal = { text: 'Unexpected error.' })),
  englishGood: englishErrors(() => undefined),
} satisfies Record<string, string>;

type Probe = keyof typeof SNIPPETS;

/** A snippet typing the English `errors` feature as `Catalog['errors']`, after `change`. */
function englishErrors(change: (errors: Record<string, unknown>) => void): string {
  const errors = structuredClone(catalogs.en.errors) as unknown as Record<string, unknown>;
  change(errors);
  return `import type { Catalog } from '.';\nexport const errors: Catalog['errors'] = ${JSON.stringify(errors, null, 2)};\n`;
}

/** The real list of journal actions after `change`, as it compiles beside the catalogs. */
function journalActions(change: (source: string) => string): string {
  const source = fs.readFileSync(at('shared/domain/journal-actions.ts'), 'utf8').replace("from '../i18n'", "from '.'").replace("from './password-checks'", "from '../domain/password-checks'").replace("from './session'", "from '../domain/session'");
  return change(source);
}

/** Where each snippet lives: the renderer's under renderer/src, the rest beside the catalogs. */
function fileOf(probe: Probe): string {
  return probe.startsWith('renderer') ? at(`renderer/src/i18n-probe-${probe}.tsx`) : at(`shared/i18n/probe-${probe}.ts`);
}

/** Type-check every snippet in one program; each probe's errors as "TS<code>: <message>". */
function typeCheck(): Record<Probe, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(at('tsconfig.renderer.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.renderer.json could not be read');
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, incremental: false, tsBuildInfoFile: undefined };
  const probes = Object.keys(SNIPPETS) as Probe[];
  const virtual = new Map(probes.map((p) => [fileOf(p), SNIPPETS[p]]));
  const host = ts.createCompilerHost(options);
  const real = { fileExists: host.fileExists, readFile: host.readFile, getSourceFile: host.getSourceFile };
  host.fileExists = (f) => virtual.has(f) || real.fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? real.readFile.call(host, f);
  host.getSourceFile = (f, language, ...rest) => {
    const text = virtual.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, language) : real.getSourceFile.call(host, f, language, ...rest);
  };
  const program = ts.createProgram({ rootNames: [at('renderer/src/i18n/i18next.d.ts'), ...virtual.keys()], options, host });
  const out = {} as Record<Probe, string[]>;
  for (const p of probes) {
    const file = program.getSourceFile(fileOf(p));
    if (!file) throw new Error(`${p}: not compiled`);
    out[p] = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map(
      (d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  }
  return out;
}

describe('message keys are checked when compiled', () => {
  let errors: Record<Probe, string[]>;
  // One program for every probe: a few seconds, most of it reading React's and i18next's types.
  beforeAll(() => {
    errors = typeCheck();
  }, 60_000);

  it('the same code with real keys compiles (so each error below is the key)', () => {
    expect(errors.rendererGood).toEqual([]);
    expect(errors.coreGood).toEqual([]);
    expect(errors.englishGood).toEqual([]);
  });

  it('t() with a misspelt key does not compile', () => {
    expect(errors.rendererTypo).toHaveLength(1);
    expect(errors.rendererTypo[0]).toContain('"people.form.nmae"');
  });

  it('a defaultValue does not let a misspelt key through', () => {
    expect(errors.rendererDefaultValue.length).toBeGreaterThan(0);
    expect(errors.rendererDefaultValue.join('\n')).toContain('people.fields.nmae');
  });

  it('a key built from a template of a plain string does not compile', () => {
    expect(errors.rendererTemplateOfString).toHaveLength(1);
    expect(errors.rendererTemplateOfString[0]).toContain('`common.roles.${string}`');
  });

  it('a template whose variable has a value that makes no key does not compile', () => {
    expect(errors.rendererTemplateTooWide).toHaveLength(1);
    expect(errors.rendererTemplateTooWide[0]).toMatch(/jobs\.kinds\.(running|succeeded|failed|cancelled)/);
  });

  it("the core's error keys, the command line's translate and zod check messages are checked too", () => {
    expect(errors.coreTypo).toHaveLength(3);
    expect(errors.coreTypo[0]).toContain('"people.errors.knaa"');
    expect(errors.coreTypo[1]).toContain('"jobs.phases.chian"');
    expect(errors.coreTypo[2]).toContain('"errors.field.requird"');
  });

  it('a journal action that is not listed, or a listed one whose label is not a key, does not compile', () => {
    expect(errors.actionGood).toEqual([]);
    expect(errors.actionListGood).toEqual([]);
    expect(errors.actionTypo).toHaveLength(1);
    expect(errors.actionTypo[0]).toContain('"serverRoom.recrod"');
    // At the entry (and again where the list's labels are read as keys).
    expect(errors.actionLabelMissing[0]).toContain('"history.actions.visitors_sign_in"');
  });

  it('the English catalog must have every Japanese key, and no other, each a string', () => {
    expect(errors.englishMissingKey).toHaveLength(1);
    expect(errors.englishMissingKey[0]).toMatch(/TS2741: Property 'too_short' is missing/);
    expect(errors.englishExtraKey).toHaveLength(1);
    expect(errors.englishExtraKey[0]).toMatch(/TS2353: .*too_shrot.* does not exist/);
    expect(errors.englishNotAString).toHaveLength(1);
    expect(errors.englishNotAString[0]).toMatch(/TS2322: .*not assignable to type 'string'/);
  });
});

describe("a zod check's message goes through msg()", () => {
  // zod takes any string as a message, so a literal would escape the type checker: lint refuses it.
  const eslint = new ESLint({ cwd: root, overrideConfigFile: 'eslint.config.js' });
  const lint = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath }))[0].messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);

  it.each([['shared/ledgers/probe.ts'], ['renderer/src/people/probe.tsx']])('a literal message is refused in %s', async (file) => {
    const code = "import { z } from 'zod';\nexport const a = z.string().min(1, { message: 'people.errors.kanna' });\nexport const b = z.string().refine(Boolean, { path: ['x'], message: `errors.field.${'required'}` });\n";
    expect(await lint(file, code)).toHaveLength(2);
  });

  it('msg() and a message that is not a literal are fine', async () => {
    const code = "import { z } from 'zod';\nimport { msg } from '../api/schemas';\nexport const a = z.string().min(1, msg('people.errors.kana'));\nexport const f = (m: string) => ({ message: m, other: null });\n";
    expect(await lint('shared/ledgers/probe.ts', code)).toEqual([]);
  });
});
