import { contract as appContract } from '../../../shared/api/contract';
import type { MethodDef } from '../../../shared/api/kit';
import type { Handlers } from '../context';
import { handlers as appHandlers } from '../handlers';
import { MIGRATIONS, type Migration } from '../store/migrations';
import type { LedgerModule } from './kit/record-book';
import { peopleModule } from './people';
import { serverRoomModule } from './server-room';
import { cabinetLogModule, cabinetsModule } from './cabinets';
import { assetsModule, checkoutsModule } from './assets';
import { accessLogModule, systemsModule } from './access-log';
import { lastExitModule } from './last-exit';
import { guestCardsModule, visitorsModule } from './visitors';
import { reviewSources, type ReviewSource } from '../review/sources';
import { reviewModule } from '../review/review';
import { LEDGER_DEFINITIONS } from '../../../shared/ledgers';
import { printHandlers } from '../print/printing';
import type { Store } from '../store/store';
import type { Settings } from '../settings';

// The one registry of the core's ledgers (issue 8): a ledger adds one line here, beside its
// definition's line in shared/ledgers/index.ts.
export const LEDGERS: readonly LedgerModule[] = [
  peopleModule, // SPEC §4.1 the people register
  serverRoomModule, // SPEC §4.1 サーバルーム入退記録簿, with the door terminal
  cabinetsModule, // SPEC §4.2 the cabinets register
  cabinetLogModule, // SPEC §4.2 キャビネット開施錠記録簿
  assetsModule, // SPEC §4.3 the assets register
  checkoutsModule, // SPEC §4.3 ノートPC・可搬媒体持ち出し記録
  systemsModule, // SPEC §4.6 the systems register
  accessLogModule, // SPEC §4.6 アクセスログ確認記録
  lastExitModule, // SPEC §4.4 最終退出点検表, and each site's business-day calendar
  guestCardsModule, // SPEC §4.5 the guest-card register
  visitorsModule, // SPEC §4.5 入退受付票
];

/** What the dispatcher and the store serve: the app's contract, handlers and migrations, with those of the ledgers. */
export interface Assembled {
  contract: Readonly<Record<string, MethodDef>>;
  handlers: Handlers;
  migrations: readonly Migration[];
  /** The kit ledgers registered (the app's and a test's own). */
  modules: readonly LedgerModule[];
  /** The ledgers the monthly review covers (the server-room book and every kit ledger dated by month and site). */
  reviewSources: readonly ReviewSource[];
  /** What the app watches in the store once it is open (changes to sealed months, anomalies taken away). */
  watch(store: Store, settings: Settings): void;
  /** The reader worker (jobs/reader.ts) has these handlers: the app's own ledgers only (a test's own are answered on the main thread). */
  inReader: boolean;
  /** The register columns whose "code taken" checks ask the index of kit/code-index.ts, read into it after the open. */
  codeColumns: readonly { table: string; column: string }[];
}

/**
 * The columns the registers' "one code, one thing" checks ask (kit/code-index.ts rowsToJudge): the
 * people register's employee numbers, the assets' tags and serial numbers, the cabinets' and the
 * log systems' codes and names, the guest cards' numbers. A column not named here is read into the
 * index at its first check instead.
 */
const CODE_COLUMNS = [
  { table: 'people', column: 'employee_no' },
  { table: 'assets', column: 'asset_tag' },
  { table: 'assets', column: 'serial' },
  { table: 'cabinets', column: 'code' },
  { table: 'cabinets', column: 'name' },
  { table: 'log_systems', column: 'code' },
  { table: 'log_systems', column: 'name' },
  { table: 'guest_cards', column: 'number' },
] as const;

/** The app with its ledgers (and any given here: a test registers its own ledger this way). */
export function assemble(extra: readonly LedgerModule[] = []): Assembled {
  const modules = [...LEDGERS, ...extra];
  const contract: Record<string, MethodDef> = { ...appContract };
  const handlers: Record<string, unknown> = { ...appHandlers };
  const migrations: Migration[] = [...MIGRATIONS];
  for (const m of modules) {
    for (const name of Object.keys(m.contract)) {
      // A ledger whose part is spread into shared/api/contract.ts (for the typed client) brings the same objects.
      if (name in contract && contract[name] !== m.contract[name]) throw new Error(`ledger ${m.definition.key}: method ${name} is already defined`);
      if (typeof m.handlers[name] !== 'function') throw new Error(`ledger ${m.definition.key}: method ${name} has no handler`);
      contract[name] = m.contract[name];
      handlers[name] = m.handlers[name];
    }
    for (const mig of m.migrations) {
      if (migrations.some((x) => x.version === mig.version)) throw new Error(`ledger ${m.definition.key}: migration ${mig.version} is already taken`);
      migrations.push(mig);
    }
  }
  // The monthly review covers every ledger registered here (and a test's own).
  const sources = reviewSources(modules);
  // What runs without the modules (verify's workers: the review's units, the personal fields) reads
  // the definitions of shared/ledgers/index.ts: each app ledger's must be the one registered there
  // (review/units.ts UNIT_RULES then has its unit).
  for (const m of LEDGERS) {
    if (!LEDGER_DEFINITIONS.includes(m.definition)) throw new Error(`ledger ${m.definition.key}: its definition is not in shared/ledgers/index.ts LEDGER_PARTS`);
  }
  // The reader worker (jobs/reader.ts) assembles the app's own ledgers: a test's own are answered here.
  const inReader = extra.length === 0;
  const review = reviewModule(sources);
  Object.assign(handlers, review.handlers, printHandlers(sources, modules, { inReader }));
  // Every method of the contract is served: a kit ledger spread into shared/api/contract.ts whose module is not registered here is found at start.
  for (const name of Object.keys(contract)) if (typeof handlers[name] !== 'function') throw new Error(`method ${name} has no handler: is its ledger in LEDGERS?`);
  migrations.sort((a, b) => a.version - b.version);
  return { contract, handlers: handlers as Handlers, migrations, modules, reviewSources: sources, watch: review.watch, inReader, codeColumns: CODE_COLUMNS };
}
