import { contract as appContract } from '../../../shared/api/contract';
import type { MethodDef } from '../../../shared/api/kit';
import type { Handlers } from '../context';
import { handlers as appHandlers } from '../handlers';
import { MIGRATIONS, type Migration } from '../store/migrations';
import type { LedgerModule } from './kit/record-book';

// The one registry of ledgers built on the kit (issue 8): a ledger adds one line here. The people
// register and the server-room book predate the kit and are still wired by hand (contract.ts,
// handlers.ts, migrations.ts) until they move onto it.
export const LEDGERS: readonly LedgerModule[] = [];

/** What the dispatcher and the store serve: the app's contract, handlers and migrations, with those of the ledgers. */
export interface Assembled {
  contract: Readonly<Record<string, MethodDef>>;
  handlers: Handlers;
  migrations: readonly Migration[];
}

/** The app with its ledgers (and any given here: a test registers its own ledger this way). */
export function assemble(extra: readonly LedgerModule[] = []): Assembled {
  const modules = [...LEDGERS, ...extra];
  const contract: Record<string, MethodDef> = { ...appContract };
  const handlers: Record<string, unknown> = { ...appHandlers };
  const migrations: Migration[] = [...MIGRATIONS];
  for (const m of modules) {
    for (const name of Object.keys(m.contract)) {
      if (name in contract) throw new Error(`ledger ${m.definition.key}: method ${name} is already defined`);
      if (typeof m.handlers[name] !== 'function') throw new Error(`ledger ${m.definition.key}: method ${name} has no handler`);
      contract[name] = m.contract[name];
      handlers[name] = m.handlers[name];
    }
    for (const mig of m.migrations) {
      if (migrations.some((x) => x.version === mig.version)) throw new Error(`ledger ${m.definition.key}: migration ${mig.version} is already taken`);
      migrations.push(mig);
    }
  }
  migrations.sort((a, b) => a.version - b.version);
  return { contract, handlers: handlers as Handlers, migrations };
}
