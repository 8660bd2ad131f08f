import { errors as jaErrors } from './ja/errors';
import { errors as enErrors } from './en/errors';
import { common as jaCommon } from './ja/common';
import { common as enCommon } from './en/common';
import { shell as jaShell } from './ja/shell';
import { shell as enShell } from './en/shell';
import { auth as jaAuth } from './ja/auth';
import { auth as enAuth } from './en/auth';
import { setup as jaSetup } from './ja/setup';
import { setup as enSetup } from './en/setup';
import { accounts as jaAccounts } from './ja/accounts';
import { accounts as enAccounts } from './en/accounts';
import { settings as jaSettings } from './ja/settings';
import { settings as enSettings } from './en/settings';
import { history as jaHistory } from './ja/history';
import { history as enHistory } from './en/history';
import { people as jaPeople } from './ja/people';
import { people as enPeople } from './en/people';
import { serverRoom as jaServerRoom } from './ja/serverRoom';
import { serverRoom as enServerRoom } from './en/serverRoom';
import { terminal as jaTerminal } from './ja/terminal';
import { terminal as enTerminal } from './en/terminal';
import { stations as jaStations } from './ja/stations';
import { stations as enStations } from './en/stations';
import { retention as jaRetention } from './ja/retention';
import { retention as enRetention } from './en/retention';
import { jobs as jaJobs } from './ja/jobs';
import { jobs as enJobs } from './en/jobs';

// One catalog per language; each feature keeps its own file (ja, and en typed `typeof ja` so a
// missing key is a type error) and adds one entry to each language here.
// Keys are "<feature>.<key>", e.g. "people.errors.kana"; the core returns such keys.
export const catalogs = {
  ja: {
    errors: jaErrors,
    common: jaCommon,
    shell: jaShell,
    auth: jaAuth,
    setup: jaSetup,
    accounts: jaAccounts,
    settings: jaSettings,
    history: jaHistory,
    people: jaPeople,
    serverRoom: jaServerRoom,
    terminal: jaTerminal,
    stations: jaStations,
    retention: jaRetention,
    jobs: jaJobs,
  },
  en: {
    errors: enErrors,
    common: enCommon,
    shell: enShell,
    auth: enAuth,
    setup: enSetup,
    accounts: enAccounts,
    settings: enSettings,
    history: enHistory,
    people: enPeople,
    serverRoom: enServerRoom,
    terminal: enTerminal,
    stations: enStations,
    retention: enRetention,
    jobs: enJobs,
  },
} satisfies Record<string, Record<string, object>>;

export type Language = keyof typeof catalogs;
export const LANGUAGES: Language[] = ['ja', 'en'];
export const DEFAULT_LANGUAGE: Language = 'ja';

// English carries every feature and key Japanese has: anything missing is a type error here.
const _englishIsComplete: (typeof catalogs)['ja'] = catalogs.en;
void _englishIsComplete;

/** Look up a dotted key ("people.errors.kana") in a catalog; undefined when it is missing. */
export function lookup(lang: Language, key: string): string | undefined {
  let node: unknown = catalogs[lang];
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** A message with its {{placeholders}} filled in (the command line's messages; the renderer uses i18next). */
export function translate(lang: Language, key: string, params: Record<string, string | number> = {}): string | undefined {
  return lookup(lang, key)?.replace(/\{\{(\w+)\}\}/g, (m, name: string) => (params[name] !== undefined ? String(params[name]) : m));
}
