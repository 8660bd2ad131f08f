import type { LucideIcon } from 'lucide-react';
import { allows } from '../../../../shared/api/access';
import type { LedgerDefinition } from '../../../../shared/ledgers/kit';
import type { LedgerScreens, NavGroup } from '../registry';
import { KitHistoryPage } from './KitHistoryPage';
import { KitLedgerPage } from './KitLedgerPage';

/** A kit ledger's screens from its definition: its list (with the record and void dialogs) and a record's history. */
export function kitScreens(def: LedgerDefinition, opts: { path: string; icon: LucideIcon; group?: NavGroup }): LedgerScreens {
  const path = opts.path;
  const mayRead = (session: Parameters<typeof allows>[1]) => allows(def.access.read, session);
  return {
    key: def.key,
    pages: [
      {
        path,
        Component: () => <KitLedgerPage def={def} path={path} />,
        allowed: mayRead,
        // The navigation's label is the ledger's title (its catalog's `<i18n>.title`).
        nav: { group: opts.group ?? 'ledgers', runtimeKey: `${def.i18n}.title`, icon: opts.icon },
      },
      { path: `${path}/:id/history`, Component: () => <KitHistoryPage def={def} path={path} />, allowed: mayRead },
    ],
  };
}

