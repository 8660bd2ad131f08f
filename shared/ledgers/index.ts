import type { MethodDef } from '../api/kit';
import type { LedgerDefinition } from './kit';
import { peopleContract, peopleDefinition } from './people';
import { serverRoomContract, serverRoomDefinition } from './serverRoom';
import { cabinetLogContract, cabinetLogDefinition, cabinetsContract, cabinetsDefinition } from './cabinets';
import { assetsContract, assetsDefinition, checkoutsContract, checkoutsDefinition } from './assets';
import { accessLogContract, accessLogDefinition, systemsContract, systemsDefinition } from './accessLog';
import { lastExitContract, lastExitDefinition } from './lastExit';
import { guestCardsContract, guestCardsDefinition, visitorsContract, visitorsDefinition } from './visitors';

// The ledgers' shared registry (issue 8): each ledger's definition with its part of the API
// contract, one line per ledger. From it come the typed client's methods (shared/api/contract.ts),
// and what runs without the core's modules — verify's workers, the journal form — reads the
// definitions here: the monthly review's units (review/units.ts), the personal fields
// (journal/journal-form.ts), the ledgers whose personal data is erased after the retention period
// (shared/api/retention-contract.ts). The core's modules (electron/core/ledgers/registry.ts) must
// bring the same definitions; it checks that at start.
export const LEDGER_PARTS = [
  { definition: peopleDefinition, contract: peopleContract }, // SPEC §4.1 the people register
  { definition: serverRoomDefinition, contract: serverRoomContract }, // SPEC §4.1 サーバルーム入退記録簿
  { definition: cabinetsDefinition, contract: cabinetsContract }, // SPEC §4.2 the cabinets register
  { definition: cabinetLogDefinition, contract: cabinetLogContract }, // SPEC §4.2 キャビネット開施錠記録簿
  { definition: assetsDefinition, contract: assetsContract }, // SPEC §4.3 the assets register
  { definition: checkoutsDefinition, contract: checkoutsContract }, // SPEC §4.3 ノートPC・可搬媒体持ち出し記録
  { definition: systemsDefinition, contract: systemsContract }, // SPEC §4.6 the systems register
  { definition: accessLogDefinition, contract: accessLogContract }, // SPEC §4.6 アクセスログ確認記録
  { definition: lastExitDefinition, contract: lastExitContract }, // SPEC §4.4 最終退出点検表
  { definition: guestCardsDefinition, contract: guestCardsContract }, // SPEC §4.5 the guest-card register
  { definition: visitorsDefinition, contract: visitorsContract }, // SPEC §4.5 入退受付票
] as const satisfies readonly { definition: LedgerDefinition; contract: Record<string, MethodDef> }[];

type Part = (typeof LEDGER_PARTS)[number];

/** Every part's methods in one type: the intersection of the contract parts. */
type Merged<T extends readonly Part[]> = T extends readonly [infer H extends Part, ...infer R extends readonly Part[]] ? H['contract'] & Merged<R> : unknown;

/** The methods of every ledger registered here. */
export const ledgersContract = Object.assign({}, ...LEDGER_PARTS.map((p) => p.contract)) as Merged<typeof LEDGER_PARTS>;

/** Every ledger's definition, as plain data. */
export const LEDGER_DEFINITIONS: readonly LedgerDefinition[] = LEDGER_PARTS.map((p) => p.definition as LedgerDefinition);

/**
 * The register columns holding codes the company gives — the text fields marked `code` (asset tags, cabinet,
 * system and guest-card codes, employee numbers) — read with letters drawn as digits as the digits
 * (shared/search.ts asDigits) by the "one code, one thing" checks.
 */
const CODE_COLUMNS = new Set(LEDGER_DEFINITIONS.flatMap((d) => d.fields.filter((f) => f.type.kind === 'text' && f.type.code).map((f) => `${d.table}.${f.column}`)));
export function readsDigits(table: string, column: string): boolean {
  return CODE_COLUMNS.has(`${table}.${column}`);
}

/** The catalog key of a ledger's or register's field by its table and column, or undefined (a bookkeeping column, another table). */
export function fieldLabelKey(table: string, column: string): string | undefined {
  return LEDGER_DEFINITIONS.find((d) => d.table === table)?.fields.find((f) => f.column === column)?.label;
}

/** The ledgers with personal data (SPEC §8), by key. */
export type PersonalLedger = Extract<Part['definition'], { personal: readonly string[] }>['key'];
