import type { LucideIcon } from 'lucide-react';
import { allows } from '../../../../shared/api/access';
import { readers, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import type { LedgerScreens, NavGroup } from '../registry';
import { KitHistoryPage } from './KitHistoryPage';
import { KitLedgerPage, type KitExtras } from './KitLedgerPage';
import { mayCall } from './kit-api';

/** A kit ledger's screens from its definition: its list (with the record and void dialogs) and a record's history. */
export function kitScreens(def: LedgerDefinition, opts: { path: string; icon: LucideIcon; group?: NavGroup; extras?: KitExtras }): LedgerScreens {
  const path = opts.path;
  // Its readers, and those who keep only their own records (they see their own).
  const mayRead = (session: Parameters<typeof allows>[1]) => allows(readers(def), session);
  return {
    key: def.key,
    definition: def,
    pages: [
      {
        path,
        Component: () => <KitLedgerPage def={def} path={path} extras={opts.extras} />,
        allowed: mayRead,
        // The navigation's label is the ledger's title (its catalog's `<i18n>.title`).
        nav: { group: opts.group ?? 'ledgers', runtimeKey: `${def.i18n}.title`, icon: opts.icon },
      },
      // Its history, for whoever may read it (a register's may be fewer than its readers).
      { path: `${path}/:id/history`, Component: () => <KitHistoryPage def={def} path={path} values={opts.extras?.values} />, allowed: (session) => mayCall(def, 'history', session) },
    ],
  };
}

