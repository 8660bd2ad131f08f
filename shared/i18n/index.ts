import type { LeafKeys, Strings } from './catalog-types';
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
import { outside as jaOutside } from './ja/outside';
import { outside as enOutside } from './en/outside';
import { jobs as jaJobs } from './ja/jobs';
import { jobs as enJobs } from './en/jobs';
import { ledgerKit as jaLedgerKit } from './ja/ledgerKit';
import { ledgerKit as enLedgerKit } from './en/ledgerKit';
import { cabinets as jaCabinets } from './ja/cabinets';
import { cabinets as enCabinets } from './en/cabinets';
import { assets as jaAssets } from './ja/assets';
import { assets as enAssets } from './en/assets';
import { accessLog as jaAccessLog } from './ja/accessLog';
import { accessLog as enAccessLog } from './en/accessLog';
import { lastExit as jaLastExit } from './ja/lastExit';
import { lastExit as enLastExit } from './en/lastExit';
import { visitors as jaVisitors } from './ja/visitors';
import { visitors as enVisitors } from './en/visitors';
import { review as jaReview } from './ja/review';
import { review as enReview } from './en/review';
import { print as jaPrint } from './ja/print';
import { print as enPrint } from './en/print';
import { lan as jaLan } from './ja/lan';
import { lan as enLan } from './en/lan';

// One catalog per language; each feature keeps its own file and adds one entry to each language
// here. Japanese is the source of truth: its keys are the type `MessageKey`, and every other
// language is a `Catalog` — the same shape with string leaves — so a missing or an extra key in
// English is a type error (en/<feature>.ts and the literal below), not only a failed test.
// Keys are "<feature>.<key>", e.g. "people.errors.kana"; the core returns such keys.
const ja = {
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
  outside: jaOutside,
  jobs: jaJobs,
  ledgerKit: jaLedgerKit,
  cabinets: jaCabinets,
  assets: jaAssets,
  accessLog: jaAccessLog,
  lastExit: jaLastExit,
  visitors: jaVisitors,
  review: jaReview,
  print: jaPrint,
  lan: jaLan,
};

/** What the Japanese catalog is: the features, their keys and messages. */
export type JapaneseCatalog = typeof ja;
/** What every language's catalog must be: Japanese's shape, each message a string. */
export type Catalog = Strings<JapaneseCatalog>;
/** Every message key: "<feature>.<key>", the dotted path of a message in the Japanese catalog. */
export type MessageKey = LeafKeys<JapaneseCatalog>;

const en: Catalog = {
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
  outside: enOutside,
  jobs: enJobs,
  ledgerKit: enLedgerKit,
  cabinets: enCabinets,
  assets: enAssets,
  accessLog: enAccessLog,
  lastExit: enLastExit,
  visitors: enVisitors,
  review: enReview,
  print: enPrint,
  lan: enLan,
};

export type Language = 'ja' | 'en';
export const catalogs = { ja, en } satisfies Record<Language, Catalog>;
export const LANGUAGES: Language[] = ['ja', 'en'];
export const DEFAULT_LANGUAGE: Language = 'ja';

/**
 * The message at a dotted path of a catalog, or undefined when there is none: for strings that
 * come from data at run time (see `isMessageKey`) and for tests. Code says `translate`.
 */
export function lookup(lang: Language, key: string): string | undefined {
  let node: unknown = catalogs[lang];
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * Is this string, which came from data at run time (an error sent over the API, a journal action,
 * a form library's message), a key of the catalogs? The one way from `string` to `MessageKey`.
 */
export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && lookup('ja', key) !== undefined;
}

/** The key itself when it is one, else the fallback (a generic message): never a raw key on screen. */
export function messageKeyOr(key: unknown, fallback: MessageKey): MessageKey {
  return isMessageKey(key) ? key : fallback;
}

/**
 * A length of time in minutes as a reader says it, in the largest units that read well, with no zero part: 45分, 4時間,
 * 2時間30分, 26時間, 98日22時間5分 (45 min, 4 h, 2 h 30 min, 26 h, 98 d 22 h 5 min) — a clock set back by months is not 「142,467分」.
 */
export function durationText(lang: Language, minutes: number): string {
  // Days from two on: a day's limit is 「24時間」, a stay past midnight 「26時間」.
  const days = minutes >= 2 * 1440 ? Math.floor(minutes / 1440) : 0;
  const [hours, rest] = [Math.floor((minutes - days * 1440) / 60), minutes % 60];
  const parts = [
    days > 0 ? translate(lang, 'common.duration.days', { days }) : null,
    hours > 0 ? translate(lang, 'common.duration.hours', { hours }) : null,
    rest > 0 || minutes < 60 ? translate(lang, 'common.duration.minutes', { minutes: rest }) : null,
  ].filter((p): p is string => p !== null);
  return parts.reduce((a, b) => translate(lang, 'common.duration.join', { a, b }));
}

/**
 * The formats a message may ask of a parameter, as `{{max, duration}}`: one meaning on screen (i18next's
 * formatter of the same name, renderer/src/i18n) and on paper and the command line (translate) — a
 * cabinet's limit said 「4時間」 as the server-room book says it, not 「240分」.
 */
export const FORMATS: Record<string, (value: unknown, lang: Language) => string> = {
  duration: (value, lang) => (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)) ? durationText(lang, Number(value)) : String(value)),
};

/** The same formats for an i18next instance (its `services.formatter`): the renderer's, and a test's. */
export function addFormats(formatter: { add(name: string, fn: (value: unknown, lng: string | undefined) => string): void } | undefined): void {
  for (const [name, format] of Object.entries(FORMATS)) formatter?.add(name, (value, lng) => format(value, (LANGUAGES as readonly string[]).includes(lng ?? '') ? (lng as Language) : DEFAULT_LANGUAGE));
}

/**
 * A message with its {{placeholders}} filled in (the command line's messages; the renderer uses
 * i18next). A parameter that is itself a message key (a state, 'assets.values.state.lost') is
 * filled in with its text; one with a format (`{{max, duration}}`) in that format (FORMATS).
 */
export function translate(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  // A count says one apart where the language does (English `_one`: "1 item", not "1 items"), as
  // i18next does on screen; a language with one form (Japanese) has no `one` category.
  const one = typeof params.count === 'number' && new Intl.PluralRules(lang).select(params.count) === 'one' ? lookup(lang, `${key}_one`) : undefined;
  return (one ?? lookup(lang, key) ?? key).replace(/\{\{(\w+)(?:,\s*(\w+))?\}\}/g, (m, name: string, format?: string) => {
    const v = params[name];
    if (v === undefined) return m;
    if (format && Object.hasOwn(FORMATS, format)) return FORMATS[format](v, lang);
    return typeof v === 'string' && isMessageKey(v) ? (lookup(lang, v) ?? v) : String(v);
  });
}
