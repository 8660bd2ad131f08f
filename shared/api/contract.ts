import { coreContract } from './core-contract';
import { peopleContract } from '../ledgers/people';
import { serverRoomContract } from '../ledgers/serverRoom';
import { retentionContract } from './retention-contract';
import { reviewContract } from './review-contract';
import { printContract } from './print-contract';
import { lanContract } from './lan-contract';
import { cabinetLogContract, cabinetsContract } from '../ledgers/cabinets';
import { assetsContract, checkoutsContract } from '../ledgers/assets';
import { accessLogContract, systemsContract } from '../ledgers/accessLog';
import { lastExitContract } from '../ledgers/lastExit';
import { guestCardsContract, visitorsContract } from '../ledgers/visitors';
import type { InputOf, MethodDef, OutputOf } from './kit';

/**
 * The methods of ledgers on the kit, as shared/ledgers/ declares them: their handlers come from their
 * modules in the core's ledger registry (electron/core/ledgers/registry.ts), which checks at start
 * that each has one. A kit ledger adds its part with one spread line here (for the typed client).
 */
export const kitContract = {
  ...cabinetsContract,
  ...cabinetLogContract,
  ...assetsContract,
  ...checkoutsContract,
  ...systemsContract,
  ...accessLogContract,
  ...lastExitContract,
  ...guestCardsContract,
  ...visitorsContract,
} as const satisfies Record<string, MethodDef>;
export type KitMethodName = keyof typeof kitContract;

/** The one API contract (DESIGN rule 1). */
export const contract = {
  ...coreContract,
  ...peopleContract,
  ...serverRoomContract,
  ...retentionContract,
  ...reviewContract,
  ...printContract,
  ...lanContract,
  ...kitContract,
} as const satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Input<M extends MethodName> = InputOf<Contract[M]>;
export type Output<M extends MethodName> = OutputOf<Contract[M]>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
