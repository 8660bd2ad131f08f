import { coreContract } from './core-contract';
import { peopleContract } from '../ledgers/people';
import { serverRoomContract } from '../ledgers/serverRoom';
import { retentionContract } from './retention-contract';
import type { InputOf, MethodDef, OutputOf } from './kit';

/** The one API contract (DESIGN rule 1). A ledger adds its methods with one spread line here. */
export const contract = {
  ...coreContract,
  ...peopleContract,
  ...serverRoomContract,
  ...retentionContract,
} as const satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Input<M extends MethodName> = InputOf<Contract[M]>;
export type Output<M extends MethodName> = OutputOf<Contract[M]>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
