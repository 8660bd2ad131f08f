import type { LedgerDefinition } from './kit';
import { cabinetLogDefinition, cabinetsDefinition } from './cabinets';
import { assetsDefinition, checkoutsDefinition } from './assets';

/** Every ledger on the kit, as defined in shared/ (a ref field names another by its table). */
export const KIT_DEFINITIONS: readonly LedgerDefinition[] = [cabinetsDefinition, cabinetLogDefinition, assetsDefinition, checkoutsDefinition];

/** The kit ledger whose table this is, if any. */
export function definitionOfTable(table: string): LedgerDefinition | undefined {
  return KIT_DEFINITIONS.find((d) => d.table === table);
}
