import { coreContract } from './core-contract';
import { retentionContract } from './retention-contract';
import { outsideContract } from './outside-contract';
import { reviewContract } from './review-contract';
import { printContract } from './print-contract';
import { lanContract } from './lan-contract';
import type { InputOf, MethodDef, OutputOf } from './kit';
import { ledgersContract } from '../ledgers';

/**
 * The methods of the ledgers, as shared/ledgers/ declares them (one line per ledger in
 * shared/ledgers/index.ts): their handlers come from their modules in the core's ledger registry
 * (electron/core/ledgers/registry.ts), which checks at start that each has one.
 */
export const kitContract = ledgersContract;
export type KitMethodName = keyof typeof kitContract;

/** The one API contract (DESIGN rule 1). */
export const contract = {
  ...coreContract,
  ...retentionContract,
  ...outsideContract,
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
